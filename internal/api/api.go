// Package api serves luva's JSON API under /api/v1: the integration interface for
// authorities' own case-management systems and for other front ends. Every
// route is described in the OpenAPI 3.1 document served at /api/openapi.json, and
// a test keeps the two in step.
package api

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/i18n"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/integration"
	"github.com/luva-fi/luva/internal/messaging"
	"github.com/luva-fi/luva/internal/obligations"
	"github.com/luva-fi/luva/internal/process"
	"github.com/luva-fi/luva/internal/search"
	"github.com/luva-fi/luva/internal/work"
)

//go:embed openapi/*.json
var openAPIFiles embed.FS

// OpenAPIDocument returns the OpenAPI 3.1 document: openapi/base.json with the
// paths and components of every other file in openapi/ merged in, so that each
// area of the API documents itself in a file of its own.
func OpenAPIDocument() ([]byte, error) {
	base, err := readDoc("openapi/base.json")
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(openAPIFiles, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if f == "openapi/base.json" {
			continue
		}
		part, err := readDoc(f)
		if err != nil {
			return nil, err
		}
		for _, section := range []string{"paths"} {
			if err := mergeInto(base, part, section, f); err != nil {
				return nil, err
			}
		}
		if comps, ok := part["components"].(map[string]any); ok {
			baseComps, _ := base["components"].(map[string]any)
			for kind, v := range comps {
				if baseComps[kind] == nil {
					baseComps[kind] = map[string]any{}
				}
				if err := mergeInto(baseComps, map[string]any{kind: v}, kind, f); err != nil {
					return nil, err
				}
			}
		}
	}
	return json.MarshalIndent(base, "", "  ")
}

func readDoc(name string) (map[string]any, error) {
	b, err := fs.ReadFile(openAPIFiles, name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	return m, nil
}

// mergeInto adds part[section]'s entries to base[section]; an entry defined
// twice is an error.
func mergeInto(base, part map[string]any, section, file string) error {
	src, _ := part[section].(map[string]any)
	dst, _ := base[section].(map[string]any)
	if dst == nil {
		dst = map[string]any{}
		base[section] = dst
	}
	for k, v := range src {
		if _, dup := dst[k]; dup {
			return fmt.Errorf("openapi: %s defines %s %q again", file, section, k)
		}
		dst[k] = v
	}
	return nil
}

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
	Catalog *catalog.Store
	Content *catalog.Content
	// Analyser is the permit-need analyser.
	Analyser *analyser.Service
	Search   *search.Index
	// Cases runs applications and cases.
	Cases *cases.Service
	// Integration runs the authorities' webhooks.
	Integration *integration.Service
	// Obligations keeps the duties decisions set and reminds of them.
	Obligations *obligations.Service
	// Messaging keeps people's notifications and the authorities' triggers.
	Messaging *messaging.Service
	Work      *work.Service   // work queues and the task list
	Process   *process.Engine // deploys and runs the BPMN processes of cases
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
	mux.HandleFunc("GET /api/openapi.json", a.serveDocument)
	a.handle(mux, "GET", "/api/v1/version", access.Public, a.versionInfo)
	a.handle(mux, "GET", "/api/v1/bundles", access.Public, a.listBundles)
	a.handle(mux, "GET", "/api/v1/bundles/{code}", access.Public, a.bundle)
	a.registerIdentity(mux)
	a.registerCatalogue(mux)
	a.registerSearch(mux)
	a.registerAnalyser(mux)
	a.registerApplications(mux)
	a.registerCases(mux)
	a.registerIntegration(mux)
	a.registerObligations(mux)
	a.registerMessaging(mux)
	a.registerProcess(mux)
	a.registerWork(mux)
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

func (a *API) serveDocument(w http.ResponseWriter, r *http.Request) {
	doc, err := OpenAPIDocument()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(doc) //nolint:errcheck // the client went away
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v) //nolint:errcheck // the client went away
}
