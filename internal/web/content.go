package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/i18n"
)

// registerContent adds the content editor's pages. Their gate is
// PublishContent, which lets in both the content editors and the managers who
// publish; each operation then asks the policy again about the service's own
// organisation (catalog.Content).
func (h *Handler) registerContent(mux *http.ServeMux) {
	h.route(mux, "GET /content", access.PublishContent, h.contentList)
	h.route(mux, "GET /content/services/{id}", access.PublishContent, h.contentEdit)
	h.route(mux, "POST /content/services/{id}", access.PublishContent, h.contentSave)
	h.route(mux, "GET /content/services/{id}/preview", access.PublishContent, h.contentPreview)
	h.route(mux, "GET /content/services/{id}/versions/{version}", access.PublishContent, h.contentVersion)
}

type contentListData struct {
	Services []catalog.Service
	Langs    []string
}

func (h *Handler) contentList(w http.ResponseWriter, r *http.Request, lang string) {
	ss, err := h.Content.Editable(r.Context(), auth.PrincipalFrom(r.Context()))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	h.page(w, r, "content", Page{Lang: lang, Title: h.catalog.T(lang, "content.title"), Nav: "content", Data: contentListData{Services: ss, Langs: i18n.Langs()}})
}

type contentEditData struct {
	Service  catalog.Service
	Draft    catalog.Version
	HasDraft bool
	Versions []catalog.Version
	Langs    []string
	Publish  bool
}

func (h *Handler) contentEdit(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderContentEdit(w, r, lang, http.StatusOK, nil, nil)
}

func (h *Handler) renderContentEdit(w http.ResponseWriter, r *http.Request, lang string, status int, form, errors map[string]string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	id := r.PathValue("id")
	draft, open, err := h.Content.Draft(ctx, p, id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	s, err := h.Content.Definition(ctx, id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	versions, err := h.Content.Versions(ctx, id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := contentEditData{Service: s, Draft: draft, HasDraft: open, Versions: versions, Langs: i18n.Langs(),
		Publish: access.Allowed(p, access.PublishContent, access.Org(s.OwnerOrg))}
	if form == nil {
		form = textsForm(draft.Texts)
	}
	h.pageStatus(w, r, status, "content-edit", Page{Lang: lang, Title: h.catalog.T(lang, "content.edit.title"), Nav: "content", Data: d, Form: form, Errors: errors})
}

// textsForm lays the texts out as the edit form's fields, e.g. "guidance_sv".
func textsForm(t catalog.Texts) map[string]string {
	form := map[string]string{}
	for _, lang := range i18n.Langs() {
		x := t[lang]
		form["name_"+lang] = x.Name
		form["summary_"+lang] = x.Summary
		form["guidance_"+lang] = x.Guidance
		form["unit_"+lang] = x.Unit
		form["attachments_"+lang] = strings.Join(x.Attachments, "\n")
		form["fee_note_"+lang] = x.FeeNote
	}
	return form
}

func formTexts(r *http.Request) (catalog.Texts, map[string]string) {
	form := map[string]string{}
	texts := catalog.Texts{}
	for _, lang := range i18n.Langs() {
		var x catalog.Text
		x.Name = strings.TrimSpace(r.PostFormValue("name_" + lang))
		x.Summary = strings.TrimSpace(r.PostFormValue("summary_" + lang))
		x.Guidance = strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("guidance_"+lang), "\r\n", "\n"))
		x.Unit = strings.TrimSpace(r.PostFormValue("unit_" + lang))
		x.FeeNote = strings.TrimSpace(r.PostFormValue("fee_note_" + lang))
		for _, line := range strings.Split(r.PostFormValue("attachments_"+lang), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				x.Attachments = append(x.Attachments, line)
			}
		}
		texts[lang] = x
		for k, v := range map[string]string{"name_": x.Name, "summary_": x.Summary, "guidance_": x.Guidance, "unit_": x.Unit,
			"fee_note_": x.FeeNote, "attachments_": strings.Join(x.Attachments, "\n")} {
			form[k+lang] = v
		}
	}
	return texts, form
}

// contentSave saves the draft, and then, as the button said, submits it for
// review, publishes it or throws it away.
func (h *Handler) contentSave(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	req := auth.RequestInfo(r)
	id := r.PathValue("id")
	base := "/" + lang + "/content/services/" + id
	var err error
	notice := ""
	switch r.PostFormValue("action") {
	case "discard":
		err, notice = h.Content.Discard(ctx, p, req, id), "draft_discarded"
	case "publish":
		err, notice = h.Content.Publish(ctx, p, req, id), "content_published"
	default:
		texts, form := formTexts(r)
		_, err = h.Content.SaveDraft(ctx, p, req, id, texts, strings.TrimSpace(r.PostFormValue("note")))
		if e, ok := errs.As(err); ok && e.Kind == errs.Invalid {
			h.renderContentEdit(w, r, lang, http.StatusUnprocessableEntity, form, e.Fields)
			return
		}
		notice = "draft_saved"
		if err == nil && r.PostFormValue("action") == "submit" {
			err, notice = h.Content.SubmitForReview(ctx, p, req, id), "submitted_for_review"
		}
		if err == nil && r.PostFormValue("action") == "preview" {
			http.Redirect(w, r, base+"/preview", http.StatusSeeOther)
			return
		}
	}
	if errs.KindOf(err) == errs.Conflict {
		seeOther(w, r, base, "nothing_to_do")
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, base, notice)
}

// contentPreview shows the draft exactly as customers would see it.
func (h *Handler) contentPreview(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	id := r.PathValue("id")
	draft, _, err := h.Content.Draft(ctx, auth.PrincipalFrom(ctx), id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	s, err := h.Content.Definition(ctx, id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	s.Texts = draft.Texts
	h.renderService(w, r, lang, s, true)
}

type versionData struct {
	Service catalog.Service
	Version catalog.Version
	Diff    []catalog.FieldDiff
	First   bool
}

// contentVersion shows one version and what it changed from the one before.
func (h *Handler) contentVersion(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	id := r.PathValue("id")
	if _, _, err := h.Content.Draft(ctx, auth.PrincipalFrom(ctx), id); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil {
		h.Error(w, r, lang, errNoService)
		return
	}
	v, err := h.Content.Version(ctx, id, n)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	s, err := h.Content.Definition(ctx, id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := versionData{Service: s, Version: v, First: n == 1}
	var prev catalog.Texts
	if n > 1 {
		pv, err := h.Content.Version(ctx, id, n-1)
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		prev = pv.Texts
	}
	d.Diff = catalog.Diff(prev, v.Texts)
	h.page(w, r, "content-version", Page{Lang: lang, Title: h.catalog.T(lang, "content.version.title"), Nav: "content", Data: d})
}
