package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/db/dbtest"
)

// TestAnalyserPreAnswersFromTheBusinessRegister runs the analyser 2.0 path
// against a local stand-in for PRH's open data API that answers with a
// recorded restaurant in Helsinki.
func TestAnalyserPreAnswersFromTheBusinessRegister(t *testing.T) {
	const recordedID = "3067891-2"
	fixture, err := os.ReadFile("../registers/prh/testdata/restaurant_helsinki.json")
	if err != nil {
		t.Fatal(err)
	}
	prh := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/companies") || r.URL.Query().Get("businessId") == "" {
			http.NotFound(w, r)
			return
		}
		// The recorded company, under the business ID asked for.
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(strings.ReplaceAll(string(fixture), recordedID, r.URL.Query().Get("businessId"))))
	}))
	defer prh.Close()

	cfg := dbtest.Config(t, dialects()[0])
	a, err := app.Open(context.Background(), app.Config{DataDir: t.TempDir(), DatabaseURL: cfg.URL, Demo: true, Version: "test", PRHURL: prh.URL})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close(context.Background())
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	w := &demoWorld{a: a, srv: srv}
	orgs, _ := a.People.Organisations(context.Background(), "company")
	for _, o := range orgs {
		if o.Name == "Kesäjuhlat Oy" {
			w.eventCo = o
		}
	}

	eero := signIn(t, srv, "eero")
	eero.send("PUT", "/api/v1/me/acting-for", `{"organisation_id":"`+w.eventCo.ID+`"}`)
	res, _ := eero.send("GET", "/fi/analyser/Ta/prefill", "")
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("prefill answered %d, want a redirect into the analyser", res.StatusCode)
	}
	for _, want := range []string{"a_municipality=091", "known_municipality=prh", "a_activities=food", "prefill=done"} {
		if !strings.Contains(loc, want) {
			t.Errorf("the walk %q lacks %s", loc, want)
		}
	}
	res, body := eero.send("GET", loc, "")
	if res.StatusCode != 200 || !strings.Contains(body, "täytettiin valmiiksi") {
		t.Errorf("the first page (%d) does not say that answers were filled in", res.StatusCode)
	}
	res, body = eero.send("GET", loc+"&step=1", "")
	if res.StatusCode != 200 || !strings.Contains(body, "yritys- ja yhteisötietojärjestelmässä") {
		t.Errorf("the page of the municipality question (%d) does not say where its answer came from", res.StatusCode)
	}

	// Acting for themself, a person gets nothing from the register.
	maija := signIn(t, srv, "maija")
	res, _ = maija.send("GET", "/fi/analyser/Ta/prefill", "")
	if loc := res.Header.Get("Location"); !strings.Contains(loc, "prefill=none") || strings.Contains(loc, "known_") {
		t.Errorf("a private person's walk %q; want nothing pre-answered", loc)
	}
}

func TestSavingInvalidAnswersKeepsThemAndExplains(t *testing.T) {
	w := openDemoWorld(t, "sqlite")
	maija := signIn(t, w.srv, "maija")
	res, body := maija.send("POST", "/fi/analyser/Ta/save", "a_attendance=paljon&a_municipality=091")
	if res.StatusCode != 422 || !strings.Contains(body, "Kaikki vastaukset eivät kelpaa") || !strings.Contains(body, "a_municipality") {
		t.Errorf("invalid answers: %d; want 422 with the explanation and the answers kept", res.StatusCode)
	}
}
