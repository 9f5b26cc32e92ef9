package obligations_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/obligations"
)

func TestFeedTokensArePerPersonAndRotate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		mine := w.add(t, w.maijaCase, obligations.Input{Kind: "annual_report", Due: "2026-04-30", EveryMonths: -1, RemindDays: -1})
		w.add(t, w.villeCase, obligations.Input{Kind: "noise_measurement", Due: "2026-04-30", EveryMonths: -1, RemindDays: -1})
		firm := w.add(t, w.companyCase, obligations.Input{Kind: "self_monitoring", Due: "2026-04-30", EveryMonths: -1, RemindDays: -1})

		if st, _ := w.svc.Feed(ctx, w.maija); st.Active {
			t.Fatal("a feed exists before it was made")
		}
		first, err := w.svc.RotateFeed(ctx, w.maija, req)
		if err != nil {
			t.Fatal(err)
		}
		f, err := w.svc.FeedByToken(ctx, first)
		if err != nil || f.Lang != "fi" || len(f.Obligations) != 1 || f.Obligations[0].ID != mine.ID {
			t.Fatalf("maija's feed = %+v, %v; want her one duty", f, err)
		}
		second, err := w.svc.RotateFeed(ctx, w.maija, req)
		if err != nil || second == first {
			t.Fatalf("rotate: %q, %v", second, err)
		}
		if _, err := w.svc.FeedByToken(ctx, first); errs.KindOf(err) != errs.NotFound {
			t.Errorf("the old address still answers: %v", err)
		}
		if _, err := w.svc.FeedByToken(ctx, second); err != nil {
			t.Errorf("the new address: %v", err)
		}
		villes, _ := w.svc.RotateFeed(ctx, w.ville, req)
		if f, _ := w.svc.FeedByToken(ctx, villes); len(f.Obligations) != 1 || f.Obligations[0].ID == mine.ID {
			t.Errorf("ville's feed holds %+v", f.Obligations)
		}
		company, _ := w.svc.RotateFeed(ctx, w.eero, req)
		if f, _ := w.svc.FeedByToken(ctx, company); len(f.Obligations) != 1 || f.Obligations[0].ID != firm.ID {
			t.Errorf("the company feed holds %+v", f.Obligations)
		}
		if _, err := d.Write.ExecContext(ctx, `DELETE FROM mandates WHERE person_id = 'p-eero'`); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.FeedByToken(ctx, company); errs.KindOf(err) != errs.NotFound {
			t.Errorf("the company feed answers after the mandate ended: %v", err)
		}
		if err := w.svc.StopFeed(ctx, w.maija, req); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.FeedByToken(ctx, second); errs.KindOf(err) != errs.NotFound {
			t.Errorf("a stopped feed answers: %v", err)
		}
		if _, err := w.svc.FeedByToken(ctx, "guess"); errs.KindOf(err) != errs.NotFound {
			t.Errorf("a guessed token: %v", err)
		}
	})
}

func TestTheICalendarOutputParses(t *testing.T) {
	long := strings.Repeat("Ympäristönsuojelulain mukainen vuosiraportti, ", 5)
	cal := obligations.Calendar{Name: "Luva: velvoitteet", Events: []obligations.Event{
		{UID: "a@luva", Stamp: time.Date(2026, 3, 1, 7, 0, 0, 0, time.UTC), Date: "2026-04-30", Summary: "Vuosiraportti; päästöt, 2026",
			Description: "Asia LUVA-2026-000001\nhttps://luva.example/fi/annual-clock\n" + long, URL: "https://luva.example/fi/annual-clock",
			EveryMonths: 12, RemindDays: 30, AlarmText: "Muistutus"},
		{UID: "b@luva", Stamp: time.Date(2026, 3, 1, 7, 0, 0, 0, time.UTC), Date: "2026-06-30", Summary: "Tarkkailu", EveryMonths: 3, RemindDays: 14, AlarmText: "x"},
		{UID: "c@luva", Stamp: time.Date(2026, 3, 1, 7, 0, 0, 0, time.UTC), Date: "2026-05-01", Summary: "Kerran"},
	}}
	var b bytes.Buffer
	if err := obligations.WriteICS(&b, cal); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasSuffix(out, "\r\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Fatal("lines do not all end in CRLF")
	}
	raw := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	for i, l := range raw {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a character: %q", i, l)
		}
	}
	events := parseICS(t, raw)
	if len(events) != 3 {
		t.Fatalf("%d events, want 3", len(events))
	}
	first := events[0]
	want := map[string]string{
		"UID": "a@luva", "DTSTAMP": "20260301T070000Z", "DTSTART;VALUE=DATE": "20260430", "RRULE": "FREQ=YEARLY",
		"SUMMARY": `Vuosiraportti\; päästöt\, 2026`, "VALARM/TRIGGER": "-P30D", "VALARM/ACTION": "DISPLAY",
	}
	for k, v := range want {
		if first[k] != v {
			t.Errorf("%s = %q, want %q", k, first[k], v)
		}
	}
	if !strings.Contains(first["DESCRIPTION"], `LUVA-2026-000001\nhttps://luva.example/fi/annual-clock\n`) || !strings.Contains(first["DESCRIPTION"], long[:40]) {
		t.Errorf("DESCRIPTION = %q", first["DESCRIPTION"])
	}
	if events[1]["RRULE"] != "FREQ=MONTHLY;INTERVAL=3" {
		t.Errorf("quarterly RRULE = %q", events[1]["RRULE"])
	}
	if _, ok := events[2]["RRULE"]; ok {
		t.Error("a one-off duty repeats")
	}
	if _, ok := events[2]["VALARM/TRIGGER"]; ok {
		t.Error("a duty without a reminder has an alarm")
	}
}

// parseICS unfolds content lines and reads each VEVENT's properties by
// name (with parameters), those of its VALARM as "VALARM/NAME".
func parseICS(t *testing.T, raw []string) []map[string]string {
	t.Helper()
	var lines []string
	for _, l := range raw {
		if strings.HasPrefix(l, " ") {
			if len(lines) == 0 {
				t.Fatal("the document starts with a continuation")
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Fatalf("not a calendar: %q … %q", lines[0], lines[len(lines)-1])
	}
	var out []map[string]string
	var cur map[string]string
	prefix := ""
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("line without a colon: %q", l)
		}
		switch {
		case l == "BEGIN:VEVENT":
			cur = map[string]string{}
		case l == "END:VEVENT":
			for _, req := range []string{"UID", "DTSTAMP", "DTSTART;VALUE=DATE", "SUMMARY"} {
				if cur[req] == "" {
					t.Errorf("event lacks %s", req)
				}
			}
			out = append(out, cur)
			cur = nil
		case l == "BEGIN:VALARM":
			prefix = "VALARM/"
		case l == "END:VALARM":
			prefix = ""
		case cur != nil:
			cur[prefix+name] = value
		}
	}
	return out
}
