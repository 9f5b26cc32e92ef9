package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/process"
	"github.com/luva-fi/luva/internal/process/layout"
)

// processInstanceData is an instance with its diagram, and the same in a
// list for those without JavaScript or a pointer.
type processInstanceData struct {
	process.InstanceView
	Elements []processElementRow
	// Names maps element ids to names, for the history, tasks and timers;
	// Units names the units tasks are for.
	Names        map[string]string
	Units        map[string]string
	DiagramURL   string
	CaseURL      string // the authority's case page, when the viewer reads cases
	AdminURL     string // the process's page, when the viewer administers it
	CanRetry     bool
	CanTerminate bool
	// Told is the key of what happened on the way here: retried, ended, or
	// not possible any more.
	Told string
}

// ElementName is an element's name, or its id.
func (d processInstanceData) ElementName(id string) string {
	if n := d.Names[id]; n != "" {
		return n
	}
	return id
}

// UnitName is the name of a task's unit, or its id.
func (d processInstanceData) UnitName(id string) string {
	if n := d.Units[id]; n != "" {
		return n
	}
	return id
}

// processUnits names the units of the organisations the tasks are for.
func (h *Handler) processUnits(r *http.Request, tasks []process.Task) (map[string]string, error) {
	out := map[string]string{}
	done := map[string]bool{}
	for _, t := range tasks {
		if t.Unit == "" || done[t.Organisation] {
			continue
		}
		done[t.Organisation] = true
		units, err := h.People.Units(r.Context(), t.Organisation)
		if err != nil {
			return nil, fmt.Errorf("units of organisation %s: %w", t.Organisation, err)
		}
		for _, u := range units {
			out[u.ID] = u.Name
		}
	}
	return out, nil
}

// processInstanceBase is the address of an instance's pages.
func processInstanceBase(lang, id string) string { return "/" + lang + "/processes/instances/" + id }

