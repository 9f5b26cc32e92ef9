package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/forms"
)

// registerFormAdmin adds the form editors' pages: the application forms with
// their versions, an editor of the JSON definition that saves drafts, a
// preview of each version as customers see it, and publishing and
// withdrawing behind a confirmation. The gate is EditForms in any
// organisation; which forms an editor may change (those of their own
// organisations) is the cases service's rule, asked again on every change.
func (h *Handler) registerFormAdmin(mux *http.ServeMux) {
	h.route(mux, "GET /forms", access.EditForms, h.formList)
	h.route(mux, "POST /forms", access.EditForms, h.formCreate)
	h.route(mux, "GET /forms/{id}", access.EditForms, h.formEdit)
	h.route(mux, "POST /forms/{id}", access.EditForms, h.formSave)
	h.route(mux, "GET /forms/{id}/publish", access.EditForms, h.formConfirmPublish)
	h.route(mux, "POST /forms/{id}/publish", access.EditForms, h.formPublish)
	h.route(mux, "GET /forms/{id}/versions/{v}/withdraw", access.EditForms, h.formConfirmWithdraw)
	h.route(mux, "POST /forms/{id}/versions/{v}/withdraw", access.EditForms, h.formWithdraw)
	h.route(mux, "GET /forms/{id}/versions/{v}/preview", access.EditForms, h.formPreview)
}

// formRow is one form in the list.
type formRow struct {
	cases.FormVersion
	Title    string
	Services []string
}

type formListData struct {
	Forms []formRow
	// Services are those the editor may make a form of their own for:
	// services of their organisations still applied for with the general form.
	Services []catalog.Service
}

func (h *Handler) formList(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderFormList(w, r, lang, http.StatusOK, nil, nil)
}

func (h *Handler) renderFormList(w http.ResponseWriter, r *http.Request, lang string, status int, form, errors map[string]string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	services, err := h.publishedServices(ctx)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	editable, err := h.Cases.Forms.EditableForms(ctx, p)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	var d formListData
	general := h.catalog.T(lang, "formadmin.services.all")
	for _, v := range editable {
		d.Forms = append(d.Forms, formRow{FormVersion: v, Title: formTitle(v, lang), Services: serviceNames(services, v.Definition, lang, general)})
	}
	for _, s := range services {
		if !cases.EditsFormsOf(p, s.OwnerOrg) {
			continue
		}
		id, err := h.Cases.Forms.FormOf(ctx, s.ID)
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		if id == cases.GeneralForm {
			d.Services = append(d.Services, s)
		}
	}
	slices.SortFunc(d.Services, func(a, b catalog.Service) int { return strings.Compare(a.Name(lang), b.Name(lang)) })
	pg := Page{Lang: lang, Title: h.catalog.T(lang, "formadmin.title"), Nav: "admin", Data: d, Form: form, Errors: errors}
	h.pageStatus(w, r, status, "formadmin", pg)
}

// formIDPattern is what a form id may be: it appears in addresses.
var formIDPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,62}$`)

// formCreate begins a form of its own for a service: a draft copied from the
// general form, named after the service, which the editor then shapes.
func (h *Handler) formCreate(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	id, service := strings.TrimSpace(r.PostFormValue("id")), r.PostFormValue("service")
	form := map[string]string{"id": id, "service": service}
	services, err := h.publishedServices(ctx)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	errors := map[string]string{}
	if !formIDPattern.MatchString(id) {
		errors["id"] = "formadmin.error.id"
	} else if vs, err := h.Cases.Forms.Versions(ctx, id); err != nil {
		h.Error(w, r, lang, err)
		return
	} else if len(vs) > 0 {
		errors["id"] = "formadmin.error.id_taken"
	}
	svc, ok := services[service]
	if !ok || !cases.EditsFormsOf(p, svc.OwnerOrg) {
		errors["service"] = "formadmin.error.service"
	}
	if len(errors) > 0 {
		h.renderFormList(w, r, lang, http.StatusUnprocessableEntity, form, errors)
		return
	}
	def, err := h.formFor(ctx, id, svc)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if _, err := h.Cases.Forms.Save(ctx, p, auth.RequestInfo(r), def); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeFormNotice(w, r, lang, id, "created")
}

// formFor is the definition a new form id for the service begins as: the
// general form, serving only that service and named after it.
func (h *Handler) formFor(ctx context.Context, id string, svc catalog.Service) ([]byte, error) {
	general, err := h.Cases.Forms.Published(ctx, cases.GeneralForm)
	if err != nil {
		return nil, err
	}
	f, err := forms.Parse(general.Definition)
	if err != nil {
		return nil, fmt.Errorf("the general form as a template: %w", err)
	}
	f.ID, f.Services = id, []string{svc.ID}
	f.Title = forms.Texts{}
	for _, l := range []string{"fi", "sv", "en"} {
		f.Title[l] = svc.Name(l)
	}
	def, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode form %s: %w", id, err)
	}
	return def, nil
}

// publishedServices returns the published catalogue by service id, for
// naming the services forms serve.
func (h *Handler) publishedServices(ctx context.Context) (map[string]catalog.Service, error) {
	ss, err := h.Catalog.Published(ctx)
	if err != nil {
		return nil, fmt.Errorf("the services forms serve: %w", err)
	}
	out := make(map[string]catalog.Service, len(ss))
	for _, s := range ss {
		out[s.ID] = s
	}
	return out, nil
}

// serviceNames names the services a definition serves, in lang; general
// stands for every service.
func serviceNames(services map[string]catalog.Service, def []byte, lang, general string) []string {
	f, err := forms.Parse(def)
	if err != nil {
		return nil
	}
	var out []string
	for _, id := range f.Services {
		switch s, ok := services[id]; {
		case id == cases.AllServices:
			out = append(out, general)
		case ok:
			out = append(out, s.Name(lang))
		default:
			out = append(out, id)
		}
	}
	return out
}

// formVersion finds version v of the form among vs.
func formVersion(vs []cases.FormVersion, v string) (cases.FormVersion, bool) {
	n, err := strconv.Atoi(v)
	if err != nil {
		return cases.FormVersion{}, false
	}
	i := slices.IndexFunc(vs, func(x cases.FormVersion) bool { return x.Version == n })
	if i < 0 {
		return cases.FormVersion{}, false
	}
	return vs[i], true
}

func formTitle(v cases.FormVersion, lang string) string {
	if f, err := forms.Parse(v.Definition); err == nil {
		return f.Title.In(lang)
	}
	return v.FormID
}

// seeFormNotice goes back to the form's page with a notice.
func seeFormNotice(w http.ResponseWriter, r *http.Request, lang, id, notice string) {
	http.Redirect(w, r, "/"+lang+"/forms/"+id+"?ok="+notice, http.StatusSeeOther)
}
