package identity_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
)

var now = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

var req = access.Request{Route: "test", IP: "192.0.2.1"}

type world struct {
	svc                *identity.Service
	owner, other, hkiA access.Principal
	company, hki       identity.Organisation
	otherPerson        identity.Person
}

func newWorld(t *testing.T, d *db.DB) world {
	t.Helper()
	ctx := context.Background()
	if err := identity.SyncMunicipalities(ctx, d); err != nil {
		t.Fatal(err)
	}
	var w world
	err := d.InTx(ctx, func(tx *sql.Tx) error {
		owner, err := identity.CreatePerson(ctx, tx, now, identity.Person{GivenNames: "Eero", FamilyName: "Esimerkki", PersonalID: "131052-308T"})
		if err != nil {
			return err
		}
		other, err := identity.CreatePerson(ctx, tx, now, identity.Person{GivenNames: "Saga", FamilyName: "Svensson", PersonalID: "010101A123N", Email: "saga@example.fi"})
		if err != nil {
			return err
		}
		admin, err := identity.CreatePerson(ctx, tx, now, identity.Person{GivenNames: "Aki", FamilyName: "Admin", Email: "aki@hel.example.fi"})
		if err != nil {
			return err
		}
		if w.company, err = identity.CreateOrganisation(ctx, tx, now, identity.Organisation{Kind: identity.KindCompany, Name: "Kesäjuhlat Oy", BusinessID: "0112038-9"}); err != nil {
			return err
		}
		if w.hki, err = identity.CreateOrganisation(ctx, tx, now, identity.Organisation{Kind: identity.KindAuthority, AuthorityType: "municipality", Name: "Helsingin kaupunki", Municipalities: []string{"091"}}); err != nil {
			return err
		}
		if _, err := identity.GrantRole(ctx, tx, now, identity.RoleGrant{PersonID: admin.ID, OrganisationID: w.hki.ID, Role: access.OrgAdmin}); err != nil {
			return err
		}
		w.owner = access.Principal{PersonID: owner.ID, Name: "Eero Esimerkki", ActingFor: w.company.ID, MandateRights: access.Rights()}
		w.other = access.Principal{PersonID: other.ID, Name: "Saga Svensson"}
		w.hkiA = access.Principal{PersonID: admin.ID, Name: "Aki Admin", Grants: []access.Grant{{OrganisationID: w.hki.ID, Role: access.OrgAdmin}}}
		w.otherPerson = other
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	w.svc = identity.NewService(identity.NewStore(d), clock.NewSettable(now))
	return w
}

func fieldOf(err error, field string) string {
	if e, ok := errs.As(err); ok {
		return e.Fields[field]
	}
	return ""
}

func TestProfileChangesAreValidatedSavedAndAudited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		bad := identity.ProfileUpdate{Email: "not an address", PostalCode: "1234", Lang: "de", NotifySMS: true}
		err := w.svc.UpdateProfile(ctx, w.other, req, bad)
		for field, key := range map[string]string{"email": "profile.error.email", "postal_code": "profile.error.postal_code", "lang": "profile.error.lang", "notify_sms": "profile.error.notify_sms"} {
			if got := fieldOf(err, field); got != key {
				t.Errorf("field %s: %q, want %q", field, got, key)
			}
		}
		good := identity.ProfileUpdate{Email: "saga@example.fi", Phone: "+358 40 123 4567", PostalCode: "00100", PostOffice: "Helsinki", Lang: "sv", NotifyEmail: true, NotifySMS: true}
		if err := w.svc.UpdateProfile(ctx, w.other, req, good); err != nil {
			t.Fatal(err)
		}
		p, err := w.svc.Profile(ctx, w.other, req)
		if err != nil || p.Lang != "sv" || p.Phone != "+358 40 123 4567" || !p.NotifySMS || p.ContactSeenAt == nil {
			t.Errorf("profile after save: %+v %v", p, err)
		}
		if p.MaskedPersonalID() != "010101A****" {
			t.Errorf("masked personal id %q", p.MaskedPersonalID())
		}
		es, _ := audit.List(ctx, d, audit.Filter{ActorID: w.other.PersonID})
		if len(es) != 2 || es[0].Action != "person.read" || es[1].Action != "person.update" {
			t.Errorf("audit of the profile: %+v", es)
		}
	})
}

func TestMandatesAreGrantedByPersonalIdentityCodeAndRevoked(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		tests := []struct {
			name, code, field, key string
			rights                 []access.Right
		}{
			{"a wrong check character is named", "010101A123M", "personal_id", "idcode.error.check_character", []access.Right{access.RightView}},
			{"a code of nobody in the service is refused", "010594Y9032", "personal_id", "mandates.error.unknown_person", []access.Right{access.RightView}},
			{"a mandate without rights is refused", "010101A123N", "rights", "mandates.error.rights", nil},
		}
		for _, tt := range tests {
			_, err := w.svc.GrantMandate(ctx, w.owner, req, w.company.ID, tt.code, tt.rights, nil)
			if got := fieldOf(err, tt.field); got != tt.key {
				t.Errorf("%s: %q (%v), want %q", tt.name, got, err, tt.key)
			}
		}
		m, err := w.svc.GrantMandate(ctx, w.owner, req, w.company.ID, " 010101a123n ", []access.Right{access.RightView, access.RightApply}, nil)
		if err != nil {
			t.Fatal(err)
		}
		list, err := w.svc.OrganisationMandates(ctx, w.owner, req, w.company.ID)
		if err != nil || len(list) != 1 || list[0].PersonName != "Saga Svensson" || list[0].MaskedPersonalID != "010101A****" {
			t.Fatalf("mandates %+v %v", list, err)
		}
		if _, err := w.svc.GrantMandate(ctx, w.other, req, w.company.ID, "131052-308T", access.Rights(), nil); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a person without the manage right granting: %v, want forbidden", err)
		}
		if err := w.svc.RevokeMandate(ctx, w.owner, req, w.company.ID, m.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.RevokeMandate(ctx, w.owner, req, w.company.ID, m.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("revoking twice: %v, want not found", err)
		}
	})
}

