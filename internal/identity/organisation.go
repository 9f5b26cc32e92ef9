package identity

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/idcode"
)

// The kinds of organisation.
const (
	KindCompany     = "company"
	KindAssociation = "association"
	KindAuthority   = "authority"
)

// AuthorityTypes lists the kinds of authority, in display order.
func AuthorityTypes() []string {
	return []string{"municipality", "rescue_department", "police_department", "wellbeing_county", "avi", "ely_centre", "national_agency"}
}

// Organisation is a company, an association or an authority.
type Organisation struct {
	ID            string `json:"id"`
	Kind          string `json:"kind"`
	BusinessID    string `json:"business_id,omitempty"`
	Name          string `json:"name"`
	NameSV        string `json:"name_sv,omitempty"`
	AuthorityType string `json:"authority_type,omitempty"`
	// Code names a national agency in the catalogue, e.g. "tukes".
	Code      string    `json:"code,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// Municipalities lists the codes a local authority serves; empty for
	// national agencies, which serve all.
	Municipalities []string `json:"municipalities,omitempty"`
}

// DisplayName is the organisation's name in lang.
func (o Organisation) DisplayName(lang string) string {
	if lang == "sv" && o.NameSV != "" {
		return o.NameSV
	}
	return o.Name
}

// Serves reports whether the authority serves the municipality.
func (o Organisation) Serves(municipality string) bool {
	if o.AuthorityType == "national_agency" {
		return true
	}
	return slices.Contains(o.Municipalities, municipality)
}

// CreateOrganisation inserts o and its areas in tx.
func CreateOrganisation(ctx context.Context, tx *sql.Tx, now time.Time, o Organisation) (Organisation, error) {
	if o.ID == "" {
		o.ID = NewID()
	}
	o.CreatedAt = now.UTC()
	switch {
	case o.Kind == KindAuthority && !slices.Contains(AuthorityTypes(), o.AuthorityType):
		return Organisation{}, errs.E(errs.Invalid, "unknown authority type "+o.AuthorityType)
	case o.Kind != KindAuthority && o.Kind != KindCompany && o.Kind != KindAssociation:
		return Organisation{}, errs.E(errs.Invalid, "unknown organisation kind "+o.Kind)
	}
	var bid any
	if o.BusinessID != "" {
		id, err := idcode.ParseBusinessID(o.BusinessID)
		if err != nil {
			return Organisation{}, errs.Wrap(errs.Invalid, "invalid business ID", err)
		}
		o.BusinessID = id.String()
		bid = o.BusinessID
	}
	const q = `INSERT INTO organisations (id, kind, business_id, name, name_sv, authority_type, code, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
	if _, err := tx.ExecContext(ctx, q, o.ID, o.Kind, bid, o.Name, o.NameSV, o.AuthorityType, o.Code, o.CreatedAt); err != nil {
		return Organisation{}, fmt.Errorf("create organisation %s: %w", o.Name, err)
	}
	for _, m := range o.Municipalities {
		if _, err := tx.ExecContext(ctx, `INSERT INTO authority_areas (organisation_id, municipality_code) VALUES ($1, $2)`, o.ID, m); err != nil {
			return Organisation{}, fmt.Errorf("area %s of %s: %w", m, o.Name, err)
		}
	}
	return o, nil
}

const orgColumns = `id, kind, COALESCE(business_id, ''), name, name_sv, authority_type, code, created_at`

func scanOrganisation(row scanner) (Organisation, error) {
	var o Organisation
	err := row.Scan(&o.ID, &o.Kind, &o.BusinessID, &o.Name, &o.NameSV, &o.AuthorityType, &o.Code, &o.CreatedAt)
	return o, err
}

// Organisation returns the organisation with the id, with its areas.
func (s *Store) Organisation(ctx context.Context, id string) (Organisation, error) {
	o, err := scanOrganisation(s.db.Read.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Organisation{}, errs.E(errs.NotFound, "no such organisation")
	}
	if err != nil {
		return Organisation{}, fmt.Errorf("organisation %s: %w", id, err)
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT municipality_code FROM authority_areas WHERE organisation_id = $1 ORDER BY municipality_code`, id)
	if err != nil {
		return Organisation{}, fmt.Errorf("areas of %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return Organisation{}, fmt.Errorf("scan area: %w", err)
		}
		o.Municipalities = append(o.Municipalities, m)
	}
	return o, rows.Err()
}

// Organisations lists the organisations of a kind ("" for all), by name.
func (s *Store) Organisations(ctx context.Context, kind string) ([]Organisation, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE $1 = '' OR kind = $1 ORDER BY name, id`, kind)
	if err != nil {
		return nil, fmt.Errorf("list organisations: %w", err)
	}
	defer rows.Close()
	var out []Organisation
	for rows.Next() {
		o, err := scanOrganisation(rows)
		if err != nil {
			return nil, fmt.Errorf("scan organisation: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Unit is a unit of an authority, e.g. environmental health.
type Unit struct {
	ID             string `json:"id"`
	OrganisationID string `json:"organisation_id"`
	Name           string `json:"name"`
	NameSV         string `json:"name_sv,omitempty"`
}

// CreateUnit inserts u in tx.
func CreateUnit(ctx context.Context, tx *sql.Tx, u Unit) (Unit, error) {
	if u.ID == "" {
		u.ID = NewID()
	}
	const q = `INSERT INTO organisation_units (id, organisation_id, name, name_sv) VALUES ($1, $2, $3, $4)`
	if _, err := tx.ExecContext(ctx, q, u.ID, u.OrganisationID, u.Name, u.NameSV); err != nil {
		return Unit{}, fmt.Errorf("create unit %s: %w", u.Name, err)
	}
	return u, nil
}

// Units lists an organisation's units by name.
func (s *Store) Units(ctx context.Context, orgID string) ([]Unit, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, organisation_id, name, name_sv FROM organisation_units WHERE organisation_id = $1 ORDER BY name`, orgID)
	if err != nil {
		return nil, fmt.Errorf("units of %s: %w", orgID, err)
	}
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		var u Unit
		if err := rows.Scan(&u.ID, &u.OrganisationID, &u.Name, &u.NameSV); err != nil {
			return nil, fmt.Errorf("scan unit: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
