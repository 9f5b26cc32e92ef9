package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
)

// registerAuthority registers the authority's case list and case overview with
// its actions. The gates ask whether the principal works on any organisation's
// cases; the case service then asks again about the case's own organisation
// and answers not found for anyone else's, so a case id reveals nothing.
func (h *Handler) registerAuthority(mux *http.ServeMux) {
	h.route(mux, "GET /authority/cases", access.ViewCases, h.authorityCases)
	h.route(mux, "GET /authority/cases/{id}", access.ViewCases, h.authorityCase)
	h.route(mux, "POST /authority/cases/{id}/messages", access.HandleCases, h.authorityMessage)
	h.route(mux, "POST /authority/cases/{id}/take", access.HandleCases, h.authorityTake)
	h.route(mux, "GET /authority/cases/{id}/completion", access.HandleCases, h.authorityCompletion)
	h.route(mux, "POST /authority/cases/{id}/completion", access.HandleCases, h.authorityCompletionSend)
	h.route(mux, "GET /authority/cases/{id}/decision", access.HandleCases, h.authorityDecision)
	h.route(mux, "POST /authority/cases/{id}/decision", access.HandleCases, h.authorityDecisionSend)
	h.route(mux, "GET /authority/cases/{id}/state", access.HandleCases, h.authorityState)
	h.route(mux, "POST /authority/cases/{id}/state", access.HandleCases, h.authorityStateSend)
}

// CanViewCases reports whether the user works on any authority's cases, for
// the navigation's link to the case list.
func (p Page) CanViewCases() bool {
	return access.Allowed(p.User, access.ViewCases, access.Resource{})
}

// authorityPageSize is how many cases one page of the list shows.
const authorityPageSize = 50

type authorityListData struct {
	// Orgs are the organisations whose cases the user may see; the page
	// offers a choice when there are several.
	Orgs     []identity.Organisation
	Org      identity.Organisation
	States   []cases.State
	Services []authorityServiceOption
	Rows     []authorityRow
	NextURL  string
	FirstURL string
	// Filtered says whether any filter is on, for the empty state's wording.
	Filtered bool
}

type authorityServiceOption struct {
	ID, Name string
}

// authorityRow is one case in the list with its processing time so far. The days
// are counted from sending to now (or to the decision) without leaving out
// the pauses, so the list calls them approximate; the overview has the exact
// count.
type authorityRow struct {
	Case cases.Case
	Days int
	// HasDays is false for cases whose time is no longer counted.
	HasDays bool
	// Due is how the case stands against its target and statutory time:
	// "over_statutory", "over_target", "near_target", "on_time" or "".
	Due string
}

