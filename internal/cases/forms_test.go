package cases_test

import (
	"context"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/errs"
)

// generalForm is a small general form: it serves every service.
const generalForm = `{
 "id": "generic",
 "services": ["*"],
 "title": {"fi": "Hakemus", "sv": "Ansökan", "en": "Application"},
 "pages": [
  {"id": "main", "title": {"fi": "Hakemus", "sv": "Ansökan", "en": "Application"}, "sections": [
   {"id": "about", "title": {"fi": "Tiedot", "sv": "Uppgifter", "en": "Details"}, "fields": [
    {"id": "description", "type": "longtext", "required": true, "label": {"fi": "Kuvaus", "sv": "Beskrivning", "en": "Description"}}
   ]}
  ]}
 ]
}`

// renamed is testForm with its first label changed, as an editor would save it.
func renamed(def, to string) []byte {
	return []byte(strings.Replace(def, `"fi": "Nimi"`, `"fi": "`+to+`"`, 1))
}

// ownForm is a new form of the given id serving the services.
func ownForm(id string, services ...string) []byte {
	def := strings.Replace(testForm, `"id": "noise-test"`, `"id": "`+id+`"`, 1)
	return []byte(strings.Replace(def, `"services": ["ta-noise-notification"]`, `"services": ["`+strings.Join(services, `", "`)+`"]`, 1))
}

