package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
)

func (a *API) registerIdentity(mux *http.ServeMux) {
	a.handle(mux, "POST", "/api/v1/sessions", access.Public, a.signIn)
	a.handle(mux, "DELETE", "/api/v1/sessions/current", access.SignedIn, a.signOut)
	a.handle(mux, "GET", "/api/v1/me", access.ViewProfile, a.me)
	a.handle(mux, "PUT", "/api/v1/me", access.EditProfile, a.updateMe)
	a.handle(mux, "GET", "/api/v1/me/sessions", access.ManageSessions, a.mySessions)
	a.handle(mux, "GET", "/api/v1/me/mandates", access.ViewProfile, a.myMandates)
	a.handle(mux, "PUT", "/api/v1/me/acting-for", access.ChooseActingAs, a.actFor)
	a.handle(mux, "GET", "/api/v1/organisations/{org}/mandates", access.ViewMandates, a.orgMandates)
	a.handle(mux, "POST", "/api/v1/organisations/{org}/mandates", access.ManageMandates, a.grantMandate)
	a.handle(mux, "DELETE", "/api/v1/organisations/{org}/mandates/{id}", access.ManageMandates, a.revokeMandate)
	a.handle(mux, "GET", "/api/v1/organisations/{org}/members", access.ViewOrgUsers, a.members)
	a.handle(mux, "POST", "/api/v1/organisations/{org}/members", access.ManageOrgUsers, a.addMember)
	a.handle(mux, "DELETE", "/api/v1/organisations/{org}/members/{grant}", access.ManageOrgUsers, a.removeMember)
	a.handle(mux, "GET", "/api/v1/organisations/{org}/units", access.ViewOrgUsers, a.units)
	a.handle(mux, "POST", "/api/v1/organisations/{org}/units", access.ManageOrgUsers, a.addUnit)
	a.handle(mux, "GET", "/api/v1/audit", access.ViewAudit, a.auditEntries)
	a.handle(mux, "GET", "/api/v1/organisations", access.ManageOrgs, a.organisations)
	a.handle(mux, "POST", "/api/v1/organisations", access.ManageOrgs, a.registerOrganisation)
}

func (a *API) organisations(w http.ResponseWriter, r *http.Request) {
	orgs, err := a.People.Organisations(r.Context(), r.URL.Query().Get("kind"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(orgs)})
}

func (a *API) registerOrganisation(w http.ResponseWriter, r *http.Request) {
	var in identity.NewOrganisation
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	org, err := a.People.RegisterOrganisation(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), in)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, org)
}

// decode reads a JSON body of at most 64 kB into v.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errs.Wrap(errs.Invalid, "the body is not valid JSON for this operation", err)
	}
	return nil
}

type signInRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

func (a *API) signIn(w http.ResponseWriter, r *http.Request) {
	var in signInRequest
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	secret, sess, err := a.Auth.SignInLocal(r.Context(), auth.RequestInfo(r), in.Username, in.Password)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.Auth.SetCookie(w, r, secret)
	writeJSON(w, http.StatusCreated, sess)
}

func (a *API) signOut(w http.ResponseWriter, r *http.Request) {
	if err := a.Auth.SignOut(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r)); err != nil {
		a.writeError(w, r, err)
		return
	}
	auth.ClearCookie(w, r)
	w.WriteHeader(http.StatusNoContent)
}

type meResponse struct {
	identity.Person
	PersonalIDMasked string `json:"personal_id_masked,omitempty"`
	ActingFor        string `json:"acting_for,omitempty"`
}

func (a *API) me(w http.ResponseWriter, r *http.Request) {
	p := auth.PrincipalFrom(r.Context())
	person, err := a.People.Profile(r.Context(), p, auth.RequestInfo(r))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, meResponse{Person: person, PersonalIDMasked: person.MaskedPersonalID(), ActingFor: p.ActingFor})
}

func (a *API) updateMe(w http.ResponseWriter, r *http.Request) {
	var u identity.ProfileUpdate
	if err := decode(r, &u); err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := a.People.UpdateProfile(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), u); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.me(w, r)
}

func (a *API) mySessions(w http.ResponseWriter, r *http.Request) {
	ss, err := a.Auth.Sessions.List(r.Context(), auth.PrincipalFrom(r.Context()).PersonID)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(ss)})
}

func (a *API) myMandates(w http.ResponseWriter, r *http.Request) {
	ms, err := a.People.MandatesOf(r.Context(), auth.PrincipalFrom(r.Context()).PersonID)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(ms)})
}

type actingForRequest struct {
	OrganisationID string `json:"organisation_id"`
}

func (a *API) actFor(w http.ResponseWriter, r *http.Request) {
	var in actingForRequest
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := a.Auth.ActFor(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), in.OrganisationID); err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, in)
}

func (a *API) orgMandates(w http.ResponseWriter, r *http.Request) {
	ms, err := a.People.OrganisationMandates(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("org"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(ms)})
}

type grantMandateRequest struct {
	PersonalID string         `json:"personal_id"`
	Rights     []access.Right `json:"rights"`
	ValidUntil *time.Time     `json:"valid_until,omitempty"`
}

func (a *API) grantMandate(w http.ResponseWriter, r *http.Request) {
	var in grantMandateRequest
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	m, err := a.People.GrantMandate(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("org"), in.PersonalID, in.Rights, in.ValidUntil)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, m)
}

func (a *API) revokeMandate(w http.ResponseWriter, r *http.Request) {
	if err := a.People.RevokeMandate(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("org"), r.PathValue("id")); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) members(w http.ResponseWriter, r *http.Request) {
	ms, err := a.People.Members(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("org"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(ms)})
}

type addMemberRequest struct {
	Email  string      `json:"email"`
	Role   access.Role `json:"role"`
	UnitID string      `json:"unit_id,omitempty"`
}

func (a *API) addMember(w http.ResponseWriter, r *http.Request) {
	var in addMemberRequest
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	g, err := a.People.AddRole(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("org"), in.Email, in.Role, in.UnitID)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, g)
}

func (a *API) removeMember(w http.ResponseWriter, r *http.Request) {
	if err := a.People.RemoveRole(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("org"), r.PathValue("grant")); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) auditEntries(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := audit.Filter{ActorID: q.Get("actor"), Action: q.Get("action"), TargetType: q.Get("target_type"), TargetID: q.Get("target_id"), Outcome: q.Get("outcome")}
	fields := map[string]string{}
	for name, dst := range map[string]*time.Time{"from": &f.From, "to": &f.To} {
		if v := q.Get(name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				fields[name] = "must be an RFC 3339 time"
			}
			*dst = t
		}
	}
	for name, dst := range map[string]*int64{"before": &f.BeforeID} {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 1 {
				fields[name] = "must be a positive integer"
			}
			*dst = n
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > audit.MaxLimit {
			fields["limit"] = "must be between 1 and 1000"
		}
		f.Limit = n
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "bad filter")
		e.Fields = fields
		a.writeError(w, r, e)
		return
	}
	es, err := a.Audit.Browse(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), q.Get("org"), f)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(es)})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (a *API) units(w http.ResponseWriter, r *http.Request) {
	us, err := a.People.Units(r.Context(), r.PathValue("org"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(us)})
}

type addUnitRequest struct {
	Name   string `json:"name"`
	NameSV string `json:"name_sv"`
}

func (a *API) addUnit(w http.ResponseWriter, r *http.Request) {
	var in addUnitRequest
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	u, err := a.People.AddUnit(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("org"), in.Name, in.NameSV)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, u)
}
