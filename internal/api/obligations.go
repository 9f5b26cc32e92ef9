package api

import (
	"net/http"
	"strconv"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/obligations"
)

// registerObligations registers the duties after decisions: the caller's
// annual clock and marking done, an authority's view of its customers'
// duties, a case's duties and adding one, and the catalogue of duties the
// law sets.
func (a *API) registerObligations(mux *http.ServeMux) {
	a.handle(mux, "GET", "/api/v1/obligation-kinds", access.Public, a.obligationKinds)
	a.handle(mux, "GET", "/api/v1/obligations", access.SignedIn, a.myObligations)
	a.handle(mux, "POST", "/api/v1/obligations/{id}/done", access.SignedIn, a.obligationDone)
	a.handle(mux, "GET", "/api/v1/organisations/{org}/obligations", access.ViewCases, a.authorityObligations)
	a.handle(mux, "GET", "/api/v1/cases/{id}/obligations", access.ViewCases, a.caseObligations)
	a.handle(mux, "POST", "/api/v1/cases/{id}/obligations", access.HandleCases, a.addObligation)
}

// obligationsService is the obligation service, or an internal error when
// this server was built without one.
func (a *API) obligationsService() (*obligations.Service, error) {
	if a.Obligations != nil {
		return a.Obligations, nil
	}
	return nil, errs.E(errs.Internal, "the obligation service is not wired into this server")
}

func (a *API) obligationKinds(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"items": obligations.AllKinds()})
}

func (a *API) myObligations(w http.ResponseWriter, r *http.Request) {
	svc, err := a.obligationsService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	y, err := svc.ForParty(r.Context(), auth.PrincipalFrom(r.Context()))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, y)
}

// doneBody is the day an occurrence was done.
type doneBody struct {
	DoneOn string `json:"done_on"`
}

func (a *API) obligationDone(w http.ResponseWriter, r *http.Request) {
	var in doneBody
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	svc, err := a.obligationsService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	o, err := svc.Done(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("id"), in.DoneOn)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, o)
}

func (a *API) authorityObligations(w http.ResponseWriter, r *http.Request) {
	svc, err := a.obligationsService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	f := obligations.AuthorityFilter{Service: q.Get("service"), Kind: q.Get("kind"), Query: q.Get("q"), Overdue: q.Get("overdue") == "true"}
	for name, dst := range map[string]*int{"limit": &f.Limit, "offset": &f.Offset} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				a.writeError(w, r, errs.E(errs.Invalid, name+" must be a whole number"))
				return
			}
			*dst = n
		}
	}
	y, err := svc.ForAuthority(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("org"), f)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, y)
}

func (a *API) caseObligations(w http.ResponseWriter, r *http.Request) {
	svc, err := a.obligationsService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	c, err := svc.ForCase(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// newObligationBody is a duty to add; omitted numbers take the kind's
// defaults.
type newObligationBody struct {
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	Note        string `json:"note"`
	Due         string `json:"due"`
	EveryMonths *int   `json:"every_months"`
	RemindDays  *int   `json:"remind_days"`
}

func (a *API) addObligation(w http.ResponseWriter, r *http.Request) {
	var in newObligationBody
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	svc, err := a.obligationsService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	input := obligations.Input{Kind: in.Kind, Title: in.Title, Note: in.Note, Due: in.Due, EveryMonths: -1, RemindDays: -1}
	fields := map[string]string{}
	if in.EveryMonths != nil {
		if input.EveryMonths = *in.EveryMonths; input.EveryMonths < 0 {
			fields["every_months"] = "obligations.error.every"
		}
	}
	if in.RemindDays != nil {
		if input.RemindDays = *in.RemindDays; input.RemindDays < 0 {
			fields["remind_days"] = "obligations.error.remind_days"
		}
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "the obligation has errors")
		e.Fields = fields
		a.writeError(w, r, e)
		return
	}
	o, err := svc.Add(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("id"), input)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, o)
}
