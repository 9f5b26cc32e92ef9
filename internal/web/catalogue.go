package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/workdays"
)

func (h *Handler) registerCatalogue(mux *http.ServeMux) {
	h.route(mux, "GET /services", access.Public, h.services)
	h.route(mux, "GET /services/{id}", access.Public, h.service)
	h.route(mux, "GET /bundles/{code}", access.Public, h.bundleSummary)
	h.registerContent(mux)
	h.registerBundleAdmin(mux)
}

// servicesPerPage is the length of one page of the catalogue.
const servicesPerPage = 20

type servicesData struct {
	Services       []catalog.Service
	Bundles        []catalog.Bundle
	Municipalities []identity.Municipality
	Total          int
	Page, Pages    int
	PrevURL        string
	NextURL        string
}

func (h *Handler) services(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	q := r.URL.Query()
	all, providers, err := h.Catalog.PublishedWithProviders(ctx)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	found := catalog.Filter(all, providers, q.Get("bundle"), q.Get("municipality"), q.Get("q"), lang)
	d := servicesData{Total: len(found), Page: 1}
	if d.Bundles, err = h.Catalog.Bundles(ctx, lang); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if d.Municipalities, err = identity.Municipalities(); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d.Pages = max(1, (len(found)+servicesPerPage-1)/servicesPerPage)
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p >= 1 && p <= d.Pages {
		d.Page = p
	}
	from := (d.Page - 1) * servicesPerPage
	d.Services = found[from:min(len(found), from+servicesPerPage)]
	pageURL := func(p int) string {
		v := url.Values{}
		for _, k := range []string{"q", "bundle", "municipality"} {
			if x := q.Get(k); x != "" {
				v.Set(k, x)
			}
		}
		v.Set("page", strconv.Itoa(p))
		return "/" + lang + "/services?" + v.Encode()
	}
	if d.Page > 1 {
		d.PrevURL = pageURL(d.Page - 1)
	}
	if d.Page < d.Pages {
		d.NextURL = pageURL(d.Page + 1)
	}
	form := map[string]string{"q": q.Get("q"), "bundle": q.Get("bundle"), "municipality": q.Get("municipality")}
	h.page(w, r, "services", Page{Lang: lang, Title: h.catalog.T(lang, "services.title"), Nav: "services", Data: d, Form: form})
}

type serviceData struct {
	Service        catalog.Service
	Handler        catalog.Provider
	Handled        bool
	Municipality   string
	Municipalities []identity.Municipality
	Preview        bool
}

func (h *Handler) service(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	s, err := h.Catalog.Service(ctx, r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	h.renderService(w, r, lang, s, false)
}

// renderService shows a service as customers see it; editors preview drafts
// with the same page.
func (h *Handler) renderService(w http.ResponseWriter, r *http.Request, lang string, s catalog.Service, preview bool) {
	ctx := r.Context()
	d := serviceData{Service: s, Municipality: r.URL.Query().Get("municipality"), Preview: preview}
	var err error
	if d.Municipalities, err = identity.Municipalities(); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	providers, err := h.Catalog.Providers(ctx)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d.Handler, d.Handled = s.Handler(providers, d.Municipality)
	h.page(w, r, "service", Page{Lang: lang, Title: s.Name(lang), Nav: "services", Data: d, Form: map[string]string{"municipality": d.Municipality}})
}

type summaryData struct {
	Bundle         catalog.Bundle
	Items          []catalog.SummaryItem
	Municipalities []identity.Municipality
	Municipality   string
	Start          time.Time
}

func (h *Handler) bundleSummary(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	q := r.URL.Query()
	b, err := h.Catalog.Bundle(ctx, r.PathValue("code"), lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := summaryData{Bundle: b, Municipality: q.Get("municipality")}
	errors := map[string]string{}
	if v := q.Get("start"); v != "" {
		if d.Start, err = time.ParseInLocation("2006-01-02", v, helsinki()); err != nil {
			errors["start"] = "summary.error.start"
		}
	}
	if d.Municipalities, err = identity.Municipalities(); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if d.Municipality != "" && !slices.ContainsFunc(d.Municipalities, func(m identity.Municipality) bool { return m.Code == d.Municipality }) {
		errors["municipality"] = "summary.error.municipality"
		d.Municipality = ""
	}
	all, providers, err := h.Catalog.PublishedWithProviders(ctx)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d.Items = catalog.Summarise(all, b.Code, d.Municipality, d.Start, providers, workdays.New())
	status := http.StatusOK
	if len(errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	h.pageStatus(w, r, status, "bundle", Page{Lang: lang, Title: b.Name, Nav: "services", Data: d, Errors: errors,
		Form: map[string]string{"municipality": q.Get("municipality"), "start": q.Get("start")}})
}

// errNoService is shown when an editor asks for a service they do not own.
var errNoService = errs.E(errs.NotFound, "no such service")
