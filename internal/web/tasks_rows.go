package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/process"
	"github.com/luva-fi/luva/internal/work"
)

// parseQueue reads a queue from its value org|role|unit.
func parseQueue(s string) (process.Queue, bool) {
	parts := strings.Split(s, "|")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return process.Queue{}, false
	}
	return process.Queue{Organisation: parts[0], Role: parts[1], Unit: parts[2]}, true
}

// queueValue is a queue's value in forms and addresses.
func queueValue(q process.Queue) string { return q.Organisation + "|" + q.Role + "|" + q.Unit }

// queueOptions lists the queues of the organisations for the filter.
func (h *Handler) queueOptions(r *http.Request, lang string, orgs []identity.Organisation) ([]queueOption, error) {
	var out []queueOption
	p := auth.PrincipalFrom(r.Context())
	names := h.unitNames(r, orgs)
	for _, o := range orgs {
		queues, err := h.Work.Queues(r.Context(), p, o.ID)
		if err != nil {
			return nil, err
		}
		for _, q := range queues {
			label := h.queueLabel(lang, q.Queue, names)
			if len(orgs) > 1 {
				label = o.DisplayName(lang) + ": " + label
			}
			out = append(out, queueOption{Value: queueValue(q.Queue), Label: label})
		}
	}
	return out, nil
}

// unitNames maps the unit ids of the organisations to their names.
func (h *Handler) unitNames(r *http.Request, orgs []identity.Organisation) map[string]identity.Unit {
	out := map[string]identity.Unit{}
	p := auth.PrincipalFrom(r.Context())
	for _, o := range orgs {
		units, err := h.Work.Units(r.Context(), p, o.ID)
		if err != nil {
			// A queue then shows its unit's id; the page is still useful.
			h.log.WarnContext(r.Context(), "list units for the task list", "org", o.ID, "err", err)
			continue
		}
		for _, u := range units {
			out[u.ID] = u
		}
	}
	return out
}

// queueLabel names a queue: the role, and the unit when it has one.
func (h *Handler) queueLabel(lang string, q process.Queue, units map[string]identity.Unit) string {
	role := h.catalog.T(lang, "role."+q.Role)
	if q.Unit == "" {
		return role
	}
	name := q.Unit
	if u, ok := units[q.Unit]; ok {
		name = u.Name
		if lang == "sv" && u.NameSV != "" {
			name = u.NameSV
		}
	}
	return h.catalog.T(lang, "work.queue.in_unit", "role", role, "unit", name)
}

// taskRowOf names a task's queue and its due date in words.
func taskRowOf(h *Handler, lang string, it work.Item, units map[string]identity.Unit) taskRow {
	row := taskRow{Item: it, Queue: h.queueLabel(lang, process.Queue{Organisation: it.Organisation, Role: it.Role, Unit: it.Unit}, units),
		DueKey: "work.due." + it.DueStatus}
	switch it.DueStatus {
	case work.DueOverdue:
		row.Class = "case-row--over_statutory"
	case work.DueToday, work.DueWeek:
		row.Class = "case-row--near_target"
	}
	return row
}

// managedMembers lists whom the user may give tasks to: the members of the
// organisation shown, or of every organisation the user manages.
func (h *Handler) managedMembers(r *http.Request, orgs []identity.Organisation, org string) ([]work.Member, error) {
	p := auth.PrincipalFrom(r.Context())
	var out []work.Member
	for _, o := range orgs {
		if (org != "" && o.ID != org) || !work.Manages(p, o.ID) {
			continue
		}
		members, err := h.Work.Members(r.Context(), p, o.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range members {
			if !slices.ContainsFunc(out, func(x work.Member) bool { return x.PersonID == m.PersonID }) {
				out = append(out, m)
			}
		}
	}
	return out, nil
}
