package api_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/api"
	"github.com/luva-fi/luva/internal/i18n"
)

// TestOpenAPIDocumentMatchesRegisteredRoutes fails when a registered API route
// is missing from the document or the document names a route that does not exist.
func TestOpenAPIDocumentMatchesRegisteredRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	b, err := api.OpenAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("the OpenAPI document is not JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi version %q, want 3.1.x", doc.OpenAPI)
	}
	var documented []string
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	a := api.New(api.Deps{Log: slog.New(slog.DiscardHandler), Text: cat, Version: "test"})
	a.Register(http.NewServeMux())
	var registered []string
	for _, r := range a.Routes() {
		registered = append(registered, r.Method+" "+r.Path)
	}
	for _, r := range registered {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is registered but missing from openapi.json", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(registered, d) {
			t.Errorf("openapi.json names %s, which is not registered", d)
		}
	}
	if len(registered) == 0 {
		t.Error("no API routes registered")
	}
}
