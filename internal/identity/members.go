package identity

import (
	"context"
	"database/sql"
	"slices"
	"sort"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/errs"
)

// Member is a person who holds roles in an organisation.
type Member struct {
	PersonID string      `json:"person_id"`
	Name     string      `json:"name"`
	Email    string      `json:"email"`
	Grants   []RoleGrant `json:"grants"`
}

// Members lists the organisation's people and their roles, by name.
func (s *Service) Members(ctx context.Context, p access.Principal, req access.Request, orgID string) ([]Member, error) {
	if err := access.Check(p, access.ViewOrgUsers, access.Org(orgID)); err != nil {
		return nil, err
	}
	var out []Member
	err := s.audited(ctx, onBehalfOf(p, orgID), req, "member.list", "organisation", orgID, func() error {
		grants, err := s.OrganisationGrants(ctx, orgID)
		if err != nil {
			return err
		}
		byPerson := map[string]*Member{}
		for _, g := range grants {
			m, ok := byPerson[g.PersonID]
			if !ok {
				person, err := s.Person(ctx, g.PersonID)
				if err != nil {
					return err
				}
				m = &Member{PersonID: person.ID, Name: person.Name(), Email: person.Email}
				byPerson[g.PersonID] = m
			}
			m.Grants = append(m.Grants, g)
		}
		for _, m := range byPerson {
			out = append(out, *m)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
		return nil
	})
	return out, err
}

// AddRole gives the person with the email address a role in the organisation,
// optionally in one of its units.
func (s *Service) AddRole(ctx context.Context, p access.Principal, req access.Request, orgID, email string, role access.Role, unitID string) (RoleGrant, error) {
	if err := access.Check(p, access.ManageOrgUsers, access.Org(orgID)); err != nil {
		return RoleGrant{}, err
	}
	fields := map[string]string{}
	person, err := s.PersonByEmail(ctx, email)
	if errs.KindOf(err) == errs.NotFound {
		fields["email"] = "members.error.unknown_person"
	} else if err != nil {
		return RoleGrant{}, err
	}
	if !access.ValidRole(role) {
		fields["role"] = "members.error.role"
	}
	if unitID != "" {
		units, err := s.Units(ctx, orgID)
		if err != nil {
			return RoleGrant{}, err
		}
		if !containsUnit(units, unitID) {
			fields["unit"] = "members.error.unit"
		}
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "the role cannot be granted")
		e.Fields = fields
		return RoleGrant{}, e
	}
	var g RoleGrant
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		if g, err = GrantRole(ctx, tx, s.clock.Now(), RoleGrant{PersonID: person.ID, OrganisationID: orgID, UnitID: unitID, Role: role, GrantedBy: p.PersonID}); err != nil {
			return err
		}
		return s.record(ctx, tx, onBehalfOf(p, orgID), req, "role.grant", "person", person.ID, map[string]string{"role": string(role), "unit_id": unitID})
	})
	return g, err
}

// RemoveRole takes a role grant of the organisation away. An organisation
// admin cannot remove their own admin role, so that no organisation is left
// without one by accident.
func (s *Service) RemoveRole(ctx context.Context, p access.Principal, req access.Request, orgID, grantID string) error {
	if err := access.Check(p, access.ManageOrgUsers, access.Org(orgID)); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		g, err := RevokeRole(ctx, tx, orgID, grantID)
		if err != nil {
			return err
		}
		if g.PersonID == p.PersonID && g.Role == access.OrgAdmin && !p.PlatformAdmin {
			return errs.E(errs.Conflict, "you cannot remove your own admin role")
		}
		return s.record(ctx, tx, onBehalfOf(p, orgID), req, "role.revoke", "person", g.PersonID, map[string]string{"role": string(g.Role)})
	})
}

func containsUnit(units []Unit, id string) bool {
	for _, u := range units {
		if u.ID == id {
			return true
		}
	}
	return false
}

// AddUnit adds a unit to the organisation, such as environmental health.
func (s *Service) AddUnit(ctx context.Context, p access.Principal, req access.Request, orgID, name, nameSV string) (Unit, error) {
	if err := access.Check(p, access.ManageOrgUsers, access.Org(orgID)); err != nil {
		return Unit{}, err
	}
	name, nameSV = strings.TrimSpace(name), strings.TrimSpace(nameSV)
	units, err := s.Units(ctx, orgID)
	if err != nil {
		return Unit{}, err
	}
	field := ""
	switch {
	case name == "":
		field = "units.error.name"
	case slices.ContainsFunc(units, func(u Unit) bool { return strings.EqualFold(u.Name, name) }):
		field = "units.error.duplicate"
	}
	if field != "" {
		e := errs.E(errs.Invalid, "the unit cannot be added")
		e.Fields = map[string]string{"unit_name": field}
		return Unit{}, e
	}
	var u Unit
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		if u, err = CreateUnit(ctx, tx, Unit{OrganisationID: orgID, Name: name, NameSV: nameSV}); err != nil {
			return err
		}
		return s.record(ctx, tx, onBehalfOf(p, orgID), req, "unit.create", "organisation", orgID, map[string]string{"unit_id": u.ID, "name": name})
	})
	return u, err
}

// onBehalfOf is the principal as recorded in the audit log when working as an
// organisation's admin: acting for that organisation, so that the
// organisation's own view of the log shows its admins' work.
func onBehalfOf(p access.Principal, orgID string) access.Principal {
	p.ActingFor = orgID
	return p
}
