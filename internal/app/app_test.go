package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/api"
	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
)

// openApp starts luva with demo data on a fresh database of the dialect.
func openApp(t *testing.T, dialect db.Dialect) *app.App {
	t.Helper()
	cfg := dbtest.Config(t, dialect)
	a, err := app.Open(context.Background(), app.Config{DataDir: t.TempDir(), DatabaseURL: cfg.URL, Demo: true, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(context.Background()) })
	return a
}

func do(t *testing.T, h http.Handler, method, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Result(), string(body)
}

func TestFrontPageServesDemoBundlesInEachLanguage(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect.String(), func(t *testing.T) {
			h := openApp(t, dialect).Handler()
			for lang, want := range map[string]string{"fi": "Tapahtuman järjestäminen", "sv": "Ordna ett evenemang", "en": "Organising an event"} {
				res, body := do(t, h, "GET", "/"+lang+"/")
				if res.StatusCode != 200 || !strings.Contains(body, `<html lang="`+lang+`">`) || !strings.Contains(body, want) {
					t.Errorf("/%s/: status %d, want the front page listing %q", lang, res.StatusCode, want)
				}
			}
		})
	}
}

func TestEveryResponseCarriesSecurityHeaders(t *testing.T) {
	h := openApp(t, db.SQLite).Handler()
	for _, path := range []string{"/fi/", "/api/v1/bundles", "/no-such-page"} {
		res, _ := do(t, h, "GET", path)
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: Content-Security-Policy %q", path, csp)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: missing nosniff or frame denial", path)
		}
	}
}

func TestCrossOriginFormPostsAreRefused(t *testing.T) {
	h := openApp(t, db.SQLite).Handler()
	res, _ := do(t, h, "POST", "/fi/", "Sec-Fetch-Site", "cross-site")
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST answered %d, want 403", res.StatusCode)
	}
}

func TestAPIListsBundlesAndAnswersErrorsInOneFormat(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect.String(), func(t *testing.T) {
			h := openApp(t, dialect).Handler()
			res, body := do(t, h, "GET", "/api/v1/bundles?lang=sv")
			var list struct {
				Items []struct{ Code, Name, Lang string }
			}
			if err := json.Unmarshal([]byte(body), &list); err != nil || res.StatusCode != 200 {
				t.Fatalf("list: %d %v", res.StatusCode, err)
			}
			if len(list.Items) != 5 || list.Items[0].Code != "Ta" || list.Items[0].Lang != "sv" {
				t.Errorf("list: %+v", list.Items)
			}

			tests := []struct {
				name, path, lang string
				status           int
				code, field      string
			}{
				{"an unknown bundle is not found", "/api/v1/bundles/XX", "en", 404, "not_found", ""},
				{"an unsupported language names the field", "/api/v1/bundles?lang=de", "sv", 422, "invalid", "lang"},
				{"an unknown API route is not found as JSON", "/api/v1/nothing", "fi", 404, "not_found", ""},
				{"a wrong method names the allowed ones", "POST /api/v1/bundles", "en", 405, "method_not_allowed", ""},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					method, path, ok := strings.Cut(tt.path, " ")
					if !ok {
						method, path = "GET", tt.path
					}
					res, body := do(t, h, method, path, "Accept-Language", tt.lang)
					var e api.ErrorBody
					if err := json.Unmarshal([]byte(body), &e); err != nil {
						t.Fatalf("body %q is not the error format: %v", body, err)
					}
					if res.StatusCode != tt.status || e.Error.Code != tt.code || e.Error.Message == "" {
						t.Errorf("got %d %+v, want %d %s", res.StatusCode, e.Error, tt.status, tt.code)
					}
					if tt.field != "" && (len(e.Error.Fields) != 1 || e.Error.Fields[0].Field != tt.field) {
						t.Errorf("fields %+v, want one for %s", e.Error.Fields, tt.field)
					}
				})
			}
		})
	}
}

func TestHealthReadinessAndMetrics(t *testing.T) {
	h := openApp(t, db.SQLite).Handler()
	if res, _ := do(t, h, "GET", "/healthz"); res.StatusCode != 200 {
		t.Errorf("healthz %d", res.StatusCode)
	}
	if res, body := do(t, h, "GET", "/readyz"); res.StatusCode != 200 || !strings.Contains(body, "ready") {
		t.Errorf("readyz %d %s", res.StatusCode, body)
	}
	do(t, h, "GET", "/sv/")
	do(t, h, "GET", "/sv/")
	res, body := do(t, h, "GET", "/metrics")
	if res.StatusCode != 200 {
		t.Fatalf("metrics %d", res.StatusCode)
	}
	for _, want := range []string{
		`luva_http_requests_total{code="200",method="GET",route="GET /sv/{$}"} 2`,
		`luva_http_request_duration_seconds_count{route="GET /sv/{$}"} 2`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
