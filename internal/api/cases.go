package api

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/errs"
)

// registerCases adds the pull interface of the authorities' own systems: an
// organisation's case list, a whole case, its files, and the steps of
// processing. The list needs the organisation's case role at the route; the
// case operations need a session, and the case service checks the caller's
// role in the case itself (customers may read their own case and message).
func (a *API) registerCases(mux *http.ServeMux) {
	a.handle(mux, "GET", "/api/v1/organisations/{org}/cases", access.ViewCases, a.authorityCases)
	a.handle(mux, "GET", "/api/v1/cases/{id}", access.SignedIn, a.caseDetail)
	a.handle(mux, "GET", "/api/v1/cases/{id}/attachments/{aid}", access.SignedIn, a.caseAttachment)
	a.handle(mux, "POST", "/api/v1/cases/{id}/take", access.SignedIn, a.takeCase)
	a.handle(mux, "POST", "/api/v1/cases/{id}/completion-requests", access.SignedIn, a.requestCompletion)
	a.handle(mux, "POST", "/api/v1/cases/{id}/decision", access.SignedIn, a.decideCase)
	a.handle(mux, "POST", "/api/v1/cases/{id}/transitions", access.SignedIn, a.transitionCase)
	a.handle(mux, "POST", "/api/v1/cases/{id}/messages", access.SignedIn, a.caseMessage)
	a.registerCaseForms(mux)
}

// caseListBody is one page of an authority's cases, oldest sent first.
type caseListBody struct {
	Items []cases.Case `json:"items"`
	// Next is the cursor of the following page, absent on the last.
	Next string `json:"next,omitempty"`
}

func (a *API) authorityCases(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := cases.ListFilter{State: cases.State(q.Get("state")), Service: q.Get("service"), Query: q.Get("q"), After: q.Get("after")}
	fields := map[string]string{}
	if f.State != "" && !slices.ContainsFunc(a.Cases.Model().States, func(d cases.StateDef) bool { return d.Name == f.State }) {
		fields["state"] = "must be one of the states of the case model"
	}
	switch v := q.Get("mine"); v {
	case "", "false":
	case "true":
		f.Mine = true
	default:
		fields["mine"] = "must be true or false"
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			fields["limit"] = "must be between 1 and 200"
		}
		f.Limit = n
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "bad filter")
		e.Fields = fields
		a.writeError(w, r, e)
		return
	}
	list, err := a.Cases.AuthorityList(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("org"), f)
	if errs.KindOf(err) == errs.Invalid && f.After != "" {
		err = invalidField("after", "give the next cursor of the previous page")
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, caseListBody{Items: nonNil(list.Cases), Next: list.Next})
}

func (a *API) caseDetail(w http.ResponseWriter, r *http.Request) {
	d, err := a.Cases.Detail(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	d.Next = nonNil(d.Next)
	writeJSON(w, http.StatusOK, d)
}

// caseAttachment sends a file of the case as it was attached. It is always a
// download, never shown inline, so that a file cannot run as a page of ours.
func (a *API) caseAttachment(w http.ResponseWriter, r *http.Request) {
	at, rc, err := a.Cases.Files.Open(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("id"), r.PathValue("aid"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", at.ContentType)
	h.Set("Content-Length", strconv.FormatInt(at.Size, 10))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": at.Name}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("ETag", `"`+at.SHA256+`"`)
	if _, err := io.Copy(w, rc); err != nil {
		a.log.WarnContext(r.Context(), "send attachment", "case", at.CaseID, "attachment", at.ID, "err", err)
	}
}

func (a *API) takeCase(w http.ResponseWriter, r *http.Request) {
	c, err := a.Cases.Take(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("id"))
	if err != nil {
		a.writeCaseError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// day reads a YYYY-MM-DD date as midnight in Helsinki, the day's start where
// the deadline falls; "" is the zero time, which the service refuses.
func day(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, helsinkiZone())
	if err != nil {
		return time.Time{}, invalidField(field, "must be a date as YYYY-MM-DD")
	}
	return t, nil
}

type completionRequest struct {
	Message  string `json:"message"`
	Deadline string `json:"deadline"`
}

func (a *API) requestCompletion(w http.ResponseWriter, r *http.Request) {
	var in completionRequest
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	deadline, err := day("deadline", in.Deadline)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	c, err := a.Cases.RequestCompletion(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("id"), in.Message, deadline)
	if err != nil {
		a.writeCaseError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

type obligationRequest struct {
	Title      string `json:"title"`
	Due        string `json:"due"`
	Recurrence string `json:"recurrence,omitempty"`
}

type decisionRequest struct {
	Outcome     string              `json:"outcome"`
	Body        string              `json:"body"`
	Conditions  []string            `json:"conditions,omitempty"`
	Appeal      string              `json:"appeal"`
	Obligations []obligationRequest `json:"obligations,omitempty"`
}

func (a *API) decideCase(w http.ResponseWriter, r *http.Request) {
	var in decisionRequest
	if err := decodeLarge(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	d := cases.DecisionInput{Outcome: in.Outcome, Body: in.Body, Conditions: in.Conditions, Appeal: in.Appeal}
	for i, o := range in.Obligations {
		due, err := day(fmt.Sprintf("obligations[%d].due", i), o.Due)
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		d.Obligations = append(d.Obligations, cases.ObligationInput{Title: o.Title, Due: due, Recurrence: o.Recurrence})
	}
	c, err := a.Cases.Decide(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("id"), d)
	if err != nil {
		a.writeCaseError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

type transitionRequest struct {
	To     cases.State `json:"to"`
	Reason string      `json:"reason,omitempty"`
}

func (a *API) transitionCase(w http.ResponseWriter, r *http.Request) {
	var in transitionRequest
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	if in.To == "" {
		a.writeError(w, r, invalidField("to", "give the state to move the case to"))
		return
	}
	c, err := a.Cases.Transition(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("id"), in.To, in.Reason)
	if err != nil {
		a.writeCaseError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (a *API) caseMessage(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Body string `json:"body"`
	}
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	m, err := a.Cases.Message(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("id"), in.Body)
	if err != nil {
		a.writeCaseError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, m)
}
