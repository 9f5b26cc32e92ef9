package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/workdays"
)

// authorityCasePath is the address of a case's overview.
func authorityCasePath(lang, id string) string {
	return "/" + lang + "/authority/cases/" + url.PathEscape(id)
}

// authorityDetail reads a case the user may process. A case the user may
// only read is forbidden; anyone else's is not found.
func (h *Handler) authorityDetail(r *http.Request) (cases.Detail, error) {
	d, err := h.Cases.Detail(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return cases.Detail{}, err
	}
	if !d.Role.View {
		return cases.Detail{}, errs.E(errs.NotFound, "no such case")
	}
	if !d.Role.Handle {
		return cases.Detail{}, errs.E(errs.Forbidden, "no right to process the case")
	}
	return d, nil
}

// authorityFailed answers an action the service refused: invalid input shows
// the form again with its errors and everything typed, a conflict (the case
// moved on meanwhile) shows the form with the conflict explained, and
// anything else is the error page.
func (h *Handler) authorityFailed(w http.ResponseWriter, r *http.Request, lang string, err error, again func(status int, errors map[string]string, problem string)) {
	e, ok := errs.As(err)
	switch {
	case ok && e.Kind == errs.Invalid && len(e.Fields) > 0:
		again(http.StatusUnprocessableEntity, e.Fields, "")
	case ok && e.Kind == errs.Conflict:
		again(http.StatusConflict, nil, "cases.error.conflict")
	default:
		h.Error(w, r, lang, err)
	}
}

// authorityTake assigns the case to the user; a case that was sent and not
// yet taken moves to processing.
func (h *Handler) authorityTake(w http.ResponseWriter, r *http.Request, lang string) {
	id := r.PathValue("id")
	_, err := h.Cases.Take(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), id)
	if err != nil {
		h.authorityFailed(w, r, lang, err, func(status int, errors map[string]string, problem string) {
			h.renderAuthorityCase(w, r, lang, status, nil, errors, problem)
		})
		return
	}
	seeOther(w, r, authorityCasePath(lang, id), "taken")
}

// authorityMessage sends a message to the customer from the overview.
func (h *Handler) authorityMessage(w http.ResponseWriter, r *http.Request, lang string) {
	id := r.PathValue("id")
	body := r.PostFormValue("body")
	_, err := h.Cases.Message(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), id, body)
	if err != nil {
		h.authorityFailed(w, r, lang, err, func(status int, errors map[string]string, problem string) {
			h.renderAuthorityCase(w, r, lang, status, map[string]string{"body": body}, errors, problem)
		})
		return
	}
	http.Redirect(w, r, authorityCasePath(lang, id)+"?done=message_sent#messages", http.StatusSeeOther)
}

// authorityDay reads a date as a date input sends it (2026-06-01) or as
// people write it (1.6.2026), at midnight in Helsinki.
func authorityDay(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.DateOnly, "2.1.2006"} {
		if t, err := time.ParseInLocation(layout, s, workdays.Location()); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

type authorityCompletionData struct {
	Case    cases.Case
	Problem string
	// Closed says the case's state does not allow a request now, or one
	// is already waiting for the customer. After a post the form
	// stays, so that nothing typed is lost.
	Closed bool
}

func (h *Handler) authorityCompletion(w http.ResponseWriter, r *http.Request, lang string) {
	// Ten working days is a common time to give for a supplement; the
	// handler changes it as the case needs.
	deadline := h.Cases.Calendar().AddWorkingDays(h.Auth.Now(), 10).Format(time.DateOnly)
	h.renderAuthorityCompletion(w, r, lang, http.StatusOK, map[string]string{"message": "", "deadline": deadline}, nil, "")
}

func (h *Handler) renderAuthorityCompletion(w http.ResponseWriter, r *http.Request, lang string, status int, form, errors map[string]string, problem string) {
	d, err := h.authorityDetail(r)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	h.pageStatus(w, r, status, "authority-completion", h.authorityPage(r, lang, h.catalog.T(lang, "authority.completion.title"),
		authorityCompletionData{Case: d.Case, Problem: problem,
			Closed: r.Method == http.MethodGet && (!h.Cases.Model().Allows(d.Case.State, cases.Complement, cases.Authority) || d.OpenRequest() != nil)},
		form, errors))
}

func (h *Handler) authorityCompletionSend(w http.ResponseWriter, r *http.Request, lang string) {
	id := r.PathValue("id")
	form := map[string]string{"message": r.PostFormValue("message"), "deadline": strings.TrimSpace(r.PostFormValue("deadline"))}
	again := func(status int, errors map[string]string, problem string) {
		h.renderAuthorityCompletion(w, r, lang, status, form, errors, problem)
	}
	deadline, ok := authorityDay(form["deadline"])
	if !ok && form["deadline"] != "" {
		errors := map[string]string{"deadline": "authority.error.date"}
		if strings.TrimSpace(form["message"]) == "" {
			errors["message"] = "cases.error.message"
		}
		again(http.StatusUnprocessableEntity, errors, "")
		return
	}
	_, err := h.Cases.RequestCompletion(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), id, form["message"], deadline)
	if err != nil {
		h.authorityFailed(w, r, lang, err, again)
		return
	}
	seeOther(w, r, authorityCasePath(lang, id), "completion_requested")
}

