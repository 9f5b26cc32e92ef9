// Package web serves luva's HTML pages: server-rendered, accessible, in Finnish,
// Swedish and English with the language in the URL (/fi/…, /sv/…, /en/…), and
// working without JavaScript.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/i18n"
)

// BundleLister lists the service bundles in a language.
type BundleLister interface {
	Bundles(ctx context.Context, lang string) ([]catalog.Bundle, error)
}

// Handler holds what the pages need.
type Handler struct {
	log     *slog.Logger
	render  *Renderer
	assets  *Assets
	catalog *i18n.Catalog
	bundles BundleLister
}

// New returns the page handler.
func New(log *slog.Logger, cat *i18n.Catalog, bundles BundleLister) (*Handler, error) {
	assets, err := LoadAssets()
	if err != nil {
		return nil, err
	}
	r, err := NewRenderer(cat, assets)
	if err != nil {
		return nil, err
	}
	return &Handler{log: log, render: r, assets: assets, catalog: cat, bundles: bundles}, nil
}

// Register adds the page routes to mux, each once per language. Unknown
// addresses get the 404 page in the language of their first path segment.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.Handle("GET /static/", h.assets)
	mux.HandleFunc("GET /{$}", h.root)
	h.pages(mux, "/{$}", h.front)
	h.pages(mux, "/accessibility", h.accessibility)
	mux.HandleFunc("/", h.notFound)
}

// pageFunc is a page handler that is told its language.
type pageFunc func(w http.ResponseWriter, r *http.Request, lang string)

// pages registers a GET page under every language prefix.
func (h *Handler) pages(mux *http.ServeMux, path string, fn pageFunc) {
	for _, lang := range i18n.Langs() {
		mux.HandleFunc("GET /"+lang+path, func(w http.ResponseWriter, r *http.Request) { fn(w, r, lang) })
	}
}

// root sends the visitor to the front page in the language their browser
// prefers.
func (h *Handler) root(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Vary", "Accept-Language")
	http.Redirect(w, r, "/"+i18n.FromAcceptLanguage(r.Header.Get("Accept-Language"))+"/", http.StatusFound)
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request, name string, p Page) {
	if err := h.render.Render(w, http.StatusOK, name, p); err != nil {
		h.Error(w, r, p.Lang, err)
	}
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
