package cases_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
)

// The authority's list finds words in titles and applicants' names: parts
// of words, in any case (Ä and Ö too), pages of them by key, and nothing for
// words no case has. On SQLite rare words are looked up in the trigram
// index, which follows changes to the cases; short words and common ones
// are read from the list in order, on both databases.
func TestTheCaseListFindsWordsInTitlesAndNames(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		maija := w.person(t, "maija")
		var sent []cases.Case
		for range 7 {
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
			if c, err = w.svc.Submit(ctx, maija, req, c.ID, ""); err != nil {
				t.Fatal(err)
			}
			sent = append(sent, c)
		}
		// One applicant renamed with letters SQLite's lower() leaves alone.
		if _, err := d.Write.ExecContext(ctx, `UPDATE cases SET applicant_name = 'Åsa Öberg' WHERE id = $1`, sent[0].ID); err != nil {
			t.Fatal(err)
		}
		handler := w.role(t, "kasittelija", "Helsingin kaupunki", access.CaseHandler)
		org := w.orgs["Helsingin kaupunki"]
		list := func(f cases.ListFilter) cases.List {
			t.Helper()
			l, err := w.svc.AuthorityList(ctx, handler, org, f)
			if err != nil {
				t.Fatalf("list %+v: %v", f, err)
			}
			return l
		}
		title := sent[1].Title
		part := strings.ToUpper(string([]rune(title)[2:7]))
		surname := strings.Fields(sent[1].Applicant)
		for _, tc := range []struct {
			q    string
			want int
		}{
			{part, 7},                            // a part of the title, in capitals
			{surname[len(surname)-1], 6},         // the other six applicants
			{"ÖBERG", 1},                         // Ö in capitals against Ö in the name
			{"åsa ö", 1},                         // across a space
			{"rg", 1},                            // too short for trigrams
			{"zzqx", 0},                          // no case has it
			{`"Öberg`, 0},                        // a quote is a letter like any other
			{strings.ToLower(sent[3].Number), 1}, // a case number, by key
		} {
			if got := list(cases.ListFilter{Query: tc.q}); len(got.Cases) != tc.want {
				t.Errorf("search %q: %d cases, want %d", tc.q, len(got.Cases), tc.want)
			}
		}
		first := list(cases.ListFilter{Query: part, Limit: 4})
		second := list(cases.ListFilter{Query: part, Limit: 4, After: first.Next})
		if len(first.Cases) != 4 || first.Next == "" || len(second.Cases) != 3 || second.Next != "" {
			t.Errorf("pages of %q: %d (next %q) and %d (next %q), want 4 and 3", part, len(first.Cases), first.Next, len(second.Cases), second.Next)
		}
		if len(first.Cases) == 4 && len(second.Cases) > 0 && !first.Cases[3].SubmittedAt.Before(*second.Cases[0].SubmittedAt) &&
			first.Cases[3].ID >= second.Cases[0].ID {
			t.Errorf("the second page does not follow the first")
		}
	})
}
