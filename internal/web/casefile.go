package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/errs"
)

// registerCaseFile registers the customer's case view and transaction folder:
// one case with its history, timing, versions, messages, decision and
// partners; the actions the customer takes on it, each destructive one behind
// a confirmation page; the folder of all the party's cases; and the
// applications of an undertaking. The cases service checks who may see and do
// what, so every route only needs a signed-in person.
func (h *Handler) registerCaseFile(mux *http.ServeMux) {
	h.route(mux, "GET /folder", access.SignedIn, h.casefileFolderPage)
	h.route(mux, "GET /cases/{id}", access.SignedIn, h.casefileView)
	h.route(mux, "GET /cases/{id}/decision.pdf", access.SignedIn, h.casefileDecisionPDF)
	h.route(mux, "POST /cases/{id}/edit", access.SignedIn, h.casefileEdit)
	h.route(mux, "GET /cases/{id}/discard-edit", access.SignedIn, h.casefileConfirmDiscard)
	h.route(mux, "POST /cases/{id}/discard-edit", access.SignedIn, h.casefileDiscardEdit)
	h.route(mux, "POST /cases/{id}/visibility", access.SignedIn, h.casefileVisibility)
	h.route(mux, "POST /cases/{id}/messages", access.SignedIn, h.casefileMessageSend)
	h.route(mux, "POST /cases/{id}/partners", access.SignedIn, h.casefileInvite)
	h.route(mux, "GET /cases/{id}/partners/{person}/remove", access.SignedIn, h.casefileConfirmRemovePartner)
	h.route(mux, "POST /cases/{id}/partners/{person}/remove", access.SignedIn, h.casefileRemovePartner)
	h.route(mux, "GET /cases/{id}/cancel", access.SignedIn, h.casefileConfirmCancel)
	h.route(mux, "POST /cases/{id}/cancel", access.SignedIn, h.casefileCancel)
	h.route(mux, "GET /undertakings/{id}/applications", access.SignedIn, h.casefileUndertaking)
}

// casefilePath is the address of a case's page in lang.
func casefilePath(lang, id string) string { return "/" + lang + "/cases/" + url.PathEscape(id) }

// casefileRedirect sends the browser to path with a notice key and a fragment,
// so that after a post the customer lands where they acted.
func casefileRedirect(w http.ResponseWriter, r *http.Request, path, notice, fragment string) {
	if notice != "" {
		path += "?done=" + url.QueryEscape(notice)
	}
	if fragment != "" {
		path += "#" + fragment
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// casefileFailed answers an action that the cases service refused. Errors about
// what was typed, and a case that moved on meanwhile, are shown on the case
// page with everything typed kept; anything else gets its error page.
func (h *Handler) casefileFailed(w http.ResponseWriter, r *http.Request, lang string, err error, form map[string]string) {
	e, ok := errs.As(err)
	switch {
	case ok && e.Kind == errs.Invalid && len(e.Fields) > 0:
		h.renderCasefile(w, r, lang, http.StatusUnprocessableEntity, e.Fields, form)
	case ok && e.Kind == errs.Conflict:
		h.renderCasefile(w, r, lang, http.StatusConflict, map[string]string{"case": "cases.error.conflict"}, form)
	default:
		h.Error(w, r, lang, err)
	}
}

// casefileDay reads a YYYY-MM-DD date as midnight in Helsinki; a malformed one
// is the zero time, which the templates leave out.
func casefileDay(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, helsinki())
	if err != nil {
		return time.Time{}
	}
	return t
}

// casefileNow is the time the pages count from: the clock the sign-in
// service keeps, so that tests can set it.
func (h *Handler) casefileNow() time.Time { return h.Auth.Now() }
