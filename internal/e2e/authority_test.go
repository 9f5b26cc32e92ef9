package e2e

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/demo"
	"github.com/luva-fi/luva/internal/forms"
)

// TestBrowserAuthorityHandlesACase follows a noise notification through the
// authority's pages in headless Chromium: Maija sends it (through the case
// service, as the application pages are tested on their own), the Helsinki
// case handler finds it in the list, takes it, asks for a supplement, and,
// once Maija has sent one, gives a conditional decision with an obligation
// and later marks it final.
// A Tampere handler meanwhile cannot open the Helsinki case. Every page
// passes the axe scan.
func TestBrowserAuthorityHandlesACase(t *testing.T) {
	s, a := newAuthoritySuite(t)
	w := &authorityWorld{s: s, app: a, maija: authorityPrincipal(t, a, "maija")}
	w.caseID, w.number = w.sendNoiseNotification(t)
	flows := []struct {
		name string
		run  func(t *testing.T, ctx context.Context)
	}{
		{"a Helsinki handler takes the case, asks for a supplement and gives a conditional decision", w.handleCase},
		{"a Tampere handler cannot open the Helsinki case", w.otherAuthority},
	}
	for _, f := range flows {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			f.run(t, s.isolatedTab(t))
		})
	}
}

// newAuthoritySuite is newSuite with the application at hand, so that the
// test can prepare cases through the services as a customer would have.
func newAuthoritySuite(t *testing.T) (*suite, *app.App) {
	t.Helper()
	s := newSuite(t)
	return s, s.app
}

// authorityRequest is where the test's own service calls say they come from.
var authorityRequest = access.Request{Route: "e2e", IP: "127.0.0.1"}

// authorityPrincipal signs the demo user in through the auth service and returns
// who they are, acting for themself.
func authorityPrincipal(t *testing.T, a *app.App, username string) access.Principal {
	t.Helper()
	secret, _, err := a.Auth.SignInLocal(t.Context(), authorityRequest, username, demo.Password)
	if err != nil {
		t.Fatalf("sign %s in: %v", username, err)
	}
	p, _, err := a.Auth.Principal(t.Context(), secret)
	if err != nil {
		t.Fatalf("principal of %s: %v", username, err)
	}
	return p
}

// authorityWorld is the case the flows share and who sent it.
type authorityWorld struct {
	s      *suite
	app    *app.App
	maija  access.Principal
	caseID string
	number string
}

// authorityNoise are Maija's answers to the noise notification, as its pages
// would post them.
var authorityNoise = url.Values{
	// The organiser and the contact person.
	"organiser_name":             {"Maija Meikäläinen"},
	"organiser_address.street":   {"Puistokatu 1"},
	"organiser_address.postcode": {"00100"},
	"organiser_address.city":     {"Helsinki"},
	"contact_name":               {"Maija Meikäläinen"},
	"contact_email":              {"maija.meikalainen@example.fi"},
	"contact_phone":              {"040 123 4567"},

	// The event, its venue and timing.
	"event_name":                      {"Kesäkonsertti Kaivopuistossa"},
	"event_description":               {"Ulkokonsertti, yksi lava ja vahvistettu musiikki."},
	"attendance":                      {"800"},
	"venue_address.street":            {"Kaivopuisto"},
	"venue_address.postcode":          {"00140"},
	"venue_address.city":              {"Helsinki"},
	"event_dates.from":                {"2030-06-20"},
	"event_dates.to":                  {"2030-06-21"},
	"daily_hours.count":               {"1"},
	"daily_hours.0.daily_hours_day":   {"2030-06-20"},
	"daily_hours.0.daily_hours_start": {"18.00"},
	"daily_hours.0.daily_hours_end":   {"22.00"},

	// The noise and how it is limited.
	"noise_sources":          {"amplified_music"},
	"sound_equipment":        {"2 x 2 kW"},
	"nearest_site":           {"Kerrostalo, Puistokatu 3"},
	"nearest_distance_m":     {"150"},
	"noise_level_db":         {"66"},
	"noise_assessment_basis": {"estimate"},
	"music_after_22":         {"no"},
	"noise_measures":         {"Kaiuttimet suunnataan poispäin asunnoista."},
	"noise_monitoring":       {"yes"},
	"neighbour_info":         {"letters"},
	"on_duty_phone":          {"040 765 4321"},
}

// authorityAnswers reads post into answers page by page, as the form pages do.
func authorityAnswers(f *forms.Compiled, post url.Values, prev forms.Answers) map[string]any {
	a := prev
	for i := range f.Form().Pages {
		a = f.ReadPage(i, post, a)
	}
	return a
}

