package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/luva-fi/luva/internal/auth"
)

// tasksAssign is a manager's bulk reassignment from the task list: the
// ticked tasks go to the chosen person, or back to their queues. The list
// comes back as it was, with the tasks that could not be given named.
func (h *Handler) tasksAssign(w http.ResponseWriter, r *http.Request, lang string) {
	if err := r.ParseForm(); err != nil {
		h.ErrorPage(w, r, lang, http.StatusBadRequest)
		return
	}
	back, _ := url.ParseQuery(r.PostFormValue("return"))
	form := tasksForm(back)
	ids := r.PostForm["task"]
	person := r.PostFormValue("person")
	form["person_to"] = person
	form["selected"] = strings.Join(ids, ",")
	errors := map[string]string{}
	if len(ids) == 0 {
		errors["tasks"] = "work.error.no_tasks"
	}
	if person == "" {
		errors["person_to"] = "work.error.person"
	}
	if len(errors) > 0 {
		h.renderTasks(w, r, lang, http.StatusUnprocessableEntity, form, errors, nil)
		return
	}
	if person == "queue" {
		person = ""
	}
	res, err := h.Work.Reassign(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), ids, person)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if len(res.Failed) > 0 {
		form["selected"] = ""
		h.renderTasks(w, r, lang, http.StatusOK, form, nil, &res)
		return
	}
	http.Redirect(w, r, withOK("/"+lang+"/tasks?"+tasksQuery(form, 0), "reassigned"), http.StatusSeeOther)
}

// Selected reports whether the row's task was ticked in a bulk
// reassignment that is shown again.
func (r taskRow) Selected(form map[string]string) bool {
	for id := range strings.SplitSeq(form["selected"], ",") {
		if id == r.ID {
			return true
		}
	}
	return false
}

// DueText is the task's due time as the page writes it.
func (r taskRow) DueText(lang string) string {
	if r.Due == nil {
		return ""
	}
	return formatTime(lang, *r.Due, true)
}
