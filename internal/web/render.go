package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"github.com/luva-fi/luva/internal/i18n"
)

//go:embed templates
var templateFS embed.FS

// Page is what every template gets: the page's own data in Data, and what the
// layout needs around it.
type Page struct {
	Lang  string
	Title string // already translated
	// Path is the address below the language prefix ("/accessibility"), so that
	// the language switcher can keep the page.
	Path string
	Nav  string // which primary navigation item is current
	Data any
}

// LangLink is one entry of the language switcher.
type LangLink struct {
	Lang, Label, Href string
	Current           bool
}

// Renderer executes the page templates, parsed once per language so that the
// translation functions know their language.
type Renderer struct {
	pages   map[string]map[string]*template.Template // lang -> page -> template
	catalog *i18n.Catalog
}

// NewRenderer parses every page template with the layout for every language.
func NewRenderer(cat *i18n.Catalog, assets *Assets) (*Renderer, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	r := &Renderer{pages: map[string]map[string]*template.Template{}, catalog: cat}
	for _, lang := range i18n.Langs() {
		layout, err := template.New("layout").Funcs(r.funcs(lang, assets)).ParseFS(templateFS, "templates/layout.html")
		if err != nil {
			return nil, fmt.Errorf("parse layout: %w", err)
		}
		r.pages[lang] = map[string]*template.Template{}
		for _, n := range names {
			base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
			if base == "layout" {
				continue
			}
			t, err := template.Must(layout.Clone()).ParseFS(templateFS, n)
			if err != nil {
				return nil, fmt.Errorf("parse template %s: %w", n, err)
			}
			r.pages[lang][base] = t
		}
	}
	return r, nil
}

func (r *Renderer) funcs(lang string, assets *Assets) template.FuncMap {
	return template.FuncMap{
		"t":     func(key string, pairs ...any) string { return r.catalog.T(lang, key, pairs...) },
		"n":     func(key string, n int, pairs ...any) string { return r.catalog.N(lang, key, n, pairs...) },
		"asset": assets.URL,
		"icon":  assets.Icon,
		"href":  func(p string) string { return "/" + lang + p },
		"langs": func(path string) []LangLink {
			var out []LangLink
			for _, l := range i18n.Langs() {
				out = append(out, LangLink{Lang: l, Label: r.catalog.T(l, "lang."+l), Href: "/" + l + path, Current: l == lang})
			}
			return out
		},
	}
}

// Render writes the page template name with status. It renders into a buffer
// first, so that a template error becomes a clean 500 instead of half a page.
func (r *Renderer) Render(w http.ResponseWriter, status int, name string, p Page) error {
	t, ok := r.pages[p.Lang][name]
	if !ok {
		return fmt.Errorf("render %s: no such page in %q", name, p.Lang)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("render %s (%s): %w", name, p.Lang, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}
