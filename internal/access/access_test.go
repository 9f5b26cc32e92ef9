package access_test

import (
	"testing"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/errs"
)

func TestPolicyDeniesByDefault(t *testing.T) {
	customer := access.Principal{PersonID: "p1"}
	if access.Allowed(customer, access.Action("something.new"), access.Self(customer)) {
		t.Error("an action the policy does not know was allowed")
	}
	if err := access.Check(access.Anonymous, access.ViewProfile, access.Resource{}); errs.KindOf(err) != errs.Unauthenticated {
		t.Errorf("anonymous profile view: %v, want unauthenticated", err)
	}
	if err := access.Check(customer, access.ViewAudit, access.Resource{}); errs.KindOf(err) != errs.Forbidden {
		t.Errorf("customer audit view: %v, want forbidden", err)
	}
}

func TestPolicy(t *testing.T) {
	owner := access.Principal{PersonID: "eero", ActingFor: "event-co", MandateRights: []access.Right{access.RightApply, access.RightView, access.RightManage}}
	viewer := access.Principal{PersonID: "saga", ActingFor: "event-co", MandateRights: []access.Right{access.RightView}}
	selfOnly := access.Principal{PersonID: "maija"}
	orgAdmin := access.Principal{PersonID: "aki", Grants: []access.Grant{{OrganisationID: "hki", Role: access.OrgAdmin}}}
	manager := access.Principal{PersonID: "esa", Grants: []access.Grant{{OrganisationID: "hki", Role: access.Manager}}}
	handler := access.Principal{PersonID: "kaisa", Grants: []access.Grant{{OrganisationID: "hki", Role: access.CaseHandler}}}
	platform := access.Principal{PersonID: "paula", PlatformAdmin: true}

	tests := []struct {
		name   string
		p      access.Principal
		action access.Action
		res    access.Resource
		want   bool
	}{
		{"a person sees their own profile", selfOnly, access.ViewProfile, access.Resource{PersonID: "maija"}, true},
		{"a person cannot see someone else's profile", selfOnly, access.ViewProfile, access.Resource{PersonID: "eero"}, false},
		{"a person cannot end someone else's sessions", selfOnly, access.ManageSessions, access.Resource{PersonID: "eero"}, false},
		{"a company's manager sees its mandates", owner, access.ViewMandates, access.Org("event-co"), true},
		{"a company's manager manages its mandates", owner, access.ManageMandates, access.Org("event-co"), true},
		{"a viewer sees the mandates", viewer, access.ViewMandates, access.Org("event-co"), true},
		{"a viewer cannot manage mandates", viewer, access.ManageMandates, access.Org("event-co"), false},
		{"a mandate for one company says nothing of another", owner, access.ViewMandates, access.Org("farm-co"), false},
		{"a person acting for themself sees no company's mandates", selfOnly, access.ViewMandates, access.Org("event-co"), false},
		{"rights count only while acting for the company", access.Principal{PersonID: "eero", MandateRights: owner.MandateRights}, access.ManageMandates, access.Org("event-co"), false},
		{"an organisation admin manages its users", orgAdmin, access.ManageOrgUsers, access.Org("hki"), true},
		{"an organisation admin cannot manage another's users", orgAdmin, access.ManageOrgUsers, access.Org("police"), false},
		{"a manager sees the users", manager, access.ViewOrgUsers, access.Org("hki"), true},
		{"a manager cannot change the users", manager, access.ManageOrgUsers, access.Org("hki"), false},
		{"a case handler cannot see the users", handler, access.ViewOrgUsers, access.Org("hki"), false},
		{"an organisation admin reads the organisation's audit log", orgAdmin, access.ViewAudit, access.Org("hki"), true},
		{"an organisation admin cannot read the whole audit log", orgAdmin, access.ViewAudit, access.Resource{}, false},
		{"a platform admin reads the whole audit log", platform, access.ViewAudit, access.Resource{}, true},
		{"a platform admin manages any organisation's users", platform, access.ManageOrgUsers, access.Org("police"), true},
		{"a platform admin holds no company's mandates", platform, access.ManageMandates, access.Org("event-co"), false},
		{"anyone sees public pages", access.Anonymous, access.Public, access.Resource{}, true},
		{"nobody anonymous chooses whom to act for", access.Anonymous, access.ChooseActingAs, access.Resource{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := access.Allowed(tt.p, tt.action, tt.res); got != tt.want {
				t.Errorf("Allowed = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPartiesNeedAMandateToSeeOrganisationsOwnThings(t *testing.T) {
	manageOnly := access.Principal{PersonID: "p", ActingFor: "co", MandateRights: []access.Right{access.RightManage}}
	viewer := access.Principal{PersonID: "p", ActingFor: "co", MandateRights: []access.Right{access.RightView}}
	if got := manageOnly.Parties(); len(got) != 1 {
		t.Errorf("manage right only: %v, want the person alone", got)
	}
	if got := viewer.Parties(); len(got) != 2 || got[1] != "co" {
		t.Errorf("view right: %v, want the person and the company", got)
	}
	if got := access.Anonymous.Parties(); len(got) != 0 {
		t.Errorf("anonymous: %v", got)
	}
}
