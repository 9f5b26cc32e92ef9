package web

import (
	"net/http"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
)

type adminHomeData struct {
	Orgs []adminOrg
}

type adminOrg struct {
	Org         identity.Organisation
	ManageUsers bool
	ViewAudit   bool
}

// adminHome lists the organisations the principal administers or manages.
func (h *Handler) adminHome(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	var d adminHomeData
	for _, id := range p.Organisations() {
		if !access.Allowed(p, access.ViewOrgUsers, access.Org(id)) {
			continue
		}
		org, err := h.People.Organisation(ctx, id)
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		d.Orgs = append(d.Orgs, adminOrg{Org: org, ManageUsers: access.Allowed(p, access.ManageOrgUsers, access.Org(id)),
			ViewAudit: access.Allowed(p, access.ViewAudit, access.Org(id))})
	}
	h.page(w, r, "admin", Page{Lang: lang, Title: h.catalog.T(lang, "admin.title"), Nav: "admin", Data: d})
}

type membersData struct {
	Org     identity.Organisation
	Members []identity.Member
	Units   []identity.Unit
	Roles   []access.Role
	Manage  bool
	Self    string
}

func (h *Handler) members(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderMembers(w, r, lang, http.StatusOK, nil, nil)
}

func (h *Handler) renderMembers(w http.ResponseWriter, r *http.Request, lang string, status int, form, errors map[string]string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	orgID := r.PathValue("org")
	org, err := h.People.Organisation(ctx, orgID)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := membersData{Org: org, Roles: access.AuthorityRoles(), Manage: access.Allowed(p, access.ManageOrgUsers, access.Org(orgID)), Self: p.PersonID}
	if d.Members, err = h.People.Members(ctx, p, auth.RequestInfo(r), orgID); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if d.Units, err = h.People.Units(ctx, orgID); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	h.pageStatus(w, r, status, "members", Page{Lang: lang, Title: h.catalog.T(lang, "members.title"), Nav: "admin", Data: d, Form: form, Errors: errors})
}

func (h *Handler) addRole(w http.ResponseWriter, r *http.Request, lang string) {
	form := map[string]string{"email": strings.TrimSpace(r.PostFormValue("email")), "role": r.PostFormValue("role"), "unit": r.PostFormValue("unit")}
	_, err := h.People.AddRole(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("org"), form["email"], access.Role(form["role"]), form["unit"])
	if e, ok := errs.As(err); ok && (e.Kind == errs.Invalid || e.Kind == errs.Conflict) {
		fields := e.Fields
		if e.Kind == errs.Conflict {
			fields = map[string]string{"role": "members.error.duplicate"}
		}
		h.renderMembers(w, r, lang, http.StatusUnprocessableEntity, form, fields)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, "/"+lang+"/admin/organisations/"+r.PathValue("org")+"/users", "role_granted")
}

func (h *Handler) confirmRemoveRole(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	orgID, grantID := r.PathValue("org"), r.PathValue("grant")
	members, err := h.People.Members(ctx, auth.PrincipalFrom(ctx), auth.RequestInfo(r), orgID)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	org, err := h.People.Organisation(ctx, orgID)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	base := "/" + lang + "/admin/organisations/" + orgID + "/users"
	for _, m := range members {
		for _, g := range m.Grants {
			if g.ID == grantID {
				subject := m.Name + " – " + h.catalog.T(lang, "role."+string(g.Role))
				h.page(w, r, "confirm", Page{Lang: lang, Title: h.catalog.T(lang, "members.remove.title"), Nav: "admin",
					Data: confirmData{Org: org, Subject: subject, Action: base + "/" + grantID + "/remove", Back: base}})
				return
			}
		}
	}
	h.ErrorPage(w, r, lang, http.StatusNotFound)
}

func (h *Handler) removeRole(w http.ResponseWriter, r *http.Request, lang string) {
	orgID := r.PathValue("org")
	err := h.People.RemoveRole(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), orgID, r.PathValue("grant"))
	if errs.KindOf(err) == errs.Conflict {
		seeOther(w, r, "/"+lang+"/admin/organisations/"+orgID+"/users", "own_admin_role_kept")
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, "/"+lang+"/admin/organisations/"+orgID+"/users", "role_removed")
}

func (h *Handler) addUnit(w http.ResponseWriter, r *http.Request, lang string) {
	form := map[string]string{"unit_name": r.PostFormValue("unit_name"), "unit_name_sv": r.PostFormValue("unit_name_sv")}
	_, err := h.People.AddUnit(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("org"), form["unit_name"], form["unit_name_sv"])
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid {
		h.renderMembers(w, r, lang, http.StatusUnprocessableEntity, form, e.Fields)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, "/"+lang+"/admin/organisations/"+r.PathValue("org")+"/users", "unit_added")
}
