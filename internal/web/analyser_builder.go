package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
)

type builderListData struct {
	Questionnaires []analyser.Questionnaire
	Bundles        []catalog.Bundle
	Owners         []identity.Organisation
	BundleNames    map[string]string
	// Problems counts what keeps each questionnaire from being published,
	// such as rules pointing at services the catalogue has withdrawn.
	Problems map[string]int
}

// editableOwners lists the organisations whose questionnaires p may create:
// those p edits content for, and for platform admins every authority.
func (h *Handler) editableOwners(r *http.Request, p access.Principal) ([]identity.Organisation, error) {
	var out []identity.Organisation
	if p.PlatformAdmin {
		return h.People.Organisations(r.Context(), identity.KindAuthority)
	}
	for _, id := range p.Organisations() {
		if !access.Allowed(p, access.EditContent, access.Org(id)) {
			continue
		}
		org, err := h.People.Organisation(r.Context(), id)
		if err != nil {
			return nil, err
		}
		out = append(out, org)
	}
	return out, nil
}

// builderList lists the questionnaires the editor may change, with a form to
// begin a new one.
func (h *Handler) builderList(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderBuilderList(w, r, lang, http.StatusOK, nil, nil)
}

func (h *Handler) renderBuilderList(w http.ResponseWriter, r *http.Request, lang string, status int, form, errors map[string]string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	qs, err := h.Analyser.Editable(ctx, p)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	owners, err := h.editableOwners(r, p)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if len(qs) == 0 && len(owners) == 0 {
		h.Error(w, r, lang, errs.E(errs.Forbidden, "not a content editor"))
		return
	}
	bundles, err := h.Bundles.Bundles(ctx, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := builderListData{Questionnaires: qs, Bundles: bundles, Owners: owners, BundleNames: map[string]string{}, Problems: map[string]int{}}
	for _, q := range qs {
		ps, err := h.Analyser.Validate(ctx, q)
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		d.Problems[q.ID] = len(ps)
	}
	for _, b := range bundles {
		d.BundleNames[b.Code] = b.Name
	}
	h.pageStatus(w, r, status, "analyser-admin", Page{Lang: lang, Title: h.catalog.T(lang, "analyser.admin.title"), Nav: "analyser-admin", Data: d, Form: form, Errors: errors})
}

// builderCreate begins a questionnaire.
func (h *Handler) builderCreate(w http.ResponseWriter, r *http.Request, lang string) {
	form := map[string]string{"bundle": r.PostFormValue("bundle"), "owner": r.PostFormValue("owner"), "title_fi": strings.TrimSpace(r.PostFormValue("title_fi"))}
	q, err := h.Analyser.Create(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), form["bundle"], form["owner"], analyser.Texts{"fi": form["title_fi"]})
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid {
		h.renderBuilderList(w, r, lang, http.StatusUnprocessableEntity, form, e.Fields)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	http.Redirect(w, r, "/"+lang+"/analyser-admin/"+q.ID, http.StatusSeeOther)
}

type builderData struct {
	Q          analyser.Questionnaire
	BundleName string
	Sections   []builderSection
	Problems   analyser.Problems
	Refused    bool // the problems refused a save or publishing
	Publish    bool
	Variables  []builderVariable
}

type builderVariable struct {
	ID, Type, Label string
}

// builder shows a questionnaire's builder with what keeps it from being
// published: problems, rules that point at withdrawn or unknown services.
func (h *Handler) builder(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	q, err := h.Analyser.Draft(ctx, auth.PrincipalFrom(ctx), r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	ps, err := h.Analyser.Validate(ctx, q)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	p := Page{}
	switch r.URL.Query().Get("ok") {
	case "saved":
		p.Notice = "analyser.notice.draft_saved"
	case "published":
		p.Notice = "analyser.notice.published"
	}
	h.renderBuilder(w, r, lang, http.StatusOK, q, ps, false, p)
}

func (h *Handler) renderBuilder(w http.ResponseWriter, r *http.Request, lang string, status int, q analyser.Questionnaire, ps analyser.Problems, refused bool, p Page) {
	services, err := h.Analyser.BundleServices(r.Context(), q.Bundle)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	slices.SortFunc(services, func(a, b catalog.Service) int { return strings.Compare(a.ID, b.ID) })
	bundle, err := h.bundleOf(r, q.Bundle, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	v := builderView{lang: lang, t: func(key string, pairs ...any) string { return h.catalog.T(lang, key, pairs...) }, problems: map[string]analyser.Problem{}}
	for _, pr := range ps {
		if _, dup := v.problems[pr.Field()]; !dup {
			v.problems[pr.Field()] = pr
		}
	}
	d := builderData{Q: q, BundleName: bundle.Name, Sections: v.sections(q, services), Problems: ps, Refused: refused,
		Publish: analyser.MayPublish(auth.PrincipalFrom(r.Context()), q) && q.State == analyser.StateDraft}
	for _, x := range q.Questions {
		d.Variables = append(d.Variables, builderVariable{ID: x.ID, Type: h.catalog.T(lang, "analyser.cel."+x.Type), Label: x.Labels.In(lang)})
	}
	p.Lang, p.Title, p.Nav, p.Data = lang, h.catalog.T(lang, "analyser.builder.title")+": "+q.Titles.In(lang), "admin", d
	h.pageStatus(w, r, status, "analyser-builder", p)
}

// builderSave stores the posted definition as the draft; a definition with
// problems, such as a rule that does not compile, is shown again with them.
func (h *Handler) builderSave(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	cur, err := h.Analyser.Draft(ctx, p, r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	q := parseBuilder(postForm(r), cur)
	_, err = h.Analyser.SaveDraft(ctx, p, auth.RequestInfo(r), q)
	if ps := analyser.ProblemsOf(err); len(ps) > 0 {
		h.renderBuilder(w, r, lang, http.StatusUnprocessableEntity, q, ps, true, Page{})
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	http.Redirect(w, r, "/"+lang+"/analyser-admin/"+q.ID+"?ok=saved", http.StatusSeeOther)
}

// builderPublish publishes the draft, or shows why it cannot be.
func (h *Handler) builderPublish(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	id := r.PathValue("id")
	_, err := h.Analyser.Publish(ctx, p, auth.RequestInfo(r), id)
	if ps := analyser.ProblemsOf(err); len(ps) > 0 {
		q, derr := h.Analyser.Draft(ctx, p, id)
		if derr != nil {
			h.Error(w, r, lang, derr)
			return
		}
		h.renderBuilder(w, r, lang, http.StatusUnprocessableEntity, q, ps, true, Page{})
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	http.Redirect(w, r, "/"+lang+"/analyser-admin/"+id+"?ok=published", http.StatusSeeOther)
}
