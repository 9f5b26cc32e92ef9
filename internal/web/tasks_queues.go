package web

import (
	"maps"
	"net/http"
	"slices"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/work"
)

// queuesData is an organisation's work queues with their rules, and for a
// manager each person's load.
type queuesData struct {
	Orgs    []identity.Organisation
	Org     identity.Organisation
	Manages bool
	Queues  []queueRow
	Loads   []work.Load
	// Roles and Units are the choices of the form that opens the rule of
	// a queue that has no tasks yet.
	Roles []access.Role
	Units []identity.Unit
}

// queueRow is a queue with its name and its rule in words.
type queueRow struct {
	work.Queue
	Label string
	Value string
	// People names who gets the tasks of each municipality, by the rule
	// by municipality.
	People []string
}

// queuesOrg picks the organisation a work page is about: ?org= or the
// first one the user sees.
func (h *Handler) queuesOrg(r *http.Request, orgID string) ([]identity.Organisation, identity.Organisation, error) {
	orgs, err := h.Work.Organisations(r.Context(), auth.PrincipalFrom(r.Context()))
	if err != nil {
		return nil, identity.Organisation{}, err
	}
	if len(orgs) == 0 {
		return nil, identity.Organisation{}, errs.E(errs.Forbidden, "no organisation's work")
	}
	if orgID == "" {
		return orgs, orgs[0], nil
	}
	i := slices.IndexFunc(orgs, func(o identity.Organisation) bool { return o.ID == orgID })
	if i < 0 {
		return nil, identity.Organisation{}, errs.E(errs.Forbidden, "no right to the organisation's work")
	}
	return orgs, orgs[i], nil
}

func (h *Handler) queues(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	orgs, org, err := h.queuesOrg(r, r.URL.Query().Get("org"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := queuesData{Orgs: orgs, Org: org, Manages: work.Manages(p, org.ID), Roles: taskRoles()}
	queues, err := h.Work.Queues(ctx, p, org.ID)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if d.Units, err = h.Work.Units(ctx, p, org.ID); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	names := h.unitNames(r, []identity.Organisation{org})
	members := map[string]string{}
	if d.Manages {
		if d.Loads, err = h.Work.Loads(ctx, p, org.ID); err != nil {
			h.Error(w, r, lang, err)
			return
		}
		for _, l := range d.Loads {
			members[l.PersonID] = l.Name
		}
	}
	municipalities := municipalityNames(lang)
	for _, q := range queues {
		row := queueRow{Queue: q, Label: h.queueLabel(lang, q.Queue, names), Value: queueValue(q.Queue)}
		for _, code := range slices.Sorted(maps.Keys(q.Rule.Municipalities)) {
			who := members[q.Rule.Municipalities[code]]
			if who == "" {
				who = h.catalog.T(lang, "work.rule.someone")
			}
			row.People = append(row.People, municipalities[code]+": "+who)
		}
		d.Queues = append(d.Queues, row)
	}
	pg := Page{Lang: lang, Title: h.catalog.T(lang, "work.queues.title"), Nav: "tasks", Data: d}
	if n := r.URL.Query().Get("ok"); n != "" && h.catalog.Has(lang, "work.notice."+n) {
		pg.Notice = "work.notice." + n
	}
	h.page(w, r, "queues", pg)
}

// taskRoles are the roles tasks go to, in the order roles are listed.
func taskRoles() []access.Role {
	return []access.Role{access.CaseHandler, access.Inspector, access.StatementGiver, access.Manager}
}

// municipalityNames maps municipality codes to their names in lang.
func municipalityNames(lang string) map[string]string {
	out := map[string]string{}
	all, err := identity.Municipalities()
	if err != nil {
		return out // the embedded list is checked by its own test
	}
	for _, m := range all {
		out[m.Code] = m.Name(lang)
	}
	return out
}
