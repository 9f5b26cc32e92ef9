package web

import (
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"

	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/files"
	"github.com/luva-fi/luva/internal/forms"
)

// multipartMemory is how much of a page post is kept in memory; larger files
// spill to temporary files, which the server removes after the request.
const multipartMemory = 8 << 20

// applyPageData is one page of the application form.
type applyPageData struct {
	Case cases.Case
	View forms.PageView
	// Errors are the page's errors for the summary at the top.
	Errors []forms.SummaryError
	// N is the page's number in the form, Step and Steps its place among
	// the pages the answers show, Prev the number of the page before (0:
	// none).
	N, Step, Steps, Prev int
}

// fileProblem is why an upload to a slot was refused, as the customer reads it.
type fileProblem struct {
	Key  string // "file.error.<code>"
	Text string // with the file's name
}

// applyPage shows page n of the application with the answers so far.
func (h *Handler) applyPage(w http.ResponseWriter, r *http.Request, lang string) {
	d, ok := h.draftOrRedirect(w, r, lang)
	if !ok {
		return
	}
	if d.Withdrawn {
		h.renderWithdrawn(w, r, lang, d)
		return
	}
	n, err := pageNumber(r, d.Form)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	a := d.Answers()
	if !d.Form.PageVisible(n-1, a) {
		// The answers skip this page: go on to the next one shown.
		http.Redirect(w, r, applyPagePath(lang, d.Case.ID, nextVisible(d.Form, a, n)), http.StatusSeeOther)
		return
	}
	h.renderApplyPage(w, r, lang, http.StatusOK, d, n, a, nil, nil)
}

// applyPageSave stores the page's answers and files, then does what the
// pressed button asks: continue (after checking the page), go back, save
// for later, add or remove a row, or remove a file. The answers are saved
// whatever the button and whatever their errors, so nothing typed is lost.
func (h *Handler) applyPageSave(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	d, ok := h.draftOrRedirect(w, r, lang)
	if !ok {
		return
	}
	if d.Withdrawn {
		h.renderWithdrawn(w, r, lang, d)
		return
	}
	n, err := pageNumber(r, d.Form)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if err := r.ParseMultipartForm(multipartMemory); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		h.Error(w, r, lang, errs.Wrap(errs.Invalid, "read the page post", err))
		return
	}
	problems := map[string]fileProblem{}
	if r.MultipartForm != nil {
		for _, slot := range pageSlots(d.Form, n-1) {
			for _, fh := range r.MultipartForm.File[slot] {
				if fh.Filename == "" && fh.Size == 0 {
					continue // the slot was left empty
				}
				a, err := h.upload(r, d.Case.ID, slot, fh)
				if err != nil {
					pr, shown := h.fileProblem(r, lang, fh.Filename, err)
					if !shown {
						h.Error(w, r, lang, err)
						return
					}
					problems[slot] = pr
					continue
				}
				d.Files = append(d.Files, a)
			}
		}
	}
	post := r.PostForm
	answers := d.Form.ReadPage(n-1, post, forms.Answers(d.Case.Answers))
	if d.Case, err = h.Cases.SaveAnswers(ctx, p, d.Case.ID, withoutFiles(d.Form, answers)); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	a := withFiles(d.Form, answers, d.Files)
	if len(problems) > 0 {
		h.renderApplyPage(w, r, lang, http.StatusUnprocessableEntity, d, n, a, nil, problems)
		return
	}
	if id := post.Get(forms.RemoveFileName); id != "" {
		http.Redirect(w, r, "/"+lang+"/applications/"+d.Case.ID+"/attachments/"+id+"/remove?page="+strconv.Itoa(n), http.StatusSeeOther)
		return
	}
	if group, _, _, ok := forms.RowAction(post); ok {
		http.Redirect(w, r, applyPagePath(lang, d.Case.ID, n)+"#"+group, http.StatusSeeOther)
		return
	}
	switch post.Get("go") {
	case "later":
		seeOther(w, r, "/"+lang+"/folder", "apply_saved")
		return
	case "back":
		prev := prevVisible(d.Form, a, n)
		if prev == 0 {
			prev = n
		}
		http.Redirect(w, r, applyPagePath(lang, d.Case.ID, prev), http.StatusSeeOther)
		return
	}
	if errs := d.Form.ValidatePage(n-1, a); len(errs) > 0 {
		h.renderApplyPage(w, r, lang, http.StatusUnprocessableEntity, d, n, a, errs, nil)
		return
	}
	http.Redirect(w, r, applyPagePath(lang, d.Case.ID, nextVisible(d.Form, a, n)), http.StatusSeeOther)
}

