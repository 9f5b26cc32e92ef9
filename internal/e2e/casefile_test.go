package e2e

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/demo"
)

// TestBrowserCaseFile drives the customer's side of a case in headless
// Chromium: the transaction folder with its tabs, search and empty state,
// the case page with its history, processing time, estimate, decision,
// messages and partners, a supplement begun and discarded, a draft deleted,
// and an undertaking's applications. The cases are prepared through the
// case service itself, as the customer and the case handler would make
// them; every page passes the axe scan.
func TestBrowserCaseFile(t *testing.T) {
	s, a := newCaseFileSuite(t)
	w := casefilePrepare(t, a)
	flows := []struct {
		name string
		run  func(t *testing.T, s *suite, ctx context.Context, w casefileWorld)
	}{
		{"a customer finds her applications in the folder by tab and by search", casefileFolderTabs},
		{"a customer follows a case, sends a message and invites a partner", casefileFollow},
		{"a customer reads a decision and the obligations it sets", casefileDecision},
		{"a customer starts a supplement the authority asked for and discards it", casefileSupplement},
		{"a customer shows a draft to the authority and then deletes it after confirming", casefileDeleteDraft},
		{"a person without applications gets an empty folder that points onwards", casefileEmptyFolder},
		{"a customer starts an application for an undertaking and sees its status", casefileUndertaking},
	}
	for _, f := range flows {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			f.run(t, s, s.isolatedTab(t), w)
		})
	}
}

// newCaseFileSuite is newSuite with the application at hand, so that the
// test can prepare cases through the case service.
func newCaseFileSuite(t *testing.T) (*suite, *app.App) {
	t.Helper()
	s := newSuite(t)
	return s, s.app
}

// casefileWorld is the cases the flows look at, all Maija's.
type casefileWorld struct {
	processing cases.Case // sent and being processed
	complement cases.Case // the authority asked for a supplement
	decided    cases.Case // decided, with a yearly obligation
	draft      cases.Case // started, never sent
}

// casefileReq is how the test's own calls appear in the audit log; its address
// keeps them out of the browser's sign-in rate limit.
var casefileReq = access.Request{Route: "e2e", IP: "192.0.2.10"}

// casefilePrincipal signs a demo user in through the real sign-in service.
func casefilePrincipal(t *testing.T, a *app.App, username string) access.Principal {
	t.Helper()
	secret, _, err := a.Auth.SignInLocal(t.Context(), casefileReq, username, demo.Password)
	if err != nil {
		t.Fatalf("sign in %s: %v", username, err)
	}
	p, _, err := a.Auth.Principal(t.Context(), secret)
	if err != nil {
		t.Fatalf("principal of %s: %v", username, err)
	}
	return p
}

// casefilePrepare makes Maija's cases in the states the flows need.
func casefilePrepare(t *testing.T, a *app.App) casefileWorld {
	t.Helper()
	ctx := t.Context()
	maija, handler := casefilePrincipal(t, a, "maija"), casefilePrincipal(t, a, "kasittelija")
	send := func(event string) cases.Case {
		t.Helper()
		c, err := a.Cases.Start(ctx, maija, casefileReq, cases.StartInput{Service: "ta-noise-notification", Municipality: "091", Lang: "en"})
		if err != nil {
			t.Fatalf("start: %v", err)
		}
		if _, err := a.Cases.Files.Add(ctx, maija, casefileReq, c.ID, "site_plan", "site-plan.png", "image/png", bytes.NewReader(casefilePNG(t))); err != nil {
			t.Fatalf("attach the site plan: %v", err)
		}
		if _, err := a.Cases.SaveAnswers(ctx, maija, c.ID, casefileNoiseAnswers(event, time.Now().AddDate(0, 3, 0))); err != nil {
			t.Fatalf("save answers: %v", err)
		}
		c, err = a.Cases.Submit(ctx, maija, casefileReq, c.ID, "")
		if err != nil {
			t.Fatalf("send %s: %v", event, err)
		}
		if _, err := a.Cases.Take(ctx, handler, casefileReq, c.ID); err != nil {
			t.Fatalf("take %s: %v", event, err)
		}
		return c
	}
	var w casefileWorld
	w.processing = send("Band rehearsals in the yard")
	w.complement = send("Street party")
	if _, err := a.Cases.RequestCompletion(ctx, handler, casefileReq, w.complement.ID, "Add the direction of the loudspeakers to the site plan.",
		time.Now().AddDate(0, 0, 14)); err != nil {
		t.Fatalf("request completion: %v", err)
	}
	w.decided = send("Summer concert")
	if _, err := a.Cases.Decide(ctx, handler, casefileReq, w.decided.ID, cases.DecisionInput{Outcome: cases.Conditional,
		Body: "The event may be held as notified.", Conditions: []string{"Amplified music ends at 22.00."},
		Appeal:      "An appeal may be made to the Helsinki Administrative Court within 30 days.",
		Obligations: []cases.ObligationInput{{Title: "Noise measurement report", Due: time.Now().AddDate(0, 2, 0), Recurrence: "yearly"}}}); err != nil {
		t.Fatalf("decide: %v", err)
	}
	var err error
	if w.draft, err = a.Cases.Start(ctx, maija, casefileReq, cases.StartInput{Service: "ta-noise-notification", Municipality: "091", Lang: "en"}); err != nil {
		t.Fatalf("start a draft: %v", err)
	}
	return w
}