func (h *Handler) processInstance(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	v, err := h.Process.Instance(ctx, p, r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	def, err := process.Parse([]byte(v.XML))
	if err != nil {
		h.Error(w, r, lang, fmt.Errorf("the definition of process instance %s: %w", v.ID, err))
		return
	}
	d := processInstanceData{InstanceView: v, Elements: processElements(def, v.Elements), Names: map[string]string{},
		DiagramURL:   processInstanceBase(lang, v.ID) + "/diagram.bpmn",
		CanRetry:     v.State == process.Incident && processMayHandle(p, v.Organisation),
		CanTerminate: (v.State == process.Running || v.State == process.Incident) && processMayEnd(p, v.Organisation)}
	for id, el := range def.Elements {
		d.Names[id] = el.Name
	}
	if d.Units, err = h.processUnits(r, v.Tasks); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	switch q := r.URL.Query(); {
	case q.Get("ok") == "retried" || q.Get("ok") == "terminated":
		d.Told = "process.instance.ok." + q.Get("ok")
	case q.Get("not") == "retry" || q.Get("not") == "terminate":
		d.Told = "process.instance.not." + q.Get("not")
	}
	if p.PlatformAdmin || access.CaseRole(p, v.Organisation, access.ViewCases) {
		d.CaseURL = "/" + lang + "/authority/cases/" + v.CaseID
	}
	if processAdminOf(p, v.Organisation) {
		d.AdminURL = "/" + lang + "/processes/" + v.Key + processOrgQuery(v.Organisation)
	}
	title := h.catalog.T(lang, "process.instance.title", "name", v.Name, "case", v.CaseNumber)
	h.page(w, r, "process-instance", Page{Lang: lang, Title: title, Nav: "processes", Data: d})
}

// processDiagram serves the definition an instance runs, for the viewer,
// with a diagram laid out when the definition has none.
func (h *Handler) processDiagram(w http.ResponseWriter, r *http.Request, lang string) {
	v, err := h.Process.Instance(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	out, err := layout.Add([]byte(v.XML))
	if err != nil {
		h.Error(w, r, lang, fmt.Errorf("draw process instance %s: %w", v.ID, err))
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Write(out) //nolint:errcheck // the client went away
}

// processConfirmData asks before retrying or ending an instance.
type processConfirmData struct {
	Kind     string // "retry" or "terminate"
	Instance process.InstanceInfo
	Action   string
	Back     string
	Incident string // the element it stopped at, named
}

// processActionable reads the instance for a retry or an end; ok is false
// with the answer written when it is not there or not in a state for it.
func (h *Handler) processActionable(w http.ResponseWriter, r *http.Request, lang, kind string) (processConfirmData, bool) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	v, err := h.Process.Instance(ctx, p, r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return processConfirmData{}, false
	}
	base := processInstanceBase(lang, v.ID)
	may := processMayHandle(p, v.Organisation) && v.State == process.Incident
	if kind == "terminate" {
		may = processMayEnd(p, v.Organisation) && (v.State == process.Running || v.State == process.Incident)
	}
	if !may {
		http.Redirect(w, r, base+"?not="+kind, http.StatusSeeOther)
		return processConfirmData{}, false
	}
	d := processConfirmData{Kind: kind, Instance: v.InstanceInfo, Action: base + "/" + kind, Back: base, Incident: v.IncidentElement}
	if def, err := process.Parse([]byte(v.XML)); err == nil && def.Elements[v.IncidentElement] != nil && def.Elements[v.IncidentElement].Name != "" {
		d.Incident = def.Elements[v.IncidentElement].Name
	}
	return d, true
}

func (h *Handler) processConfirmRetry(w http.ResponseWriter, r *http.Request, lang string) {
	if d, ok := h.processActionable(w, r, lang, "retry"); ok {
		h.page(w, r, "process-confirm", Page{Lang: lang, Title: h.catalog.T(lang, "process.retry.title"), Nav: "processes", Data: d})
	}
}

func (h *Handler) processConfirmTerminate(w http.ResponseWriter, r *http.Request, lang string) {
	if d, ok := h.processActionable(w, r, lang, "terminate"); ok {
		h.page(w, r, "process-confirm", Page{Lang: lang, Title: h.catalog.T(lang, "process.terminate.title"), Nav: "processes", Data: d})
	}
}

// processRetry lets a stopped instance go on; one that is no longer stopped
// (retried by someone else meanwhile) is simply shown.
func (h *Handler) processRetry(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	id := r.PathValue("id")
	err := h.Process.Retry(ctx, auth.PrincipalFrom(ctx), auth.RequestInfo(r), id)
	if err != nil && errs.KindOf(err) == errs.Conflict {
		http.Redirect(w, r, processInstanceBase(lang, id)+"?not=retry", http.StatusSeeOther)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	http.Redirect(w, r, processInstanceBase(lang, id)+"?ok=retried", http.StatusSeeOther)
}

// processTerminate ends an instance by hand with the reason given, which
// the audit log keeps.
func (h *Handler) processTerminate(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	id := r.PathValue("id")
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if reason == "" || len(reason) > 2000 {
		d, ok := h.processActionable(w, r, lang, "terminate")
		if !ok {
			return
		}
		h.pageStatus(w, r, http.StatusUnprocessableEntity, "process-confirm", Page{Lang: lang, Title: h.catalog.T(lang, "process.terminate.title"),
			Nav: "processes", Data: d, Errors: map[string]string{"reason": "process.error.reason"}, Form: map[string]string{"reason": reason}})
		return
	}
	err := h.Process.Terminate(ctx, auth.PrincipalFrom(ctx), auth.RequestInfo(r), id, reason)
	if err != nil && errs.KindOf(err) == errs.Conflict {
		http.Redirect(w, r, processInstanceBase(lang, id)+"?not=terminate", http.StatusSeeOther)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	http.Redirect(w, r, processInstanceBase(lang, id)+"?ok=terminated", http.StatusSeeOther)
}
