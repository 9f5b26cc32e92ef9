package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/process"
	"github.com/luva-fi/luva/internal/work"
)

// taskData is one task's page: what it is, how it can end, and for a
// manager whom to give it to.
type taskData struct {
	Row     taskRow
	Choices []choiceOption
	// Confirm is set on the confirmation step, with the choice's label.
	Confirm bool
	Chosen  string
	Problem string
	Manages bool
	Members []work.Member
	Back    string
}

// choiceOption is one way to complete the task, named in the user's
// language where luva knows the variable, else as the process names it.
type choiceOption struct {
	ID, Label string
	Default   bool
}

// taskPath is the address of a task's page.
func taskPath(lang, id string) string { return "/" + lang + "/tasks/" + url.PathEscape(id) }

// tasksBack is where a form posted from the list or a task page returns:
// a page of the task list, or the task's own page.
func tasksBack(lang, back, id string) string {
	if strings.HasPrefix(back, "/"+lang+"/tasks") && !strings.HasPrefix(back, "//") && !strings.ContainsAny(back, "\\\r\n") {
		return back
	}
	return taskPath(lang, id)
}

func (h *Handler) task(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderTask(w, r, lang, http.StatusOK, map[string]string{"choice": "", "notes": ""}, nil, "", false)
}

// renderTask shows a task's page with the completion form (or its
// confirmation step) holding form, and errors or a problem from a post.
func (h *Handler) renderTask(w http.ResponseWriter, r *http.Request, lang string, status int, form, errors map[string]string, problem string, confirm bool) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	it, choices, err := h.Work.Task(ctx, p, r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	org, err := h.People.Organisation(ctx, it.Organisation)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	orgs := []identity.Organisation{org}
	d := taskData{Row: taskRowOf(h, lang, it, h.unitNames(r, orgs)), Problem: problem, Confirm: confirm,
		Manages: work.Manages(p, it.Organisation), Back: tasksBack(lang, r.URL.Query().Get("back"), "")}
	if d.Back == taskPath(lang, "") {
		d.Back = "/" + lang + "/tasks"
	}
	for _, c := range choices {
		opt := choiceOption{ID: c.ID, Label: h.choiceLabel(lang, c), Default: c.Default}
		d.Choices = append(d.Choices, opt)
		if c.ID == form["choice"] {
			d.Chosen = opt.Label
		}
	}
	if d.Manages && it.State == process.TaskOpen {
		if d.Members, err = h.Work.Members(ctx, p, it.Organisation); err != nil {
			h.Error(w, r, lang, err)
			return
		}
	}
	title := it.Name
	if title == "" {
		title = h.catalog.T(lang, "work.task.untitled")
	}
	pg := Page{Lang: lang, Title: title, Nav: "tasks", Data: d, Form: form, Errors: errors}
	if n := r.URL.Query().Get("ok"); n != "" && h.catalog.Has(lang, "work.notice."+n) {
		pg.Notice = "work.notice." + n
	}
	h.pageStatus(w, r, status, "tasks-task", pg)
}

// choiceLabel names a choice: luva's words for a variable it knows
// (work.choice.outcome.supplement), else the flow's name in the
// definition, else the values it sets.
func (h *Handler) choiceLabel(lang string, c process.Choice) string {
	if c.Default {
		return h.catalog.T(lang, "work.choice.default")
	}
	var set []string
	for k, v := range c.Vars {
		if v == "" || v == false || v == float64(0) {
			continue
		}
		if key := fmt.Sprintf("work.choice.%s.%v", k, v); h.catalog.Has(lang, key) {
			return h.catalog.T(lang, key)
		}
		set = append(set, fmt.Sprintf("%s = %v", k, v))
	}
	if c.Name != "" {
		return c.Name
	}
	return strings.Join(set, ", ")
}

// taskFailed answers a step on a task the service refused: invalid input
// shows the form again with its errors and everything typed; a conflict
// (taken or finished meanwhile) or a task that is someone else's shows the
// page with the problem explained; anything else is the error page.
func (h *Handler) taskFailed(w http.ResponseWriter, r *http.Request, lang string, err error, form map[string]string) {
	e, ok := errs.As(err)
	switch {
	case ok && e.Kind == errs.Invalid && len(e.Fields) > 0:
		h.renderTask(w, r, lang, http.StatusUnprocessableEntity, form, e.Fields, "", false)
	case ok && e.Kind == errs.Conflict:
		h.renderTask(w, r, lang, http.StatusConflict, form, nil, "work.error.conflict", false)
	case ok && e.Kind == errs.Forbidden:
		h.renderTask(w, r, lang, http.StatusForbidden, form, nil, "work.error.not_yours", false)
	default:
		h.Error(w, r, lang, err)
	}
}

func (h *Handler) taskClaim(w http.ResponseWriter, r *http.Request, lang string) {
	id := r.PathValue("id")
	if _, err := h.Work.Claim(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), id); err != nil {
		h.taskFailed(w, r, lang, err, map[string]string{"choice": "", "notes": ""})
		return
	}
	http.Redirect(w, r, withOK(tasksBack(lang, r.PostFormValue("back"), id), "claimed"), http.StatusSeeOther)
}

// withOK adds the notice of a finished step to an address.
func withOK(path, notice string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "ok=" + url.QueryEscape(notice)
}

// taskComplete completes a task in two steps: the form is checked and
// shown for confirmation, since completing moves the case's process on and
// cannot be undone; the confirmation completes it.
func (h *Handler) taskComplete(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	id := r.PathValue("id")
	form := map[string]string{"choice": r.PostFormValue("choice"), "notes": r.PostFormValue("notes")}
	c := work.Completion{Choice: form["choice"], Notes: form["notes"]}
	switch r.PostFormValue("action") {
	case "edit":
		h.renderTask(w, r, lang, http.StatusOK, form, nil, "", false)
	case "confirm":
		if _, err := h.Work.Complete(ctx, p, auth.RequestInfo(r), id, c); err != nil {
			h.taskFailed(w, r, lang, err, form)
			return
		}
		http.Redirect(w, r, "/"+lang+"/tasks?ok=completed", http.StatusSeeOther)
	default:
		if err := h.Work.Check(ctx, p, id, c); err != nil {
			h.taskFailed(w, r, lang, err, form)
			return
		}
		h.renderTask(w, r, lang, http.StatusOK, form, nil, "", true)
	}
}

// taskAssign is a manager giving one task to a person, or back to its
// queue.
func (h *Handler) taskAssign(w http.ResponseWriter, r *http.Request, lang string) {
	id := r.PathValue("id")
	person := r.PostFormValue("person")
	form := map[string]string{"choice": "", "notes": "", "person": person}
	if person == "" {
		h.renderTask(w, r, lang, http.StatusUnprocessableEntity, form, map[string]string{"person": "work.error.person"}, "", false)
		return
	}
	if person == "queue" {
		person = ""
	}
	res, err := h.Work.Reassign(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), []string{id}, person)
	if err != nil {
		h.taskFailed(w, r, lang, err, form)
		return
	}
	if len(res.Failed) > 0 {
		h.renderTask(w, r, lang, http.StatusConflict, form, nil, res.Failed[0].Reason, false)
		return
	}
	http.Redirect(w, r, withOK(taskPath(lang, id), "assigned"), http.StatusSeeOther)
}
