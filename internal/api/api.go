// Package api serves luva's JSON API under /api/v1: the integration interface for
// authorities' own case-management systems and for other front ends. Every
// route is described in the OpenAPI 3.1 document served at /api/openapi.json, and
// a test keeps the two in step.
package api

import (
	"context"
	_ "embed"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/i18n"
)

//go:embed openapi.json
var openAPIDocument []byte

// OpenAPIDocument returns the embedded OpenAPI 3.1 document.
func OpenAPIDocument() []byte { return openAPIDocument }

// BundleReader reads service bundles.
type BundleReader interface {
	Bundles(ctx context.Context, lang string) ([]catalog.Bundle, error)
	Bundle(ctx context.Context, code, lang string) (catalog.Bundle, error)
}

// Route is one registered API operation.
type Route struct {
	Method, Path string
}

// API holds the JSON handlers' dependencies.
type API struct {
	log     *slog.Logger
	catalog *i18n.Catalog
	bundles BundleReader
	version string
	routes  []Route
	// paths matches the registered paths whatever the method, to tell
	// "wrong method" from "no such route".
	paths *http.ServeMux
}

// New returns the API.
func New(log *slog.Logger, cat *i18n.Catalog, bundles BundleReader, version string) *API {
	return &API{log: log, catalog: cat, bundles: bundles, version: version, paths: http.NewServeMux()}
}

// Register adds the API routes to mux.
func (a *API) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/openapi.json", serveDocument)
	a.handle(mux, "GET", "/api/v1/version", a.versionInfo)
	a.handle(mux, "GET", "/api/v1/bundles", a.listBundles)
	a.handle(mux, "GET", "/api/v1/bundles/{code}", a.bundle)
	mux.HandleFunc("/api/", a.notFound)
}

// Routes lists the registered operations, for the document test.
func (a *API) Routes() []Route { return a.routes }

func (a *API) handle(mux *http.ServeMux, method, path string, h http.HandlerFunc) {
	a.routes = append(a.routes, Route{Method: method, Path: path})
	mux.HandleFunc(method+" "+path, h)
	if _, pattern := a.paths.Handler(&http.Request{Method: method, URL: &url.URL{Path: path}}); pattern != path {
		a.paths.Handle(path, http.NotFoundHandler())
	}
}

func serveDocument(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPIDocument) //nolint:errcheck // the client went away
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v) //nolint:errcheck // the client went away
}
