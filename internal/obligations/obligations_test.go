package obligations_test

import (
	"context"
	"testing"

	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/obligations"
)

func TestHandlersAddDutiesFromTheLawAndTheCustomerSeesThem(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		o := w.add(t, w.maijaCase, obligations.Input{Kind: "annual_report", Title: "Vuosiraportti 2026", Due: "2026-04-30", EveryMonths: -1, RemindDays: -1})
		if o.EveryMonths != 12 || o.RemindDays != 30 || o.Source != obligations.FromLaw || o.CaseNumber != "LUVA-2026-000001" {
			t.Errorf("the kind's defaults were not taken: %+v", o)
		}
		y, err := w.svc.ForParty(ctx, w.maija)
		if err != nil {
			t.Fatal(err)
		}
		if len(y.Open) != 1 || y.Open[0].ID != o.ID {
			t.Fatalf("maija's year = %+v, want her annual report", y.Open)
		}
		if y, _ := w.svc.ForParty(ctx, w.ville); len(y.Open) != 0 {
			t.Errorf("ville sees someone else's duties: %+v", y.Open)
		}
		year, err := w.svc.ForAuthority(ctx, w.handler, "hki", obligations.AuthorityFilter{})
		if err != nil || year.Total != 1 {
			t.Errorf("the authority's year = %+v, %v; want one duty", year, err)
		}
	})
}

func TestAddingADutyIsRefusedWithReasons(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		tests := []struct {
			name  string
			in    obligations.Input
			field string
		}{
			{"a kind the law does not set for the service", obligations.Input{Kind: "self_monitoring", Due: "2026-05-01", EveryMonths: -1, RemindDays: -1}, "kind"},
			{"a due date that has passed", obligations.Input{Kind: "annual_report", Due: "2026-02-01", EveryMonths: -1, RemindDays: -1}, "due"},
			{"a date that is no date", obligations.Input{Kind: "annual_report", Due: "30.4.2026", EveryMonths: -1, RemindDays: -1}, "due"},
			{"another duty without a name", obligations.Input{Kind: obligations.Other, Due: "2026-05-01", EveryMonths: 0, RemindDays: 7}, "title"},
			{"a recurrence not offered", obligations.Input{Kind: obligations.Other, Title: "x", Due: "2026-05-01", EveryMonths: 5, RemindDays: 7}, "every"},
			{"a reminder more than a year ahead", obligations.Input{Kind: obligations.Other, Title: "x", Due: "2026-05-01", EveryMonths: 0, RemindDays: 400}, "remind_days"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := w.svc.Add(ctx, w.handler, req, w.maijaCase, tt.in)
				e, ok := errs.As(err)
				if !ok || e.Kind != errs.Invalid || e.Fields[tt.field] == "" {
					t.Errorf("err = %v, want invalid %s", err, tt.field)
				}
			})
		}
		if _, err := w.svc.Add(ctx, w.stranger, req, w.maijaCase, obligations.Input{Kind: "annual_report", Due: "2026-05-01", EveryMonths: -1, RemindDays: -1}); errs.KindOf(err) != errs.NotFound {
			t.Errorf("another authority's handler adding: err = %v, want not found", err)
		}
		if _, err := w.svc.Add(ctx, w.maija, req, w.maijaCase, obligations.Input{Kind: "annual_report", Due: "2026-05-01", EveryMonths: -1, RemindDays: -1}); errs.KindOf(err) != errs.NotFound {
			t.Errorf("the customer adding: err = %v, want not found", err)
		}
	})
}

func TestDoneMovesARecurringDutyToItsNextOccurrence(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		yearly := w.add(t, w.maijaCase, obligations.Input{Kind: "annual_report", Due: "2026-03-31", EveryMonths: -1, RemindDays: -1})
		quarterly := w.add(t, w.maijaCase, obligations.Input{Kind: "monitoring_report", Due: "2026-03-31", EveryMonths: -1, RemindDays: -1})
		once := w.add(t, w.villeCase, obligations.Input{Kind: "noise_measurement", Due: "2026-03-20", EveryMonths: -1, RemindDays: -1})

		w.set("2026-03-25")
		if _, err := w.svc.Done(ctx, w.maija, req, yearly.ID, "2026-03-26"); errs.KindOf(err) != errs.Invalid {
			t.Errorf("done on a day still to come: err = %v, want invalid", err)
		}
		got, err := w.svc.Done(ctx, w.maija, req, yearly.ID, "2026-03-24")
		if err != nil {
			t.Fatal(err)
		}
		if got.Due != "2027-03-31" || !got.Open() {
			t.Errorf("after done the annual report is due %s (open %v), want 2027-03-31", got.Due, got.Open())
		}
		if got, _ := w.svc.Done(ctx, w.maija, req, quarterly.ID, "2026-03-25"); got.Due != "2026-06-30" {
			t.Errorf("the quarterly report moved to %s, want 2026-06-30", got.Due)
		}
		done, err := w.svc.Done(ctx, w.ville, req, once.ID, "2026-03-19")
		if err != nil || done.Open() {
			t.Fatalf("a one-off duty done: %+v, %v", done, err)
		}
		if again, err := w.svc.Done(ctx, w.ville, req, once.ID, "2026-03-19"); err != nil || again.Open() {
			t.Errorf("marking done twice: %+v, %v; want no change", again, err)
		}
		y, _ := w.svc.ForParty(ctx, w.ville)
		if len(y.Open) != 0 || len(y.Done) != 1 || y.Done[0].DoneOn != "2026-03-19" {
			t.Errorf("ville's year after done: open %+v, done %+v", y.Open, y.Done)
		}
		y, _ = w.svc.ForParty(ctx, w.maija)
		if len(y.Done) != 2 {
			t.Errorf("maija's done list = %+v, want both reports", y.Done)
		}
	})
}