// casefilePNG is a small real PNG picture.
func casefilePNG(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// casefileNoiseAnswers is a complete noise notification for an event on day.
func casefileNoiseAnswers(event string, day time.Time) map[string]any {
	from, to := day.Format(time.DateOnly), day.AddDate(0, 0, 1).Format(time.DateOnly)
	return map[string]any{
		"organiser_name":    "Maija Meikäläinen",
		"organiser_address": map[string]any{"street": "Mannerheimintie 1", "postcode": "00100", "city": "Helsinki"},
		"contact_name":      "Maija Meikäläinen",
		"contact_email":     "maija.meikalainen@example.fi",
		"contact_phone":     "040 123 4567",
		"event_name":        event,
		"event_description": "An outdoor event with live music on one stage.",
		"venue_address":     map[string]any{"street": "Kaivopuisto", "postcode": "00140", "city": "Helsinki"},
		"event_dates":       map[string]any{"from": from, "to": to},
		"daily_hours": []any{
			map[string]any{"daily_hours_day": from, "daily_hours_start": "16:00", "daily_hours_end": "21:00"},
		},
		"noise_sources":          []any{"live_music"},
		"nearest_site":           "Flats on Itäinen Puistotie",
		"nearest_distance_m":     250.0,
		"noise_level_db":         60.0,
		"noise_assessment_basis": "estimate",
		"music_after_22":         false,
		"noise_measures":         "The stage faces the sea.",
		"noise_monitoring":       false,
		"neighbour_info":         []any{"letters"},
		"on_duty_phone":          "040 765 4321",
	}
}

// casefileCount counts the elements the selector finds.
func casefileCount(ctx context.Context, t *testing.T, sel string) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+casefileJS(sel)+`).length`))
	if err != nil {
		t.Fatalf("count %s: %v", sel, err)
	}
	return n
}

// casefileJS quotes s for a script.
func casefileJS(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

func casefileFolderTabs(t *testing.T, s *suite, ctx context.Context, w casefileWorld) {
	s.signInAs(ctx, t, "en", "maija", "/en/folder")
	contains(ctx, t, "main", "Transaction folder", "Maija Meikäläinen", w.processing.Number, w.complement.Number, w.decided.Number,
		"Supplement by", "Coming deadlines", "Noise measurement report")
	s.screenshot(ctx, t, "folder-en")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "open the drafts", chromedp.Click(chromedp.CSS("main nav a[href='/en/folder?group=drafts']")))
	waitPath(ctx, t, "group=drafts")
	if got := text(ctx, t, "table.data-table tbody"); strings.Contains(got, "LUVA-") {
		t.Errorf("the drafts tab lists sent cases: %q", got)
	}
	if n := casefileCount(ctx, t, "#folder-caption ~ tbody tr"); n < 1 {
		t.Errorf("the drafts tab lists %d drafts", n)
	}
	s.scanAccessibility(ctx, t)

	do(ctx, t, "search all by case number",
		chromedp.Click(chromedp.CSS("main nav a[href='/en/folder']")))
	waitPath(ctx, t, "/en/folder")
	do(ctx, t, "search by case number",
		chromedp.SendKeys(chromedp.CSS("#q"), w.processing.Number),
		chromedp.Click(chromedp.CSS("form.filter-form button[type=submit]")))
	waitPath(ctx, t, "q="+w.processing.Number)
	if n := casefileCount(ctx, t, "#folder-caption ~ tbody tr"); n != 1 {
		t.Errorf("the search for %s found %d rows, want 1", w.processing.Number, n)
	}
	contains(ctx, t, "main [role=status]", "1 case.")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "search for nothing that exists",
		chromedp.SetValue(chromedp.CSS("#q"), "no such application"),
		chromedp.Click(chromedp.CSS("form.filter-form button[type=submit]")))
	waitPath(ctx, t, "q=no+such")
	contains(ctx, t, "main", "No cases match.")
}