// sendNoiseNotification has Maija fill in and send a noise notification for
// an event in Helsinki, with a site plan attached.
func (w *authorityWorld) sendNoiseNotification(t *testing.T) (id, number string) {
	t.Helper()
	ctx := t.Context()
	c, err := w.app.Cases.Start(ctx, w.maija, authorityRequest, cases.StartInput{Service: "ta-noise-notification", Municipality: "091", Lang: "fi"})
	if err != nil {
		t.Fatalf("start the notification: %v", err)
	}
	f, err := w.app.Cases.Form(ctx, c)
	if err != nil {
		t.Fatalf("form of the notification: %v", err)
	}
	if _, err := w.app.Cases.SaveAnswers(ctx, w.maija, c.ID, authorityAnswers(f, authorityNoise, forms.Answers{})); err != nil {
		t.Fatalf("save the answers: %v", err)
	}
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.Cases.Files.Add(ctx, w.maija, authorityRequest, c.ID, "site_plan", "asemapiirros.png", "image/png", &img); err != nil {
		t.Fatalf("attach the site plan: %v", err)
	}
	c, err = w.app.Cases.Submit(ctx, w.maija, authorityRequest, c.ID, "")
	if err != nil {
		t.Fatalf("send the notification: %v", err)
	}
	return c.ID, c.Number
}

// supplement has Maija answer the completion request with a lower noise
// level.
func (w *authorityWorld) supplement(t *testing.T) {
	t.Helper()
	ctx := t.Context()
	c, err := w.app.Cases.Edit(ctx, w.maija, w.caseID)
	if err != nil {
		t.Fatalf("start the supplement: %v", err)
	}
	f, err := w.app.Cases.Form(ctx, c)
	if err != nil {
		t.Fatalf("form of the notification: %v", err)
	}
	post := url.Values{"noise_level_db": {"62"}}
	for k, v := range authorityNoise {
		if k != "noise_level_db" {
			post[k] = v
		}
	}
	if _, err := w.app.Cases.SaveAnswers(ctx, w.maija, w.caseID, authorityAnswers(f, post, forms.Answers(c.Answers))); err != nil {
		t.Fatalf("save the supplement: %v", err)
	}
	if _, err := w.app.Cases.SendEdit(ctx, w.maija, authorityRequest, w.caseID, "Melutaso laskettu uudelleen."); err != nil {
		t.Fatalf("send the supplement: %v", err)
	}
}

