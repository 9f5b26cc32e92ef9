package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
)

func (h *Handler) registerAccount(mux *http.ServeMux) {
	h.route(mux, "GET /sign-in", access.Public, h.signInForm)
	h.route(mux, "POST /sign-in", access.Public, h.signIn)
	h.route(mux, "POST /sign-out", access.SignedIn, h.signOut)
	h.route(mux, "GET /profile", access.ViewProfile, h.profile)
	h.route(mux, "POST /profile", access.EditProfile, h.saveProfile)
	h.route(mux, "POST /profile/sessions/{id}/end", access.ManageSessions, h.endSession)
	h.route(mux, "GET /profile/sessions/end-all", access.ManageSessions, h.confirmEndAll)
	h.route(mux, "POST /profile/sessions/end-all", access.ManageSessions, h.endAll)
	h.route(mux, "GET /acting-for", access.ChooseActingAs, h.actingForForm)
	h.route(mux, "POST /acting-for", access.ChooseActingAs, h.actFor)
}

type signInData struct {
	Next      string
	Providers []Provider
}

// safeNext keeps a post-sign-in redirect on this site: a plain path, with no
// scheme, no host and no control characters (browsers drop tabs and newlines
// from URLs, which would turn "/\t/evil.example" into "//evil.example").
func safeNext(next, lang string) string {
	home := "/" + lang + "/"
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\") {
		return home
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return home
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "//") {
		return home
	}
	return next
}

func (h *Handler) signInForm(w http.ResponseWriter, r *http.Request, lang string) {
	p := Page{Lang: lang, Title: h.catalog.T(lang, "signin.title"), Nav: "sign-in",
		Data: signInData{Next: safeNext(r.URL.Query().Get("next"), lang), Providers: h.Providers}}
	if e := r.URL.Query().Get("error"); e != "" && h.catalog.Has(lang, "signin.error."+e) {
		p.Errors = map[string]string{"provider": "signin.error." + e}
	}
	h.page(w, r, "sign-in", p)
}

func (h *Handler) signIn(w http.ResponseWriter, r *http.Request, lang string) {
	username := strings.TrimSpace(r.PostFormValue("username"))
	next := safeNext(r.PostFormValue("next"), lang)
	secret, sess, err := h.Auth.SignInLocal(r.Context(), auth.RequestInfo(r), username, r.PostFormValue("password"))
	if err != nil {
		key, status := "signin.error.credentials", http.StatusUnauthorized
		switch errs.KindOf(err) {
		case errs.Unauthenticated:
		case errs.TooMany:
			key, status = "signin.error.rate_limited", http.StatusTooManyRequests
		default:
			h.Error(w, r, lang, err)
			return
		}
		// The form keeps the username, never the password.
		h.pageStatus(w, r, status, "sign-in", Page{Lang: lang, Title: h.catalog.T(lang, "signin.title"), Nav: "sign-in",
			Data: signInData{Next: next, Providers: h.Providers}, Errors: map[string]string{"username": key},
			Form: map[string]string{"username": username}})
		return
	}
	h.Auth.SetCookie(w, r, secret)
	http.Redirect(w, r, h.landing(r, sess.PersonID, lang, next), http.StatusSeeOther)
}

// landing is where a person goes after signing in: where they were going, or,
// when they just came to sign in, the front page in their preferred language.
func (h *Handler) landing(r *http.Request, personID, lang, next string) string {
	if next != "/"+lang+"/" {
		return next
	}
	p, err := h.People.Person(r.Context(), personID)
	if err != nil {
		h.log.WarnContext(r.Context(), "read the preferred language", "err", err)
		return next
	}
	return "/" + p.Lang + "/"
}

func (h *Handler) signOut(w http.ResponseWriter, r *http.Request, lang string) {
	if err := h.Auth.SignOut(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r)); err != nil && errs.KindOf(err) != errs.NotFound {
		h.Error(w, r, lang, err)
		return
	}
	auth.ClearCookie(w, r)
	seeOther(w, r, "/"+lang+"/", "signed_out")
}

type profileData struct {
	Person    identity.Person
	Mandates  []mandateRow
	Grants    []identity.RoleGrant
	OrgNames  map[string]string
	Sessions  []auth.Session
	SessionID string
	Langs     []string
	Notify    map[string]bool
}

type mandateRow struct {
	Org    identity.Organisation
	Rights []access.Right
}

func (h *Handler) profile(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderProfile(w, r, lang, http.StatusOK, nil, nil)
}