// upload streams one posted file into the application's slot; the case
// service checks its type and size against the slot.
func (h *Handler) upload(r *http.Request, caseID, slot string, fh *multipart.FileHeader) (cases.Attachment, error) {
	f, err := fh.Open()
	if err != nil {
		return cases.Attachment{}, fmt.Errorf("open the upload %q: %w", fh.Filename, err)
	}
	defer f.Close()
	ctx := r.Context()
	return h.Cases.Files.Add(ctx, auth.PrincipalFrom(ctx), auth.RequestInfo(r), caseID, slot, fh.Filename, fh.Header.Get("Content-Type"), f)
}

// fileProblem turns a refused upload into the message shown next to its
// slot. A failure of ours (storage, the virus scanner) is logged and told as
// "try again"; shown is false for errors that are not about the file, such
// as a case that has meanwhile been sent, which the caller answers itself.
func (h *Handler) fileProblem(r *http.Request, lang, name string, err error) (fileProblem, bool) {
	code := files.Code(err)
	if code == "" {
		switch errs.KindOf(err) {
		case errs.NotFound, errs.Forbidden, errs.Conflict, errs.Unauthenticated:
			return fileProblem{}, false
		}
		h.log.ErrorContext(r.Context(), "store an attachment", "path", r.URL.Path, "err", err)
		code = "unavailable"
	}
	key := "file.error." + code
	if clean := files.CleanName(name); clean != "" {
		return fileProblem{Key: key, Text: h.catalog.T(lang, "apply.file.refused", "name", clean, "reason", h.catalog.T(lang, key))}, true
	}
	return fileProblem{Key: key, Text: h.catalog.T(lang, key)}, true
}

// pageSlots lists the attachment fields of page i.
func pageSlots(f *forms.Compiled, i int) []string {
	var out []string
	for _, s := range f.Form().Pages[i].Sections {
		for _, x := range s.Fields {
			if x.Type == forms.Attachment {
				out = append(out, x.ID)
			}
		}
	}
	return out
}

// renderApplyPage shows page n with the answers a, the validation errors and
// the refused uploads.
func (h *Handler) renderApplyPage(w http.ResponseWriter, r *http.Request, lang string, status int, d draft, n int, a forms.Answers, fe forms.Errors, problems map[string]fileProblem) {
	ctx := r.Context()
	// A refused upload says more than "attach a file".
	fe = slices.DeleteFunc(slices.Clone(fe), func(e forms.Error) bool { _, ok := problems[e.Field]; return ok })
	marks := h.prefillMarks(ctx, auth.PrincipalFrom(ctx), d.Form, d.Case, d.Role)
	pd := applyPageData{Case: d.Case, View: d.Form.View(n-1, a, fe, marks, lang), N: n, Prev: prevVisible(d.Form, a, n)}
	pd.Step, pd.Steps = steps(d.Form, a, n)
	pd.Errors = d.Form.ErrorSummary(fe, lang)
	for _, slot := range pageSlots(d.Form, n-1) {
		fv := pd.View.Field(slot)
		if fv == nil {
			continue
		}
		fv.Files = fileViews(lang, d.Case.ID, slot, d.Files)
		if pr, ok := problems[slot]; ok {
			fv.Error, fv.ErrorKey, fv.ErrorText = &forms.Error{Field: slot, Page: n - 1, Code: "file"}, pr.Key, pr.Text
			if fv.DescribedBy != "" {
				fv.DescribedBy += " "
			}
			fv.DescribedBy += slot + "-error"
			pd.Errors = append(pd.Errors, forms.SummaryError{Field: slot, Label: fv.Label, Key: pr.Key, Text: pr.Text})
		}
	}
	title := h.catalog.T(lang, "apply.page.title", "step", pd.Step, "steps", pd.Steps, "page", pd.View.Title)
	if len(pd.Errors) > 0 {
		title = h.catalog.T(lang, "apply.error_title", "title", title)
	}
	h.pageStatus(w, r, status, "apply-page", Page{Lang: lang, Title: title, Data: pd})
}
