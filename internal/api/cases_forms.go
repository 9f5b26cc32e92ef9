package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/forms"
)

// registerCaseForms adds the application forms: what a client fills in for a
// service, and the JSON Schema of a form version's answers.
func (a *API) registerCaseForms(mux *http.ServeMux) {
	a.handle(mux, "GET", "/api/v1/services/{id}/form", access.Public, a.serviceForm)
	a.handle(mux, "GET", "/api/v1/forms/{id}/versions/{version}/schema", access.Public, a.formSchema)
}

// formBody is a form version with its definition as it is stored.
type formBody struct {
	ID          string          `json:"id"`
	Version     int             `json:"version"`
	State       string          `json:"state"`
	PublishedAt *time.Time      `json:"published_at,omitempty"`
	Definition  json.RawMessage `json:"definition"`
}

// serviceForm answers the newest published version of the form a service is
// applied for with: the one a new application starts on.
func (a *API) serviceForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	svc, err := a.Catalog.Service(ctx, r.PathValue("id"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if svc.State != "published" {
		a.writeError(w, r, errs.E(errs.NotFound, "the service is not available"))
		return
	}
	id, err := a.Cases.Forms.FormOf(ctx, svc.ID)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	v, err := a.Cases.Forms.Published(ctx, id)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, formBody{ID: v.FormID, Version: v.Version, State: v.State, PublishedAt: v.PublishedAt, Definition: v.Definition})
}

// formSchema answers the JSON Schema of a form version's answers. Versions
// that were published are public; a draft only for form editors, who check
// it before publishing.
func (a *API) formSchema(w http.ResponseWriter, r *http.Request) {
	lang, err := a.contentLang(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || n < 1 {
		a.writeError(w, r, errs.E(errs.NotFound, "no such form version"))
		return
	}
	v, err := a.Cases.Forms.Version(r.Context(), r.PathValue("id"), n)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if v.State == cases.FormDraft && !access.Allowed(auth.PrincipalFrom(r.Context()), access.EditForms, access.Resource{}) {
		a.writeError(w, r, errs.E(errs.NotFound, "no such form version"))
		return
	}
	f, err := forms.Parse(v.Definition)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	schema, err := forms.JSONSchema(f, lang)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/schema+json")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(schema) //nolint:errcheck // the client went away
}