// renderProfile shows the profile; after a failed save it shows what was typed
// and what is wrong with it.
func (h *Handler) renderProfile(w http.ResponseWriter, r *http.Request, lang string, status int, form, errors map[string]string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	person, err := h.People.Profile(ctx, p, auth.RequestInfo(r))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := profileData{Person: person, SessionID: p.SessionID, OrgNames: map[string]string{}, Langs: []string{"fi", "sv", "en"},
		Notify: map[string]bool{"notify_in_app": person.NotifyInApp, "notify_email": person.NotifyEmail, "notify_sms": person.NotifySMS}}
	mandates, err := h.People.MandatesOf(ctx, p.PersonID)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	for _, m := range mandates {
		org, err := h.People.Organisation(ctx, m.OrganisationID)
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		d.Mandates = append(d.Mandates, mandateRow{Org: org, Rights: m.Rights})
	}
	if d.Grants, err = h.People.RoleGrants(ctx, p.PersonID); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	for _, g := range d.Grants {
		org, err := h.People.Organisation(ctx, g.OrganisationID)
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		d.OrgNames[g.OrganisationID] = org.DisplayName(lang)
	}
	if d.Sessions, err = h.Auth.Sessions.List(ctx, p.PersonID); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	h.pageStatus(w, r, status, "profile", Page{Lang: lang, Title: h.catalog.T(lang, "profile.title"), Nav: "profile", Data: d, Form: form, Errors: errors})
}

func (h *Handler) saveProfile(w http.ResponseWriter, r *http.Request, lang string) {
	u := identity.ProfileUpdate{
		Email: r.PostFormValue("email"), Phone: r.PostFormValue("phone"), StreetAddress: r.PostFormValue("street_address"),
		PostalCode: r.PostFormValue("postal_code"), PostOffice: r.PostFormValue("post_office"), Lang: r.PostFormValue("lang"),
		NotifyInApp: r.PostFormValue("notify_in_app") == "on", NotifyEmail: r.PostFormValue("notify_email") == "on",
		NotifySMS: r.PostFormValue("notify_sms") == "on",
	}
	err := h.People.UpdateProfile(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), u)
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid {
		form := map[string]string{"email": u.Email, "phone": u.Phone, "street_address": u.StreetAddress, "postal_code": u.PostalCode,
			"post_office": u.PostOffice, "lang": u.Lang, "notify_in_app": checked(u.NotifyInApp), "notify_email": checked(u.NotifyEmail), "notify_sms": checked(u.NotifySMS)}
		h.renderProfile(w, r, lang, http.StatusUnprocessableEntity, form, e.Fields)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, "/"+lang+"/profile", "profile_saved")
}

func checked(b bool) string {
	if b {
		return "on"
	}
	return ""
}

func (h *Handler) endSession(w http.ResponseWriter, r *http.Request, lang string) {
	p := auth.PrincipalFrom(r.Context())
	id := r.PathValue("id")
	if err := h.Auth.EndSession(r.Context(), p, auth.RequestInfo(r), id); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if id == p.SessionID {
		auth.ClearCookie(w, r)
		seeOther(w, r, "/"+lang+"/", "signed_out")
		return
	}
	seeOther(w, r, "/"+lang+"/profile", "session_ended")
}

func (h *Handler) confirmEndAll(w http.ResponseWriter, r *http.Request, lang string) {
	h.page(w, r, "confirm-end-all", Page{Lang: lang, Title: h.catalog.T(lang, "sessions.end_all.title"), Nav: "profile"})
}

func (h *Handler) endAll(w http.ResponseWriter, r *http.Request, lang string) {
	if _, err := h.Auth.SignOutEverywhere(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r)); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	auth.ClearCookie(w, r)
	seeOther(w, r, "/"+lang+"/", "signed_out_everywhere")
}

type actingForData struct {
	Options []mandateRow
}

func (h *Handler) actingForForm(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	mandates, err := h.People.MandatesOf(ctx, p.PersonID)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	var d actingForData
	for _, m := range mandates {
		if !m.Active(h.Auth.Now()) {
			continue
		}
		org, err := h.People.Organisation(ctx, m.OrganisationID)
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		d.Options = append(d.Options, mandateRow{Org: org, Rights: m.Rights})
	}
	h.page(w, r, "acting-for", Page{Lang: lang, Title: h.catalog.T(lang, "actingfor.title"), Nav: "acting-for", Data: d})
}

func (h *Handler) actFor(w http.ResponseWriter, r *http.Request, lang string) {
	org := r.PostFormValue("org")
	if org == "self" {
		org = ""
	}
	if err := h.Auth.ActFor(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), org); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, "/"+lang+"/", "acting_for_changed")
}