func TestOrganisationAdminsManageRolesButKeepTheirOwn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		if _, err := w.svc.AddRole(ctx, w.hkiA, req, w.hki.ID, "nobody@example.fi", access.CaseHandler, ""); fieldOf(err, "email") != "members.error.unknown_person" {
			t.Errorf("unknown email: %v", err)
		}
		if _, err := w.svc.AddRole(ctx, w.hkiA, req, w.hki.ID, "saga@example.fi", access.Role("wizard"), ""); fieldOf(err, "role") != "members.error.role" {
			t.Errorf("unknown role: %v", err)
		}
		g, err := w.svc.AddRole(ctx, w.hkiA, req, w.hki.ID, "SAGA@example.fi", access.CaseHandler, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.AddRole(ctx, w.hkiA, req, w.hki.ID, "saga@example.fi", access.CaseHandler, ""); errs.KindOf(err) != errs.Conflict {
			t.Errorf("the same role twice: %v, want conflict", err)
		}
		members, err := w.svc.Members(ctx, w.hkiA, req, w.hki.ID)
		if err != nil || len(members) != 2 {
			t.Fatalf("members %+v %v", members, err)
		}
		if _, err := w.svc.Members(ctx, w.other, req, w.hki.ID); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a customer listing members: %v, want forbidden", err)
		}
		if err := w.svc.RemoveRole(ctx, w.hkiA, req, w.hki.ID, g.ID); err != nil {
			t.Fatal(err)
		}
		own, _ := w.svc.OrganisationGrants(ctx, w.hki.ID)
		if err := w.svc.RemoveRole(ctx, w.hkiA, req, w.hki.ID, own[0].ID); errs.KindOf(err) != errs.Conflict {
			t.Errorf("removing one's own admin role: %v, want conflict", err)
		}
		if left, _ := w.svc.OrganisationGrants(ctx, w.hki.ID); len(left) != 1 {
			t.Errorf("%d grants left, want the admin's own", len(left))
		}
	})
}

func TestPlatformAdminsRegisterOrganisationsWithValidatedIDs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		admin := access.Principal{PersonID: "platform", Name: "Paula", PlatformAdmin: true}
		tests := []struct {
			name        string
			n           identity.NewOrganisation
			field, want string
		}{
			{"a wrong check digit is named", identity.NewOrganisation{Kind: "company", Name: "X Oy", BusinessID: "0112038-8"}, "business_id", "bizid.error.check_digit"},
			{"a taken business ID is refused", identity.NewOrganisation{Kind: "company", Name: "X Oy", BusinessID: "0112038-9"}, "business_id", "orgs.error.duplicate"},
			{"a local authority needs its municipalities", identity.NewOrganisation{Kind: "authority", Name: "Espoon kaupunki", AuthorityType: "municipality"}, "municipalities", "orgs.error.municipalities"},
			{"an unknown municipality code is refused", identity.NewOrganisation{Kind: "authority", Name: "X", AuthorityType: "municipality", Municipalities: []string{"999"}}, "municipalities", "orgs.error.municipalities"},
			{"a name is required", identity.NewOrganisation{Kind: "association", BusinessID: "0109862-8"}, "name", "orgs.error.name"},
		}
		for _, tt := range tests {
			_, err := w.svc.RegisterOrganisation(ctx, admin, req, tt.n)
			if got := fieldOf(err, tt.field); got != tt.want {
				t.Errorf("%s: %q (%v), want %q", tt.name, got, err, tt.want)
			}
		}
		if _, err := w.svc.RegisterOrganisation(ctx, w.owner, req, identity.NewOrganisation{Kind: "company", Name: "Y Oy", BusinessID: "0109862-8"}); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a customer registering: %v, want forbidden", err)
		}
		org, err := w.svc.RegisterOrganisation(ctx, admin, req, identity.NewOrganisation{Kind: "company", Name: "Kesko Oyj", BusinessID: "109862-8", Representative: "010101a123n"})
		if err != nil {
			t.Fatal(err)
		}
		if org.BusinessID != "0109862-8" {
			t.Errorf("business ID stored as %q", org.BusinessID)
		}
		m, err := w.svc.Mandate(ctx, w.other.PersonID, org.ID)
		if err != nil || len(m.Rights) != 3 {
			t.Errorf("the representative's mandate: %+v %v", m, err)
		}
		tukes, err := w.svc.RegisterOrganisation(ctx, admin, req, identity.NewOrganisation{Kind: "authority", Name: "Tukes", AuthorityType: "national_agency", Municipalities: []string{"091"}})
		if err != nil || !tukes.Serves("564") || len(tukes.Municipalities) != 0 {
			t.Errorf("a national agency serves everywhere: %+v %v", tukes, err)
		}
	})
}
