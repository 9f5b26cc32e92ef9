package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/process"
)

// registerProcess adds the process pages: the admin of an organisation's
// BPMN definitions (list, validate, deploy, versions and their instances),
// an instance with its diagram, the way from an authority's case to its
// instance, and the customer's plain view of where their case is.
//
// The admin and instance pages are open to anyone signed in at the route:
// those who build an organisation's forms and platform admins administer
// processes, case handlers also read instances, and the engine asks again
// about the organisation on every call.
func (h *Handler) registerProcess(mux *http.ServeMux) {
	h.route(mux, "GET /processes", access.SignedIn, h.processList)
	h.route(mux, "POST /processes/check", access.SignedIn, h.processCheck)
	h.route(mux, "POST /processes/deploy", access.SignedIn, h.processDeploy)
	h.route(mux, "GET /processes/{key}", access.SignedIn, h.processDefinition)
	h.route(mux, "GET /processes/instances/{id}", access.SignedIn, h.processInstance)
	h.route(mux, "GET /processes/instances/{id}/diagram.bpmn", access.SignedIn, h.processDiagram)
	h.route(mux, "GET /processes/instances/{id}/retry", access.SignedIn, h.processConfirmRetry)
	h.route(mux, "POST /processes/instances/{id}/retry", access.SignedIn, h.processRetry)
	h.route(mux, "GET /processes/instances/{id}/terminate", access.SignedIn, h.processConfirmTerminate)
	h.route(mux, "POST /processes/instances/{id}/terminate", access.SignedIn, h.processTerminate)
	h.route(mux, "GET /authority/cases/{id}/process", access.ViewCases, h.processOfCase)
	h.route(mux, "GET /cases/{id}/process", access.SignedIn, h.processForCustomer)
}

// processOrg is an organisation whose processes the page is about.
type processOrg struct {
	ID, Name string
}

// processOrgs lists the organisations p administers processes for: those
// whose forms p builds, and for platform admins every authority.
func (h *Handler) processOrgs(ctx context.Context, p access.Principal, lang string) ([]processOrg, error) {
	var orgs []identity.Organisation
	if p.PlatformAdmin {
		all, err := h.People.Organisations(ctx, identity.KindAuthority)
		if err != nil {
			return nil, fmt.Errorf("the authorities whose processes a platform admin keeps: %w", err)
		}
		orgs = all
	} else {
		for _, id := range p.Organisations() {
			if !access.CaseRole(p, id, access.EditForms) {
				continue
			}
			org, err := h.People.Organisation(ctx, id)
			if err != nil {
				return nil, fmt.Errorf("organisation %s: %w", id, err)
			}
			orgs = append(orgs, org)
		}
	}
	out := make([]processOrg, 0, len(orgs))
	for _, o := range orgs {
		out = append(out, processOrg{ID: o.ID, Name: o.DisplayName(lang)})
	}
	slices.SortFunc(out, func(a, b processOrg) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// processScope picks the organisation asked for among those p administers,
// or the first. ok is false, with the answer written, when p administers
// none or asked for another.
func (h *Handler) processScope(w http.ResponseWriter, r *http.Request, lang, want string) ([]processOrg, processOrg, bool) {
	orgs, err := h.processOrgs(r.Context(), auth.PrincipalFrom(r.Context()), lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return nil, processOrg{}, false
	}
	if len(orgs) == 0 {
		h.ErrorPage(w, r, lang, http.StatusForbidden)
		return nil, processOrg{}, false
	}
	if want == "" {
		return orgs, orgs[0], true
	}
	i := slices.IndexFunc(orgs, func(o processOrg) bool { return o.ID == want })
	if i < 0 {
		h.ErrorPage(w, r, lang, http.StatusForbidden)
		return nil, processOrg{}, false
	}
	return orgs, orgs[i], true
}

// processServiceNames names services by id in lang, from the published
// catalogue; a service the catalogue lacks keeps its id.
func (h *Handler) processServiceNames(ctx context.Context, lang string) (func([]string) []string, error) {
	ss, err := h.Catalog.Published(ctx)
	if err != nil {
		return nil, fmt.Errorf("the services processes run: %w", err)
	}
	names := make(map[string]string, len(ss))
	for _, s := range ss {
		names[s.ID] = s.Name(lang)
	}
	return func(ids []string) []string {
		out := make([]string, 0, len(ids))
		for _, id := range ids {
			if n, ok := names[id]; ok {
				out = append(out, n)
			} else {
				out = append(out, id)
			}
		}
		return out
	}, nil
}

// processCount counts org's instances of a definition version in a state,
// a page of the engine's list at a time.
func (h *Handler) processCount(ctx context.Context, p access.Principal, org, definitionID, state string) (int, error) {
	const page = 500
	n := 0
	for {
		list, err := h.Process.Instances(ctx, p, process.InstanceFilter{Organisation: org, DefinitionID: definitionID, State: state, Limit: page, Offset: n})
		if err != nil {
			return 0, fmt.Errorf("count the instances of process version %s: %w", definitionID, err)
		}
		n += len(list)
		if len(list) < page {
			return n, nil
		}
	}
}

// processMayDeploy reports whether p deploys processes for org ("" for
// every authority), as the engine will decide.
func processMayDeploy(p access.Principal, org string) bool {
	return p.PlatformAdmin || (org != "" && access.CaseRole(p, org, access.EditForms))
}

// processMayHandle reports whether p may retry the org's stopped instances,
// and processMayEnd whether p may end them, as the engine will decide.
func processMayHandle(p access.Principal, org string) bool {
	return p.PlatformAdmin || access.CaseRole(p, org, access.HandleCases)
}

func processMayEnd(p access.Principal, org string) bool {
	return p.PlatformAdmin || p.HasRole(org, access.Manager)
}

// processOrgQuery is the ?org= part of an address in the admin pages.
func processOrgQuery(org string) string { return "?org=" + url.QueryEscape(org) }
