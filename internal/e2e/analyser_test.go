package e2e

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/luva-fi/luva/internal/demo"
)

// TestBrowserAnalyser walks the permit-need analyser in headless Chromium: an
// anonymous organiser answers the festival questions page by page, a
// customer saves and starts an undertaking, and a content editor meets a
// rule that does not compile. Every page passes the axe scan.
func TestBrowserAnalyser(t *testing.T) {
	s := newSuite(t)
	flows := []struct {
		name string
		run  func(t *testing.T, s *suite, ctx context.Context)
	}{
		{"an organiser walks a festival through the questions to the permits and their deadlines", walkFestival},
		{"a customer saves the festival's answers and starts an undertaking", startFestival},
		{"a content editor saves a rule that does not compile and sees where it breaks", brokenRule},
	}
	for _, f := range flows {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			f.run(t, s, s.isolatedTab(t))
		})
	}
}

// contains fails the test when the text of sel lacks any of wants.
func contains(ctx context.Context, t *testing.T, sel string, wants ...string) {
	t.Helper()
	got := text(ctx, t, sel)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q", sel, w)
		}
	}
}

func walkFestival(t *testing.T, s *suite, ctx context.Context) {
	s.open(ctx, t, "/fi/analyser")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "choose the event bundle", chromedp.Click(chromedp.CSS("main a[href='/fi/analyser/Ta']")))
	waitPath(ctx, t, "/fi/analyser/Ta")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "continue without answers", chromedp.Click(chromedp.CSS("button[value=next]")))
	do(ctx, t, "wait for the error summary", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#a_kind']")))
	s.screenshot(ctx, t, "analyser-step-error-fi")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "describe the event",
		chromedp.Click(chromedp.CSS("#a_kind")),    // festival
		chromedp.Click(chromedp.CSS("#a_public")),  // yes
		chromedp.Click(chromedp.CSS("#a_setting")), // outdoors
		chromedp.SendKeys(chromedp.CSS("#a_attendance"), "3000"),
		chromedp.Click(chromedp.CSS("button[value=next]")))
	waitPath(ctx, t, "a_attendance=3000")
	contains(ctx, t, "main", "Vaihe 2/3")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "say where and when",
		chromedp.SetValue(chromedp.CSS("#a_municipality"), "091"),
		chromedp.SetValue(chromedp.CSS("#a_start"), "2030-06-25"),
		chromedp.SendKeys(chromedp.CSS("#a_days"), "2"),
		chromedp.Click(chromedp.CSS("button[value=next]")))
	waitPath(ctx, t, "a_municipality=091")
	contains(ctx, t, "main", "Vaihe 3/3")
	s.screenshot(ctx, t, "analyser-step-fi")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "tell what the festival has",
		chromedp.Click(chromedp.CSS("#a_activities")), // food
		chromedp.Click(chromedp.CSS("#a_activities-alcohol")),
		chromedp.Click(chromedp.CSS("#a_activities-fireworks")),
		chromedp.Click(chromedp.CSS("#a_activities-amplified_music")),
		chromedp.Click(chromedp.CSS("#a_fireworks_kind")), // a display
		chromedp.Click(chromedp.CSS("button[value=next]")))
	waitPath(ctx, t, "/fi/analyser/Ta/result")
	contains(ctx, t, "main", "Varmasti tarvittavat (7)", "Mahdollisesti tarvittavat (1)",
		"Ilmoitus yleisötilaisuudesta poliisille", "Helsingin poliisilaitos", "20.6.2030", "5 päivää ennen alkua",
		"Helsingin pelastuslaitos", "Etelä-Suomen aluehallintovirasto", "Kokoontumislaki (530/1999) 14 §", "Kirjaudu sisään")
	s.screenshot(ctx, t, "analyser-result-fi")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "pick services by hand", chromedp.Click(chromedp.CSS("main a[href^='/fi/analyser/Ta/pick']")))
	waitPath(ctx, t, "/fi/analyser/Ta/pick")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "pick the lottery and move to Tampere",
		chromedp.Click(chromedp.CSS("#pick-ta-lottery")),
		chromedp.SetValue(chromedp.CSS("#a_municipality"), "837"),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	waitPath(ctx, t, "pick=ta-lottery")
	contains(ctx, t, "main", "Itse valitut (1)", "Sisä-Suomen poliisilaitos", "Pirkanmaan pelastuslaitos", "Tampereen kaupunki")
	s.scanAccessibility(ctx, t)
}

func startFestival(t *testing.T, s *suite, ctx context.Context) {
	q := url.Values{"a_kind": {"festival"}, "a_public": {"yes"}, "a_setting": {"outdoors"}, "a_attendance": {"3000"},
		"a_municipality": {"091"}, "a_start": {"2030-06-25"}, "a_days": {"2"}, "a_activities": {"food", "alcohol", "fireworks", "amplified_music"},
		"a_fireworks_kind": {"display"}}
	s.signInAs(ctx, t, "en", "eero", url.QueryEscape("/en/analyser/Ta/result?"+q.Encode()))
	waitPath(ctx, t, "/en/analyser/Ta/result")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "save the answers", chromedp.Click(chromedp.CSS("form[action='/en/analyser/Ta/save'] button")))
	waitPath(ctx, t, "saved=1")
	contains(ctx, t, ".notice--success", "Answers saved.")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "start without a name", chromedp.Click(chromedp.CSS("form[action$='/undertaking'] button[type=submit]")))
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#name']")))
	s.scanAccessibility(ctx, t)
	do(ctx, t, "name the undertaking and start it",
		chromedp.SendKeys(chromedp.CSS("#name"), "Summer festival 2030"),
		chromedp.Click(chromedp.CSS("form[action$='/undertaking'] button[type=submit]")))
	waitPath(ctx, t, "started=1")
	contains(ctx, t, "main", "Summer festival 2030", "Certainly needed (7)", "20 Jun 2030")
	s.screenshot(ctx, t, "analyser-undertaking-en")
	s.scanAccessibility(ctx, t)

	s.open(ctx, t, "/en/undertakings")
	contains(ctx, t, "main", "Summer festival 2030")
	s.scanAccessibility(ctx, t)
}

func brokenRule(t *testing.T, s *suite, ctx context.Context) {
	s.signInAs(ctx, t, "fi", "sisalto", "/fi/analyser-admin")
	s.scanAccessibility(ctx, t)
	builder := "/fi/analyser-admin/" + demo.EventQuestionnaireID
	do(ctx, t, "open the event questionnaire", chromedp.Click(chromedp.CSS("main a[href='"+builder+"']")))
	waitPath(ctx, t, builder)
	s.scanAccessibility(ctx, t)
	do(ctx, t, "break the first rule",
		chromedp.Click(chromedp.CSS("#rules-title ~ details summary")),
		chromedp.SetValue(chromedp.CSS("#rule0_expr"), "public &&\n  attendance >"),
		chromedp.Click(chromedp.CSS("form[action='"+builder+"'] > button[type=submit]")))
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS("#rule0_expr-error")))
	contains(ctx, t, "#rule0_expr-error", "Ehto ei käänny", "rivi 2, sarake")
	contains(ctx, t, ".error-summary", "Muutosta ei tallennettu")
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#rule0_expr"))); !strings.Contains(v, "attendance >") {
		t.Errorf("the broken expression was not kept in the field: %q", v)
	}
	s.screenshot(ctx, t, "analyser-builder-error-fi")
	s.scanAccessibility(ctx, t)
}
