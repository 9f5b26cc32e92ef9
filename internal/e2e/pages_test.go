package e2e

import (
	"context"
	"net/http"
	"slices"
	"testing"
)

// bundleCodes are the codes of the five service bundles of the demo data.
var bundleCodes = []string{"Ta", "M", "Te", "K", "S"}

// pageCase is a page that must load with the right language, status and
// heading, pass the accessibility scan, and pass check when it has one.
type pageCase struct {
	name       string
	path       string
	lang       string // expected <html lang>
	status     int
	h1         string // expected heading text; empty: any one h1
	screenshot string
	check      func(ctx context.Context, t *testing.T, f pageFacts)
}

var pageCases = []pageCase{
	{name: "the Finnish front page shows the five service bundles", path: "/fi/", lang: "fi", status: http.StatusOK, screenshot: "front-fi", check: showsBundles},
	{name: "the Swedish front page shows the five service bundles", path: "/sv/", lang: "sv", status: http.StatusOK, screenshot: "front-sv", check: showsBundles},
	{name: "the English front page shows the five service bundles", path: "/en/", lang: "en", status: http.StatusOK, screenshot: "front-en", check: showsBundles},
	{name: "the Finnish accessibility statement loads", path: "/fi/accessibility", lang: "fi", status: http.StatusOK, screenshot: "accessibility-fi"},
	{name: "the Swedish accessibility statement loads", path: "/sv/accessibility", lang: "sv", status: http.StatusOK, screenshot: "accessibility-sv"},
	{name: "the English accessibility statement loads", path: "/en/accessibility", lang: "en", status: http.StatusOK, screenshot: "accessibility-en"},
	{name: "an unknown Swedish address shows the Swedish 404 page", path: "/sv/no-such-page", lang: "sv", status: http.StatusNotFound, h1: "Sidan hittades inte", screenshot: "not-found-sv", check: answersWithStatus(http.StatusNotFound)},
}

// TestBrowser drives the pages and main paths of luva in headless Chromium,
// each subtest in a tab of its own in one browser.
func TestBrowser(t *testing.T) {
	s := newSuite(t)
	for _, tc := range pageCases {
		t.Run(tc.name+" and passes the accessibility scan", func(t *testing.T) {
			t.Parallel()
			s.checkPage(t, tc)
		})
	}
	for _, tc := range pathCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t, s)
		})
	}
}

// checkPage opens the page of tc, checks it, takes its screenshot and scans
// it with axe-core.
func (s *suite) checkPage(t *testing.T, tc pageCase) {
	ctx := s.tab(t)
	if status := s.open(ctx, t, tc.path); status != int64(tc.status) {
		t.Errorf("%s answered %d in the browser, want %d", tc.path, status, tc.status)
	}
	f := facts(ctx, t)
	if f.Lang != tc.lang {
		t.Errorf("%s has <html lang=%q>, want %q", tc.path, f.Lang, tc.lang)
	}
	if len(f.H1) != 1 {
		t.Errorf("%s has headings %q, want one h1", tc.path, f.H1)
	} else if tc.h1 != "" && f.H1[0] != tc.h1 {
		t.Errorf("%s has h1 %q, want %q", tc.path, f.H1[0], tc.h1)
	}
	if tc.check != nil {
		tc.check(ctx, t, f)
	}
	s.screenshot(ctx, t, tc.screenshot)
	s.scanAccessibility(ctx, t)
}

// showsBundles checks that the page has a card for each service bundle.
func showsBundles(_ context.Context, t *testing.T, f pageFacts) {
	t.Helper()
	if !sameCodes(f.Bundles, bundleCodes) {
		t.Errorf("%s shows bundle cards %q, want %q", f.URL, f.Bundles, bundleCodes)
	}
}

// sameCodes reports whether got and want hold the same codes in any order.
func sameCodes(got, want []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want)))
}

// answersWithStatus checks, with a plain HTTP client and not the browser, that
// the page's address answers with status.
func answersWithStatus(status int) func(context.Context, *testing.T, pageFacts) {
	return func(ctx context.Context, t *testing.T, f pageFacts) {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", f.URL, err)
		}
		resp.Body.Close()
		if resp.StatusCode != status {
			t.Errorf("GET %s answered %d, want %d", f.URL, resp.StatusCode, status)
		}
	}
}
