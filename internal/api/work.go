package api

import (
	"net/http"
	"strconv"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/process"
	"github.com/luva-fi/luva/internal/work"
)

// registerWork registers the task list and the work queues: listing,
// claiming, completing and reassigning tasks, and an organisation's
// queues, their rules and each person's load. The gates ask whether the
// caller works on any organisation's cases (on {org}'s for the
// organisation's routes); the work service asks again about the task's or
// queue's organisation, and whether the caller manages it.
func (a *API) registerWork(mux *http.ServeMux) {
	a.handle(mux, "GET", "/api/v1/tasks", access.ViewCases, a.listTasks)
	a.handle(mux, "POST", "/api/v1/tasks/assign", access.HandleCases, a.assignTasks)
	a.handle(mux, "GET", "/api/v1/tasks/{id}", access.ViewCases, a.workTask)
	a.handle(mux, "POST", "/api/v1/tasks/{id}/claim", access.ViewCases, a.claimTask)
	a.handle(mux, "POST", "/api/v1/tasks/{id}/complete", access.ViewCases, a.completeTask)
	a.handle(mux, "GET", "/api/v1/organisations/{org}/queues", access.ViewCases, a.workQueues)
	a.handle(mux, "PUT", "/api/v1/organisations/{org}/queues/rule", access.HandleCases, a.setQueueRule)
	a.handle(mux, "GET", "/api/v1/organisations/{org}/load", access.HandleCases, a.workLoad)
}

// workService is the work-queue service, or an internal error on a server
// built without it.
func (a *API) workService() (*work.Service, error) {
	if a.Work == nil {
		return nil, errs.E(errs.Internal, "the work-queue service is not wired into this server")
	}
	return a.Work, nil
}

func (a *API) listTasks(w http.ResponseWriter, r *http.Request) {
	svc, err := a.workService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	f := work.ListFilter{View: q.Get("view"), Organisation: q.Get("org"), Assignee: q.Get("assignee"), Due: q.Get("due"),
		State: q.Get("state"), CaseNumber: q.Get("case"), Sort: q.Get("sort")}
	if role := q.Get("role"); role != "" {
		if f.Organisation == "" {
			a.writeError(w, r, invalidField("org", "work.error.queue_org"))
			return
		}
		f.Queue = &process.Queue{Organisation: f.Organisation, Role: role, Unit: q.Get("unit")}
	}
	if v := q.Get("page"); v != "" {
		if f.Page, err = strconv.Atoi(v); err != nil || f.Page < 1 {
			a.writeError(w, r, invalidField("page", "work.error.page"))
			return
		}
	}
	list, err := svc.List(r.Context(), auth.PrincipalFrom(r.Context()), f)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if list.Items == nil {
		list.Items = []work.Item{}
	}
	writeJSON(w, http.StatusOK, list)
}

// taskBody is a task with the choices completing it offers.
type taskBody struct {
	work.Item
	Choices []process.Choice `json:"choices"`
}

func (a *API) workTask(w http.ResponseWriter, r *http.Request) {
	svc, err := a.workService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	it, choices, err := svc.Task(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if choices == nil {
		choices = []process.Choice{}
	}
	writeJSON(w, http.StatusOK, taskBody{Item: it, Choices: choices})
}

func (a *API) claimTask(w http.ResponseWriter, r *http.Request) {
	svc, err := a.workService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	t, err := svc.Claim(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("id"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

func (a *API) completeTask(w http.ResponseWriter, r *http.Request) {
	var in work.Completion
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	svc, err := a.workService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	t, err := svc.Complete(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("id"), in)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

// assignBody gives tasks to a person, or back to their queues with an
// empty person_id.
type assignBody struct {
	Tasks    []string `json:"tasks"`
	PersonID string   `json:"person_id"`
}

func (a *API) assignTasks(w http.ResponseWriter, r *http.Request) {
	var in assignBody
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	svc, err := a.workService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	res, err := svc.Reassign(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), in.Tasks, in.PersonID)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if res.Assigned == nil {
		res.Assigned = []process.Task{}
	}
	writeJSON(w, http.StatusOK, res)
}

func (a *API) workQueues(w http.ResponseWriter, r *http.Request) {
	svc, err := a.workService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	queues, err := svc.Queues(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("org"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if queues == nil {
		queues = []work.Queue{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": queues})
}

// ruleBody is a queue's rule as a manager sets it.
type ruleBody struct {
	Role           string            `json:"role"`
	Unit           string            `json:"unit"`
	Kind           string            `json:"kind"`
	Municipalities map[string]string `json:"municipalities"`
	ApplyNow       bool              `json:"apply_now"`
}

func (a *API) setQueueRule(w http.ResponseWriter, r *http.Request) {
	var in ruleBody
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	svc, err := a.workService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	rule, n, err := svc.SetRule(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), work.RuleInput{
		Queue: process.Queue{Organisation: r.PathValue("org"), Role: in.Role, Unit: in.Unit}, Kind: work.Kind(in.Kind),
		Municipalities: in.Municipalities, ApplyNow: in.ApplyNow})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"rule": rule, "assigned": n})
}

func (a *API) workLoad(w http.ResponseWriter, r *http.Request) {
	svc, err := a.workService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	loads, err := svc.Loads(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("org"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if loads == nil {
		loads = []work.Load{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": loads})
}
