// Package web serves luva's HTML pages: server-rendered, accessible, in Finnish,
// Swedish and English with the language in the URL (/fi/…, /sv/…, /en/…), and
// working without JavaScript.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/i18n"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/integration"
	"github.com/luva-fi/luva/internal/messaging"
	"github.com/luva-fi/luva/internal/obligations"
	"github.com/luva-fi/luva/internal/process"
	"github.com/luva-fi/luva/internal/registers"
	"github.com/luva-fi/luva/internal/search"
	"github.com/luva-fi/luva/internal/work"
)

// BundleLister lists the service bundles in a language.
type BundleLister interface {
	Bundles(ctx context.Context, lang string) ([]catalog.Bundle, error)
}

// Deps are what the pages need.
type Deps struct {
	Log     *slog.Logger
	Text    *i18n.Catalog
	Bundles BundleLister
	Auth    *auth.Service
	People  *identity.Service
	Audit   *audit.Log
	Catalog *catalog.Store
	Content *catalog.Content
	Search  *search.Index
	// Registers answers what the business register knows of a company.
	Registers registers.Source
	// Analyser is the permit-need analyser.
	Analyser *analyser.Service
	// Providers are the OpenID Connect providers offered on the sign-in page.
	Providers []Provider
	// Cases runs applications and cases; Fill prefills forms from the
	// registers; Persons finds partners to invite by email.
	Cases   *cases.Service
	Fill    registers.Filler
	Persons cases.People
	// Integration runs the authorities' webhooks.
	Integration *integration.Service
	// Obligations keeps the duties decisions set and reminds of them.
	Obligations *obligations.Service
	// Messaging keeps people's notifications and the authorities' triggers.
	Messaging *messaging.Service
	Process   *process.Engine // deploys and runs the BPMN processes of cases
	Work      *work.Service   // work queues and the task list
}

// Provider is an OpenID Connect sign-in option.
type Provider struct {
	Name  string // used in URLs
	Label string // shown on the button
}

// Handler serves the pages.
type Handler struct {
	Deps
	log     *slog.Logger
	render  *Renderer
	assets  *Assets
	catalog *i18n.Catalog
	rules   []access.RouteRule
}

// New returns the page handler.
func New(d Deps) (*Handler, error) {
	assets, err := LoadAssets()
	if err != nil {
		return nil, err
	}
	r, err := NewRenderer(d.Text, assets)
	if err != nil {
		return nil, err
	}
	return &Handler{Deps: d, log: d.Log, render: r, assets: assets, catalog: d.Text}, nil
}

// Register adds the page routes to mux, each once per language. Unknown
// addresses get the 404 page in the language of their first path segment.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.Handle("GET /static/", h.assets)
	mux.HandleFunc("GET /{$}", h.root)
	h.route(mux, "GET /{$}", access.Public, h.front)
	h.route(mux, "GET /accessibility", access.Public, h.accessibility)
	h.registerAccount(mux)
	h.registerOrganisation(mux)
	h.registerOrgAdmin(mux)
	h.registerCatalogue(mux)
	h.registerSearch(mux)
	h.registerAnalyser(mux)
	h.registerApply(mux)
	h.registerCaseFile(mux)
	h.registerAuthority(mux)
	h.registerFormAdmin(mux)
	h.registerIntegration(mux)
	h.registerObligations(mux)
	h.registerNotifications(mux)
	h.registerWork(mux)
	h.registerProcess(mux)
	mux.HandleFunc("/", h.notFound)
}

// Rules lists every page route with the action it needs, for the access matrix.
func (h *Handler) Rules() []access.RouteRule { return h.rules }

// pageFunc is a page handler that is told its language.
type pageFunc func(w http.ResponseWriter, r *http.Request, lang string)

// maxPostBytes bounds a page's form post: a form page carries its attachment
// slots' files, each limited per slot (25 MB by default).
const maxPostBytes = 200 << 20

