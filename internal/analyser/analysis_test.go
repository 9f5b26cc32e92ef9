package analyser_test

import (
	"context"
	"slices"
	"testing"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/errs"
)

func TestCustomersKeepTheirOwnAnalysesAndUndertakings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		q, err := w.svc.ForBundle(ctx, "Ta")
		if err != nil {
			t.Fatal(err)
		}
		maija := w.person(t, "maija")
		anna := w.person(t, "anna")
		eero := w.actingFor(t, "eero", "Kesäjuhlat Oy", access.RightApply, access.RightView, access.RightManage)
		saga := w.actingFor(t, "saga", "Kesäjuhlat Oy", access.RightView)
		eeroSelf := w.person(t, "eero")

		if _, err := w.svc.Save(ctx, access.Anonymous, req, q, festival("091"), nil); errs.KindOf(err) != errs.Unauthenticated {
			t.Errorf("anonymous save: %v, want unauthenticated", err)
		}
		if _, err := w.svc.Save(ctx, maija, req, q, analyser.Answers{"attendance": {"lots"}}, nil); errs.KindOf(err) != errs.Invalid {
			t.Errorf("save with an unreadable answer: %v, want invalid", err)
		}
		// Stopping early and picking by hand is fine; unknown or other bundles' services are dropped.
		early, err := w.svc.Save(ctx, maija, req, q, analyser.Answers{"public": {"yes"}}, []string{"ta-lottery", "k-mining-permit", "ta-lottery", "nosuch"})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(early.Picked, []string{"ta-lottery"}) || len(early.Findings) != 1 {
			t.Errorf("early save: picked %v, findings %v", early.Picked, early.Findings)
		}
		o, err := w.svc.AnalysisOutcome(ctx, early)
		if err != nil || len(o.With(analyser.Picked)) != 1 || o.Items[0].Handled {
			t.Errorf("outcome of the early save: %+v %v (no municipality: nobody local handles it)", o, err)
		}

		if got, err := w.svc.SavedAnalysis(ctx, maija, early.ID); err != nil || got.ID != early.ID {
			t.Errorf("maija reads her analysis: %v", err)
		}
		for name, p := range map[string]access.Principal{"anna": anna, "eero for his company": eero, "anonymous": access.Anonymous} {
			if _, err := w.svc.SavedAnalysis(ctx, p, early.ID); errs.KindOf(err) != errs.NotFound {
				t.Errorf("%s reads maija's analysis: %v, want not found", name, err)
			}
		}

		// An analysis saved for a company belongs to it.
		company, err := w.svc.Save(ctx, eero, req, q, festival("091"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if company.ActingFor == "" || company.Start != "2026-06-23" || company.Municipality != "091" {
			t.Errorf("company analysis %+v", company)
		}
		if _, err := w.svc.SavedAnalysis(ctx, saga, company.ID); err != nil {
			t.Errorf("saga, who may view the company's matters, reads its analysis: %v", err)
		}
		if _, err := w.svc.SavedAnalysis(ctx, eeroSelf, company.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("eero acting for himself reads the company's analysis: %v", err)
		}
		if _, err := w.svc.Save(ctx, saga, req, q, festival("091"), nil); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("saga saves for the company without the right to apply: %v", err)
		}
		if list, err := w.svc.Analyses(ctx, saga); err != nil || len(list) != 1 {
			t.Errorf("the company's analyses: %d %v", len(list), err)
		}

		// Starting an undertaking.
		_, err = w.svc.Start(ctx, eero, req, analyser.StartInput{AnalysisID: company.ID, Name: " ", Services: nil})
		if e, ok := errs.As(err); !ok || e.Fields["name"] != "analyser.error.name" || e.Fields["services"] != "analyser.error.no_services" {
			t.Errorf("start without a name and services: %v", err)
		}
		chosen := []string{"ta-public-event-notice", "ta-rescue-plan", "ta-waste-plan", "ta-lottery"}
		u, err := w.svc.Start(ctx, eero, req, analyser.StartInput{AnalysisID: company.ID, Name: "Kesäjuhlat 2026", Services: chosen})
		if err != nil {
			t.Fatal(err)
		}
		var certainties []string
		for _, s := range u.Services {
			certainties = append(certainties, s.Service+"="+s.Certainty)
		}
		want := []string{"ta-public-event-notice=certain", "ta-rescue-plan=certain", "ta-waste-plan=possible", "ta-lottery=picked"}
		if !slices.Equal(certainties, want) || u.AnalysisID != company.ID || u.Start != "2026-06-23" {
			t.Errorf("undertaking services %v, want %v", certainties, want)
		}
		if _, err := w.svc.OwnUndertaking(ctx, maija, u.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("maija reads the company's undertaking: %v", err)
		}
		if _, err := w.svc.Start(ctx, maija, req, analyser.StartInput{AnalysisID: company.ID, Name: "x", Services: chosen}); errs.KindOf(err) != errs.NotFound {
			t.Errorf("maija starts from the company's analysis: %v", err)
		}
		uo, err := w.svc.UndertakingOutcome(ctx, u)
		if err != nil || len(uo.Items) != 4 || uo.Items[0].Handler.Name == "" || len(uo.Items[0].Reasons) == 0 {
			t.Errorf("undertaking outcome %+v %v", uo, err)
		}

		// Starting straight from answers saves them too, in one go.
		direct, err := w.svc.Start(ctx, maija, req, analyser.StartInput{Questionnaire: q, Answers: festival("837"), Name: "Tampereen juhlat",
			Services: []string{"ta-public-event-notice"}})
		if err != nil || direct.Municipality != "837" || direct.AnalysisID == "" {
			t.Fatalf("start from answers: %+v %v", direct, err)
		}
		if list, _ := w.svc.Analyses(ctx, maija); len(list) != 2 {
			t.Errorf("maija has %d analyses, want 2", len(list))
		}
		if list, _ := w.svc.Undertakings(ctx, maija); len(list) != 1 || list[0].ID != direct.ID {
			t.Errorf("maija's undertakings %v", list)
		}
		var audited, events int
		_ = d.Read.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action IN ('analysis.save', 'undertaking.start')`).Scan(&audited)
		_ = d.Read.QueryRowContext(ctx, `SELECT count(*) FROM events WHERE topic = 'undertaking.started'`).Scan(&events)
		if audited != 5 || events != 2 {
			t.Errorf("%d audit entries and %d events, want 5 and 2", audited, events)
		}
	})
}
