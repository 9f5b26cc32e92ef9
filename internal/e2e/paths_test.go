package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// pathCase is a main path through the pages, walked in a tab of its own.
type pathCase struct {
	name string
	run  func(t *testing.T, s *suite)
}

var pathCases = []pathCase{
	{"the skip link is the first Tab stop on the Finnish front page and moves the focus to main", skipLinkMovesFocusToMain("fi")},
	{"the skip link is the first Tab stop on the Swedish front page and moves the focus to main", skipLinkMovesFocusToMain("sv")},
	{"the skip link is the first Tab stop on the English front page and moves the focus to main", skipLinkMovesFocusToMain("en")},
	{"the language switcher leads from the Finnish accessibility statement to the Swedish one", languageSwitchKeepsPage},
	{"the root address redirects to a front page in one of the languages", rootRedirectsToFrontPage},
	{"the English front page shows its heading and bundles without JavaScript", worksWithoutJavaScript},
}

// skipLinkMovesFocusToMain presses Tab once on the front page in lang, expects
// the skip link to take the focus and show itself, and follows it with Enter.
func skipLinkMovesFocusToMain(lang string) func(*testing.T, *suite) {
	return func(t *testing.T, s *suite) {
		ctx := s.tab(t)
		s.open(ctx, t, "/"+lang+"/")
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatalf("press Tab: %v", err)
		}
		f := focus(ctx, t)
		if f.Tag != "a" || !strings.Contains(f.Class, "skip-link") || f.Href != "#main" {
			t.Fatalf("the first Tab focused <%s id=%q class=%q href=%q>, want the skip link to #main", f.Tag, f.ID, f.Class, f.Href)
		}
		if !f.InView {
			t.Errorf("the focused skip link is not visible inside the viewport")
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatalf("press Enter: %v", err)
		}
		onMain := chromedp.Poll[bool](`document.activeElement.id === 'main'`,
			chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(2*time.Second))
		if _, err := chromedp.Run(ctx, onMain); err != nil {
			f := focus(ctx, t)
			t.Errorf("after following the skip link the focus is on <%s id=%q class=%q>, want main: %v", f.Tag, f.ID, f.Class, err)
		}
	}
}

// languageSwitchKeepsPage clicks "På svenska" on the Finnish accessibility
// statement and expects the Swedish accessibility statement.
func languageSwitchKeepsPage(t *testing.T, s *suite) {
	ctx := s.tab(t)
	s.open(ctx, t, "/fi/accessibility")
	link := `//nav//a[normalize-space()="På svenska"]`
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(link)); err != nil {
		t.Fatalf("click På svenska: %v", err)
	}
	f := facts(ctx, t)
	if got := strings.TrimPrefix(f.URL, s.baseURL); got != "/sv/accessibility" {
		t.Errorf("the switcher led to %s, want /sv/accessibility", got)
	}
	if f.Lang != "sv" {
		t.Errorf("the page after the switch has <html lang=%q>, want sv", f.Lang)
	}
}

// rootRedirectsToFrontPage opens / and expects to land on /{lang}/ with a
// page in that language.
func rootRedirectsToFrontPage(t *testing.T, s *suite) {
	ctx := s.tab(t)
	s.open(ctx, t, "/")
	f := facts(ctx, t)
	got := strings.TrimPrefix(f.URL, s.baseURL)
	if got != "/fi/" && got != "/sv/" && got != "/en/" {
		t.Fatalf("/ led to %s, want /fi/, /sv/ or /en/", got)
	}
	if want := strings.Trim(got, "/"); f.Lang != want {
		t.Errorf("%s has <html lang=%q>, want %q", got, f.Lang, want)
	}
}

// worksWithoutJavaScript turns off scripts in the tab and expects the English
// front page to show its heading and the bundle cards all the same.
func worksWithoutJavaScript(t *testing.T, s *suite) {
	ctx := s.tab(t)
	noScripts := emulation.SetScriptExecutionDisabledParams{Value: true}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, noScripts); err != nil {
		t.Fatalf("turn off JavaScript: %v", err)
	}
	s.open(ctx, t, "/en/")
	f := facts(ctx, t)
	if len(f.H1) != 1 || f.H1[0] == "" {
		t.Errorf("without JavaScript /en/ has headings %q, want one h1", f.H1)
	}
	if !sameCodes(f.Bundles, bundleCodes) {
		t.Errorf("without JavaScript /en/ shows bundle cards %q, want %q", f.Bundles, bundleCodes)
	}
	s.screenshot(ctx, t, "front-en-no-js")
}
