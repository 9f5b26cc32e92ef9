package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
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
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/forms"
)

// registerFormAdmin adds the form editors' pages: the application forms with
// their versions, an editor of the JSON definition that saves drafts, a
// preview of each version as customers see it, and publishing and
// withdrawing behind a confirmation. The gate is EditForms in any
// organisation; each page then asks whether the form belongs to one of the
// editor's organisations (formAccess).
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

// formAccess decides who edits a form: the form editors (content editors and
// managers) of the organisation that owns it, and platform admins. A built-in
// form has no owner of its own and belongs to the organisations that own the
// services it serves; the general form ("*") only to platform admins.
type formAccess struct {
	p        access.Principal
	services map[string]catalog.Service // the published catalogue by id
}

func (h *Handler) formAccess(ctx context.Context, p access.Principal) (formAccess, error) {
	ss, err := h.Catalog.Published(ctx)
	if err != nil {
		return formAccess{}, err
	}
	fa := formAccess{p: p, services: map[string]catalog.Service{}}
	for _, s := range ss {
		fa.services[s.ID] = s
	}
	return fa, nil
}

// editsOrg reports whether p builds forms for org.
func (fa formAccess) editsOrg(org string) bool {
	return fa.p.PlatformAdmin || (org != "" && access.CaseRole(fa.p, org, access.EditForms))
}

// mayService reports whether p may make a form serve the service: a form
// would otherwise capture another organisation's service when published.
func (fa formAccess) mayService(id string) bool {
	if id == "*" {
		return fa.p.PlatformAdmin
	}
	s, ok := fa.services[id]
	return ok && fa.editsOrg(s.OwnerOrg)
}

// mayEdit reports whether p may change the form whose newest version is v.
func (fa formAccess) mayEdit(v cases.FormVersion) bool {
	if v.OwnerOrg != "" {
		return fa.editsOrg(v.OwnerOrg)
	}
	f, err := forms.Parse(v.Definition)
	if err != nil {
		return fa.p.PlatformAdmin
	}
	for _, s := range f.Services {
		if s != "*" && fa.mayService(s) {
			return true
		}
	}
	return fa.p.PlatformAdmin
}

// serviceNames names the services a definition serves, in lang.
func (fa formAccess) serviceNames(def []byte, lang string, general string) []string {
	f, err := forms.Parse(def)
	if err != nil {
		return nil
	}
	var out []string
	for _, id := range f.Services {
		switch s, ok := fa.services[id]; {
		case id == "*":
			out = append(out, general)
		case ok:
			out = append(out, s.Name(lang))
		default:
			out = append(out, id)
		}
	}
	return out
}

