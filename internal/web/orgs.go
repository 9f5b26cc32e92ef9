package web

import (
	"net/http"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
)

type orgsData struct {
	Orgs           []identity.Organisation
	Municipalities []identity.Municipality
	AuthorityTypes []string
	Selected       map[string]bool // municipalities chosen in a failed post
}

func (h *Handler) organisations(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderOrganisations(w, r, lang, http.StatusOK, nil, nil, nil)
}

func (h *Handler) renderOrganisations(w http.ResponseWriter, r *http.Request, lang string, status int, form, errors map[string]string, selected []string) {
	orgs, err := h.People.Organisations(r.Context(), "")
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	ms, err := identity.Municipalities()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := orgsData{Orgs: orgs, Municipalities: ms, AuthorityTypes: identity.AuthorityTypes(), Selected: map[string]bool{}}
	for _, m := range selected {
		d.Selected[m] = true
	}
	h.pageStatus(w, r, status, "organisations", Page{Lang: lang, Title: h.catalog.T(lang, "orgs.title"), Nav: "admin", Data: d, Form: form, Errors: errors})
}

func (h *Handler) registerOrganisationForm(w http.ResponseWriter, r *http.Request, lang string) {
	if err := r.ParseForm(); err != nil {
		h.Error(w, r, lang, errs.Wrap(errs.Invalid, "unreadable form", err))
		return
	}
	n := identity.NewOrganisation{Kind: r.PostFormValue("kind"), Name: r.PostFormValue("name"), NameSV: r.PostFormValue("name_sv"),
		BusinessID: r.PostFormValue("business_id"), AuthorityType: r.PostFormValue("authority_type"),
		Municipalities: r.PostForm["municipalities"], Representative: r.PostFormValue("representative")}
	_, err := h.People.RegisterOrganisation(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), n)
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid {
		form := map[string]string{"kind": n.Kind, "name": n.Name, "name_sv": n.NameSV, "business_id": n.BusinessID,
			"authority_type": n.AuthorityType, "representative": n.Representative}
		h.renderOrganisations(w, r, lang, http.StatusUnprocessableEntity, form, e.Fields, n.Municipalities)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, "/"+lang+"/admin/organisations", "organisation_registered")
}

func (h *Handler) registerOrgAdmin(mux *http.ServeMux) {
	h.route(mux, "GET /admin/organisations", access.ManageOrgs, h.organisations)
	h.route(mux, "POST /admin/organisations", access.ManageOrgs, h.registerOrganisationForm)
}