// route registers a page under every language prefix. Before the handler runs,
// the policy is asked whether the principal may do action on the resource the
// path names (the organisation in {org}, else the principal's own), and a form
// post must carry the session's form token.
func (h *Handler) route(mux *http.ServeMux, pattern string, action access.Action, fn pageFunc) {
	method, path, _ := strings.Cut(pattern, " ")
	h.rules = append(h.rules, access.RouteRule{Method: method, Pattern: "/{lang}" + path, Action: action})
	for _, lang := range i18n.Langs() {
		mux.HandleFunc(method+" /"+lang+path, func(w http.ResponseWriter, r *http.Request) {
			p := auth.PrincipalFrom(r.Context())
			res := access.Resource{PersonID: p.PersonID, OrganisationID: r.PathValue("org")}
			if res.OrganisationID == "" {
				res.OrganisationID = r.URL.Query().Get("org")
			}
			if err := access.Check(p, action, res); err != nil {
				if p.Authenticated() {
					if aerr := h.Audit.Denied(r.Context(), p, auth.RequestInfo(r), action, res); aerr != nil {
						h.log.ErrorContext(r.Context(), "audit a denied request", "err", aerr)
					}
				}
				h.deny(w, r, lang, err)
				return
			}
			if method == http.MethodPost {
				// Reading the form token parses the whole body, files and all;
				// past this, a post is refused before it fills the disk.
				r.Body = http.MaxBytesReader(w, r.Body, maxPostBytes)
			}
			if method == http.MethodPost && p.Authenticated() && !auth.ValidFormToken(auth.SecretFrom(r.Context()), r.PostFormValue("csrf")) {
				h.ErrorPage(w, r, lang, http.StatusForbidden)
				return
			}
			fn(w, r, lang)
		})
	}
}

// deny answers a refused request: anonymous visitors are sent to sign in and
// then back, signed-in ones get the 403 page.
func (h *Handler) deny(w http.ResponseWriter, r *http.Request, lang string, err error) {
	if errs.KindOf(err) == errs.Unauthenticated {
		next := r.URL.Path
		if r.Method != http.MethodGet {
			next = "/" + lang + "/"
		}
		http.Redirect(w, r, "/"+lang+"/sign-in?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	h.ErrorPage(w, r, lang, http.StatusForbidden)
}

// root sends the visitor to the front page in the language their browser
// prefers.
func (h *Handler) root(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Vary", "Accept-Language")
	http.Redirect(w, r, "/"+i18n.FromAcceptLanguage(r.Header.Get("Accept-Language"))+"/", http.StatusFound)
}

// page renders a page with status 200.
func (h *Handler) page(w http.ResponseWriter, r *http.Request, name string, p Page) {
	h.pageStatus(w, r, http.StatusOK, name, p)
}

// pageStatus renders a page with the principal and form token filled in.
func (h *Handler) pageStatus(w http.ResponseWriter, r *http.Request, status int, name string, p Page) {
	p.User = auth.PrincipalFrom(r.Context())
	if secret := auth.SecretFrom(r.Context()); secret != "" {
		p.CSRF = auth.FormToken(secret)
	}
	if p.Path == "" {
		p.Path = subPath(r.URL.Path)
	}
	if h.Messaging != nil && p.User.Authenticated() {
		n, err := h.Messaging.UnreadCount(r.Context(), p.User)
		if err != nil {
			// The count is a courtesy in the header; the page still serves.
			h.log.WarnContext(r.Context(), "count unread notifications", "err", err)
		}
		p.Unread = n
	}
	if n := r.URL.Query().Get("done"); n != "" && h.catalog.Has(p.Lang, "notice."+n) {
		p.Notice = "notice." + n
	}
	if err := h.render.Render(w, status, name, p); err != nil {
		h.Error(w, r, p.Lang, err)
	}
}

// seeOther redirects after a successful form post, with a notice key for the
// page to show.
func seeOther(w http.ResponseWriter, r *http.Request, path, notice string) {
	if notice != "" {
		path += "?done=" + url.QueryEscape(notice)
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// pathLang returns the language of a path's first segment, or the default.
func pathLang(path string) string {
	first, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	if i18n.Supported(first) {
		return first
	}
	return i18n.Default
}

// subPath returns the path below the language prefix, for the switcher.
func subPath(path string) string {
	lang := pathLang(path)
	if rest, ok := strings.CutPrefix(path, "/"+lang); ok && (rest == "" || strings.HasPrefix(rest, "/")) {
		if rest == "" {
			return "/"
		}
		return rest
	}
	return "/"
}