func casefileFollow(t *testing.T, s *suite, ctx context.Context, w casefileWorld) {
	path := "/en/cases/" + w.processing.ID
	s.signInAs(ctx, t, "en", "maija", path)
	contains(ctx, t, "main", w.processing.Number, "In processing", "Application started", "Submitted → In processing",
		"Processing time so far", "working day", "Estimated decision", "It is an estimate, not a promise.", "site-plan.png",
		"Receipt (PDF)", "Propose a change", "Cancel the application")
	s.screenshot(ctx, t, "case-en")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "send an empty message", chromedp.Click(chromedp.CSS("form[action$='/messages'] button[type=submit]")))
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#body']")))
	s.scanAccessibility(ctx, t)
	do(ctx, t, "send a message",
		chromedp.SendKeys(chromedp.CSS("#body"), "When can we expect the decision?"),
		chromedp.Click(chromedp.CSS("form[action$='/messages'] button[type=submit]")))
	waitPath(ctx, t, "done=casefile.message_sent")
	contains(ctx, t, ".notice--success", "The message was sent")
	contains(ctx, t, "#messages", "When can we expect the decision?", "Maija Meikäläinen")

	do(ctx, t, "invite an unknown person",
		chromedp.SendKeys(chromedp.CSS("#email"), "nobody@example.fi"),
		chromedp.Click(chromedp.CSS("form[action$='/partners'] button[type=submit]")))
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#email']")))
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#email"))); v != "nobody@example.fi" {
		t.Errorf("the refused address was not kept: %q", v)
	}
	s.scanAccessibility(ctx, t)
	do(ctx, t, "invite Saga",
		chromedp.SetValue(chromedp.CSS("#email"), "saga@kesajuhlat.example.fi"),
		chromedp.Click(chromedp.CSS("#can_edit")),
		chromedp.Click(chromedp.CSS("form[action$='/partners'] button[type=submit]")))
	waitPath(ctx, t, "done=casefile.partner_invited")
	contains(ctx, t, "#partners", "Saga Svensson", "May edit")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "ask to remove Saga", chromedp.Click(chromedp.CSS("#partners a[href$='/remove']")))
	waitPath(ctx, t, "/remove")
	contains(ctx, t, "main", "Remove the partner?", "Saga Svensson")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "go back without removing", chromedp.Click(chromedp.CSS("main form a.button--secondary")))
	waitPath(ctx, t, path)
	contains(ctx, t, "#partners", "Saga Svensson")
}