func (h *Handler) authorityCases(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	q := r.URL.Query()
	d := authorityListData{States: authorityStates()}
	for _, id := range p.Organisations() {
		if !access.CaseRole(p, id, access.ViewCases) {
			continue
		}
		org, err := h.People.Organisation(ctx, id)
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		d.Orgs = append(d.Orgs, org)
	}
	if len(d.Orgs) == 0 {
		h.ErrorPage(w, r, lang, http.StatusForbidden)
		return
	}
	d.Org = d.Orgs[0]
	if want := q.Get("org"); want != "" {
		i := slices.IndexFunc(d.Orgs, func(o identity.Organisation) bool { return o.ID == want })
		if i < 0 {
			h.ErrorPage(w, r, lang, http.StatusForbidden)
			return
		}
		d.Org = d.Orgs[i]
	}
	services, err := h.authorityServices(r, d.Org, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d.Services = services
	form := map[string]string{"state": q.Get("state"), "service": q.Get("service"), "q": strings.TrimSpace(q.Get("q"))}
	if q.Get("mine") == "1" {
		form["mine"] = "on"
	}
	if !slices.Contains(d.States, cases.State(form["state"])) {
		form["state"] = ""
	}
	d.Filtered = form["state"] != "" || form["service"] != "" || form["q"] != "" || form["mine"] == "on"
	f := cases.ListFilter{State: cases.State(form["state"]), Service: form["service"], Mine: form["mine"] == "on",
		Query: form["q"], After: q.Get("after"), Limit: authorityPageSize}
	list, err := h.Cases.AuthorityList(ctx, p, d.Org.ID, f)
	if errs.KindOf(err) == errs.Invalid && f.After != "" {
		// A cursor mangled by hand: start from the first page of the same filter.
		http.Redirect(w, r, h.authorityListURL(lang, d, form, ""), http.StatusSeeOther)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	now := h.Auth.Now()
	for _, c := range list.Cases {
		d.Rows = append(d.Rows, h.authorityRowOf(c, now))
	}
	if list.Next != "" {
		d.NextURL = h.authorityListURL(lang, d, form, list.Next)
	}
	if f.After != "" {
		d.FirstURL = h.authorityListURL(lang, d, form, "")
	}
	h.page(w, r, "authority-cases", Page{Lang: lang, Title: h.catalog.T(lang, "authority.list.title"), Nav: "authority", Data: d, Form: form})
}

// authorityStates are the states a sent case can be in: every state of the model
// but the draft.
func authorityStates() []cases.State {
	var out []cases.State
	for _, s := range cases.DefaultModel().States {
		if s.Name != cases.Draft && s.Name != cases.Visible {
			out = append(out, s.Name)
		}
	}
	return out
}

// authorityServices lists the published services an authority of org's kind
// handles, for the list's service filter.
func (h *Handler) authorityServices(r *http.Request, org identity.Organisation, lang string) ([]authorityServiceOption, error) {
	all, err := h.Catalog.Published(r.Context())
	if err != nil {
		return nil, err
	}
	var out []authorityServiceOption
	for _, s := range all {
		handles := s.NationalAgency == "" && s.AuthorityType == org.AuthorityType
		if org.AuthorityType == "national_agency" {
			handles = s.NationalAgency != "" && s.NationalAgency == org.Code
		}
		if handles {
			out = append(out, authorityServiceOption{ID: s.ID, Name: s.Name(lang)})
		}
	}
	slices.SortFunc(out, func(a, b authorityServiceOption) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// authorityListURL is the address of a page of the list with the same filters.
func (h *Handler) authorityListURL(lang string, d authorityListData, form map[string]string, after string) string {
	v := url.Values{}
	if len(d.Orgs) > 1 {
		v.Set("org", d.Org.ID)
	}
	for _, k := range []string{"state", "service", "q"} {
		if form[k] != "" {
			v.Set(k, form[k])
		}
	}
	if form["mine"] == "on" {
		v.Set("mine", "1")
	}
	if after != "" {
		v.Set("after", after)
	}
	u := "/" + lang + "/authority/cases"
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	return u
}

// authorityRowOf counts a case's working days for the list and how it stands against
// its target and statutory times.
func (h *Handler) authorityRowOf(c cases.Case, now time.Time) authorityRow {
	row := authorityRow{Case: c}
	if c.SubmittedAt == nil {
		return row
	}
	cal := h.Cases.Calendar()
	def, _ := h.Cases.Model().Def(c.State)
	switch {
	case def.Clock != cases.ClockOff:
		row.Days, row.HasDays = cal.WorkingDaysBetween(*c.SubmittedAt, now), true
		row.Due = authorityDue(c, row.Days)
	case c.DecidedAt != nil:
		row.Days, row.HasDays = cal.WorkingDaysBetween(*c.SubmittedAt, *c.DecidedAt), true
	}
	return row
}

// authorityDue says how a running case stands: past the law's maximum, past the
// target, within the last fifth of the target, or on time.
func authorityDue(c cases.Case, days int) string {
	switch {
	case c.StatutoryDays > 0 && days > c.StatutoryDays:
		return "over_statutory"
	case c.TargetDays > 0 && days > c.TargetDays:
		return "over_target"
	case c.TargetDays > 0 && days*5 >= c.TargetDays*4:
		return "near_target"
	case c.TargetDays > 0 || c.StatutoryDays > 0:
		return "on_time"
	}
	return ""
}
