package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/forms"
)

// maxNote is the longest note to the authority, as long as a message.
const maxNote = 5000

// applyCheckData is the "check your answers" page.
type applyCheckData struct {
	Case   cases.Case
	Pages  []checkPage
	Errors []checkError
	Files  []forms.FileView
	// Changes are the answers that differ from the version last sent, while
	// a supplement or change is being prepared.
	Changes []forms.Change
}

// checkPage is one page of the summary with its number, for the change links.
type checkPage struct {
	N     int
	Title string
	Rows  []checkRow
}

// checkRow is one answer, with the files of an attachment slot by name.
type checkRow struct {
	forms.SummaryRow
	Files []forms.FileView
}

// checkError is one error of the application, linked to its field on its page.
type checkError struct {
	forms.SummaryError
	Href string
}

// applyCheck shows every answer and file for a last look before sending.
func (h *Handler) applyCheck(w http.ResponseWriter, r *http.Request, lang string) {
	d, ok := h.draftOrRedirect(w, r, lang)
	if !ok {
		return
	}
	if d.Withdrawn {
		h.renderWithdrawn(w, r, lang, d)
		return
	}
	h.renderCheck(w, r, lang, http.StatusOK, d, nil, nil)
}

// renderCheck renders the check page; form holds the note typed, errors its
// error.
func (h *Handler) renderCheck(w http.ResponseWriter, r *http.Request, lang string, status int, d draft, form, errors map[string]string) {
	ctx := r.Context()
	a := d.Answers()
	cd := applyCheckData{Case: d.Case}
	names := map[string]string{}
	for _, f := range d.Files {
		names[f.ID] = f.Name
	}
	for _, sp := range d.Form.Summary(a, lang) {
		cp := checkPage{N: sp.Index + 1, Title: sp.Title}
		for _, row := range sp.Rows {
			cr := checkRow{SummaryRow: row}
			for _, id := range row.Files {
				for _, f := range d.Files {
					if f.ID == id {
						cr.Files = append(cr.Files, fileViews(lang, d.Case.ID, f.Field, []cases.Attachment{f})...)
					}
				}
			}
			cp.Rows = append(cp.Rows, cr)
		}
		cd.Pages = append(cd.Pages, cp)
	}
	problems := d.Form.Validate(a)
	for i, se := range d.Form.ErrorSummary(problems, lang) {
		cd.Errors = append(cd.Errors, checkError{SummaryError: se, Href: applyPagePath(lang, d.Case.ID, problems[i].Page+1) + "#" + se.Field})
	}
	if d.Case.Sent() {
		detail, err := h.Cases.Detail(ctx, auth.PrincipalFrom(ctx), d.Case.ID)
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		for _, f := range detail.Attachments {
			names[f.ID] = f.Name
		}
		if n := len(detail.Versions); n > 0 {
			last := detail.Versions[n-1]
			cd.Changes = forms.Diff(d.Form, withFiles(d.Form, last.Answers, attachmentsOf(detail, last.Attachments)), a, lang)
			for i := range cd.Changes {
				cd.Changes[i].Old, cd.Changes[i].New = fileNames(cd.Changes[i].Old, names), fileNames(cd.Changes[i].New, names)
			}
		}
	}
	title := h.catalog.T(lang, "apply.check.title")
	if len(errors) > 0 {
		title = h.catalog.T(lang, "apply.error_title", "title", title)
	}
	h.pageStatus(w, r, status, "apply-check", Page{Lang: lang, Title: title, Data: cd, Form: form, Errors: errors})
}

// attachmentsOf returns the attachments of a case with the given ids.
func attachmentsOf(d cases.Detail, ids []string) []cases.Attachment {
	var out []cases.Attachment
	for _, id := range ids {
		if a, ok := d.Attachment(id); ok {
			out = append(out, a)
		}
	}
	return out
}

// fileNames writes attachment ids, as a diff shows an attachment slot, as
// the files' names.
func fileNames(s string, names map[string]string) string {
	parts := strings.Split(s, ", ")
	for i, p := range parts {
		if n, ok := names[p]; ok {
			parts[i] = n
		}
	}
	return strings.Join(parts, ", ")
}

// applySend sends the draft, or the supplement or change being prepared, and
// goes to the case. Sending twice (a double click, a reload) ends on the
// same case: the case service sends once.
func (h *Handler) applySend(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	req := auth.RequestInfo(r)
	id := r.PathValue("id")
	casePath := "/" + lang + "/cases/" + id
	c, _, err := h.Cases.Get(ctx, p, id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	note := strings.TrimSpace(r.PostFormValue("note"))
	var notice string
	switch {
	case c.Sent() && c.Editing != "":
		if utf8.RuneCountInString(note) > maxNote {
			h.sendFailed(w, r, lang, map[string]string{"note": note}, map[string]string{"note": "apply.error.note"})
			return
		}
		notice = c.Editing + "_sent"
		_, err = h.Cases.SendEdit(ctx, p, req, id, note)
		if errs.KindOf(err) == errs.Conflict {
			// A second click after the first sent it: nothing is being
			// prepared any more.
			if again, _, gerr := h.Cases.Get(ctx, p, id); gerr == nil && again.Sent() && again.Editing == "" {
				err = nil
			}
		}
	case c.Sent():
		http.Redirect(w, r, casePath, http.StatusSeeOther)
		return
	default:
		notice = "application_sent"
		_, err = h.Cases.Submit(ctx, p, req, id, "")
	}
	if e, ok := errs.As(err); ok && (e.Kind == errs.Invalid || e.Fields["form"] == cases.ErrFormWithdrawn) {
		h.sendFailed(w, r, lang, map[string]string{"note": note}, nil)
		return
	}
	if errs.KindOf(err) == errs.Conflict {
		http.Redirect(w, r, casePath, http.StatusSeeOther)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, casePath, notice)
}

// sendFailed shows the check page again with why the application was not
// sent: its errors, or the form version withdrawn.
func (h *Handler) sendFailed(w http.ResponseWriter, r *http.Request, lang string, form, errors map[string]string) {
	d, ok := h.draftOrRedirect(w, r, lang)
	if !ok {
		return
	}
	if d.Withdrawn {
		h.renderWithdrawn(w, r, lang, d)
		return
	}
	if errors == nil {
		errors = map[string]string{"send": "apply.error.send"}
	}
	h.renderCheck(w, r, lang, http.StatusUnprocessableEntity, d, form, errors)
}

// applyWithdrawnData is the page of a draft whose form version was withdrawn.
type applyWithdrawnData struct {
	Case cases.Case
}

// renderWithdrawn tells that the draft's form version was withdrawn and
// offers to move it to the newest version, keeping every answer.
func (h *Handler) renderWithdrawn(w http.ResponseWriter, r *http.Request, lang string, d draft) {
	h.pageStatus(w, r, http.StatusOK, "apply-withdrawn", Page{Lang: lang, Title: h.catalog.T(lang, "apply.withdrawn.title"),
		Data: applyWithdrawnData{Case: d.Case}})
}

// applyMoveForm moves a draft to the newest version of its form.
func (h *Handler) applyMoveForm(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	c, err := h.Cases.MoveToNewestForm(ctx, auth.PrincipalFrom(ctx), r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, applyPagePath(lang, c.ID, 0), "apply_form_moved")
}
