package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/obligations"
)

// obligationsPageSize is how many duties one page of the authority's year shows.
const obligationsPageSize = 100

// obligationsAuthorityData is the annual clock of an authority's customers.
type obligationsAuthorityData struct {
	Orgs     []identity.Organisation
	Org      identity.Organisation
	Services []authorityServiceOption
	Kinds    []string
	Overdue  []obligationsRow
	Months   []obligationsMonth
	Total    int
	From, To int
	PrevURL  string
	NextURL  string
	Filtered bool
}

func (h *Handler) obligationsAuthority(w http.ResponseWriter, r *http.Request, lang string) {
	svc, err := h.obligationsService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	q := r.URL.Query()
	var d obligationsAuthorityData
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
	if d.Services, err = h.authorityServices(r, d.Org, lang); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d.Kinds = []string{obligations.FromDecision}
	for _, k := range obligations.AllKinds() {
		if k.ID != obligations.Other {
			d.Kinds = append(d.Kinds, k.ID)
		}
	}
	form := map[string]string{"service": q.Get("service"), "kind": q.Get("kind"), "q": strings.TrimSpace(q.Get("q"))}
	if !slices.Contains(d.Kinds, form["kind"]) {
		form["kind"] = ""
	}
	if q.Get("overdue") == "1" {
		form["overdue"] = "on"
	}
	d.Filtered = form["service"] != "" || form["kind"] != "" || form["q"] != "" || form["overdue"] == "on"
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	f := obligations.AuthorityFilter{Service: form["service"], Kind: form["kind"], Query: form["q"], Overdue: form["overdue"] == "on",
		Limit: obligationsPageSize, Offset: (page - 1) * obligationsPageSize}
	y, err := svc.ForAuthority(ctx, p, d.Org.ID, f)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d.Total = y.Total
	d.Overdue, d.Months = h.obligationsMonths(lang, y.Today, h.obligationsRows(lang, y.Today, y.Items))
	if len(y.Items) > 0 {
		d.From, d.To = f.Offset+1, f.Offset+len(y.Items)
	}
	if page > 1 {
		d.PrevURL = obligationsAuthorityURL(lang, d, form, page-1)
	}
	if d.To < d.Total {
		d.NextURL = obligationsAuthorityURL(lang, d, form, page+1)
	}
	h.page(w, r, "obligations-authority", Page{Lang: lang, Title: h.catalog.T(lang, "obligations.authority.title"), Nav: "authority", Data: d, Form: form})
}

// obligationsAuthorityURL is the address of a page of the authority's year with the same filters.
func obligationsAuthorityURL(lang string, d obligationsAuthorityData, form map[string]string, page int) string {
	v := url.Values{}
	if len(d.Orgs) > 1 {
		v.Set("org", d.Org.ID)
	}
	for _, k := range []string{"service", "kind", "q"} {
		if form[k] != "" {
			v.Set(k, form[k])
		}
	}
	if form["overdue"] == "on" {
		v.Set("overdue", "1")
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	u := "/" + lang + "/authority/annual-clock"
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	return u
}

// obligationsCaseData is a decided case's duties with the form that adds one.
type obligationsCaseData struct {
	Case       obligations.CaseDuties
	Rows       []obligationsRow
	CanAdd     bool
	Recurrence []int
	Errors     []FieldError
}

func (h *Handler) obligationsCase(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderObligationsCase(w, r, lang, http.StatusOK, nil, nil)
}

func (h *Handler) renderObligationsCase(w http.ResponseWriter, r *http.Request, lang string, status int, form, errors map[string]string) {
	svc, err := h.obligationsService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	p := auth.PrincipalFrom(r.Context())
	c, err := svc.ForCase(r.Context(), p, r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := obligationsCaseData{Case: c, Rows: h.obligationsRows(lang, svc.Today(), c.Items), Recurrence: obligations.Recurrences(),
		CanAdd: c.Decided && access.CaseRole(p, c.Authority, access.HandleCases)}
	if form == nil {
		form = map[string]string{"kind": c.Kinds[0].ID}
	}
	d.Errors = Page{Errors: errors}.ErrorList("kind", "title", "due", "every", "remind_days", "note")
	h.pageStatus(w, r, status, "obligations-case", Page{Lang: lang, Title: h.catalog.T(lang, "obligations.case.title", "number", c.CaseNumber),
		Nav: "authority", Data: d, Form: form, Errors: errors, Notice: h.obligationsNotice(r, lang)})
}

func (h *Handler) obligationsCaseAdd(w http.ResponseWriter, r *http.Request, lang string) {
	svc, err := h.obligationsService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	form := map[string]string{}
	for _, k := range []string{"kind", "title", "due", "every", "remind_days", "note"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	in := obligations.Input{Kind: form["kind"], Title: form["title"], Note: form["note"], Due: form["due"], EveryMonths: -1, RemindDays: -1}
	fields := map[string]string{}
	if form["every"] != "" {
		n, err := strconv.Atoi(form["every"])
		if err != nil || n < 0 {
			fields["every"] = "obligations.error.every"
		}
		in.EveryMonths = n
	}
	if form["remind_days"] != "" {
		n, err := strconv.Atoi(form["remind_days"])
		if err != nil || n < 0 {
			fields["remind_days"] = "obligations.error.remind_days"
		}
		in.RemindDays = n
	}
	if len(fields) > 0 {
		h.renderObligationsCase(w, r, lang, http.StatusUnprocessableEntity, form, fields)
		return
	}
	id := r.PathValue("id")
	_, err = svc.Add(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), id, in)
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid {
		h.renderObligationsCase(w, r, lang, http.StatusUnprocessableEntity, form, e.Fields)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, "/"+lang+"/authority/cases/"+id+"/obligations", "added")
}
