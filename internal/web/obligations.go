package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/obligations"
)

// registerObligations registers the annual clock of duties: the customer's
// year with marking done and the calendar feed, the authority's year of its
// customers' duties, a decided case's duties for its handlers, and the
// calendar feed itself, whose secret address is its only credential.
func (h *Handler) registerObligations(mux *http.ServeMux) {
	h.route(mux, "GET /annual-clock", access.SignedIn, h.obligationsYear)
	h.route(mux, "GET /annual-clock/feed", access.SignedIn, h.obligationsFeed)
	h.route(mux, "POST /annual-clock/feed", access.SignedIn, h.obligationsFeedRotate)
	h.route(mux, "POST /annual-clock/feed/stop", access.SignedIn, h.obligationsFeedStop)
	h.route(mux, "GET /annual-clock/{id}/done", access.SignedIn, h.obligationsDone)
	h.route(mux, "POST /annual-clock/{id}/done", access.SignedIn, h.obligationsDoneSend)
	h.route(mux, "GET /authority/annual-clock", access.ViewCases, h.obligationsAuthority)
	h.route(mux, "GET /authority/cases/{id}/obligations", access.ViewCases, h.obligationsCase)
	h.route(mux, "POST /authority/cases/{id}/obligations", access.HandleCases, h.obligationsCaseAdd)
	h.rules = append(h.rules, access.RouteRule{Method: http.MethodGet, Pattern: "/ical/{token}.ics", Action: access.Public})
	mux.HandleFunc("GET /ical/{file}", h.obligationsICal)
}

// obligationsService is the obligation service, or an internal error when
// this server was built without one.
func (h *Handler) obligationsService() (*obligations.Service, error) {
	if h.Obligations != nil {
		return h.Obligations, nil
	}
	return nil, errs.E(errs.Internal, "the obligation service is not wired into this server")
}

// obligationsRow is a duty as the pages show it: its name in the page's
// language, and its due date as a date.
type obligationsRow struct {
	obligations.Obligation
	Name    string
	Detail  string
	DueDate time.Time
	Late    bool
}

// obligationsName is a duty's name: the kind from the law in the reader's
// language with the handler's words as detail, or the decision's own words.
func (h *Handler) obligationsName(lang string, o obligations.Obligation) (name, detail string) {
	if o.Kind != "" {
		return h.catalog.T(lang, "obligations.kind."+o.Kind), o.Title
	}
	return o.Title, ""
}

func (h *Handler) obligationsRows(lang, today string, os []obligations.Obligation) []obligationsRow {
	out := make([]obligationsRow, 0, len(os))
	for _, o := range os {
		name, detail := h.obligationsName(lang, o)
		out = append(out, obligationsRow{Obligation: o, Name: name, Detail: detail, DueDate: o.DueDate(), Late: o.Overdue(today)})
	}
	return out
}

// obligationsMonth is one month of the annual clock.
type obligationsMonth struct {
	ID    string // YYYY-MM, for the heading's id
	Label string
	Rows  []obligationsRow
}

// obligationsMonths lays rows due from today on into the twelve months that
// begin with today's; overdue rows are left to the page's own section.
func (h *Handler) obligationsMonths(lang, today string, rows []obligationsRow) (overdue []obligationsRow, months []obligationsMonth) {
	first := obligations.AddMonths(today[:8]+"01", 0)
	for i := range obligations.Horizon {
		m := obligations.AddMonths(first, i)
		t, _ := time.Parse(time.DateOnly, m)
		months = append(months, obligationsMonth{ID: m[:7],
			Label: h.catalog.T(lang, fmt.Sprintf("obligations.month.%d", int(t.Month())), "year", t.Year())})
	}
	for _, r := range rows {
		if r.Late {
			overdue = append(overdue, r)
			continue
		}
		for i := range months {
			if strings.HasPrefix(r.Due, months[i].ID) {
				months[i].Rows = append(months[i].Rows, r)
			}
		}
	}
	return overdue, months
}

// obligationsNotice shows the page's own notice after a form post: the
// layout's notices are keyed "notice.*", this area's "obligations.notice.*".
func (h *Handler) obligationsNotice(r *http.Request, lang string) string {
	if n := r.URL.Query().Get("done"); n != "" && h.catalog.Has(lang, "obligations.notice."+n) {
		return "obligations.notice." + n
	}
	return ""
}

// obligationsYearData is the customer's annual clock.
type obligationsYearData struct {
	Today   time.Time
	Until   time.Time
	Overdue []obligationsRow
	Months  []obligationsMonth
	Count   int
	Done    []obligationsDoneRow
	Feed    obligations.FeedStatus
	// CanMark is false for a view-only mandate.
	CanMark bool
}

// obligationsDoneRow is an occurrence done, with its dates as dates.
type obligationsDoneRow struct {
	obligations.Completion
	Name            string
	DueDate, DoneOn time.Time
}

func (h *Handler) obligationsYear(w http.ResponseWriter, r *http.Request, lang string) {
	svc, err := h.obligationsService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	p := auth.PrincipalFrom(r.Context())
	y, err := svc.ForParty(r.Context(), p)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	feed, err := svc.Feed(r.Context(), p)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := obligationsYearData{Today: dayTime(y.Today), Until: dayTime(y.Until).AddDate(0, 0, -1), Count: len(y.Open), Feed: feed,
		CanMark: p.ActingFor == "" || p.HasRight(p.ActingFor, access.RightApply)}
	d.Overdue, d.Months = h.obligationsMonths(lang, y.Today, h.obligationsRows(lang, y.Today, y.Open))
	for _, c := range y.Done {
		name := c.Title
		if c.Kind != "" {
			name = h.catalog.T(lang, "obligations.kind."+c.Kind)
		}
		d.Done = append(d.Done, obligationsDoneRow{Completion: c, Name: name, DueDate: dayTime(c.Due), DoneOn: dayTime(c.DoneOn)})
	}
	h.page(w, r, "obligations-year", Page{Lang: lang, Title: h.catalog.T(lang, "obligations.year.title"), Nav: "annual-clock", Data: d,
		Notice: h.obligationsNotice(r, lang)})
}

// dayTime reads a YYYY-MM-DD date for the date template function, at noon
// so that no zone moves it to another day.
func dayTime(day string) time.Time {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return time.Time{}
	}
	return t.Add(10 * time.Hour)
}
