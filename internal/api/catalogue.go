package api

import (
	"net/http"
	"slices"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/workdays"
)

func (a *API) registerCatalogue(mux *http.ServeMux) {
	a.handle(mux, "GET", "/api/v1/services", access.Public, a.listServices)
	a.handle(mux, "GET", "/api/v1/services/{id}", access.Public, a.service)
	a.handle(mux, "GET", "/api/v1/bundles/{code}/summary", access.Public, a.bundleSummary)
	a.handle(mux, "GET", "/api/v1/services/{id}/versions", access.PublishContent, a.serviceVersions)
	a.handle(mux, "PUT", "/api/v1/services/{id}/draft", access.EditContent, a.saveDraft)
	a.handle(mux, "POST", "/api/v1/services/{id}/draft/submit", access.EditContent, a.submitDraft)
	a.handle(mux, "POST", "/api/v1/services/{id}/draft/publish", access.PublishContent, a.publishDraft)
	a.handle(mux, "PUT", "/api/v1/bundles/{code}", access.ManageBundles, a.updateBundle)
}

func (a *API) updateBundle(w http.ResponseWriter, r *http.Request) {
	in := map[string]catalog.BundleText{}
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := a.Content.UpdateBundle(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("code"), in); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// invalidField answers a bad query parameter.
func invalidField(field, message string) error {
	e := errs.E(errs.Invalid, "bad parameter")
	e.Fields = map[string]string{field: message}
	return e
}

// municipality reads ?municipality= and checks it is a municipality code.
func municipality(r *http.Request) (string, error) {
	m := r.URL.Query().Get("municipality")
	if m == "" {
		return "", nil
	}
	ms, err := identity.Municipalities()
	if err != nil {
		return "", err
	}
	if !slices.ContainsFunc(ms, func(x identity.Municipality) bool { return x.Code == m }) {
		return "", invalidField("municipality", "must be a three-digit municipality code, e.g. 091")
	}
	return m, nil
}

func (a *API) listServices(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang, err := a.contentLang(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	m, err := municipality(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	all, providers, err := a.Catalog.PublishedWithProviders(ctx)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	out := catalog.Filter(all, providers, q.Get("bundle"), m, q.Get("q"), lang)
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
}

func (a *API) service(w http.ResponseWriter, r *http.Request) {
	s, err := a.Catalog.Service(r.Context(), r.PathValue("id"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s)
}

type summaryItem struct {
	Service   string `json:"service"`
	Name      string `json:"name"`
	HandlerID string `json:"handler_id,omitempty"`
	Handler   string `json:"handler,omitempty"`
	LeadDays  int    `json:"lead_days"`
	Working   bool   `json:"lead_working_days"`
	SendBy    string `json:"send_by,omitempty"`
	URL       string `json:"url"`
}

func (a *API) bundleSummary(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang, err := a.contentLang(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	m, err := municipality(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	var start time.Time
	if v := r.URL.Query().Get("start"); v != "" {
		if start, err = time.Parse("2006-01-02", v); err != nil {
			a.writeError(w, r, invalidField("start", "must be a date yyyy-mm-dd"))
			return
		}
	}
	b, err := a.Catalog.Bundle(ctx, r.PathValue("code"), lang)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	all, providers, err := a.Catalog.PublishedWithProviders(ctx)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	items := []summaryItem{}
	for _, it := range catalog.Summarise(all, b.Code, m, start, providers, workdays.New()) {
		x := summaryItem{Service: it.Service.ID, Name: it.Service.Name(lang), LeadDays: it.Service.LeadTime.Days,
			Working: it.Service.LeadTime.WorkingDays, URL: "/" + lang + "/services/" + it.Service.ID}
		if it.Handled {
			x.HandlerID, x.Handler = it.Handler.ID, it.Handler.DisplayName(lang)
		}
		if !it.Deadline.IsZero() {
			x.SendBy = it.Deadline.Format("2006-01-02")
		}
		items = append(items, x)
	}
	writeJSON(w, http.StatusOK, map[string]any{"bundle": b, "items": items})
}

func (a *API) serviceVersions(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")
	if _, _, err := a.Content.Draft(ctx, auth.PrincipalFrom(ctx), id); err != nil {
		a.writeError(w, r, err)
		return
	}
	vs, err := a.Content.Versions(ctx, id)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(vs)})
}

type draftRequest struct {
	Texts catalog.Texts `json:"texts"`
	Note  string        `json:"note"`
}

func (a *API) saveDraft(w http.ResponseWriter, r *http.Request) {
	var in draftRequest
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	v, err := a.Content.SaveDraft(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("id"), in.Texts, in.Note)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (a *API) submitDraft(w http.ResponseWriter, r *http.Request) {
	if err := a.Content.SubmitForReview(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("id")); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) publishDraft(w http.ResponseWriter, r *http.Request) {
	if err := a.Content.Publish(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("id")); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
