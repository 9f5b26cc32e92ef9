package identity

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/errs"
)

// RoleGrant is a role a person holds in an organisation.
type RoleGrant struct {
	ID             string      `json:"id"`
	PersonID       string      `json:"person_id"`
	OrganisationID string      `json:"organisation_id"`
	UnitID         string      `json:"unit_id,omitempty"`
	Role           access.Role `json:"role"`
	GrantedBy      string      `json:"granted_by,omitempty"`
	GrantedAt      time.Time   `json:"granted_at"`
}

// GrantRole gives a person a role in tx; granting a role held already is a conflict.
func GrantRole(ctx context.Context, tx *sql.Tx, now time.Time, g RoleGrant) (RoleGrant, error) {
	if !access.ValidRole(g.Role) {
		return RoleGrant{}, errs.E(errs.Invalid, "unknown role")
	}
	if g.ID == "" {
		g.ID = NewID()
	}
	g.GrantedAt = now.UTC()
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM role_grants WHERE person_id = $1 AND organisation_id = $2 AND unit_id = $3 AND role = $4`,
		g.PersonID, g.OrganisationID, g.UnitID, g.Role).Scan(&n)
	if err != nil {
		return RoleGrant{}, fmt.Errorf("check role: %w", err)
	}
	if n > 0 {
		return RoleGrant{}, errs.E(errs.Conflict, "the person already has this role")
	}
	const q = `INSERT INTO role_grants (id, person_id, organisation_id, unit_id, role, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`
	if _, err := tx.ExecContext(ctx, q, g.ID, g.PersonID, g.OrganisationID, g.UnitID, g.Role, g.GrantedBy, g.GrantedAt); err != nil {
		return RoleGrant{}, fmt.Errorf("grant role: %w", err)
	}
	return g, nil
}

// RevokeRole removes a grant of the organisation in tx and returns it.
func RevokeRole(ctx context.Context, tx *sql.Tx, orgID, grantID string) (RoleGrant, error) {
	var g RoleGrant
	err := tx.QueryRowContext(ctx, `DELETE FROM role_grants WHERE id = $1 AND organisation_id = $2
RETURNING id, person_id, organisation_id, unit_id, role, granted_by, granted_at`, grantID, orgID).
		Scan(&g.ID, &g.PersonID, &g.OrganisationID, &g.UnitID, &g.Role, &g.GrantedBy, &g.GrantedAt)
	if err == sql.ErrNoRows {
		return RoleGrant{}, errs.E(errs.NotFound, "no such role grant")
	}
	if err != nil {
		return RoleGrant{}, fmt.Errorf("revoke role: %w", err)
	}
	return g, nil
}

// RoleGrants lists the roles a person holds.
func (s *Store) RoleGrants(ctx context.Context, personID string) ([]RoleGrant, error) {
	return s.grants(ctx, `person_id = $1`, personID)
}

// OrganisationGrants lists the roles held in an organisation.
func (s *Store) OrganisationGrants(ctx context.Context, orgID string) ([]RoleGrant, error) {
	return s.grants(ctx, `organisation_id = $1`, orgID)
}

func (s *Store) grants(ctx context.Context, where, arg string) ([]RoleGrant, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, person_id, organisation_id, unit_id, role, granted_by, granted_at
FROM role_grants WHERE `+where+` ORDER BY granted_at, id`, arg)
	if err != nil {
		return nil, fmt.Errorf("list role grants: %w", err)
	}
	defer rows.Close()
	var out []RoleGrant
	for rows.Next() {
		var g RoleGrant
		if err := rows.Scan(&g.ID, &g.PersonID, &g.OrganisationID, &g.UnitID, &g.Role, &g.GrantedBy, &g.GrantedAt); err != nil {
			return nil, fmt.Errorf("scan role grant: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}
