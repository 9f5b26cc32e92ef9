package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/luva-fi/luva/internal/errs"
)

// The states of a version of a service's texts.
const (
	VersionDraft      = "draft"
	VersionInReview   = "in_review"
	VersionPublished  = "published"
	VersionSuperseded = "superseded"
	VersionDiscarded  = "discarded"
)

// Version is one version of a service's texts.
type Version struct {
	ServiceID   string     `json:"service_id"`
	Version     int        `json:"version"`
	State       string     `json:"state"`
	Texts       Texts      `json:"texts"`
	AuthorID    string     `json:"author_id"`
	AuthorName  string     `json:"author_name"`
	Note        string     `json:"note,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	PublishedBy string     `json:"published_by,omitempty"`
}

const versionColumns = `service_id, version, state, texts, author_id, author_name, note, created_at, published_at, published_by`

func scanVersion(row scanner) (Version, error) {
	var v Version
	var texts string
	var published sql.NullTime
	if err := row.Scan(&v.ServiceID, &v.Version, &v.State, &texts, &v.AuthorID, &v.AuthorName, &v.Note, &v.CreatedAt, &published, &v.PublishedBy); err != nil {
		return Version{}, err
	}
	if published.Valid {
		v.PublishedAt = &published.Time
	}
	if err := json.Unmarshal([]byte(texts), &v.Texts); err != nil {
		return Version{}, fmt.Errorf("texts of %s v%d: %w", v.ServiceID, v.Version, err)
	}
	return v, nil
}

// InsertVersion adds version v in tx.
func InsertVersion(ctx context.Context, tx *sql.Tx, v Version) error {
	texts, err := encodeJSON(v.Texts)
	if err != nil {
		return fmt.Errorf("encode texts: %w", err)
	}
	var published any
	if v.PublishedAt != nil {
		published = v.PublishedAt.UTC()
	}
	const q = `INSERT INTO service_versions (service_id, version, state, texts, author_id, author_name, note, created_at, published_at, published_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`
	if _, err := tx.ExecContext(ctx, q, v.ServiceID, v.Version, v.State, texts, v.AuthorID, v.AuthorName, v.Note, v.CreatedAt.UTC(), published, v.PublishedBy); err != nil {
		return fmt.Errorf("insert version %d of %s: %w", v.Version, v.ServiceID, err)
	}
	return nil
}

// Versions lists a service's versions, newest first.
func (st *Store) Versions(ctx context.Context, serviceID string) ([]Version, error) {
	rows, err := st.db.Read.QueryContext(ctx, `SELECT `+versionColumns+` FROM service_versions WHERE service_id = $1 ORDER BY version DESC`, serviceID)
	if err != nil {
		return nil, fmt.Errorf("versions of %s: %w", serviceID, err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, fmt.Errorf("scan version: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Version returns one version of a service's texts.
func (st *Store) Version(ctx context.Context, serviceID string, version int) (Version, error) {
	v, err := scanVersion(st.db.Read.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM service_versions WHERE service_id = $1 AND version = $2`, serviceID, version))
	if errors.Is(err, sql.ErrNoRows) {
		return Version{}, errs.E(errs.NotFound, "no such version")
	}
	if err != nil {
		return Version{}, fmt.Errorf("version %d of %s: %w", version, serviceID, err)
	}
	return v, nil
}

// Definition returns a service in any state with the texts of its newest
// version, for editors.
func (st *Store) Definition(ctx context.Context, id string) (Service, error) {
	q := `SELECT ` + serviceColumns + ` FROM services s JOIN service_versions v ON v.service_id = s.id AND v.version =
(SELECT max(version) FROM service_versions WHERE service_id = s.id AND state <> 'discarded') WHERE s.id = $1`
	s, err := scanService(st.db.Read.QueryRowContext(ctx, q, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Service{}, errs.E(errs.NotFound, "no such service")
	}
	if err != nil {
		return Service{}, fmt.Errorf("service definition %s: %w", id, err)
	}
	out := []Service{s}
	if err := st.attachBundles(ctx, out); err != nil {
		return Service{}, err
	}
	return out[0], nil
}

// OwnedBy lists the services whose content the organisations edit, with the
// texts of their newest version.
func (st *Store) OwnedBy(ctx context.Context, orgs []string) ([]Service, error) {
	var out []Service
	for _, org := range orgs {
		rows, err := st.db.Read.QueryContext(ctx, `SELECT id FROM services WHERE owner_org = $1 ORDER BY id`, org)
		if err != nil {
			return nil, fmt.Errorf("services of %s: %w", org, err)
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("scan service id: %w", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			s, err := st.Definition(ctx, id)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
	}
	return out, nil
}