func TestCustomersReachOnlyTheirOwnDuties(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		mine := w.add(t, w.maijaCase, obligations.Input{Kind: "annual_report", Due: "2026-04-30", EveryMonths: -1, RemindDays: -1})
		firm := w.add(t, w.companyCase, obligations.Input{Kind: "self_monitoring", Due: "2026-04-30", EveryMonths: -1, RemindDays: -1})
		if _, err := w.svc.Done(ctx, w.ville, req, mine.ID, "2026-03-01"); errs.KindOf(err) != errs.NotFound {
			t.Errorf("another customer marking done: err = %v, want not found", err)
		}
		if _, err := w.svc.Obligation(ctx, w.ville, mine.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("another customer reading: err = %v, want not found", err)
		}
		y, err := w.svc.ForParty(ctx, w.saga)
		if err != nil || len(y.Open) != 1 || y.Open[0].ID != firm.ID {
			t.Errorf("a view-only mandate sees %+v, %v; want the company's duty", y.Open, err)
		}
		if _, err := w.svc.Done(ctx, w.saga, req, firm.ID, "2026-03-01"); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a view-only mandate marking done: err = %v, want forbidden", err)
		}
		if _, err := w.svc.Done(ctx, w.eero, req, mine.ID, "2026-03-01"); errs.KindOf(err) != errs.NotFound {
			t.Errorf("acting for the company on maija's duty: err = %v, want not found", err)
		}
		if _, err := w.svc.ForAuthority(ctx, w.stranger, "hki", obligations.AuthorityFilter{}); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("another authority's year: err = %v, want forbidden", err)
		}
		if y, _ := w.svc.ForAuthority(ctx, w.stranger, "tre", obligations.AuthorityFilter{}); y.Total != 0 {
			t.Errorf("tre sees hki's customers' duties: %+v", y.Items)
		}
	})
}

func TestTheAuthorityYearFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		w.add(t, w.maijaCase, obligations.Input{Kind: "annual_report", Due: "2026-03-10", EveryMonths: -1, RemindDays: -1})
		w.add(t, w.companyCase, obligations.Input{Kind: "self_monitoring", Due: "2026-09-30", EveryMonths: -1, RemindDays: -1})
		w.add(t, w.villeCase, obligations.Input{Kind: obligations.Other, Title: "Mittausraportti", Due: "2028-01-01", EveryMonths: 0, RemindDays: 7})
		w.set("2026-03-15")
		tests := []struct {
			name string
			f    obligations.AuthorityFilter
			want int
		}{
			{"everything within a year", obligations.AuthorityFilter{}, 2},
			{"only overdue", obligations.AuthorityFilter{Overdue: true}, 1},
			{"by service", obligations.AuthorityFilter{Service: "m-food-premises-notification"}, 1},
			{"by kind", obligations.AuthorityFilter{Kind: "annual_report"}, 1},
			{"by case number", obligations.AuthorityFilter{Query: "000003"}, 1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				y, err := w.svc.ForAuthority(ctx, w.handler, "hki", tt.f)
				if err != nil || y.Total != tt.want || len(y.Items) != tt.want {
					t.Errorf("got %d (%d items), %v; want %d", y.Total, len(y.Items), err, tt.want)
				}
			})
		}
	})
}

func TestAddMonthsKeepsToTheMonthsEnd(t *testing.T) {
	tests := []struct {
		day  string
		n    int
		want string
	}{
		{"2026-01-31", 1, "2026-02-28"},
		{"2028-02-29", 12, "2029-02-28"},
		{"2026-03-31", 3, "2026-06-30"},
		{"2026-11-15", 3, "2027-02-15"},
		{"2026-05-01", -12, "2025-05-01"},
	}
	for _, tt := range tests {
		if got := obligations.AddMonths(tt.day, tt.n); got != tt.want {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", tt.day, tt.n, got, tt.want)
		}
	}
}
