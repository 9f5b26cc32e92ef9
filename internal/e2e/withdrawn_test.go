package e2e

import (
	"encoding/json"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/luva-fi/luva/internal/cases"
)

// TestBrowserDraftOfAWithdrawnFormMovesOn follows a draft whose form version
// is withdrawn while it waits: the customer is told so in her language,
// nothing she typed is lost, and one button moves the draft to the newest
// version of the form.
func TestBrowserDraftOfAWithdrawnFormMovesOn(t *testing.T) {
	s := newSuite(t)
	a := s.app
	ctx := t.Context()
	maija := authorityPrincipal(t, a, "maija")
	admin := authorityPrincipal(t, a, "paakayttaja")

	draft, err := a.Cases.Start(ctx, maija, authorityRequest, cases.StartInput{Service: "ta-noise-notification", Municipality: "091", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Cases.SaveAnswers(ctx, maija, draft.ID, map[string]any{"event_name": "Garden concert"}); err != nil {
		t.Fatal(err)
	}
	// A new version is published, and the one the draft is on withdrawn.
	cur, err := a.Cases.Forms.Published(ctx, draft.FormID)
	if err != nil {
		t.Fatal(err)
	}
	var def map[string]any
	if err := json.Unmarshal(cur.Definition, &def); err != nil {
		t.Fatal(err)
	}
	def["title"].(map[string]any)["en"] = "Noise notification (2027)"
	next, err := json.Marshal(def)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Cases.Forms.Install(ctx, next, cur.OwnerOrg, cur.CreatedAt); err != nil {
		t.Fatal(err)
	}
	if err := a.Cases.Forms.Withdraw(ctx, admin, authorityRequest, draft.FormID, draft.FormVersion); err != nil {
		t.Fatal(err)
	}

	tab := s.isolatedTab(t)
	s.signInAs(tab, t, "en", "maija", "/en/applications/"+draft.ID+"/pages/1")
	contains(tab, t, "main", "has been withdrawn", "your answers are kept")
	s.screenshot(tab, t, "apply-withdrawn-en")
	s.scanAccessibility(tab, t)
	do(tab, t, "move the draft to the newest form", chromedp.Click(chromedp.CSS("main form[action$='/move-form'] button")))
	waitPath(tab, t, "done=apply_form_moved")
	s.scanAccessibility(tab, t)

	c, _, err := a.Cases.Get(ctx, maija, draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.FormVersion == draft.FormVersion || c.Answers["event_name"] != "Garden concert" {
		t.Errorf("after the move: form version %d (was %d), answers %v; want the newer version and the answers kept", c.FormVersion, draft.FormVersion, c.Answers)
	}
}
