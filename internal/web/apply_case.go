package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/forms"
)

// draft is an application being filled in, with its form version and files.
type draft struct {
	Case cases.Case
	Role cases.Role
	Form *forms.Compiled
	// Withdrawn is set when the draft's form version was taken out of use:
	// it can no longer be sent until it moves to the newest version.
	Withdrawn bool
	Files     []cases.Attachment
}

// Answers are the working copy with each attachment slot set to the ids of
// its files, as validation and the summary see them.
func (d draft) Answers() forms.Answers { return withFiles(d.Form, d.Case.Answers, d.Files) }

// loadDraft reads the application id that p may fill in. Someone who may
// only look at it is refused; a case that can no longer be changed is
// errNotEditable, for the caller to send to the case page.
func (h *Handler) loadDraft(ctx context.Context, p access.Principal, id string) (draft, error) {
	c, role, err := h.Cases.Get(ctx, p, id)
	if err != nil {
		return draft{}, err
	}
	if !role.Apply {
		return draft{}, errs.E(errs.Forbidden, "no right to change the application")
	}
	d := draft{Case: c, Role: role}
	def, _ := h.Cases.Model().Def(c.State)
	if !def.Editable || (c.Sent() && c.Editing == "") {
		return d, errNotEditable
	}
	f, state, err := h.Cases.Forms.Compiled(ctx, c.FormID, c.FormVersion)
	if err != nil {
		return draft{}, fmt.Errorf("form of application %s: %w", id, err)
	}
	d.Form, d.Withdrawn = f, state == cases.FormWithdrawn && !c.Sent()
	if d.Files, err = h.Cases.Files.Current(ctx, p, id); err != nil {
		return draft{}, err
	}
	return d, nil
}

// errNotEditable is a case that was sent and is not being supplemented or
// changed, or has moved past where the customer may change it.
var errNotEditable = errs.E(errs.Conflict, "the application cannot be changed now")

// draftOrRedirect loads the draft for a page, answering the request itself
// when it cannot be shown: the case page for a case no longer editable, the
// error page for anything else. ok is false when it answered.
func (h *Handler) draftOrRedirect(w http.ResponseWriter, r *http.Request, lang string) (draft, bool) {
	id := r.PathValue("id")
	d, err := h.loadDraft(r.Context(), auth.PrincipalFrom(r.Context()), id)
	switch {
	case err == errNotEditable:
		http.Redirect(w, r, "/"+lang+"/cases/"+id, http.StatusSeeOther)
		return d, false
	case err != nil:
		h.Error(w, r, lang, err)
		return d, false
	}
	return d, true
}

// withFiles returns the answers with every attachment slot of the form set
// to the ids of its current files. The ids are never stored in the answers
// themselves: the attachments are the one record of what is attached.
func withFiles(f *forms.Compiled, answers map[string]any, files []cases.Attachment) forms.Answers {
	out := forms.Answers{}
	for k, v := range answers {
		out[k] = v
	}
	for _, id := range attachmentSlots(f) {
		delete(out, id)
	}
	for _, a := range files {
		ids, _ := out[a.Field].([]string)
		out[a.Field] = append(ids, a.ID)
	}
	return out
}

// withoutFiles drops the attachment slots from answers before they are
// saved; see withFiles.
func withoutFiles(f *forms.Compiled, a forms.Answers) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for _, id := range attachmentSlots(f) {
		delete(out, id)
	}
	return out
}

// attachmentSlots lists the ids of the form's attachment fields.
func attachmentSlots(f *forms.Compiled) []string {
	var out []string
	for _, p := range f.Form().Pages {
		for _, s := range p.Sections {
			for _, x := range s.Fields {
				if x.Type == forms.Attachment {
					out = append(out, x.ID)
				}
			}
		}
	}
	return out
}

// pageNumber reads the page number {n} of the path, from 1; a number
// outside the form is not found.
func pageNumber(r *http.Request, f *forms.Compiled) (int, error) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > len(f.Form().Pages) {
		return 0, errs.E(errs.NotFound, "no such page")
	}
	return n, nil
}

// nextVisible is the number of the first page after page n (from 1) that the
// answers show, or 0 when none is left: then the check page follows.
func nextVisible(f *forms.Compiled, a map[string]any, n int) int {
	for i := n; i < len(f.Form().Pages); i++ {
		if f.PageVisible(i, forms.Answers(a)) {
			return i + 1
		}
	}
	return 0
}

// prevVisible is the number of the last page before page n that the answers
// show, or 0 when it is the first.
func prevVisible(f *forms.Compiled, a map[string]any, n int) int {
	for i := n - 2; i >= 0; i-- {
		if f.PageVisible(i, forms.Answers(a)) {
			return i + 1
		}
	}
	return 0
}

// steps says where page n is among the pages the answers show: step k of m.
func steps(f *forms.Compiled, a map[string]any, n int) (k, m int) {
	for i := range f.Form().Pages {
		if f.PageVisible(i, forms.Answers(a)) {
			m++
			if i < n {
				k = m
			}
		}
	}
	return k, m
}

// applyPagePath is the address of page n of an application; page 0 is the
// check page.
func applyPagePath(lang, id string, n int) string {
	if n == 0 {
		return "/" + lang + "/applications/" + id + "/check"
	}
	return "/" + lang + "/applications/" + id + "/pages/" + strconv.Itoa(n)
}

// fileViews lists the files of an attachment slot for the page.
func fileViews(lang, caseID, field string, files []cases.Attachment) []forms.FileView {
	var out []forms.FileView
	for _, a := range files {
		if a.Field == field {
			out = append(out, forms.FileView{ID: a.ID, Name: a.Name, Size: a.Size, Href: "/" + lang + "/cases/" + caseID + "/attachments/" + a.ID})
		}
	}
	return out
}
