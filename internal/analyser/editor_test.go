package analyser_test

import (
	"context"
	"slices"
	"testing"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/demo"
	"github.com/luva-fi/luva/internal/errs"
)

func keys(ps analyser.Problems) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Field()+"="+p.Key)
	}
	return out
}

func TestEditorsBuildAndPublishOnBothDatabases(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		editor := w.role(t, "sisalto", "Helsingin kaupunki", access.ContentEditor)
		manager := w.role(t, "esihenkilo", "Helsingin kaupunki", access.Manager)
		tampere := w.role(t, "tre-admin", "Tampereen kaupunki", access.ContentEditor)
		customer := w.person(t, "maija")

		listed, err := w.svc.Editable(ctx, editor)
		if err != nil || len(listed) != 2 {
			t.Fatalf("the Helsinki editor's questionnaires: %d, %v; want the two demo ones", len(listed), err)
		}
		if other, _ := w.svc.Editable(ctx, tampere); len(other) != 0 {
			t.Errorf("a Tampere editor lists %d Helsinki questionnaires", len(other))
		}
		for name, p := range map[string]access.Principal{"a customer": customer, "another city's editor": tampere} {
			if _, err := w.svc.Draft(ctx, p, demo.EventQuestionnaireID); errs.KindOf(err) != errs.Forbidden {
				t.Errorf("%s opens the builder: %v, want forbidden", name, err)
			}
		}

		q, err := w.svc.Draft(ctx, editor, demo.EventQuestionnaireID)
		if err != nil || q.State != analyser.StatePublished || q.Version != 1 {
			t.Fatalf("draft: v%d %s %v", q.Version, q.State, err)
		}
		if ps, err := w.svc.Validate(ctx, q); err != nil || len(ps) != 0 {
			t.Fatalf("the demo questionnaire has problems: %v %v", keys(ps), err)
		}

		// A broken expression is refused with where and why.
		broken := q
		broken.Rules = slices.Clone(q.Rules)
		broken.Rules[2].Expr = "'amplified_music' in activities &&\n  setting = 'outdoors'"
		_, err = w.svc.SaveDraft(ctx, editor, req, broken)
		ps := analyser.ProblemsOf(err)
		if errs.KindOf(err) != errs.Invalid || len(ps) != 1 || ps[0].Field() != "rule2_expr" || ps[0].Line != 2 || ps[0].Column != 11 {
			t.Fatalf("saving a broken rule: %v %+v", err, ps)
		}
		if _, err := w.svc.SaveDraft(ctx, manager, req, q); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a manager saves a draft: %v, want forbidden (managers publish, editors edit)", err)
		}

		// A rule pointing at an unknown service is saved but flagged, and publishing is refused.
		q.Rules[0].Service = "ta-no-such-service"
		if _, err := d.Write.ExecContext(ctx, `UPDATE services SET state = 'withdrawn' WHERE id = $1`, q.Rules[1].Service); err != nil {
			t.Fatal(err)
		}
		saved, err := w.svc.SaveDraft(ctx, editor, req, q)
		if err != nil || saved.Version != 2 || saved.State != analyser.StateDraft {
			t.Fatalf("save: v%d %s %v", saved.Version, saved.State, err)
		}
		ps, err = w.svc.Validate(ctx, saved)
		if err != nil {
			t.Fatal(err)
		}
		got := keys(ps)
		for _, want := range []string{"rule0_service=analyser.problem.service_unknown", "rule1_service=analyser.problem.service_withdrawn"} {
			if !slices.Contains(got, want) {
				t.Errorf("problems %v lack %s", got, want)
			}
		}
		if _, err := w.svc.Publish(ctx, manager, req, q.ID); errs.KindOf(err) != errs.Invalid || len(analyser.ProblemsOf(err)) != 2 {
			t.Errorf("publishing the flagged draft: %v", err)
		}
		if _, err := d.Write.ExecContext(ctx, `UPDATE services SET state = 'published' WHERE id = $1`, q.Rules[1].Service); err != nil {
			t.Fatal(err)
		}
		// Customers still answer version 1.
		if live, err := w.svc.ForBundle(ctx, "Ta"); err != nil || live.Version != 1 || live.Rules[0].Service != "ta-public-event-notice" {
			t.Errorf("customers see v%d %v", live.Version, err)
		}

		// Mended, the draft changes in place and the manager publishes it.
		saved.Rules[0].Service = "ta-public-event-notice"
		again, err := w.svc.SaveDraft(ctx, editor, req, saved)
		if err != nil || again.Version != 2 {
			t.Fatalf("save again: v%d %v", again.Version, err)
		}
		if _, err := w.svc.Publish(ctx, customer, req, q.ID); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a customer publishes: %v", err)
		}
		if _, err := w.svc.Publish(ctx, manager, req, q.ID); err != nil {
			t.Fatal(err)
		}
		if live, err := w.svc.ForBundle(ctx, "Ta"); err != nil || live.Version != 2 || live.State != analyser.StatePublished {
			t.Errorf("after publishing customers see v%d %s %v", live.Version, live.State, err)
		}
		if _, err := w.svc.Publish(ctx, manager, req, q.ID); errs.KindOf(err) != errs.Conflict {
			t.Errorf("publishing twice: %v, want conflict", err)
		}
		if old, err := w.svc.Version(ctx, q.ID, 1); err != nil || old.State != analyser.StateSuperseded {
			t.Errorf("version 1 is %s %v, want superseded", old.State, err)
		}

		// A new questionnaire for another bundle.
		created, err := w.svc.Create(ctx, editor, req, "M", editor.Grants[0].OrganisationID, analyser.Texts{"fi": "Maatila"})
		if err != nil || created.Version != 1 || created.State != analyser.StateDraft {
			t.Fatalf("create: %+v %v", created, err)
		}
		if _, err := w.svc.Create(ctx, editor, req, "X", editor.Grants[0].OrganisationID, analyser.Texts{"fi": "X"}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("create for an unknown bundle: %v", err)
		}
		var audited int
		if err := d.Read.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action LIKE 'questionnaire.%'`).Scan(&audited); err != nil || audited != 4 {
			t.Errorf("%d questionnaire audit entries (%v), want 4: two drafts, one publish, one create", audited, err)
		}
	})
}
