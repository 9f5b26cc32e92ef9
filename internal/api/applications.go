package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/files"
	"github.com/luva-fi/luva/internal/i18n"
)

// registerApplications adds the customer's operations: start an application,
// fill it in, attach files, send it once, and follow it in the transaction
// folder. Every route needs only a session; the case service checks that the
// case is the caller's (or the party's they act for) and answers not found
// for anyone else's.
func (a *API) registerApplications(mux *http.ServeMux) {
	a.handle(mux, "POST", "/api/v1/applications", access.SignedIn, a.startApplication)
	a.handle(mux, "GET", "/api/v1/applications/{id}", access.SignedIn, a.application)
	a.handle(mux, "PUT", "/api/v1/applications/{id}/answers", access.SignedIn, a.saveAnswers)
	a.handle(mux, "POST", "/api/v1/applications/{id}/attachments", access.SignedIn, a.addAttachment)
	a.handle(mux, "DELETE", "/api/v1/applications/{id}/attachments/{aid}", access.SignedIn, a.removeAttachment)
	a.handle(mux, "POST", "/api/v1/applications/{id}/submit", access.SignedIn, a.submitApplication)
	a.handle(mux, "GET", "/api/v1/folder", access.SignedIn, a.folder)
}

type startRequest struct {
	Service      string `json:"service"`
	Municipality string `json:"municipality"`
	Undertaking  string `json:"undertaking,omitempty"`
	Lang         string `json:"lang,omitempty"`
}

func (a *API) startApplication(w http.ResponseWriter, r *http.Request) {
	var in startRequest
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	fields := map[string]string{}
	if strings.TrimSpace(in.Service) == "" {
		fields["service"] = "give the id of a catalogue service"
	}
	if in.Lang != "" && !i18n.Supported(in.Lang) {
		fields["lang"] = "must be one of fi, sv, en"
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "the application cannot be started")
		e.Fields = fields
		a.writeError(w, r, e)
		return
	}
	c, err := a.Cases.Start(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), cases.StartInput{
		Service: in.Service, Municipality: in.Municipality, Undertaking: in.Undertaking, Lang: in.Lang})
	if err != nil {
		a.writeCaseError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (a *API) application(w http.ResponseWriter, r *http.Request) {
	c, _, err := a.Cases.Get(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// answersBody is a saved working copy with what still keeps it from being
// sent, so that a client can show progress without sending.
type answersBody struct {
	Case     cases.Case    `json:"case"`
	Problems []problemBody `json:"problems"`
}

func (a *API) saveAnswers(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Answers map[string]any `json:"answers"`
	}
	if err := decodeLarge(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	if in.Answers == nil {
		a.writeError(w, r, invalidField("answers", "give the answers as an object"))
		return
	}
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	c, err := a.Cases.SaveAnswers(ctx, p, r.PathValue("id"), in.Answers)
	if err != nil {
		a.writeCaseError(w, r, err)
		return
	}
	problems, err := a.problems(r, p, c)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, answersBody{Case: c, Problems: problems})
}

// addAttachment takes the request body as the file: a client sends the bytes
// as they are, with the file's name in ?name= and its declared type as the
// Content-Type, which the content must not contradict.
func (a *API) addAttachment(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	fields := map[string]string{}
	if q.Get("field") == "" {
		fields["field"] = "give the attachment slot of the form"
	}
	if strings.TrimSpace(q.Get("name")) == "" {
		fields["name"] = "give the file's name"
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "the attachment needs its slot and name")
		e.Fields = fields
		a.writeError(w, r, e)
		return
	}
	declared := r.Header.Get("Content-Type")
	at, err := a.Cases.Files.Add(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("id"),
		q.Get("field"), q.Get("name"), declared, r.Body)
	if code := files.Code(err); code != "" {
		e := errs.Wrap(errs.Invalid, "the file was refused", err)
		e.Fields = map[string]string{"file": "file.error." + code}
		a.writeCaseError(w, r, e)
		return
	}
	if err != nil {
		a.writeCaseError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, at)
}

func (a *API) removeAttachment(w http.ResponseWriter, r *http.Request) {
	err := a.Cases.Files.Remove(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("id"), r.PathValue("aid"))
	if err != nil {
		a.writeCaseError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// maxIdempotencyKey bounds the Idempotency-Key header: it is stored with the
// case.
const maxIdempotencyKey = 200

// submitApplication sends the draft. Sending twice, or retrying with the same
// Idempotency-Key after a lost answer, returns the case already sent.
func (a *API) submitApplication(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	if len(key) > maxIdempotencyKey {
		a.writeError(w, r, invalidField("Idempotency-Key", "must be at most 200 characters"))
		return
	}
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	id := r.PathValue("id")
	if key != "" {
		// Keys are the client's own: scoped by person, so that two clients
		// choosing the same key never meet each other's case.
		key = "api:" + p.PersonID + ":" + key
	}
	c, err := a.Cases.Submit(ctx, p, auth.RequestInfo(r), id, key)
	if errs.KindOf(err) == errs.Invalid {
		// The service names the fields; the form says more: the limits and
		// rule messages, in the caller's language.
		if detailed := a.submitProblems(r, p, id); detailed != nil {
			detailed.Err = err
			err = detailed
		}
	}
	if err != nil {
		a.writeCaseError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// folderBody is one page of the transaction folder.
type folderBody struct {
	Items  []cases.FolderEntry `json:"items"`
	Total  int                 `json:"total"`
	Limit  int                 `json:"limit"`
	Offset int                 `json:"offset"`
}

func (a *API) folder(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := cases.FolderFilter{Group: q.Get("group"), Query: q.Get("q"), Sort: q.Get("sort"), Undertaking: q.Get("undertaking"), Limit: 20}
	fields := map[string]string{}
	switch f.Group {
	case cases.GroupAll, cases.GroupDrafts, cases.GroupOngoing, cases.GroupDecided:
	default:
		fields["group"] = "must be drafts, ongoing or decided"
	}
	switch f.Sort {
	case "", "updated", "created", "title":
	default:
		fields["sort"] = "must be updated, created or title"
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			fields["limit"] = "must be between 1 and 100"
		}
		f.Limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			fields["offset"] = "must be zero or a positive integer"
		}
		f.Offset = n
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "bad filter")
		e.Fields = fields
		a.writeError(w, r, e)
		return
	}
	items, total, err := a.Cases.Folder(r.Context(), auth.PrincipalFrom(r.Context()), f)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, folderBody{Items: nonNil(items), Total: total, Limit: f.Limit, Offset: f.Offset})
}
