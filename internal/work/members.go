package work

import (
	"cmp"
	"context"
	"slices"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/process"
)

// Member is a person who works on an organisation's tasks, with the grants
// that make them a candidate.
type Member struct {
	PersonID string         `json:"person_id"`
	Name     string         `json:"name"`
	Grants   []access.Grant `json:"-"`
}

// workRoles are the roles that tasks go to; the others (content editor,
// organisation admin) never hold a task.
var workRoles = []access.Role{access.CaseHandler, access.Inspector, access.StatementGiver, access.Manager}

// Candidate reports whether the member holds the queue's role in its unit
// or in the whole organisation.
func (m Member) Candidate(q process.Queue) bool {
	for _, g := range m.Grants {
		if g.OrganisationID == q.Organisation && string(g.Role) == q.Role && (q.Unit == "" || g.UnitID == "" || g.UnitID == q.Unit) {
			return true
		}
	}
	return false
}

// manager reports whether the member manages org, and so may hold any of
// its tasks.
func (m Member) manager(org string) bool {
	for _, g := range m.Grants {
		if g.OrganisationID == org && g.Role == access.Manager {
			return true
		}
	}
	return false
}

// Members lists the people who may hold org's tasks, by name.
func (s *Service) Members(ctx context.Context, p access.Principal, org string) ([]Member, error) {
	if err := mayView(p, org); err != nil {
		return nil, err
	}
	return s.members(ctx, org)
}

func (s *Service) members(ctx context.Context, org string) ([]Member, error) {
	grants, err := s.people.OrganisationGrants(ctx, org)
	if err != nil {
		return nil, err
	}
	byID := map[string]*Member{}
	var order []string
	for _, g := range grants {
		if !slices.Contains(workRoles, g.Role) {
			continue
		}
		m, ok := byID[g.PersonID]
		if !ok {
			person, err := s.people.Person(ctx, g.PersonID)
			if err != nil {
				return nil, err
			}
			m = &Member{PersonID: person.ID, Name: person.Name()}
			byID[g.PersonID] = m
			order = append(order, g.PersonID)
		}
		m.Grants = append(m.Grants, access.Grant{OrganisationID: g.OrganisationID, UnitID: g.UnitID, Role: g.Role})
	}
	out := make([]Member, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	slices.SortFunc(out, func(a, b Member) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.PersonID, b.PersonID)) })
	return out, nil
}

// candidates lists the members who may get the queue's tasks from a rule,
// in the order they take turns.
func (s *Service) candidates(ctx context.Context, q process.Queue) ([]Member, error) {
	all, err := s.members(ctx, q.Organisation)
	if err != nil {
		return nil, err
	}
	var out []Member
	for _, m := range all {
		if m.Candidate(q) {
			out = append(out, m)
		}
	}
	return out, nil
}

// member finds a person among org's members.
func member(all []Member, personID string) (Member, bool) {
	i := slices.IndexFunc(all, func(m Member) bool { return m.PersonID == personID })
	if i < 0 {
		return Member{}, false
	}
	return all[i], true
}
