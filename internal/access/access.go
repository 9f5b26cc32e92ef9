// Package access is luva's one authorization policy. Every handler asks it
// before it reads or changes anything; whatever it does not allow is denied.
//
// A Principal is who is asking and for whom: a person acting for themself, for a
// company under a mandate, or as an authority user in the roles they hold. An
// Action is what they want to do, and a Resource says whose thing it is.
package access

import (
	"slices"

	"github.com/luva-fi/luva/internal/errs"
)

// Role is an authority user's role in an organisation.
type Role string

// The authority roles, plus the platform administrator.
const (
	CaseHandler    Role = "case_handler"
	Inspector      Role = "inspector"
	StatementGiver Role = "statement_giver"
	Manager        Role = "manager"
	ContentEditor  Role = "content_editor"
	OrgAdmin       Role = "org_admin"
	PlatformAdmin  Role = "platform_admin"
)

// AuthorityRoles lists the roles an organisation admin can grant, in display order.
func AuthorityRoles() []Role {
	return []Role{CaseHandler, Inspector, StatementGiver, Manager, ContentEditor, OrgAdmin}
}

// ValidRole reports whether r can be granted in an organisation.
func ValidRole(r Role) bool { return slices.Contains(AuthorityRoles(), r) }

// Right is what a mandate lets a person do for a company, as in the national
// mandate service.
type Right string

// The mandate rights.
const (
	RightApply  Right = "apply"  // send and change applications
	RightView   Right = "view"   // see the company's cases, decisions and messages
	RightManage Right = "manage" // grant and revoke the company's mandates
)

// Rights lists the mandate rights in display order.
func Rights() []Right { return []Right{RightApply, RightView, RightManage} }

// Grant is one role held in an organisation, optionally in one unit.
type Grant struct {
	OrganisationID string
	UnitID         string
	Role           Role
}

// Principal is the signed-in person and the capacity they act in.
type Principal struct {
	PersonID      string
	Name          string
	SessionID     string
	PlatformAdmin bool
	// ActingFor is the organisation the person acts for, or "" for themself.
	ActingFor     string
	ActingForName string
	// ActingForNameSV is the organisation's Swedish name, when it has one.
	ActingForNameSV string
	// MandateRights are the person's rights in ActingFor when it is a company.
	MandateRights []Right
	// Grants are the person's authority roles.
	Grants []Grant
}

// Anonymous is nobody signed in.
var Anonymous = Principal{}

// Authenticated reports whether someone is signed in.
func (p Principal) Authenticated() bool { return p.PersonID != "" }

// HasRole reports whether p holds role in the organisation (in any unit).
func (p Principal) HasRole(org string, role Role) bool {
	for _, g := range p.Grants {
		if g.OrganisationID == org && g.Role == role {
			return true
		}
	}
	return false
}

// IsAuthorityUser reports whether p holds any authority role.
func (p Principal) IsAuthorityUser() bool { return len(p.Grants) > 0 }

// HasRight reports whether p, acting for org, holds the mandate right.
func (p Principal) HasRight(org string, r Right) bool {
	return p.ActingFor == org && org != "" && slices.Contains(p.MandateRights, r)
}

// Organisations lists the organisations p holds roles in.
func (p Principal) Organisations() []string {
	var out []string
	for _, g := range p.Grants {
		if !slices.Contains(out, g.OrganisationID) {
			out = append(out, g.OrganisationID)
		}
	}
	return out
}

// Check returns nil when p may do a on r, Unauthenticated when nobody is signed
// in and the action needs someone, and Forbidden otherwise.
func Check(p Principal, a Action, r Resource) error {
	if Allowed(p, a, r) {
		return nil
	}
	if !p.Authenticated() {
		return errs.E(errs.Unauthenticated, "sign in first")
	}
	return errs.E(errs.Forbidden, "not allowed")
}

// Request is where a request came from, for the audit log.
type Request struct {
	Route     string // the route pattern, e.g. "GET /fi/profile"
	IP        string
	UserAgent string
}

// RouteRule is a route and the action it needs; the access matrix is made of them.
type RouteRule struct {
	Method  string
	Pattern string
	Action  Action
}

// Parties lists whose own things (cases, saved analyses) the principal may
// see: themself, and the organisation they act for when their mandate lets
// them view or apply for it.
func (p Principal) Parties() []string {
	var ids []string
	if p.PersonID != "" {
		ids = append(ids, p.PersonID)
	}
	if p.ActingFor != "" && (p.HasRight(p.ActingFor, RightView) || p.HasRight(p.ActingFor, RightApply)) {
		ids = append(ids, p.ActingFor)
	}
	// Authority users find the cases of the organisations whose cases they
	// read; the prefix keeps these apart from companies acted for.
	for _, org := range p.Organisations() {
		if CaseRole(p, org, ViewCases) {
			ids = append(ids, "authority:"+org)
		}
	}
	return ids
}

// ActingForNameIn is the name of the organisation acted for, in lang.
func (p Principal) ActingForNameIn(lang string) string {
	if lang == "sv" && p.ActingForNameSV != "" {
		return p.ActingForNameSV
	}
	return p.ActingForName
}