// editableForm returns the versions of form id, newest first, when p may edit it.
func (h *Handler) editableForm(ctx context.Context, p access.Principal, id string) (formAccess, []cases.FormVersion, error) {
	fa, err := h.formAccess(ctx, p)
	if err != nil {
		return formAccess{}, nil, err
	}
	vs, err := h.Cases.Forms.Versions(ctx, id)
	if err != nil {
		return formAccess{}, nil, err
	}
	if len(vs) == 0 {
		return formAccess{}, nil, errs.E(errs.NotFound, "no such form")
	}
	if !fa.mayEdit(vs[0]) {
		return formAccess{}, nil, errs.E(errs.Forbidden, "the form belongs to another organisation")
	}
	return fa, vs, nil
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
	fa, err := h.formAccess(ctx, auth.PrincipalFrom(ctx))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	newest, err := h.Cases.Forms.Newest(ctx)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	var d formListData
	general := h.catalog.T(lang, "formadmin.services.all")
	for _, v := range newest {
		if !fa.mayEdit(v) {
			continue
		}
		row := formRow{FormVersion: v, Services: fa.serviceNames(v.Definition, lang, general), Title: v.FormID}
		if f, err := forms.Parse(v.Definition); err == nil {
			row.Title = f.Title.In(lang)
		}
		d.Forms = append(d.Forms, row)
	}
	for _, s := range fa.services {
		if !fa.mayService(s.ID) {
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
	p := Page{Lang: lang, Title: h.catalog.T(lang, "formadmin.title"), Nav: "admin", Data: d, Form: form, Errors: errors}
	h.pageStatus(w, r, status, "formadmin", p)
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
	fa, err := h.formAccess(ctx, p)
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
	svc, ok := fa.services[service]
	if !ok || !fa.mayService(service) {
		errors["service"] = "formadmin.error.service"
	}
	if len(errors) > 0 {
		h.renderFormList(w, r, lang, http.StatusUnprocessableEntity, form, errors)
		return
	}
	general, err := h.Cases.Forms.Published(ctx, cases.GeneralForm)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	f, err := forms.Parse(general.Definition)
	if err != nil {
		h.Error(w, r, lang, fmt.Errorf("the general form as a template: %w", err))
		return
	}
	f.ID, f.Services = id, []string{svc.ID}
	f.Title = forms.Texts{}
	for _, l := range []string{"fi", "sv", "en"} {
		f.Title[l] = svc.Name(l)
	}
	def, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		h.Error(w, r, lang, fmt.Errorf("encode form %s: %w", id, err))
		return
	}
	if _, err := h.Cases.Forms.Save(ctx, def, svc.OwnerOrg, p.Name, h.Auth.Now()); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	http.Redirect(w, r, "/"+lang+"/forms/"+id+"?ok=created", http.StatusSeeOther)
}

// formVersionRow is one version in the form's history.
type formVersionRow struct {
	cases.FormVersion
	// InUse says whether the version can be withdrawn: published or
	// superseded versions may still carry drafts.
	InUse bool
}

type formEditData struct {
	ID       string
	Title    string
	Newest   cases.FormVersion
	Versions []formVersionRow
	Services []string
	// Definition is the text in the editor: the newest version pretty-printed,
	// or what was typed when saving failed.
	Definition string
	Problems   []formProblem
	Publish    bool // the newest version is a draft that may be published
}

// formProblem is one problem of a refused definition in the editor's words.
type formProblem struct {
	Path, ID, Reason, Detail string
	Line, Column             int
}

func (h *Handler) formEdit(w http.ResponseWriter, r *http.Request, lang string) {
	p := Page{}
	// The notice keys are our own, so the address says ?ok= rather than the
	// layout's ?done=.
	switch n := r.URL.Query().Get("ok"); n {
	case "created", "saved", "published", "withdrawn", "nothing":
		p.Notice = "formadmin.notice." + n
	}
	h.renderFormEdit(w, r, lang, http.StatusOK, p, "", nil)
}

// renderFormEdit shows the form's versions and editor; typed is the text to
// keep in the editor after a refused save, with its problems.
func (h *Handler) renderFormEdit(w http.ResponseWriter, r *http.Request, lang string, status int, p Page, typed string, problems []formProblem) {
	ctx := r.Context()
	id := r.PathValue("id")
	fa, vs, err := h.editableForm(ctx, auth.PrincipalFrom(ctx), id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := formEditData{ID: id, Newest: vs[0], Problems: problems, Publish: vs[0].State == cases.FormDraft,
		Services: fa.serviceNames(vs[0].Definition, lang, h.catalog.T(lang, "formadmin.services.all"))}
	for _, v := range vs {
		d.Versions = append(d.Versions, formVersionRow{FormVersion: v, InUse: v.State == cases.FormPublished || v.State == cases.FormSuperseded})
	}
	if f, err := forms.Parse(vs[0].Definition); err == nil {
		d.Title = f.Title.In(lang)
	}
	d.Definition = typed
	if problems == nil {
		var buf bytes.Buffer
		if err := json.Indent(&buf, vs[0].Definition, "", "  "); err != nil {
			h.Error(w, r, lang, fmt.Errorf("show form %s v%d: %w", id, vs[0].Version, err))
			return
		}
		d.Definition = buf.String()
	}
	if len(problems) > 0 {
		p.Errors = map[string]string{"definition": "formadmin.error.definition"}
	}
	p.Lang, p.Title, p.Nav, p.Data = lang, h.catalog.T(lang, "formadmin.edit.title", "form", d.Title), "admin", d
	h.pageStatus(w, r, status, "formadmin-edit", p)
}

// formSave checks the posted definition and saves it as the form's draft. A
// definition that does not parse or compile is shown again as typed, with
// every problem and where it is.
func (h *Handler) formSave(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	id := r.PathValue("id")
	fa, vs, err := h.editableForm(ctx, p, id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	typed := strings.ReplaceAll(r.PostFormValue("definition"), "\r\n", "\n")
	def, problems := fa.check(id, []byte(typed))
	if len(problems) > 0 {
		h.renderFormEdit(w, r, lang, http.StatusUnprocessableEntity, Page{}, typed, problems)
		return
	}
	if _, err := h.Cases.Forms.Save(ctx, def, vs[0].OwnerOrg, p.Name, h.Auth.Now()); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	http.Redirect(w, r, "/"+lang+"/forms/"+id+"?ok=saved", http.StatusSeeOther)
}

// check parses and compiles a definition for form id, and makes sure it
// serves only services p may build forms for. It returns the definition
// compacted, as stored, or the problems.
func (fa formAccess) check(id string, typed []byte) ([]byte, []formProblem) {
	f, err := forms.Parse(typed)
	if err != nil {
		return nil, []formProblem{jsonProblem(typed, err)}
	}
	var out []formProblem
	if f.ID != id {
		out = append(out, formProblem{Path: "id", ID: f.ID, Reason: "other_form"})
	}
	for i, s := range f.Services {
		if !fa.mayService(s) {
			out = append(out, formProblem{Path: fmt.Sprintf("services[%d]", i), ID: s, Reason: "service_owner"})
		}
	}
	if _, err := forms.Compile(f); err != nil {
		ps := forms.ProblemsOf(err)
		if len(ps) == 0 {
			return nil, append(out, formProblem{Reason: "invalid", Detail: err.Error()})
		}
		for _, pr := range ps {
			out = append(out, formProblem{Path: pr.Path, ID: pr.ID, Reason: pr.Reason, Line: pr.Line, Column: pr.Column, Detail: pr.Detail})
		}
	}
	if len(out) > 0 {
		return nil, out
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, typed); err != nil {
		return nil, []formProblem{jsonProblem(typed, err)}
	}
	return buf.Bytes(), nil
}

// jsonProblem says where text stops being a form definition: the line and
// column of a syntax error or of a value of the wrong type, else the
// decoder's words (such as an unknown attribute).
func jsonProblem(text []byte, err error) formProblem {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	pr := formProblem{Reason: "json", Detail: strings.TrimPrefix(strings.TrimPrefix(err.Error(), "parse form: "), "json: ")}
	offset := int64(-1)
	switch {
	case errors.As(err, &syn):
		offset = syn.Offset
	case errors.As(err, &typ):
		offset, pr.Path = typ.Offset, typ.Field
	}
	if offset >= 0 && offset <= int64(len(text)) {
		before := text[:offset]
		pr.Line = bytes.Count(before, []byte("\n")) + 1
		pr.Column = len([]rune(string(before[bytes.LastIndexByte(before, '\n')+1:])))
		pr.Column = max(pr.Column, 1)
	}
	return pr
}

// formConfirmData is the confirmation of publishing or withdrawing a version.
type formConfirmData struct {
	ID, Title string
	Version   int
	Kind      string // "publish" or "withdraw"
	Action    string // the address the confirmation posts to
	// Current is set when withdrawing the version new applications start on.
	Current bool
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

func (h *Handler) formConfirmPublish(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	id := r.PathValue("id")
	_, vs, err := h.editableForm(ctx, auth.PrincipalFrom(ctx), id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if vs[0].State != cases.FormDraft {
		seeFormNotice(w, r, lang, id, "nothing")
		return
	}
	d := formConfirmData{ID: id, Title: formTitle(vs[0], lang), Version: vs[0].Version, Kind: "publish", Action: "/" + lang + "/forms/" + id + "/publish"}
	h.page(w, r, "formadmin-confirm", Page{Lang: lang, Title: h.catalog.T(lang, "formadmin.publish.title", "version", d.Version), Nav: "admin", Data: d})
}

func (h *Handler) formPublish(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	id := r.PathValue("id")
	if _, _, err := h.editableForm(ctx, auth.PrincipalFrom(ctx), id); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	_, err := h.Cases.Forms.Publish(ctx, id, h.Auth.Now())
	if errs.KindOf(err) == errs.Conflict {
		seeFormNotice(w, r, lang, id, "nothing")
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeFormNotice(w, r, lang, id, "published")
}

// withdrawable returns the version to withdraw when it is in use.
func (h *Handler) withdrawable(w http.ResponseWriter, r *http.Request, lang string) ([]cases.FormVersion, cases.FormVersion, bool) {
	ctx := r.Context()
	_, vs, err := h.editableForm(ctx, auth.PrincipalFrom(ctx), r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return nil, cases.FormVersion{}, false
	}
	v, ok := formVersion(vs, r.PathValue("v"))
	if !ok || (v.State != cases.FormPublished && v.State != cases.FormSuperseded) {
		h.ErrorPage(w, r, lang, http.StatusNotFound)
		return nil, cases.FormVersion{}, false
	}
	return vs, v, true
}

func (h *Handler) formConfirmWithdraw(w http.ResponseWriter, r *http.Request, lang string) {
	_, v, ok := h.withdrawable(w, r, lang)
	if !ok {
		return
	}
	d := formConfirmData{ID: v.FormID, Title: formTitle(v, lang), Version: v.Version, Kind: "withdraw", Current: v.State == cases.FormPublished,
		Action: fmt.Sprintf("/%s/forms/%s/versions/%d/withdraw", lang, v.FormID, v.Version)}
	h.page(w, r, "formadmin-confirm", Page{Lang: lang, Title: h.catalog.T(lang, "formadmin.withdraw.title", "version", d.Version), Nav: "admin", Data: d})
}

func (h *Handler) formWithdraw(w http.ResponseWriter, r *http.Request, lang string) {
	_, v, ok := h.withdrawable(w, r, lang)
	if !ok {
		return
	}
	if err := h.Cases.Forms.Withdraw(r.Context(), v.FormID, v.Version); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeFormNotice(w, r, lang, v.FormID, "withdrawn")
}

// seeFormNotice goes back to the form's page with a notice.
func seeFormNotice(w http.ResponseWriter, r *http.Request, lang, id, notice string) {
	http.Redirect(w, r, "/"+lang+"/forms/"+id+"?ok="+notice, http.StatusSeeOther)
}

// previewPage is one entry of the preview's page list.
type previewPage struct {
	N           int
	Title       string
	Conditional bool
	Current     bool
	Href        string
}

type formPreviewData struct {
	ID, Title string
	Version   cases.FormVersion
	Page      forms.PageView
	N, Count  int
	Pages     []previewPage
	Prev      string
	Next      string
}

// formPreview shows one page of a form version as a customer starting an
// application sees it. Nothing can be sent from it.
func (h *Handler) formPreview(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	id := r.PathValue("id")
	_, vs, err := h.editableForm(ctx, auth.PrincipalFrom(ctx), id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	v, ok := formVersion(vs, r.PathValue("v"))
	if !ok {
		h.ErrorPage(w, r, lang, http.StatusNotFound)
		return
	}
	c, _, err := h.Cases.Forms.Compiled(ctx, id, v.Version)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	def := c.Form()
	n := 1
	if s := r.URL.Query().Get("page"); s != "" {
		if n, err = strconv.Atoi(s); err != nil || n < 1 || n > len(def.Pages) {
			h.ErrorPage(w, r, lang, http.StatusNotFound)
			return
		}
	}
	base := fmt.Sprintf("/%s/forms/%s/versions/%d/preview?page=", lang, id, v.Version)
	d := formPreviewData{ID: id, Title: def.Title.In(lang), Version: v, N: n, Count: len(def.Pages),
		Page: c.View(n-1, forms.Answers{}, nil, nil, lang)}
	for i, pg := range def.Pages {
		d.Pages = append(d.Pages, previewPage{N: i + 1, Title: pg.Title.In(lang), Conditional: pg.Visible != "", Current: i+1 == n, Href: base + strconv.Itoa(i+1)})
	}
	if n > 1 {
		d.Prev = base + strconv.Itoa(n-1)
	}
	if n < len(def.Pages) {
		d.Next = base + strconv.Itoa(n+1)
	}
	h.page(w, r, "formadmin-preview", Page{Lang: lang, Title: h.catalog.T(lang, "formadmin.preview.title", "form", d.Title, "version", v.Version), Nav: "admin", Data: d})
}
