package web

import (
	"net/http"
	"slices"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
)

// registerApply registers the customer's application pages: start, one form
// page at a time with its attachments, check your answers, send, and the
// files and receipt of a case. Every route only asks that someone is signed
// in; the case service decides whose case it is, and answers "not found" for
// anyone else's, so that case ids reveal nothing.
func (h *Handler) registerApply(mux *http.ServeMux) {
	h.route(mux, "GET /services/{id}/apply", access.SignedIn, h.applyStart)
	h.route(mux, "POST /services/{id}/apply", access.SignedIn, h.applyCreate)
	h.route(mux, "GET /applications/{id}/pages/{n}", access.SignedIn, h.applyPage)
	h.route(mux, "POST /applications/{id}/pages/{n}", access.SignedIn, h.applyPageSave)
	h.route(mux, "GET /applications/{id}/attachments/{aid}/remove", access.SignedIn, h.applyConfirmRemove)
	h.route(mux, "POST /applications/{id}/attachments/{aid}/remove", access.SignedIn, h.applyRemoveFile)
	h.route(mux, "GET /applications/{id}/check", access.SignedIn, h.applyCheck)
	h.route(mux, "POST /applications/{id}/send", access.SignedIn, h.applySend)
	h.route(mux, "POST /applications/{id}/move-form", access.SignedIn, h.applyMoveForm)
	h.route(mux, "GET /cases/{id}/attachments/{aid}", access.SignedIn, h.caseAttachment)
	h.route(mux, "GET /cases/{id}/receipt.pdf", access.SignedIn, h.caseReceipt)
}

// applyStartData is the start page: the service, who handles it, and the
// municipalities to choose from when the service is local.
type applyStartData struct {
	Service catalog.Service
	// National is set when a national agency handles the service wherever
	// the activity is; Handler is then that agency.
	National bool
	Handler  catalog.Provider
	Handled  bool
	// Municipalities are those where someone in luva handles the service.
	Municipalities []identity.Municipality
	Undertaking    *analyser.Undertaking
	// CanApply is false for a representative whose mandate only lets them
	// view the company's matters.
	CanApply bool
}

// applyStart shows what the application is for and asks where the activity
// takes place, when that decides the authority.
func (h *Handler) applyStart(w http.ResponseWriter, r *http.Request, lang string) {
	q := r.URL.Query()
	form := map[string]string{"municipality": q.Get("municipality"), "undertaking": q.Get("undertaking")}
	h.renderStart(w, r, lang, http.StatusOK, form, nil)
}

// renderStart renders the start page with what was chosen and its errors.
func (h *Handler) renderStart(w http.ResponseWriter, r *http.Request, lang string, status int, form, errors map[string]string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	svc, err := h.Catalog.Service(ctx, r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if svc.State != "published" {
		h.ErrorPage(w, r, lang, http.StatusNotFound)
		return
	}
	d := applyStartData{Service: svc, National: svc.NationalAgency != "", CanApply: p.ActingFor == "" || p.HasRight(p.ActingFor, access.RightApply)}
	if id := form["undertaking"]; id != "" {
		u, err := h.Analyser.OwnUndertaking(ctx, p, id)
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		d.Undertaking = &u
		if form["municipality"] == "" {
			form["municipality"] = u.Municipality
		}
	}
	providers, err := h.Catalog.Providers(ctx)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if !d.National {
		all, err := identity.Municipalities()
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		for _, m := range all {
			if _, ok := svc.Handler(providers, m.Code); ok {
				d.Municipalities = append(d.Municipalities, m)
			}
		}
		if !slices.ContainsFunc(d.Municipalities, func(m identity.Municipality) bool { return m.Code == form["municipality"] }) {
			form["municipality"] = ""
		}
	}
	d.Handler, d.Handled = svc.Handler(providers, form["municipality"])
	h.pageStatus(w, r, status, "apply-start", Page{Lang: lang, Title: h.catalog.T(lang, "apply.start.title", "service", svc.Name(lang)),
		Nav: "services", Data: d, Form: form, Errors: errors})
}

// applyCreate opens the draft, fills in what the registers and the party's
// earlier applications already know, and goes to the first page.
func (h *Handler) applyCreate(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	form := map[string]string{"municipality": r.PostFormValue("municipality"), "undertaking": r.PostFormValue("undertaking")}
	if form["undertaking"] != "" {
		if _, err := h.Analyser.OwnUndertaking(ctx, p, form["undertaking"]); err != nil {
			h.Error(w, r, lang, err)
			return
		}
	}
	c, err := h.Cases.Start(ctx, p, auth.RequestInfo(r), cases.StartInput{Service: r.PathValue("id"), Municipality: form["municipality"],
		Undertaking: form["undertaking"], Lang: lang})
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid && len(e.Fields) > 0 {
		h.renderStart(w, r, lang, http.StatusUnprocessableEntity, form, e.Fields)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if c, err = h.prefillDraft(ctx, p, c); err != nil {
		// The draft exists; a prefill that could not be saved only means
		// the customer types those answers themself.
		h.log.ErrorContext(ctx, "prefill a new application", "case", c.ID, "err", err)
	}
	first := 1
	if f, err := h.Cases.Form(ctx, c); err == nil {
		first = nextVisible(f, c.Answers, 0)
	}
	http.Redirect(w, r, applyPagePath(lang, c.ID, first), http.StatusSeeOther)
}