// audited counts the audit entries of the action on the form.
func audited(t *testing.T, d *db.DB, action, form string) int {
	t.Helper()
	var n int
	if err := d.Read.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE action = $1 AND target_type = 'form' AND target_id = $2`, action, form).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// announced counts the outbox events of the topic about the form.
func announced(t *testing.T, d *db.DB, topic, form string) int {
	t.Helper()
	var n int
	if err := d.Read.QueryRowContext(context.Background(), `SELECT count(*) FROM events WHERE topic = $1 AND aggregate_type = 'form' AND aggregate_id = $2`, topic, form).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestFormEditorsChangeTheirOwnOrganisationsForms(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		helsinki := w.role(t, "sisalto", "Helsingin kaupunki", access.ContentEditor)
		tampere := w.role(t, "tre-kasittelija", "Tampereen kaupunki", access.ContentEditor)
		handler := w.role(t, "kasittelija", "Helsingin kaupunki", access.CaseHandler)
		published, err := w.svc.Forms.Published(ctx, "noise-test")
		if err != nil {
			t.Fatal(err)
		}

		t.Run("the owner's content editor saves a draft, and the published version stays as it was", func(t *testing.T) {
			v, err := w.svc.Forms.Save(ctx, helsinki, req, renamed(testForm, "Tapahtuman nimi"))
			if err != nil {
				t.Fatal(err)
			}
			if v.Version != 2 || v.State != cases.FormDraft || v.AuthorName != "sisalto" {
				t.Errorf("the draft: %+v", v)
			}
			// Saving again changes the same draft rather than starting another.
			if v, err = w.svc.Forms.Save(ctx, helsinki, req, renamed(testForm, "Tapahtuman virallinen nimi")); err != nil || v.Version != 2 {
				t.Errorf("the second save: %+v %v", v, err)
			}
			v1, err := w.svc.Forms.Version(ctx, "noise-test", 1)
			if err != nil || v1.State != cases.FormPublished || string(v1.Definition) != string(published.Definition) {
				t.Errorf("the published version changed: %+v %v", v1, err)
			}
			if n := audited(t, d, "form.save", "noise-test"); n != 2 {
				t.Errorf("%d audit entries of saving, want 2", n)
			}
		})

		t.Run("another organisation's editor may neither see nor change the form", func(t *testing.T) {
			if _, err := w.svc.Forms.Editable(ctx, tampere, "noise-test"); errs.KindOf(err) != errs.Forbidden {
				t.Errorf("Tampere opens Helsinki's form: %v, want forbidden", err)
			}
			if _, err := w.svc.Forms.Save(ctx, tampere, req, renamed(testForm, "Tampereen nimi")); errs.KindOf(err) != errs.Forbidden {
				t.Errorf("Tampere saves Helsinki's form: %v, want forbidden", err)
			}
			if _, err := w.svc.Forms.Publish(ctx, tampere, req, "noise-test"); errs.KindOf(err) != errs.Forbidden {
				t.Errorf("Tampere publishes Helsinki's form: %v, want forbidden", err)
			}
			if err := w.svc.Forms.Withdraw(ctx, tampere, req, "noise-test", 1); errs.KindOf(err) != errs.Forbidden {
				t.Errorf("Tampere withdraws Helsinki's form: %v, want forbidden", err)
			}
			if _, err := w.svc.Forms.Save(ctx, tampere, req, ownForm("tampere-noise", "ta-noise-notification")); errs.KindOf(err) != errs.Forbidden {
				t.Errorf("Tampere makes a form for Helsinki's service: %v, want forbidden", err)
			}
			if _, err := w.svc.Forms.Save(ctx, handler, req, renamed(testForm, "Käsittelijän nimi")); errs.KindOf(err) != errs.Forbidden {
				t.Errorf("a case handler saves a form: %v, want forbidden", err)
			}
			if vs, err := w.svc.Forms.Versions(ctx, "tampere-noise"); err != nil || len(vs) != 0 {
				t.Errorf("the refused form was stored: %+v %v", vs, err)
			}
			list, err := w.svc.Forms.EditableForms(ctx, tampere)
			if err != nil || len(list) != 0 {
				t.Errorf("Tampere's forms: %+v %v, want none", list, err)
			}
			if v, _ := w.svc.Forms.Version(ctx, "noise-test", 2); !strings.Contains(string(v.Definition), "Tapahtuman virallinen nimi") {
				t.Errorf("a refused save changed the draft: %s", v.Definition)
			}
		})

		t.Run("the owner's editor publishes the draft with an event and an audit entry", func(t *testing.T) {
			v, err := w.svc.Forms.Publish(ctx, helsinki, req, "noise-test")
			if err != nil {
				t.Fatal(err)
			}
			if v.Version != 2 || v.State != cases.FormPublished || v.PublishedAt == nil {
				t.Errorf("published: %+v", v)
			}
			if v1, _ := w.svc.Forms.Version(ctx, "noise-test", 1); v1.State != cases.FormSuperseded || string(v1.Definition) != string(published.Definition) {
				t.Errorf("the earlier version: %+v", v1)
			}
			if _, err := w.svc.Forms.Publish(ctx, helsinki, req, "noise-test"); errs.KindOf(err) != errs.Conflict {
				t.Errorf("publish with no draft: %v, want conflict", err)
			}
			// Saving after publishing begins a new draft; version 2 stays.
			if v, err := w.svc.Forms.Save(ctx, helsinki, req, renamed(testForm, "Kolmas nimi")); err != nil || v.Version != 3 {
				t.Errorf("save after publishing: %+v %v, want version 3", v, err)
			}
			if v2, _ := w.svc.Forms.Version(ctx, "noise-test", 2); v2.State != cases.FormPublished || strings.Contains(string(v2.Definition), "Kolmas nimi") {
				t.Errorf("the published version changed: %+v", v2)
			}
			if n := audited(t, d, "form.publish", "noise-test"); n != 1 {
				t.Errorf("%d audit entries of publishing, want 1", n)
			}
			if n := announced(t, d, "form.published", "noise-test"); n != 1 {
				t.Errorf("%d form.published events, want 1", n)
			}
		})

		t.Run("the owner's editor withdraws a version with an event and an audit entry", func(t *testing.T) {
			if err := w.svc.Forms.Withdraw(ctx, helsinki, req, "noise-test", 3); errs.KindOf(err) != errs.NotFound {
				t.Errorf("withdraw a draft: %v, want not found", err)
			}
			if err := w.svc.Forms.Withdraw(ctx, helsinki, req, "noise-test", 1); err != nil {
				t.Fatal(err)
			}
			if v1, _ := w.svc.Forms.Version(ctx, "noise-test", 1); v1.State != cases.FormWithdrawn {
				t.Errorf("the withdrawn version: %+v", v1)
			}
			if n := audited(t, d, "form.withdraw", "noise-test"); n != 1 {
				t.Errorf("%d audit entries of withdrawing, want 1", n)
			}
			if n := announced(t, d, "form.withdrawn", "noise-test"); n != 1 {
				t.Errorf("%d form.withdrawn events, want 1", n)
			}
		})

		t.Run("a new form for the editor's own service belongs to the service's owner", func(t *testing.T) {
			v, err := w.svc.Forms.Save(ctx, helsinki, req, ownForm("waste-plan", "ta-waste-plan"))
			if err != nil {
				t.Fatal(err)
			}
			if v.Version != 1 || v.OwnerOrg != w.orgs["Helsingin kaupunki"] {
				t.Errorf("the new form: %+v", v)
			}
			if _, err := w.svc.Forms.Editable(ctx, tampere, "waste-plan"); errs.KindOf(err) != errs.Forbidden {
				t.Errorf("Tampere opens Helsinki's own form: %v, want forbidden", err)
			}
			list, err := w.svc.Forms.EditableForms(ctx, helsinki)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, v := range list {
				ids = append(ids, v.FormID)
			}
			if strings.Join(ids, " ") != "noise-test waste-plan" {
				t.Errorf("Helsinki's forms: %v", ids)
			}
			if n := audited(t, d, "form.save", "waste-plan"); n != 1 {
				t.Errorf("%d audit entries of the new form, want 1", n)
			}
		})
	})
}

func TestOnlyPlatformAdminsChangeTheGeneralForm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		if err := w.svc.Forms.Install(ctx, []byte(generalForm), "", now); err != nil {
			t.Fatal(err)
		}
		manager := w.role(t, "esihenkilo", "Helsingin kaupunki", access.Manager)
		admin := w.person(t, "hki-admin")
		admin.PlatformAdmin = true
		changed := []byte(strings.Replace(generalForm, `"fi": "Kuvaus"`, `"fi": "Hankkeen kuvaus"`, 1))

		if _, err := w.svc.Forms.Editable(ctx, manager, cases.GeneralForm); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a manager opens the general form: %v, want forbidden", err)
		}
		if _, err := w.svc.Forms.Save(ctx, manager, req, changed); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a manager saves the general form: %v, want forbidden", err)
		}
		if ok, err := w.svc.Forms.MayService(ctx, manager, cases.AllServices); err != nil || ok {
			t.Errorf("a manager may serve every service: %v %v", ok, err)
		}
		if _, err := w.svc.Forms.Save(ctx, admin, req, changed); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Forms.Publish(ctx, manager, req, cases.GeneralForm); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a manager publishes the admin's draft: %v, want forbidden", err)
		}
		v, err := w.svc.Forms.Publish(ctx, admin, req, cases.GeneralForm)
		if err != nil || v.Version != 2 {
			t.Fatalf("the admin publishes: %+v %v", v, err)
		}
		if n := audited(t, d, "form.save", cases.GeneralForm) + audited(t, d, "form.publish", cases.GeneralForm); n != 2 {
			t.Errorf("%d audit entries of the general form, want 2", n)
		}
		// Startup's install is the platform's own and stays unaudited.
		if n := audited(t, d, "form.save", "noise-test"); n != 0 {
			t.Errorf("installing was audited %d times", n)
		}
	})
}