func (w *authorityWorld) handleCase(t *testing.T, ctx context.Context) {
	s := w.s
	overview := "/fi/authority/cases/" + w.caseID
	s.signInAs(ctx, t, "fi", "kasittelija", "/fi/authority/cases")
	contains(ctx, t, "main table.data-table", w.number, "Maija Meikäläinen", "Jätetty", "Ei otettu käsittelyyn")
	s.screenshot(ctx, t, "authority-cases-fi")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "search by the case number",
		chromedp.SetValue(chromedp.CSS("#q"), w.number),
		chromedp.Click(chromedp.CSS("form[role=search] button[type=submit]")))
	waitPath(ctx, t, "q="+w.number)
	contains(ctx, t, "main table.data-table", w.number)

	do(ctx, t, "open the case", chromedp.Click(chromedp.CSS("main a[href='"+overview+"']")))
	waitPath(ctx, t, overview)
	contains(ctx, t, "main", "Kesäkonsertti Kaivopuistossa", "asemapiirros.png", "Kaivopuisto", "66", "Tehtävät", "Käsittelyaika")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "take the case", chromedp.Click(chromedp.CSS("form[action$='/take'] button")))
	waitPath(ctx, t, "done=taken")
	contains(ctx, t, "main", "Käsittelyssä", "Kaisa Viranomainen (kasittelija) (sinä)")
	s.screenshot(ctx, t, "authority-case-fi")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "open the completion request", chromedp.Click(chromedp.CSS("main a[href$='/completion']")))
	waitPath(ctx, t, overview+"/completion")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "send without a message", chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#message']")))
	s.scanAccessibility(ctx, t)
	do(ctx, t, "ask for a noise calculation by a date",
		chromedp.SetValue(chromedp.CSS("#message"), "Lisätkää meluarvion laskelma lähimmän asuinrakennuksen kohdalta."),
		chromedp.SetValue(chromedp.CSS("#deadline"), "2030-05-15"),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	waitPath(ctx, t, "done=completion_requested")
	contains(ctx, t, "main", "Täydennystä pyydetty", "Lisätkää meluarvion laskelma", "15.5.2030")

	w.supplement(t)
	s.open(ctx, t, overview)
	contains(ctx, t, "main", "Käsittelyssä", "Muutokset versiossa 2 (Täydennys)", "Melutaso laskettu uudelleen.")
	contains(ctx, t, "#changes-2 + .table-wrap", "66", "62")

	do(ctx, t, "open the decision", chromedp.Click(chromedp.CSS("main a[href$='/decision']")))
	waitPath(ctx, t, overview+"/decision")
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#appeal"))); !strings.Contains(v, "hallinto-oikeuteen") {
		t.Errorf("the appeal instructions are not filled in: %q", v)
	}
	do(ctx, t, "grant with conditions but write none",
		chromedp.Click(chromedp.CSS("#outcome-conditional")),
		chromedp.SetValue(chromedp.CSS("#body"), "Ilmoitettu tapahtuma saa aiheuttaa melua ehdoin."),
		chromedp.SetValue(chromedp.CSS("#ob_title_0"), "Melumittausten raportti"),
		chromedp.SetValue(chromedp.CSS("#ob_due_0"), "2030-07-01"),
		chromedp.Click(chromedp.CSS("#ob_yearly_0")),
		chromedp.Click(chromedp.CSS("button[value=preview]")))
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#conditions']")))
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#ob_title_0"))); v != "Melumittausten raportti" {
		t.Errorf("the obligation was not kept: %q", v)
	}
	s.screenshot(ctx, t, "authority-decision-error-fi")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "write the conditions and preview",
		chromedp.SetValue(chromedp.CSS("#conditions"), "Musiikki päättyy klo 22.00.\nMelutaso lähimmän asunnon kohdalla on enintään 65 dB."),
		chromedp.Click(chromedp.CSS("button[value=preview]")))
	do(ctx, t, "wait for the preview", chromedp.WaitVisible(chromedp.CSS("button[value=confirm]")))
	contains(ctx, t, "main", "Tarkista päätös", "Myönnetty ehdoin", "Musiikki päättyy klo 22.00.", "Melumittausten raportti – 1.7.2030 (joka vuosi)", "VALITUSOSOITUS")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "give the decision", chromedp.Click(chromedp.CSS("button[value=confirm]")))
	waitPath(ctx, t, "done=decided")
	contains(ctx, t, "main", "Päätös annettu", "Myönnetty ehdoin", "Ilmoitettu tapahtuma saa aiheuttaa melua ehdoin.",
		"Melutaso lähimmän asunnon kohdalla on enintään 65 dB.", "Melumittausten raportti", "Päätös annettiin: Myönnetty ehdoin.")
	s.screenshot(ctx, t, "authority-decided-fi")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "open the status management", chromedp.Click(chromedp.CSS("main a[href$='/state']")))
	waitPath(ctx, t, overview+"/state")
	do(ctx, t, "continue without a choice", chromedp.Click(chromedp.CSS("button[value=preview]")))
	do(ctx, t, "wait for the errors", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#reason']")))
	s.scanAccessibility(ctx, t)
	do(ctx, t, "say the decision is final",
		chromedp.Click(chromedp.CSS("#to-final")),
		chromedp.SetValue(chromedp.CSS("#reason"), "Valitusaika päättyi, eikä päätöksestä valitettu."),
		chromedp.Click(chromedp.CSS("button[value=preview]")))
	do(ctx, t, "wait for the confirmation", chromedp.WaitVisible(chromedp.CSS("button[value=confirm]")))
	contains(ctx, t, "main", "”Päätös annettu” tilaan ”Lainvoimainen”")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "confirm", chromedp.Click(chromedp.CSS("button[value=confirm]")))
	waitPath(ctx, t, "done=state_changed")
	contains(ctx, t, "main", "Lainvoimainen", "Valitusaika päättyi, eikä päätöksestä valitettu.")

	d, err := w.app.Cases.Detail(t.Context(), w.maija, w.caseID)
	if err != nil {
		t.Fatalf("read the case as Maija: %v", err)
	}
	if d.Case.State != cases.Final || d.Decision == nil || d.Decision.Outcome != cases.Conditional || len(d.Decision.Conditions) != 2 {
		t.Errorf("Maija sees state %s and decision %+v, want a conditional decision with two conditions", d.Case.State, d.Decision)
	}
	if len(d.Obligations) != 1 || d.Obligations[0].Due != "2030-07-01" || d.Obligations[0].Recurrence != "yearly" {
		t.Errorf("obligations %+v, want the yearly report from 1 July 2030", d.Obligations)
	}
}

func (w *authorityWorld) otherAuthority(t *testing.T, ctx context.Context) {
	s := w.s
	s.signInAs(ctx, t, "fi", "tre-kasittelija", "/fi/authority/cases")
	if got := text(ctx, t, "main"); strings.Contains(got, w.number) {
		t.Errorf("the Tampere list shows the Helsinki case %s", w.number)
	}
	s.scanAccessibility(ctx, t)
	if status := s.open(ctx, t, "/fi/authority/cases/"+w.caseID); status != 404 {
		t.Errorf("the Tampere handler opened the Helsinki case with status %d, want 404", status)
	}
	if status := s.open(ctx, t, "/fi/authority/cases/"+w.caseID+"/decision"); status != 404 {
		t.Errorf("the Tampere handler opened the Helsinki case's decision form with status %d, want 404", status)
	}
}
