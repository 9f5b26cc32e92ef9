package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/forms"
)

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
	vs, err := h.Cases.Forms.Editable(ctx, auth.PrincipalFrom(ctx), id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	services, err := h.publishedServices(ctx)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := formEditData{ID: id, Title: formTitle(vs[0], lang), Newest: vs[0], Problems: problems, Publish: vs[0].State == cases.FormDraft,
		Services: serviceNames(services, vs[0].Definition, lang, h.catalog.T(lang, "formadmin.services.all"))}
	for _, v := range vs {
		d.Versions = append(d.Versions, formVersionRow{FormVersion: v, InUse: v.State == cases.FormPublished || v.State == cases.FormSuperseded})
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
// definition that does not parse or compile, or that serves another
// organisation's service, is shown again as typed, with every problem and
// where it is.
func (h *Handler) formSave(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	id := r.PathValue("id")
	// Asking first answers a form of another organisation before its
	// definition is looked at; Save asks again.
	if _, err := h.Cases.Forms.Editable(ctx, p, id); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	typed := strings.ReplaceAll(r.PostFormValue("definition"), "\r\n", "\n")
	def, problems, err := h.checkDefinition(ctx, p, id, []byte(typed))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if len(problems) > 0 {
		h.renderFormEdit(w, r, lang, http.StatusUnprocessableEntity, Page{}, typed, problems)
		return
	}
	if _, err := h.Cases.Forms.Save(ctx, p, auth.RequestInfo(r), def); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeFormNotice(w, r, lang, id, "saved")
}

// checkDefinition parses and compiles a definition for form id, and asks the
// cases service whether p may make it serve each of its services. It returns
// the definition compacted, as stored, or the problems.
func (h *Handler) checkDefinition(ctx context.Context, p access.Principal, id string, typed []byte) ([]byte, []formProblem, error) {
	f, err := forms.Parse(typed)
	if err != nil {
		return nil, []formProblem{jsonProblem(typed, err)}, nil
	}
	var out []formProblem
	if f.ID != id {
		out = append(out, formProblem{Path: "id", ID: f.ID, Reason: "other_form"})
	}
	for i, s := range f.Services {
		ok, err := h.Cases.Forms.MayService(ctx, p, s)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			out = append(out, formProblem{Path: fmt.Sprintf("services[%d]", i), ID: s, Reason: "service_owner"})
		}
	}
	if _, err := forms.Compile(f); err != nil {
		ps := forms.ProblemsOf(err)
		if len(ps) == 0 {
			return nil, append(out, formProblem{Reason: "invalid", Detail: err.Error()}), nil
		}
		for _, pr := range ps {
			out = append(out, formProblem{Path: pr.Path, ID: pr.ID, Reason: pr.Reason, Line: pr.Line, Column: pr.Column, Detail: pr.Detail})
		}
	}
	if len(out) > 0 {
		return nil, out, nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, typed); err != nil {
		return nil, []formProblem{jsonProblem(typed, err)}, nil
	}
	return buf.Bytes(), nil, nil
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