type authorityStateData struct {
	Case cases.Case
	Next []cases.State
	// Confirm is set on the confirmation step, with the chosen state.
	Confirm bool
	To      cases.State
	Problem string
}

func (h *Handler) authorityState(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderAuthorityState(w, r, lang, http.StatusOK, map[string]string{}, nil, "", false)
}

func (h *Handler) renderAuthorityState(w http.ResponseWriter, r *http.Request, lang string, status int, form, errors map[string]string, problem string, confirm bool) {
	d, err := h.authorityDetail(r)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	data := authorityStateData{Case: d.Case, Next: d.Next, Confirm: confirm, To: cases.State(form["to"]), Problem: problem}
	title := h.catalog.T(lang, "authority.state.title")
	if confirm {
		title = h.catalog.T(lang, "authority.state.confirm_title")
	}
	h.pageStatus(w, r, status, "authority-state", h.authorityPage(r, lang, title, data, form, errors))
}

// authorityStateSend checks the chosen state and reason, asks to confirm
// them, and on confirmation moves the case.
func (h *Handler) authorityStateSend(w http.ResponseWriter, r *http.Request, lang string) {
	id := r.PathValue("id")
	form := map[string]string{"to": r.PostFormValue("to"), "reason": strings.TrimSpace(r.PostFormValue("reason"))}
	d, err := h.authorityDetail(r)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	errors := map[string]string{}
	allowed := false
	for _, s := range d.Next {
		allowed = allowed || string(s) == form["to"]
	}
	if form["to"] == "" {
		errors["to"] = "authority.error.state"
	}
	if form["reason"] == "" {
		errors["reason"] = "authority.error.reason"
	}
	action := r.PostFormValue("action")
	switch {
	case action == "edit":
		h.renderAuthorityState(w, r, lang, http.StatusOK, form, nil, "", false)
		return
	case form["to"] != "" && !allowed:
		// The state was offered when the page was loaded: the case has
		// moved on since, or the post was not made on the page.
		h.renderAuthorityState(w, r, lang, http.StatusConflict, form, nil, "cases.error.conflict", false)
		return
	case len(errors) > 0:
		h.renderAuthorityState(w, r, lang, http.StatusUnprocessableEntity, form, errors, "", false)
		return
	case action != "confirm":
		h.renderAuthorityState(w, r, lang, http.StatusOK, form, nil, "", true)
		return
	}
	_, err = h.Cases.Transition(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), id, cases.State(form["to"]), form["reason"])
	if err != nil {
		h.authorityFailed(w, r, lang, err, func(status int, errors map[string]string, problem string) {
			h.renderAuthorityState(w, r, lang, status, form, errors, problem, false)
		})
		return
	}
	seeOther(w, r, authorityCasePath(lang, id), "state_changed")
}
