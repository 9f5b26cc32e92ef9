package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
)

func (h *Handler) registerOrganisation(mux *http.ServeMux) {
	h.route(mux, "GET /organisations/{org}/mandates", access.ViewMandates, h.mandates)
	h.route(mux, "POST /organisations/{org}/mandates", access.ManageMandates, h.grantMandate)
	h.route(mux, "GET /organisations/{org}/mandates/{id}/revoke", access.ManageMandates, h.confirmRevokeMandate)
	h.route(mux, "POST /organisations/{org}/mandates/{id}/revoke", access.ManageMandates, h.revokeMandate)
	h.route(mux, "GET /admin", access.SignedIn, h.adminHome)
	h.route(mux, "GET /admin/organisations/{org}/users", access.ViewOrgUsers, h.members)
	h.route(mux, "POST /admin/organisations/{org}/users", access.ManageOrgUsers, h.addRole)
	h.route(mux, "POST /admin/organisations/{org}/units", access.ManageOrgUsers, h.addUnit)
	h.route(mux, "GET /admin/organisations/{org}/users/{grant}/remove", access.ManageOrgUsers, h.confirmRemoveRole)
	h.route(mux, "POST /admin/organisations/{org}/users/{grant}/remove", access.ManageOrgUsers, h.removeRole)
	h.route(mux, "GET /admin/audit", access.ViewAudit, h.auditLog)
	h.route(mux, "GET /admin/audit/export.csv", access.ViewAudit, h.auditExportCSV)
	h.route(mux, "GET /admin/audit/export.json", access.ViewAudit, h.auditExportJSON)
}

type mandatesData struct {
	Org      identity.Organisation
	Mandates []identity.MandateView
	Manage   bool
	Rights   []access.Right
}

func (h *Handler) mandates(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderMandates(w, r, lang, http.StatusOK, nil, nil)
}

func (h *Handler) renderMandates(w http.ResponseWriter, r *http.Request, lang string, status int, form, errors map[string]string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	orgID := r.PathValue("org")
	org, err := h.People.Organisation(ctx, orgID)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	ms, err := h.People.OrganisationMandates(ctx, p, auth.RequestInfo(r), orgID)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := mandatesData{Org: org, Mandates: ms, Manage: access.Allowed(p, access.ManageMandates, access.Org(orgID)), Rights: access.Rights()}
	h.pageStatus(w, r, status, "mandates", Page{Lang: lang, Title: h.catalog.T(lang, "mandates.title"), Nav: "mandates", Data: d, Form: form, Errors: errors})
}

func (h *Handler) grantMandate(w http.ResponseWriter, r *http.Request, lang string) {
	if err := r.ParseForm(); err != nil {
		h.Error(w, r, lang, errs.Wrap(errs.Invalid, "unreadable form", err))
		return
	}
	var rights []access.Right
	for _, v := range r.PostForm["rights"] {
		rights = append(rights, access.Right(v))
	}
	form := map[string]string{"personal_id": strings.TrimSpace(r.PostFormValue("personal_id")), "valid_until": r.PostFormValue("valid_until")}
	for _, rt := range rights {
		form["right_"+string(rt)] = "on"
	}
	var until *time.Time
	if v := strings.TrimSpace(r.PostFormValue("valid_until")); v != "" {
		t, err := time.ParseInLocation("2006-01-02", v, helsinki())
		if err != nil {
			h.renderMandates(w, r, lang, http.StatusUnprocessableEntity, form, map[string]string{"valid_until": "mandates.error.valid_until"})
			return
		}
		t = t.AddDate(0, 0, 1) // valid through the whole day given
		until = &t
	}
	_, err := h.People.GrantMandate(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("org"), form["personal_id"], rights, until)
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid {
		h.renderMandates(w, r, lang, http.StatusUnprocessableEntity, form, e.Fields)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, "/"+lang+"/organisations/"+r.PathValue("org")+"/mandates", "mandate_granted")
}

type confirmData struct {
	Org     identity.Organisation
	Subject string // who or what the step concerns
	Action  string // the form's address
	Back    string
}

func (h *Handler) confirmRevokeMandate(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	orgID, id := r.PathValue("org"), r.PathValue("id")
	ms, err := h.People.OrganisationMandates(ctx, auth.PrincipalFrom(ctx), auth.RequestInfo(r), orgID)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	for _, m := range ms {
		if m.ID == id {
			org, err := h.People.Organisation(ctx, orgID)
			if err != nil {
				h.Error(w, r, lang, err)
				return
			}
			base := "/" + lang + "/organisations/" + orgID + "/mandates"
			h.page(w, r, "confirm", Page{Lang: lang, Title: h.catalog.T(lang, "mandates.revoke.title"), Nav: "mandates",
				Data: confirmData{Org: org, Subject: m.PersonName, Action: base + "/" + id + "/revoke", Back: base}})
			return
		}
	}
	h.ErrorPage(w, r, lang, http.StatusNotFound)
}

func (h *Handler) revokeMandate(w http.ResponseWriter, r *http.Request, lang string) {
	orgID := r.PathValue("org")
	if err := h.People.RevokeMandate(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), orgID, r.PathValue("id")); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, "/"+lang+"/organisations/"+orgID+"/mandates", "mandate_revoked")
}

func helsinki() *time.Location {
	loc, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		return time.UTC
	}
	return loc
}
