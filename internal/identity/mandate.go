package identity

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/errs"
)

// Mandate is a person's right to act for a company or association.
type Mandate struct {
	ID             string         `json:"id"`
	PersonID       string         `json:"person_id"`
	OrganisationID string         `json:"organisation_id"`
	Rights         []access.Right `json:"rights"`
	GrantedBy      string         `json:"granted_by,omitempty"`
	ValidUntil     *time.Time     `json:"valid_until,omitempty"`
	CreatedAt      time.Time      `json:"created_at"`
}

// Active reports whether the mandate is in force at now.
func (m Mandate) Active(now time.Time) bool {
	return len(m.Rights) > 0 && (m.ValidUntil == nil || now.Before(*m.ValidUntil))
}

func encodeRights(rs []access.Right) (string, error) {
	var out []string
	for _, r := range access.Rights() {
		if slices.Contains(rs, r) {
			out = append(out, string(r))
		}
	}
	for _, r := range rs {
		if !slices.Contains(access.Rights(), r) {
			return "", errs.E(errs.Invalid, "unknown mandate right "+string(r))
		}
	}
	if len(out) == 0 {
		return "", errs.E(errs.Invalid, "a mandate needs at least one right")
	}
	return strings.Join(out, ","), nil
}

func decodeRights(s string) []access.Right {
	var out []access.Right
	for _, r := range strings.Split(s, ",") {
		if r != "" {
			out = append(out, access.Right(r))
		}
	}
	return out
}

// PutMandate gives the person the rights for the organisation in tx, replacing
// the rights of an earlier mandate.
func PutMandate(ctx context.Context, tx *sql.Tx, now time.Time, m Mandate) (Mandate, error) {
	rights, err := encodeRights(m.Rights)
	if err != nil {
		return Mandate{}, err
	}
	if m.ID == "" {
		m.ID = NewID()
	}
	m.CreatedAt = now.UTC()
	const q = `INSERT INTO mandates (id, person_id, organisation_id, rights, granted_by, valid_until, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (person_id, organisation_id) DO UPDATE SET rights = excluded.rights, granted_by = excluded.granted_by,
valid_until = excluded.valid_until
RETURNING id, created_at`
	var until any
	if m.ValidUntil != nil {
		until = m.ValidUntil.UTC()
	}
	if err := tx.QueryRowContext(ctx, q, m.ID, m.PersonID, m.OrganisationID, rights, m.GrantedBy, until, m.CreatedAt).Scan(&m.ID, &m.CreatedAt); err != nil {
		return Mandate{}, fmt.Errorf("put mandate: %w", err)
	}
	m.Rights = decodeRights(rights)
	return m, nil
}

// RevokeMandate ends a mandate of the organisation in tx and returns it.
func RevokeMandate(ctx context.Context, tx *sql.Tx, orgID, mandateID string) (Mandate, error) {
	m, err := scanMandate(tx.QueryRowContext(ctx, `DELETE FROM mandates WHERE id = $1 AND organisation_id = $2 RETURNING `+mandateColumns, mandateID, orgID))
	if err == sql.ErrNoRows {
		return Mandate{}, errs.E(errs.NotFound, "no such mandate")
	}
	if err != nil {
		return Mandate{}, fmt.Errorf("revoke mandate: %w", err)
	}
	return m, nil
}

const mandateColumns = `id, person_id, organisation_id, rights, granted_by, valid_until, created_at`

func scanMandate(row scanner) (Mandate, error) {
	var m Mandate
	var rights string
	var until sql.NullTime
	if err := row.Scan(&m.ID, &m.PersonID, &m.OrganisationID, &rights, &m.GrantedBy, &until, &m.CreatedAt); err != nil {
		return Mandate{}, err
	}
	m.Rights = decodeRights(rights)
	if until.Valid {
		m.ValidUntil = &until.Time
	}
	return m, nil
}

// MandatesOf lists the mandates a person holds.
func (s *Store) MandatesOf(ctx context.Context, personID string) ([]Mandate, error) {
	return s.mandates(ctx, `person_id = $1`, personID)
}

// MandatesFor lists the mandates to act for an organisation.
func (s *Store) MandatesFor(ctx context.Context, orgID string) ([]Mandate, error) {
	return s.mandates(ctx, `organisation_id = $1`, orgID)
}

// Mandate returns the person's mandate for the organisation.
func (s *Store) Mandate(ctx context.Context, personID, orgID string) (Mandate, error) {
	m, err := scanMandate(s.db.Read.QueryRowContext(ctx, `SELECT `+mandateColumns+` FROM mandates WHERE person_id = $1 AND organisation_id = $2`, personID, orgID))
	if err == sql.ErrNoRows {
		return Mandate{}, errs.E(errs.NotFound, "no mandate")
	}
	if err != nil {
		return Mandate{}, fmt.Errorf("mandate: %w", err)
	}
	return m, nil
}

func (s *Store) mandates(ctx context.Context, where, arg string) ([]Mandate, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+mandateColumns+` FROM mandates WHERE `+where+` ORDER BY created_at, id`, arg)
	if err != nil {
		return nil, fmt.Errorf("list mandates: %w", err)
	}
	defer rows.Close()
	var out []Mandate
	for rows.Next() {
		m, err := scanMandate(rows)
		if err != nil {
			return nil, fmt.Errorf("scan mandate: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