func casefileDecision(t *testing.T, s *suite, ctx context.Context, w casefileWorld) {
	path := "/en/cases/" + w.decided.ID
	s.signInAs(ctx, t, "en", "maija", path)
	contains(ctx, t, "main", "Decision given", "Granted with conditions", "Amplified music ends at 22.00.", "Helsinki Administrative Court",
		"Noise measurement report", "every year", "A decision has been given on the case: Granted with conditions.", "Processing time")
	s.scanAccessibility(ctx, t)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(`+casefileJS(path+"/decision.pdf")+`).then(r => r.status + ' ' + r.headers.get('content-type'))`,
		chromedp.EvalAwaitPromise))
	if err != nil || got != "200 application/pdf" {
		t.Errorf("the decision PDF answered %q, %v", got, err)
	}
}

func casefileSupplement(t *testing.T, s *suite, ctx context.Context, w casefileWorld) {
	path := "/en/cases/" + w.complement.ID
	s.signInAs(ctx, t, "en", "maija", path)
	contains(ctx, t, "main", "The authority asks you to supplement the application", "Add the direction of the loudspeakers", "Waiting for completion")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "start the supplement", chromedp.Click(chromedp.CSS("form[action$='/edit'] button[type=submit]")))
	waitPath(ctx, t, "/en/applications/"+w.complement.ID+"/pages/")

	s.open(ctx, t, path)
	contains(ctx, t, "main", "Supplement in preparation", "You have not changed any answers yet.")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "ask to discard", chromedp.Click(chromedp.CSS("main a[href$='/discard-edit']")))
	waitPath(ctx, t, "/discard-edit")
	contains(ctx, t, "main", "Discard the changes?", "The request to supplement is still open.")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "discard", chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	waitPath(ctx, t, "done=casefile.edit_discarded")
	contains(ctx, t, "main", "The changes were discarded.", "Supplement the application")
}

func casefileDeleteDraft(t *testing.T, s *suite, ctx context.Context, w casefileWorld) {
	path := "/en/cases/" + w.draft.ID
	s.signInAs(ctx, t, "en", "maija", path)
	contains(ctx, t, "main", "Not sent yet", "Continue filling in", "You can send messages to the authority once you have sent the application.")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "show the draft to the authority", chromedp.Click(chromedp.CSS("form[action$='/visibility'] button[type=submit]")))
	waitPath(ctx, t, "done=casefile.visibility_visible")
	contains(ctx, t, "main", "The draft is now visible to the authority.", "Draft visible to the authority", "Hide the draft from the authority")
	do(ctx, t, "ask to delete", chromedp.Click(chromedp.CSS("main a[href$='/cancel']")))
	waitPath(ctx, t, path+"/cancel")
	contains(ctx, t, "main", "Delete the draft?")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "delete", chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	waitPath(ctx, t, "/en/folder?done=casefile.draft_deleted")
	contains(ctx, t, ".notice--success", "The draft was deleted.")
	if status := s.open(ctx, t, path); status != 200 {
		t.Errorf("the deleted draft's page answered %d", status)
	}
	contains(ctx, t, "main", "Cancelled")
}

func casefileEmptyFolder(t *testing.T, s *suite, ctx context.Context, _ casefileWorld) {
	s.signInAs(ctx, t, "fi", "sisalto", "/fi/folder")
	contains(ctx, t, "main", "Asiointikansio", "Sinulla ei ole vielä hakemuksia", "Sinulla ei ole tulevia määräaikoja.")
	if n := casefileCount(ctx, t, "main a[href='/fi/services'], main a[href='/fi/analyser']"); n != 2 {
		t.Errorf("the empty folder has %d links onwards, want 2", n)
	}
	s.screenshot(ctx, t, "folder-empty-fi")
	s.scanAccessibility(ctx, t)
}

func casefileUndertaking(t *testing.T, s *suite, ctx context.Context, _ casefileWorld) {
	q := url.Values{"a_kind": {"festival"}, "a_public": {"yes"}, "a_setting": {"outdoors"}, "a_attendance": {"300"},
		"a_municipality": {"091"}, "a_start": {time.Now().AddDate(1, 0, 0).Format(time.DateOnly)}, "a_days": {"1"},
		"a_activities": {"amplified_music"}}
	s.signInAs(ctx, t, "en", "maija", url.QueryEscape("/en/analyser/Ta/result?"+q.Encode()))
	do(ctx, t, "start an undertaking",
		chromedp.SendKeys(chromedp.CSS("#name"), "Yard concert"),
		chromedp.Click(chromedp.CSS("form[action$='/undertaking'] button[type=submit]")))
	waitPath(ctx, t, "started=1")
	do(ctx, t, "open its applications", chromedp.Click(chromedp.CSS("main a[href$='/applications']")))
	waitPath(ctx, t, "/applications")
	contains(ctx, t, "main", "Yard concert: applications", "No application started yet", "No applications have been started for the undertaking yet.")
	s.scanAccessibility(ctx, t)
	status := strings.TrimSuffix(casefileLocation(ctx, t), "/applications")

	do(ctx, t, "apply for the noise notification", chromedp.Click(chromedp.CSS("main a[href*='/services/ta-noise-notification/apply?undertaking=']")))
	waitPath(ctx, t, "/services/ta-noise-notification/apply")
	do(ctx, t, "start the application", chromedp.Click(chromedp.CSS("main form[method=post] button[type=submit]")))
	waitPath(ctx, t, "/pages/")
	s.open(ctx, t, strings.TrimPrefix(status, s.baseURL)+"/applications")
	contains(ctx, t, "main", "Open the draft", "Draft", "Application started", "Start another application")
	s.screenshot(ctx, t, "undertaking-applications-en")
	s.scanAccessibility(ctx, t)
}

// casefileLocation is the tab's address.
func casefileLocation(ctx context.Context, t *testing.T) string {
	t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatalf("read the address: %v", err)
	}
	return loc
}
