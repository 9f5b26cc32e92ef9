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
	"github.com/luva-fi/luva/internal/work"
)

// registerWork registers the task list (function 42) and the work queues
// (function 40). The gates ask whether the principal works on any
// organisation's cases; the work service and the engine then ask about the
// task's or queue's own organisation, and a manager's steps about managing
// it.
func (h *Handler) registerWork(mux *http.ServeMux) {
	h.route(mux, "GET /tasks", access.ViewCases, h.tasks)
	h.route(mux, "POST /tasks/assign", access.HandleCases, h.tasksAssign)
	h.route(mux, "GET /tasks/{id}", access.ViewCases, h.task)
	h.route(mux, "POST /tasks/{id}/claim", access.ViewCases, h.taskClaim)
	h.route(mux, "POST /tasks/{id}/complete", access.ViewCases, h.taskComplete)
	h.route(mux, "POST /tasks/{id}/assign", access.HandleCases, h.taskAssign)
	h.route(mux, "GET /queues", access.ViewCases, h.queues)
	h.route(mux, "GET /queues/rule", access.HandleCases, h.queueRule)
	h.route(mux, "POST /queues/rule", access.HandleCases, h.queueRuleSave)
}

// tasksData is the task list: the view, its filters and one page.
type tasksData struct {
	Views  []string
	View   string
	Orgs   []identity.Organisation
	Queues []queueOption
	// Managed says the user manages an organisation in the list, which
	// brings the view of all tasks and the bulk reassignment.
	Managed bool
	Members []work.Member
	List    work.List
	Rows    []taskRow
	PrevURL string
	NextURL string
	// Filtered says whether a filter is on, for the empty state's wording.
	Filtered bool
	// Failed are the tasks a bulk reassignment could not give.
	Failed []work.Failure
	// Assigned counts the tasks it gave.
	Assigned int
	Query    string // the list's own query string, to come back to
}

// queueOption is a queue in the filter: its value is org|role|unit.
type queueOption struct {
	Value, Label string
}

// taskRow is a task with its queue named and its due date in words.
type taskRow struct {
	work.Item
	Queue string
	// Class tints the row by due date; DueKey says the same in words.
	Class  string
	DueKey string
}

// tasksForm reads the list's filters from the query.
func tasksForm(q url.Values) map[string]string {
	form := map[string]string{}
	for _, k := range []string{"view", "org", "queue", "person", "due", "state", "case", "sort"} {
		form[k] = strings.TrimSpace(q.Get(k))
	}
	if form["view"] == "" {
		form["view"] = work.ViewMine
	}
	return form
}

func (h *Handler) tasks(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderTasks(w, r, lang, http.StatusOK, tasksForm(r.URL.Query()), nil, nil)
}

// renderTasks shows the list with form the filters; errors and result come
// from a bulk reassignment that was posted.
func (h *Handler) renderTasks(w http.ResponseWriter, r *http.Request, lang string, status int, form, errors map[string]string, result *work.Reassigned) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	d := tasksData{View: form["view"], Views: []string{work.ViewMine, work.ViewAvailable}}
	orgs, err := h.Work.Organisations(ctx, p)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if len(orgs) == 0 {
		h.ErrorPage(w, r, lang, http.StatusForbidden)
		return
	}
	d.Orgs = orgs
	for _, o := range orgs {
		d.Managed = d.Managed || work.Manages(p, o.ID)
	}
	if d.Managed {
		d.Views = append(d.Views, work.ViewAll)
	}
	if !slices.Contains(d.Views, d.View) {
		d.View, form["view"] = work.ViewMine, work.ViewMine
	}
	if form["org"] != "" && !slices.ContainsFunc(orgs, func(o identity.Organisation) bool { return o.ID == form["org"] }) {
		h.ErrorPage(w, r, lang, http.StatusForbidden)
		return
	}
	if d.View == work.ViewAll && form["org"] == "" {
		// The view of all tasks is one organisation's: the first managed.
		i := slices.IndexFunc(orgs, func(o identity.Organisation) bool { return work.Manages(p, o.ID) })
		form["org"] = orgs[i].ID
	}
	f := work.ListFilter{View: d.View, Organisation: form["org"], Due: form["due"], State: form["state"], CaseNumber: form["case"], Sort: form["sort"]}
	if d.View == work.ViewAll {
		f.Assignee = form["person"]
	}
	if form["queue"] != "" {
		q, ok := parseQueue(form["queue"])
		if !ok || (f.Organisation != "" && q.Organisation != f.Organisation) {
			form["queue"] = ""
		} else {
			f.Queue = &q
		}
	}
	f.Page, _ = strconv.Atoi(r.URL.Query().Get("page"))
	if d.Queues, err = h.queueOptions(r, lang, orgs); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if d.Managed {
		if d.Members, err = h.managedMembers(r, orgs, form["org"]); err != nil {
			h.Error(w, r, lang, err)
			return
		}
	}
	d.List, err = h.Work.List(ctx, p, f)
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid {
		// A filter mangled by hand: show the list without it.
		for field := range e.Fields {
			form[field] = ""
		}
		http.Redirect(w, r, "/"+lang+"/tasks?"+tasksQuery(form, 0), http.StatusSeeOther)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	names := h.unitNames(r, orgs)
	for _, it := range d.List.Items {
		d.Rows = append(d.Rows, taskRowOf(h, lang, it, names))
	}
	if d.List.Page > 1 {
		d.PrevURL = "/" + lang + "/tasks?" + tasksQuery(form, d.List.Page-1)
	}
	if d.List.Page < d.List.Pages {
		d.NextURL = "/" + lang + "/tasks?" + tasksQuery(form, d.List.Page+1)
	}
	d.Query = tasksQuery(form, d.List.Page)
	d.Filtered = form["queue"] != "" || form["due"] != "" || form["state"] != "" || form["case"] != "" || form["person"] != ""
	if result != nil {
		d.Failed, d.Assigned = result.Failed, len(result.Assigned)
	}
	pg := Page{Lang: lang, Title: h.catalog.T(lang, "work.tasks.title"), Nav: "tasks", Data: d, Form: form, Errors: errors}
	if n := r.URL.Query().Get("ok"); n != "" && h.catalog.Has(lang, "work.notice."+n) {
		pg.Notice = "work.notice." + n
	}
	h.pageStatus(w, r, status, "tasks", pg)
}

// tasksQuery is the query string of a page of the list with the filters.
func tasksQuery(form map[string]string, page int) string {
	v := url.Values{}
	for _, k := range []string{"view", "org", "queue", "person", "due", "state", "case", "sort"} {
		if form[k] != "" && !(k == "view" && form[k] == work.ViewMine) {
			v.Set(k, form[k])
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return v.Encode()
}
