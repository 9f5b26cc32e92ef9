package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/i18n"
)

type fakeBundles struct {
	bundles []catalog.Bundle
	err     error
}

func (f fakeBundles) Bundles(_ context.Context, lang string) ([]catalog.Bundle, error) {
	return f.bundles, f.err
}

func newTestHandler(t *testing.T, b BundleLister) (*Handler, http.Handler) {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Deps{Log: slog.New(slog.DiscardHandler), Text: cat, Bundles: b})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Register(mux)
	return h, h.Recover(mux)
}

func get(t *testing.T, h http.Handler, path string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func TestErrorPagesExistInEveryLanguage(t *testing.T) {
	h, _ := newTestHandler(t, fakeBundles{})
	cat, _ := i18n.Load()
	for _, lang := range i18n.Langs() {
		for _, status := range []int{403, 404, 500} {
			rec := httptest.NewRecorder()
			h.ErrorPage(rec, httptest.NewRequest("GET", "/"+lang+"/x", nil), lang, status)
			body := rec.Body.String()
			wantTitle := fmt.Sprintf("error.%d.title", status)
			if rec.Code != status || !strings.Contains(body, `<html lang="`+lang+`">`) || !strings.Contains(body, "<h1>"+cat.T(lang, wantTitle)+"</h1>") {
				t.Errorf("%s %d: got status %d and a page without the right heading", lang, status, rec.Code)
			}
		}
	}
}

func TestUnknownAddressGetsTheNotFoundPageInItsLanguage(t *testing.T) {
	_, h := newTestHandler(t, fakeBundles{})
	tests := []struct{ path, lang, heading string }{
		{"/sv/finns-inte", "sv", "Sidan hittades inte"},
		{"/en/no/such/page", "en", "Page not found"},
		{"/fi/ei-ole", "fi", "Sivua ei löytynyt"},
		{"/de/seite", "fi", "Sivua ei löytynyt"},
	}
	for _, tt := range tests {
		res, body := get(t, h, tt.path)
		if res.StatusCode != 404 || !strings.Contains(body, `lang="`+tt.lang+`"`) || !strings.Contains(body, tt.heading) {
			t.Errorf("%s: status %d, want the %s 404 page", tt.path, res.StatusCode, tt.lang)
		}
	}
}

func TestAFailingPageShowsThe500PageAndKeepsDetailsOut(t *testing.T) {
	_, h := newTestHandler(t, fakeBundles{err: errors.New("database exploded: secret detail")})
	res, body := get(t, h, "/en/")
	if res.StatusCode != 500 || !strings.Contains(body, "Something went wrong") || strings.Contains(body, "secret detail") {
		t.Errorf("status %d; want the English 500 page without the error's detail", res.StatusCode)
	}
}

func TestLanguageSwitcherKeepsThePage(t *testing.T) {
	_, h := newTestHandler(t, fakeBundles{})
	_, body := get(t, h, "/fi/accessibility")
	for _, want := range []string{`href="/sv/accessibility"`, `href="/en/accessibility"`, `href="/fi/accessibility" lang="fi" hreflang="fi" aria-current="true"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the Finnish accessibility page lacks %s", want)
		}
	}
}

func TestRootRedirectsToTheBrowsersLanguage(t *testing.T) {
	_, h := newTestHandler(t, fakeBundles{})
	for header, want := range map[string]string{"sv-FI,sv;q=0.9": "/sv/", "en-GB,en": "/en/", "de-DE": "/fi/", "": "/fi/"} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Accept-Language", header)
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusFound || rec.Header().Get("Location") != want {
			t.Errorf("Accept-Language %q: %d to %q, want 302 to %s", header, rec.Code, rec.Header().Get("Location"), want)
		}
	}
}

func TestAssetsAreServedUnderContentHashedURLs(t *testing.T) {
	h, mux := newTestHandler(t, fakeBundles{})
	u, err := h.assets.URL("css/luva.css")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^/static/css/luva\.[0-9a-f]{12}\.css$`).MatchString(u) {
		t.Fatalf("asset URL %q carries no content hash", u)
	}
	res, body := get(t, mux, u)
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") || len(body) == 0 {
		t.Errorf("GET %s: %d %q %q", u, res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("Content-Type"))
	}
	if res, _ := get(t, mux, "/static/css/luva.000000000000.css"); res.StatusCode != 404 {
		t.Errorf("a stale hash answered %d, want 404", res.StatusCode)
	}
}

// TestTemplatesUseOnlyKnownMessages catches a template key that no catalogue has.
func TestTemplatesUseOnlyKnownMessages(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	keyRE := regexp.MustCompile(`\{\{\s*[tn] "([a-z0-9_.]+)"`)
	err = fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, path)
		if err != nil {
			return err
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
			for _, lang := range i18n.Langs() {
				if !cat.Has(lang, m[1]) {
					t.Errorf("%s uses %q, missing from the %s catalogue", path, m[1], lang)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSignInRedirectsOnlyWithinTheSite(t *testing.T) {
	tests := []struct{ next, want string }{
		{"/fi/profile", "/fi/profile"},
		{"/sv/services?bundle=Ta", "/sv/services?bundle=Ta"},
		{"//evil.example/x", "/fi/"},
		{"/\t/evil.example/x", "/fi/"},
		{"/\\evil.example", "/fi/"},
		{"https://evil.example/", "/fi/"},
		{"/%0a/evil", "/%0a/evil"},
		{"", "/fi/"},
	}
	for _, tt := range tests {
		if got := safeNext(tt.next, "fi"); got != tt.want {
			t.Errorf("safeNext(%q) = %q, want %q", tt.next, got, tt.want)
		}
	}
}
