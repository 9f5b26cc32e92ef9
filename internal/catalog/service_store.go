package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/luva-fi/luva/internal/errs"
)

const serviceColumns = `s.id, s.kind, s.authority_type, s.national_agency, s.owner_org, s.legal_basis, s.lead_days, s.lead_working_days,
s.statutory_days, s.target_days, s.fee_eur, s.handling, s.state, s.updated_at, v.version, v.texts`

// publishedJoin joins each service to its newest published version.
const publishedJoin = ` FROM services s JOIN service_versions v ON v.service_id = s.id AND v.version =
(SELECT max(version) FROM service_versions WHERE service_id = s.id AND state = 'published')`

func scanService(row scanner) (Service, error) {
	var s Service
	var legal, texts string
	var fee sql.NullInt64
	err := row.Scan(&s.ID, &s.Kind, &s.AuthorityType, &s.NationalAgency, &s.OwnerOrg, &legal, &s.LeadTime.Days, &s.LeadTime.WorkingDays,
		&s.StatutoryDays, &s.TargetDays, &fee, &s.Handling, &s.State, &s.UpdatedAt, &s.Version, &texts)
	if err != nil {
		return Service{}, err
	}
	if fee.Valid {
		f := int(fee.Int64)
		s.FeeEUR = &f
	}
	if err := json.Unmarshal([]byte(legal), &s.LegalBasis); err != nil {
		return Service{}, fmt.Errorf("legal basis of %s: %w", s.ID, err)
	}
	if err := json.Unmarshal([]byte(texts), &s.Texts); err != nil {
		return Service{}, fmt.Errorf("texts of %s: %w", s.ID, err)
	}
	return s, nil
}

type scanner interface{ Scan(...any) error }

// Published lists every published service with its published texts, by id.
func (st *Store) Published(ctx context.Context) ([]Service, error) {
	rows, err := st.db.Read.QueryContext(ctx, `SELECT `+serviceColumns+publishedJoin+` WHERE s.state = 'published' ORDER BY s.id`)
	if err != nil {
		return nil, fmt.Errorf("list services: %w", err)
	}
	defer rows.Close()
	var out []Service
	for rows.Next() {
		s, err := scanService(rows)
		if err != nil {
			return nil, fmt.Errorf("scan service: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, st.attachBundles(ctx, out)
}

// Service returns a published service with its published texts.
func (st *Store) Service(ctx context.Context, id string) (Service, error) {
	s, err := scanService(st.db.Read.QueryRowContext(ctx, `SELECT `+serviceColumns+publishedJoin+` WHERE s.id = $1 AND s.state = 'published'`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Service{}, errs.E(errs.NotFound, "no such service")
	}
	if err != nil {
		return Service{}, fmt.Errorf("service %s: %w", id, err)
	}
	out := []Service{s}
	if err := st.attachBundles(ctx, out); err != nil {
		return Service{}, err
	}
	return out[0], nil
}

func (st *Store) attachBundles(ctx context.Context, ss []Service) error {
	rows, err := st.db.Read.QueryContext(ctx, `SELECT sb.service_id, sb.bundle_code FROM service_bundles sb JOIN bundles b ON b.code = sb.bundle_code ORDER BY b.position`)
	if err != nil {
		return fmt.Errorf("service bundles: %w", err)
	}
	defer rows.Close()
	byID := map[string][]string{}
	for rows.Next() {
		var id, code string
		if err := rows.Scan(&id, &code); err != nil {
			return fmt.Errorf("scan service bundle: %w", err)
		}
		byID[id] = append(byID[id], code)
	}
	for i := range ss {
		ss[i].Bundles = byID[ss[i].ID]
	}
	return rows.Err()
}

// PutService creates or replaces a service's definition and bundles in tx. It
// leaves the versioned texts alone.
func PutService(ctx context.Context, tx *sql.Tx, now time.Time, s Service) error {
	if !slices.Contains(Kinds(), s.Kind) {
		return errs.E(errs.Invalid, "unknown service kind "+s.Kind)
	}
	legal, err := encodeJSON(s.LegalBasis)
	if err != nil {
		return fmt.Errorf("encode legal basis: %w", err)
	}
	if s.Handling == "" {
		s.Handling = "luva"
	}
	if s.State == "" {
		s.State = "draft"
	}
	var fee any
	if s.FeeEUR != nil {
		fee = *s.FeeEUR
	}
	const q = `INSERT INTO services (id, kind, authority_type, national_agency, owner_org, legal_basis, lead_days, lead_working_days,
statutory_days, target_days, fee_eur, handling, state, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, authority_type = excluded.authority_type, national_agency = excluded.national_agency,
owner_org = excluded.owner_org, legal_basis = excluded.legal_basis, lead_days = excluded.lead_days, lead_working_days = excluded.lead_working_days,
statutory_days = excluded.statutory_days, target_days = excluded.target_days, fee_eur = excluded.fee_eur, handling = excluded.handling,
state = excluded.state, updated_at = excluded.updated_at`
	if _, err := tx.ExecContext(ctx, q, s.ID, s.Kind, s.AuthorityType, s.NationalAgency, s.OwnerOrg, legal, s.LeadTime.Days, s.LeadTime.WorkingDays,
		s.StatutoryDays, s.TargetDays, fee, s.Handling, s.State, now.UTC()); err != nil {
		return fmt.Errorf("put service %s: %w", s.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM service_bundles WHERE service_id = $1`, s.ID); err != nil {
		return fmt.Errorf("clear bundles of %s: %w", s.ID, err)
	}
	for _, b := range s.Bundles {
		if _, err := tx.ExecContext(ctx, `INSERT INTO service_bundles (service_id, bundle_code) VALUES ($1, $2)`, s.ID, b); err != nil {
			return fmt.Errorf("bundle %s of %s: %w", b, s.ID, err)
		}
	}
	return nil
}
