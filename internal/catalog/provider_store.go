package catalog

import (
	"context"
	"fmt"
)

// Providers lists every authority with the municipalities it serves.
func (st *Store) Providers(ctx context.Context) ([]Provider, error) {
	rows, err := st.db.Read.QueryContext(ctx, `SELECT id, name, name_sv, authority_type, code FROM organisations WHERE kind = 'authority' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list providers: %w", err)
	}
	defer rows.Close()
	var out []Provider
	index := map[string]int{}
	for rows.Next() {
		var p Provider
		if err := rows.Scan(&p.ID, &p.Name, &p.NameSV, &p.AuthorityType, &p.Code); err != nil {
			return nil, fmt.Errorf("scan provider: %w", err)
		}
		index[p.ID] = len(out)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	areas, err := st.db.Read.QueryContext(ctx, `SELECT organisation_id, municipality_code FROM authority_areas ORDER BY municipality_code`)
	if err != nil {
		return nil, fmt.Errorf("list provider areas: %w", err)
	}
	defer areas.Close()
	for areas.Next() {
		var org, m string
		if err := areas.Scan(&org, &m); err != nil {
			return nil, fmt.Errorf("scan provider area: %w", err)
		}
		if i, ok := index[org]; ok {
			out[i].Municipalities = append(out[i].Municipalities, m)
		}
	}
	return out, areas.Err()
}

// PublishedWithProviders returns the published services and the authorities
// that handle them: what every listing and summary starts from.
func (st *Store) PublishedWithProviders(ctx context.Context) ([]Service, []Provider, error) {
	services, err := st.Published(ctx)
	if err != nil {
		return nil, nil, err
	}
	providers, err := st.Providers(ctx)
	if err != nil {
		return nil, nil, err
	}
	return services, providers, nil
}
