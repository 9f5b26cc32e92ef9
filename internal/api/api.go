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

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/i18n"
	"github.com/luva-fi/luva/internal/identity"
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

// Deps are what the API needs.
type Deps struct {
	Log     *slog.Logger
	Text    *i18n.Catalog
	Bundles BundleReader
	Auth    *auth.Service
	People  *identity.Service
	Audit   *audit.Log
	Version string
}

// API holds the JSON handlers' dependencies.
type API struct {
	Deps
	log     *slog.Logger
	catalog *i18n.Catalog
	routes  []Route
	rules   []access.RouteRule
	// paths matches the registered paths whatever the method, to tell
	// "wrong method" from "no such route".
	paths *http.ServeMux
}

// New returns the API.
func New(d Deps) *API {
	return &API{Deps: d, log: d.Log, catalog: d.Text, paths: http.NewServeMux()}
}

// Register adds the API routes to mux.
func (a *API) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/openapi.json", serveDocument)
	a.handle(mux, "GET", "/api/v1/version", access.Public, a.versionInfo)
	a.handle(mux, "GET", "/api/v1/bundles", access.Public, a.listBundles)
	a.handle(mux, "GET", "/api/v1/bundles/{code}", access.Public, a.bundle)
	a.registerIdentity(mux)
	mux.HandleFunc("/api/", a.notFound)
}

// Routes lists the registered operations, for the document test.
func (a *API) Routes() []Route { return a.routes }

// Rules lists the routes with the action each needs, for the access matrix.
func (a *API) Rules() []access.RouteRule { return a.rules }

// handle registers an operation. Before h runs, the policy is asked whether
// the principal may do action on the resource the path names: the
// organisation in {org} (or ?org=), else the principal's own.
func (a *API) handle(mux *http.ServeMux, method, path string, action access.Action, h http.HandlerFunc) {
	a.routes = append(a.routes, Route{Method: method, Path: path})
	a.rules = append(a.rules, access.RouteRule{Method: method, Pattern: path, Action: action})
	mux.HandleFunc(method+" "+path, func(w http.ResponseWriter, r *http.Request) {
		p := auth.PrincipalFrom(r.Context())
		res := access.Resource{PersonID: p.PersonID, OrganisationID: r.PathValue("org")}
		if res.OrganisationID == "" {
			res.OrganisationID = r.URL.Query().Get("org")
		}
		if err := access.Check(p, action, res); err != nil {
			if p.Authenticated() {
				if aerr := a.Audit.Denied(r.Context(), p, auth.RequestInfo(r), action, res); aerr != nil {
					a.log.ErrorContext(r.Context(), "audit a denied request", "err", aerr)
				}
			}
			a.writeError(w, r, err)
			return
		}
		h(w, r)
	})
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
