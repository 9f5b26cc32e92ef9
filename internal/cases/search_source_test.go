package cases_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/search"
)

func TestCasesAreFoundOnlyByTheirParties(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		maija := w.person(t, "maija")
		anna := w.person(t, "anna")
		handler := w.role(t, "kasittelija", "Helsingin kaupunki", access.CaseHandler)
		tampere := w.role(t, "tre-kasittelija", "Tampereen kaupunki", access.CaseHandler)

		draft, err := w.svc.Start(ctx, maija, req, cases.StartInput{Service: "ta-noise-notification", Municipality: "091", Lang: "fi"})
		if err != nil {
			t.Fatal(err)
		}
		ix, err := search.OpenMemory()
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		find := func(p access.Principal) int {
			t.Helper()
			res, err := ix.Search(ctx, search.Query{Text: "meluilmoitus", Lang: "fi", Types: []string{"case"}, Viewer: p.Parties()})
			if err != nil {
				t.Fatal(err)
			}
			return res.Total
		}
		if _, err := ix.Rebuild(ctx, cases.SearchSource{DB: d}); err != nil {
			t.Fatal(err)
		}
		if find(maija) != 1 || find(anna) != 0 || find(handler) != 0 {
			t.Errorf("a draft: maija %d, anna %d, handler %d; want 1, 0, 0", find(maija), find(anna), find(handler))
		}
		if _, err := w.svc.Files.Add(ctx, maija, req, draft.ID, "site_plan", "plan.png", "", bytes.NewReader(pngFile(t))); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.SaveAnswers(ctx, maija, draft.ID, map[string]any{"event_name": "Pihakonsertti", "db_level": 75.0}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Submit(ctx, maija, req, draft.ID, ""); err != nil {
			t.Fatal(err)
		}
		docs, err := cases.SearchSource{DB: d}.Documents(ctx, "case", draft.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Replace(ctx, "case", draft.ID, docs...); err != nil {
			t.Fatal(err)
		}
		if find(maija) != 1 || find(handler) != 1 || find(tampere) != 0 || find(anna) != 0 {
			t.Errorf("sent: maija %d, handler %d, tampere %d, anna %d; want 1, 1, 0, 0", find(maija), find(handler), find(tampere), find(anna))
		}
	})
}
