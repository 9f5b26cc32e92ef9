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
// that were published are public; a draft only for the editors of the form,
// who check it before publishing.
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
	ctx := r.Context()
	v, err := a.Cases.Forms.Version(ctx, r.PathValue("id"), n)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if v.State == cases.FormDraft {
		// A draft is shown only to those who may change the form, and to
		// anyone else it does not exist.
		if _, err := a.Cases.Forms.Editable(ctx, auth.PrincipalFrom(ctx), v.FormID); err != nil {
			switch errs.KindOf(err) {
			case errs.Forbidden, errs.Unauthenticated, errs.NotFound:
				err = errs.E(errs.NotFound, "no such form version")
			}
			a.writeError(w, r, err)
			return
		}
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
