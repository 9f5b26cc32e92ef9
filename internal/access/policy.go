package access

// Action is something a principal may want to do.
type Action string

// The actions. Each route names exactly one.
const (
	Public         Action = "public"          // anyone, signed in or not
	SignedIn       Action = "signed_in"       // anyone signed in
	ViewProfile    Action = "profile.view"    // one's own profile
	EditProfile    Action = "profile.edit"    // one's own profile
	ManageSessions Action = "sessions.manage" // one's own sessions
	ChooseActingAs Action = "acting_for.choose"
	ViewMandates   Action = "mandates.view"   // a company's mandates
	ManageMandates Action = "mandates.manage" // grant and revoke a company's mandates
	ViewOrgUsers   Action = "org.users.view"
	ManageOrgUsers Action = "org.users.manage"
	ViewAudit      Action = "audit.view"
	ManageOrgs     Action = "organisations.manage" // register companies and authorities
	ManageBundles  Action = "bundles.manage"       // name and describe the service bundles
	EditContent    Action = "content.edit"         // draft the guidance of an organisation's services
	PublishContent Action = "content.publish"      // publish reviewed guidance
	ViewCases      Action = "cases.view"           // an authority's cases: read
	HandleCases    Action = "cases.handle"         // an authority's cases: process and decide
	EditForms      Action = "forms.edit"           // build and publish an organisation's application forms
)

// Resource says whose thing an action is on: a person's, or an organisation's.
type Resource struct {
	PersonID       string
	OrganisationID string
}

// Self is the principal's own person resource.
func Self(p Principal) Resource { return Resource{PersonID: p.PersonID} }

// Org is an organisation's resource.
func Org(id string) Resource { return Resource{OrganisationID: id} }

// Allowed is the policy. Default deny: an action not listed here is refused.
func Allowed(p Principal, a Action, r Resource) bool {
	switch a {
	case Public:
		return true
	case SignedIn, ChooseActingAs:
		return p.Authenticated()
	case ViewProfile, EditProfile, ManageSessions:
		return p.Authenticated() && r.PersonID == p.PersonID
	case ViewMandates:
		return p.HasRight(r.OrganisationID, RightManage) || p.HasRight(r.OrganisationID, RightView)
	case ManageMandates:
		return p.HasRight(r.OrganisationID, RightManage)
	case ViewOrgUsers:
		return p.PlatformAdmin || p.HasRole(r.OrganisationID, OrgAdmin) || p.HasRole(r.OrganisationID, Manager)
	case ManageOrgUsers:
		return p.PlatformAdmin || p.HasRole(r.OrganisationID, OrgAdmin)
	case ManageOrgs, ManageBundles:
		return p.PlatformAdmin
	case EditContent, PublishContent:
		// Without an organisation the question is whether the principal edits
		// any organisation's content: the gate of the editor's pages, whose
		// service then asks again about the service's own organisation.
		orgs := []string{r.OrganisationID}
		if r.OrganisationID == "" {
			orgs = p.Organisations()
		}
		for _, org := range orgs {
			if p.HasRole(org, ContentEditor) || (a == PublishContent && p.HasRole(org, Manager)) {
				return true
			}
		}
		return false
	case ViewCases, HandleCases, EditForms:
		// As with content, no organisation asks whether the principal works on
		// any organisation's cases; the service asks again about the case's own.
		orgs := []string{r.OrganisationID}
		if r.OrganisationID == "" {
			orgs = p.Organisations()
		}
		for _, org := range orgs {
			if CaseRole(p, org, a) {
				return true
			}
		}
		return false
	case ViewAudit:
		// The whole log for platform admins; an organisation's entries for its admins.
		if p.PlatformAdmin {
			return true
		}
		return r.OrganisationID != "" && p.HasRole(r.OrganisationID, OrgAdmin)
	}
	return false
}

// CaseRole reports whether p's roles in org allow the case action a: handlers
// and managers process cases; inspectors and statement givers also read them;
// content editors and managers build forms.
func CaseRole(p Principal, org string, a Action) bool {
	switch a {
	case ViewCases:
		return p.HasRole(org, CaseHandler) || p.HasRole(org, Manager) || p.HasRole(org, Inspector) || p.HasRole(org, StatementGiver)
	case HandleCases:
		return p.HasRole(org, CaseHandler) || p.HasRole(org, Manager)
	case EditForms:
		return p.HasRole(org, ContentEditor) || p.HasRole(org, Manager)
	}
	return false
}
