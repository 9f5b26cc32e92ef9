package analyser_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/demo"
	"github.com/luva-fi/luva/internal/workdays"
)

// festival is a two-day outdoor festival with food stalls, alcohol, a
// fireworks display and amplified music, for 3,000 people at a time.
func festival(municipality string) analyser.Answers {
	return analyser.Answers{
		"kind": {"festival"}, "public": {"yes"}, "setting": {"outdoors"}, "attendance": {"3000"},
		"municipality": {municipality}, "start": {"2026-06-23"}, "days": {"2"},
		"activities": {"food", "alcohol", "fireworks", "amplified_music"}, "fireworks_kind": {"display"},
	}
}

func TestTheFestivalGetsWhatAnEventOfficialWouldList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		q, err := w.svc.ForBundle(ctx, "Ta")
		if err != nil || q.ID != demo.EventQuestionnaireID {
			t.Fatalf("the Ta questionnaire: %v %v", q.ID, err)
		}
		hki, err := w.svc.Analyse(ctx, q, festival("091"), nil)
		if err != nil {
			t.Fatal(err)
		}
		tre, err := w.svc.Analyse(ctx, q, festival("837"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(hki.Failed) > 0 {
			t.Errorf("rules failed: %v", hki.Failed)
		}

		wantCertain := []string{"ta-public-event-notice", "ta-noise-notification", "ta-rescue-plan", "ta-fireworks-display",
			"ta-food-sales-notice", "ta-large-event-health", "ta-alcohol-serving"}
		wantPossible := []string{"ta-waste-plan"}
		ids := func(items []analyser.Item) []string {
			var out []string
			for _, it := range items {
				out = append(out, it.Service.ID)
			}
			slices.Sort(out)
			return out
		}
		for _, o := range []analyser.Outcome{hki, tre} {
			if got, want := ids(o.With(analyser.Certain)), slices.Sorted(slices.Values(wantCertain)); !slices.Equal(got, want) {
				t.Errorf("%s: certainly needed %v, want %v", o.Municipality, got, want)
			}
			if got := ids(o.With(analyser.Possible)); !slices.Equal(got, wantPossible) {
				t.Errorf("%s: possibly needed %v, want %v", o.Municipality, got, wantPossible)
			}
		}

		// Deadlines are counted back from the start: in calendar days, or in
		// working days where the law says so (Midsummer Eve 19 June 2026 is no
		// working day), earliest first within each certainty.
		start := time.Date(2026, 6, 23, 0, 0, 0, 0, time.UTC)
		seeds, err := demo.ServiceSeeds()
		if err != nil {
			t.Fatal(err)
		}
		cal := workdays.New()
		day := func(t time.Time) string { return t.In(helsinki).Format("2006-01-02") }
		want := map[string]string{}
		for _, s := range seeds {
			if s.LeadTime.WorkingDays {
				want[s.ID] = day(cal.AddWorkingDays(start, -s.LeadTime.Days))
			} else {
				want[s.ID] = day(start.AddDate(0, 0, -s.LeadTime.Days))
			}
		}
		fixed := map[string]string{"ta-public-event-notice": "2026-06-18", "ta-noise-notification": "2026-05-24",
			"ta-rescue-plan": "2026-06-09", "ta-food-sales-notice": "2026-06-16"}
		for id, d := range fixed {
			if want[id] != d {
				t.Fatalf("the catalogue's lead time of %s gives %s, want %s", id, want[id], d)
			}
		}
		var previous time.Time
		for i, it := range hki.Items {
			if got := day(it.Deadline); got != want[it.Service.ID] {
				t.Errorf("%s: deadline %s, want %s", it.Service.ID, got, want[it.Service.ID])
			}
			if it.Late {
				t.Errorf("%s is late on %s", it.Service.ID, now)
			}
			if i > 0 && it.Certainty == hki.Items[i-1].Certainty && it.Deadline.Before(previous) {
				t.Errorf("%s comes after a later deadline", it.Service.ID)
			}
			previous = it.Deadline
			if len(it.Reasons) == 0 || it.Reasons[0].Texts.In("sv") == "" || len(it.Service.LegalBasis) == 0 {
				t.Errorf("%s lacks a reason or a legal basis: %+v", it.Service.ID, it)
			}
		}

		// The same answers in Tampere: the local authorities change, the national ones stay.
		handlers := func(o analyser.Outcome) map[string]string {
			m := map[string]string{}
			for _, it := range o.Items {
				if !it.Handled {
					t.Errorf("%s: nobody handles %s", o.Municipality, it.Service.ID)
				}
				m[it.Service.ID] = it.Handler.Name
			}
			return m
		}
		wantHki := map[string]string{"ta-public-event-notice": "Helsingin poliisilaitos", "ta-fireworks-display": "Helsingin poliisilaitos",
			"ta-rescue-plan": "Helsingin pelastuslaitos", "ta-noise-notification": "Helsingin kaupunki", "ta-food-sales-notice": "Helsingin kaupunki",
			"ta-large-event-health": "Helsingin kaupunki", "ta-waste-plan": "Helsingin kaupunki", "ta-alcohol-serving": "Etelä-Suomen aluehallintovirasto"}
		wantTre := map[string]string{"ta-public-event-notice": "Sisä-Suomen poliisilaitos", "ta-fireworks-display": "Sisä-Suomen poliisilaitos",
			"ta-rescue-plan": "Pirkanmaan pelastuslaitos", "ta-noise-notification": "Tampereen kaupunki", "ta-food-sales-notice": "Tampereen kaupunki",
			"ta-large-event-health": "Tampereen kaupunki", "ta-waste-plan": "Tampereen kaupunki", "ta-alcohol-serving": "Länsi- ja Sisä-Suomen aluehallintovirasto"}
		if got := handlers(hki); !maps.Equal(got, wantHki) {
			t.Errorf("Helsinki handlers %v\nwant %v", got, wantHki)
		}
		if got := handlers(tre); !maps.Equal(got, wantTre) {
			t.Errorf("Tampere handlers %v\nwant %v", got, wantTre)
		}
	})
}

var helsinki = func() *time.Location {
	l, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		panic(err)
	}
	return l
}()

func TestEveryDemoQuestionnaireIsValidAgainstTheDemoCatalogue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		qs, err := w.svc.Published(ctx, "")
		if err != nil || len(qs) != 2 {
			t.Fatalf("published questionnaires: %d %v", len(qs), err)
		}
		for _, q := range qs {
			ps, err := w.svc.Validate(ctx, q)
			if err != nil || len(ps) > 0 {
				t.Errorf("%s (%s): %v %v", q.Titles.In("en"), q.Bundle, keys(ps), err)
			}
			for _, x := range q.Questions {
				for _, lang := range []string{"fi", "sv", "en"} {
					if x.Labels[lang] == "" {
						t.Errorf("%s: question %s has no %s label", q.Bundle, x.ID, lang)
					}
					for _, o := range x.Options {
						if o.Labels[lang] == "" {
							t.Errorf("%s: option %s.%s has no %s label", q.Bundle, x.ID, o.Value, lang)
						}
					}
				}
			}
			for _, r := range q.Rules {
				for _, lang := range []string{"fi", "sv", "en"} {
					if r.Reasons[lang] == "" {
						t.Errorf("%s: rule %s has no %s reason", q.Bundle, r.ID, lang)
					}
				}
			}
		}
	})
}
