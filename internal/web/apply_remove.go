package web

import (
	"net/http"
	"strconv"

	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/errs"
)

// applyRemoveData is the confirmation before a file is taken off an
// application.
type applyRemoveData struct {
	Case cases.Case
	File cases.Attachment
	// Page is the form page to return to, 0 for the check page.
	Page int
	Back string
}

// applyConfirmRemove asks before an attached file is removed.
func (h *Handler) applyConfirmRemove(w http.ResponseWriter, r *http.Request, lang string) {
	d, ok := h.draftOrRedirect(w, r, lang)
	if !ok {
		return
	}
	aid := r.PathValue("aid")
	for _, f := range d.Files {
		if f.ID == aid {
			n := returnPage(r.URL.Query().Get("page"), len(d.Form.Form().Pages))
			h.page(w, r, "apply-remove", Page{Lang: lang, Title: h.catalog.T(lang, "apply.remove.title", "name", f.Name),
				Data: applyRemoveData{Case: d.Case, File: f, Page: n, Back: applyPagePath(lang, d.Case.ID, n)}})
			return
		}
	}
	h.Error(w, r, lang, errs.E(errs.NotFound, "no such attachment"))
}

// applyRemoveFile removes an attached file and returns to the page it was on.
func (h *Handler) applyRemoveFile(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	id := r.PathValue("id")
	d, ok := h.draftOrRedirect(w, r, lang)
	if !ok {
		return
	}
	if err := h.Cases.Files.Remove(ctx, auth.PrincipalFrom(ctx), auth.RequestInfo(r), id, r.PathValue("aid")); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, applyPagePath(lang, id, returnPage(r.PostFormValue("page"), len(d.Form.Form().Pages))), "apply_attachment_removed")
}

// returnPage reads the page to return to; anything but a page of the form
// returns to the check page.
func returnPage(s string, pages int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > pages {
		return 0
	}
	return n
}
