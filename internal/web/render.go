package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/i18n"
	"github.com/luva-fi/luva/internal/identity"
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
	// User is who is signed in, and CSRF the form token of their session.
	User access.Principal
	CSRF string
	// Notice is a message key shown once after a successful form post.
	Notice string
	// Errors maps form fields to message keys; Form holds what was typed.
	Errors map[string]string
	Form   map[string]string
	// Unread is the signed-in person's count of unread notifications.
	Unread int
}

// ErrorList is the page's form errors in the order of fields, for the error
// summary at the top of the page; without fields, every error by field name.
func (p Page) ErrorList(fields ...string) []FieldError {
	if len(fields) == 0 {
		fields = slices.Sorted(maps.Keys(p.Errors))
	}
	var out []FieldError
	for _, f := range fields {
		if key, ok := p.Errors[f]; ok {
			out = append(out, FieldError{Field: f, Key: key})
		}
	}
	return out
}

// FieldError is one entry of an error summary.
type FieldError struct {
	Field, Key string
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
	md      *markdown
}

// partials are the templates every page may call; they render nothing alone.
func partials() []string { return []string{"templates/form-field.html"} }

// NewRenderer parses every page template with the layout for every language.
func NewRenderer(cat *i18n.Catalog, assets *Assets) (*Renderer, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	r := &Renderer{pages: map[string]map[string]*template.Template{}, catalog: cat, md: newMarkdown()}
	for _, lang := range i18n.Langs() {
		// Partials (templates that only define blocks, such as form-field) are
		// parsed with the layout so that every page can use them.
		layout, err := template.New("layout").Funcs(r.funcs(lang, assets)).ParseFS(templateFS, append([]string{"templates/layout.html"}, partials()...)...)
		if err != nil {
			return nil, fmt.Errorf("parse layout: %w", err)
		}
		r.pages[lang] = map[string]*template.Template{}
		for _, n := range names {
			base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
			if base == "layout" || slices.Contains(partials(), n) {
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
		"t":        func(key string, pairs ...any) string { return r.catalog.T(lang, key, pairs...) },
		"n":        func(key string, n int, pairs ...any) string { return r.catalog.N(lang, key, n, pairs...) },
		"asset":    assets.URL,
		"icon":     assets.Icon,
		"href":     func(p string) string { return "/" + lang + p },
		"dict":     dict,
		"markdown": r.md.render,
		"unitName": unitName,
		"deref":    func(p *int) int { return *p },
		"list":     func(items ...string) []string { return items },
		"datetime": func(t time.Time) string { return formatTime(lang, t, true) },
		"date":     func(t time.Time) string { return formatTime(lang, t, false) },
		// enddate shows the last day of a period that ends at midnight.
		"enddate": func(t *time.Time) string { return formatTime(lang, t.Add(-time.Nanosecond), false) },
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

// CanEditContent reports whether the user edits any organisation's guidance,
// for the navigation.
func (p Page) CanEditContent() bool {
	return access.Allowed(p.User, access.EditContent, access.Resource{}) || access.Allowed(p.User, access.PublishContent, access.Resource{})
}

// CanEditForms reports whether the navigation offers the form editor.
func (p Page) CanEditForms() bool { return access.Allowed(p.User, access.EditForms, access.Resource{}) }

// FieldErr returns the error of one form field, or nil.
func (p Page) FieldErr(field string) *FieldError {
	if key, ok := p.Errors[field]; ok {
		return &FieldError{Field: field, Key: key}
	}
	return nil
}

// Value is what a form field shows: what was typed, after a failed post, or
// else the stored value.
func (p Page) Value(field, stored string) string {
	if p.Form != nil {
		return p.Form[field]
	}
	return stored
}

// Checked says whether a checkbox is ticked: as posted after a failed post,
// otherwise as stored.
func (p Page) Checked(field string, stored bool) bool {
	if p.Form != nil {
		return p.Form[field] == "on"
	}
	return stored
}

// dict builds a map for passing several values to a sub-template.
func dict(pairs ...any) (map[string]any, error) {
	if len(pairs)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		k, ok := pairs[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", pairs[i])
		}
		m[k] = pairs[i+1]
	}
	return m, nil
}

// formatTime writes a time in Helsinki the way each language writes dates.
func formatTime(lang string, t time.Time, withClock bool) string {
	t = t.In(helsinki())
	switch {
	case lang == "en" && withClock:
		return t.Format("2 Jan 2006 15:04")
	case lang == "en":
		return t.Format("2 Jan 2006")
	case lang == "sv" && withClock:
		return t.Format("2.1.2006 kl. 15.04")
	case lang == "fi" && withClock:
		return t.Format("2.1.2006 klo 15.04")
	}
	return t.Format("2.1.2006")
}

// unitName finds a unit's name among an organisation's units.
func unitName(units []identity.Unit, id string) string {
	for _, u := range units {
		if u.ID == id {
			return u.Name
		}
	}
	return id
}
