package cases_test

import (
	"bytes"
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/errs"
)

func TestAnApplicationFromDraftToDecision(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		eero := w.actingFor(t, "eero", "Kesäjuhlat Oy", access.RightApply, access.RightView)
		saga := w.actingFor(t, "saga", "Kesäjuhlat Oy", access.RightView)
		maija := w.person(t, "maija")
		handler := w.role(t, "kasittelija", "Helsingin kaupunki", access.CaseHandler)
		tampere := w.role(t, "tre-kasittelija", "Tampereen kaupunki", access.CaseHandler)

		if _, err := w.svc.Start(ctx, eero, req, cases.StartInput{Service: "ta-noise-notification", Municipality: "698"}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("start where no demo authority serves: %v, want invalid", err)
		}
		if _, err := w.svc.Start(ctx, saga, req, cases.StartInput{Service: "ta-noise-notification", Municipality: "091"}); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("start with a view-only mandate: %v, want forbidden", err)
		}
		c, err := w.svc.Start(ctx, eero, req, cases.StartInput{Service: "ta-noise-notification", Municipality: "091", Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		if c.State != cases.Draft || c.FormID != "noise-test" || c.FormVersion != 1 || c.Authority != w.orgs["Helsingin kaupunki"] || c.Applicant != "Kesäjuhlat Oy" {
			t.Fatalf("new draft: %+v", c)
		}
		// A draft is the customer's alone: the authority sees nothing yet.
		if _, _, err := w.svc.Get(ctx, handler, c.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("the authority reads a draft: %v, want not found", err)
		}
		if _, _, err := w.svc.Get(ctx, maija, c.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("another customer reads the draft: %v, want not found", err)
		}
		if _, r, err := w.svc.Get(ctx, saga, c.ID); err != nil || r.Apply || !r.Customer {
			t.Errorf("saga views the company's draft: %+v %v", r, err)
		}

		if _, err := w.svc.SaveAnswers(ctx, eero, c.ID, map[string]any{"event_name": "Kesäjuhlat 2026", "db_level": 200.0}); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Submit(ctx, eero, req, c.ID, "")
		if e, ok := errs.As(err); !ok || e.Kind != errs.Invalid || e.Fields["db_level"] != "form.error.max" || e.Fields["site_plan"] != "form.error.required" {
			t.Fatalf("send with errors: %v", err)
		}
		// A disguised file is refused; a real one is taken.
		if _, err := w.svc.Files.Add(ctx, eero, req, c.ID, "site_plan", "plan.pdf", "application/pdf", bytes.NewReader(pngFile(t))); errs.KindOf(err) != errs.Invalid {
			t.Errorf("a PNG named .pdf: %v, want invalid", err)
		}
		if _, err := w.svc.Files.Add(ctx, eero, req, c.ID, "site_plan", "plan.txt", "text/plain", bytes.NewReader([]byte("just text, not allowed here"))); errs.KindOf(err) != errs.Invalid {
			t.Errorf("a type the slot does not take: %v, want invalid", err)
		}
		att, err := w.svc.Files.Add(ctx, eero, req, c.ID, "site_plan", "../asemapiirros.png", "image/png", bytes.NewReader(pngFile(t)))
		if err != nil {
			t.Fatal(err)
		}
		if att.Name != "asemapiirros.png" || att.ContentType != "image/png" || len(att.SHA256) != 64 {
			t.Errorf("attachment: %+v", att)
		}
		if _, err := w.svc.SaveAnswers(ctx, eero, c.ID, map[string]any{"event_name": "Kesäjuhlat 2026", "db_level": 85.0}); err != nil {
			t.Fatal(err)
		}

		// Two sends at once make one case with one number.
		var wg sync.WaitGroup
		sent := make([]cases.Case, 4)
		errList := make([]error, 4)
		for i := range sent {
			wg.Go(func() { sent[i], errList[i] = w.svc.Submit(ctx, eero, req, c.ID, "") })
		}
		wg.Wait()
		for i := range sent {
			if errList[i] != nil || sent[i].Number != sent[0].Number || sent[i].State != cases.Submitted {
				t.Fatalf("send %d: %+v %v", i, sent[i], errList[i])
			}
		}
		if sent[0].Number != "LUVA-2026-000001" {
			t.Errorf("first number of the year: %s", sent[0].Number)
		}
		var versions int
		if err := d.Read.QueryRowContext(ctx, `SELECT count(*) FROM case_versions WHERE case_id = $1`, c.ID).Scan(&versions); err != nil || versions != 1 {
			t.Errorf("versions after four sends: %d %v", versions, err)
		}
		if _, err := w.svc.SaveAnswers(ctx, eero, c.ID, map[string]any{"event_name": "changed"}); errs.KindOf(err) != errs.Conflict {
			t.Errorf("edit a sent application without starting a change: %v, want conflict", err)
		}

		// The authority of another municipality sees nothing; Helsinki's handler takes it.
		if _, _, err := w.svc.Get(ctx, tampere, c.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("Tampere reads Helsinki's case: %v", err)
		}
		w.days(2) // Wednesday
		if _, err := w.svc.Take(ctx, handler, req, c.ID); err != nil {
			t.Fatal(err)
		}
		w.days(1) // Thursday
		if _, err := w.svc.RequestCompletion(ctx, handler, req, c.ID, "", time.Time{}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("completion request without message: %v", err)
		}
		deadline := w.clock.Now().AddDate(0, 0, 14)
		if _, err := w.svc.RequestCompletion(ctx, handler, req, c.ID, "Please add the stage plan.", deadline); err != nil {
			t.Fatal(err)
		}
		w.days(7) // the next Thursday: five working days waiting for the customer
		if _, err := w.svc.Edit(ctx, eero, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.SaveAnswers(ctx, eero, c.ID, map[string]any{"event_name": "Kesäjuhlat 2026", "db_level": 80.0}); err != nil {
			t.Fatal(err)
		}
		got, err := w.svc.SendEdit(ctx, eero, req, c.ID, "Stage plan attached, level lowered.")
		if err != nil {
			t.Fatal(err)
		}
		if got.State != cases.Processing || got.Version != 2 {
			t.Errorf("after the supplement: %s v%d", got.State, got.Version)
		}
		w.days(4) // Monday
		if _, err := w.svc.Decide(ctx, handler, req, c.ID, cases.DecisionInput{Outcome: cases.Conditional, Body: "Noise notification processed.", Appeal: "Appeal in 30 days."}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("conditional decision without conditions: %v", err)
		}
		_, err = w.svc.Decide(ctx, handler, req, c.ID, cases.DecisionInput{Outcome: cases.Conditional, Body: "Noise notification processed.",
			Conditions: []string{"Music ends at 22:00."}, Appeal: "Appeal in 30 days.",
			Obligations: []cases.ObligationInput{{Title: "Noise measurement report", Due: w.clock.Now().AddDate(0, 2, 0)}}})
		if err != nil {
			t.Fatal(err)
		}
		det, err := w.svc.Detail(ctx, eero, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Mon 2.3. sent, Thu 5.3. paused, Thu 12.3. resumed, Mon 16.3. decided:
		// running (2.3.–5.3.] = 3 and (12.3.–16.3.] = 2; paused (5.3.–12.3.] = 5.
		if det.Timing.WorkingDays != 5 || det.Timing.PausedDays != 5 || det.Timing.Running {
			t.Errorf("timing: %+v", det.Timing)
		}
		if det.Decision == nil || det.Decision.Outcome != cases.Conditional || len(det.Obligations) != 1 || len(det.Versions) != 2 {
			t.Errorf("detail: decision %+v, obligations %d, versions %d", det.Decision, len(det.Obligations), len(det.Versions))
		}
		states := []cases.State{}
		for _, h := range det.History {
			states = append(states, h.To)
		}
		if !slices.Equal(states, []cases.State{cases.Submitted, cases.Processing, cases.Complement, cases.Processing, cases.Decided}) {
			t.Errorf("history: %v", states)
		}
		if ob, err := w.svc.Deadlines(ctx, saga, w.clock.Now()); err != nil || len(ob) != 1 {
			t.Errorf("company deadlines for saga: %v %v", ob, err)
		}
		if _, err := w.svc.Transition(ctx, eero, req, c.ID, cases.Final, ""); errs.KindOf(err) != errs.Conflict {
			t.Errorf("the customer makes the decision final: %v", err)
		}
		if _, err := w.svc.Transition(ctx, handler, req, c.ID, cases.Final, "no appeal within 30 days"); err != nil {
			t.Errorf("the handler makes it final: %v", err)
		}
	})
}

func TestEstimatesComeFromDecidedCasesOfTheService(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		maija := w.person(t, "maija")
		handler := w.role(t, "kasittelija", "Helsingin kaupunki", access.CaseHandler)
		send := func() cases.Case {
			t.Helper()
			c, err := w.svc.Start(ctx, maija, req, cases.StartInput{Service: "ta-noise-notification", Municipality: "091"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.svc.Files.Add(ctx, maija, req, c.ID, "site_plan", "plan.png", "image/png", bytes.NewReader(pngFile(t))); err != nil {
				t.Fatal(err)
			}
			if _, err := w.svc.SaveAnswers(ctx, maija, c.ID, map[string]any{"event_name": "Pihajuhlat", "db_level": 70.0}); err != nil {
				t.Fatal(err)
			}
			if c, err = w.svc.Submit(ctx, maija, req, c.ID, ""); err != nil {
				t.Fatal(err)
			}
			return c
		}
		// Six cases decided after 1, 2, ..., 6 weeks; Easter falls in between.
		var took []int
		for weeks := 1; weeks <= 6; weeks++ {
			c := send()
			sentAt := w.clock.Now()
			w.days(7 * weeks)
			took = append(took, w.svc.Calendar().WorkingDaysBetween(sentAt, w.clock.Now()))
			if _, err := w.svc.Decide(ctx, handler, req, c.ID, cases.DecisionInput{Outcome: cases.Granted, Body: "ok", Appeal: "30 days"}); err != nil {
				t.Fatal(err)
			}
		}
		c := send()
		det, err := w.svc.Detail(ctx, maija, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		e := det.Timing.Estimate
		slices.Sort(took) // nearest rank of six: the 3rd and the 5th
		if e == nil || !e.FromHistory || e.Samples != 6 || e.MedianDays != took[2] || e.P80Days != took[4] {
			t.Fatalf("estimate: %+v, processing times %v", e, took)
		}
		if want := w.svc.Calendar().AddWorkingDays(w.clock.Now(), took[2]); !e.Median.Equal(want) {
			t.Errorf("median date %v, want %v", e.Median, want)
		}
	})
}

func TestCaseNumbersAreNeverGivenTwice(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		maija := w.person(t, "maija")
		var ids []string
		for range 8 {
			c, err := w.svc.Start(ctx, maija, req, cases.StartInput{Service: "ta-noise-notification", Municipality: "091"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.svc.Files.Add(ctx, maija, req, c.ID, "site_plan", "plan.png", "", bytes.NewReader(pngFile(t))); err != nil {
				t.Fatal(err)
			}
			if _, err := w.svc.SaveAnswers(ctx, maija, c.ID, map[string]any{"event_name": "x", "db_level": 60.0}); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		var wg sync.WaitGroup
		numbers := make([]string, len(ids))
		for i, id := range ids {
			wg.Go(func() {
				c, err := w.svc.Submit(ctx, maija, req, id, "key-"+id)
				if err != nil {
					t.Error(err)
				}
				numbers[i] = c.Number
			})
		}
		wg.Wait()
		slices.Sort(numbers)
		if len(slices.Compact(slices.Clone(numbers))) != len(ids) || numbers[0] != "LUVA-2026-000001" || numbers[len(ids)-1] != "LUVA-2026-000008" {
			t.Errorf("numbers: %v", numbers)
		}
		// A retry with the same key returns the first case.
		again, err := w.svc.Submit(ctx, maija, req, ids[1], "key-"+ids[0])
		if err != nil || again.ID != ids[0] {
			t.Errorf("retry with the key of the first send: %s %v", again.ID, err)
		}
		// The folder pages and the authority list pages by key.
		entries, total, err := w.svc.Folder(ctx, maija, cases.FolderFilter{Group: cases.GroupOngoing, Limit: 5})
		if err != nil || total != 8 || len(entries) != 5 {
			t.Errorf("folder: %d of %d, %v", len(entries), total, err)
		}
		handler := w.role(t, "kasittelija", "Helsingin kaupunki", access.CaseHandler)
		org := w.orgs["Helsingin kaupunki"]
		first, err := w.svc.AuthorityList(ctx, handler, org, cases.ListFilter{Limit: 5})
		if err != nil || len(first.Cases) != 5 || first.Next == "" {
			t.Fatalf("first page: %d %q %v", len(first.Cases), first.Next, err)
		}
		second, err := w.svc.AuthorityList(ctx, handler, org, cases.ListFilter{Limit: 5, After: first.Next})
		if err != nil || len(second.Cases) != 3 || second.Next != "" {
			t.Errorf("second page: %d %q %v", len(second.Cases), second.Next, err)
		}
		if _, err := w.svc.AuthorityList(ctx, maija, org, cases.ListFilter{}); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a customer lists the authority's cases: %v", err)
		}
	})
}
