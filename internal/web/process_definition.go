package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/process"
)

// processPageSize is how many instances a page lists.
const processPageSize = 20

// processInstanceStates are the filters of the instance list; "" is all.
var processInstanceStates = []string{process.Running, process.Incident, process.Completed, process.Terminated, ""}

// processDefinitionData is the page of one process: its versions, the
// organisation's own and those for every authority, and the instances of
// one version, a page at a time.
type processDefinitionData struct {
	Orgs      []processOrg
	Org       processOrg
	Key, Name string
	// Deployed is the version just deployed, for the notice.
	Deployed       int
	DeployedShared bool
	Own, Shared    []processVersionRow
	Selected       process.DefinitionInfo
	State          string
	States         []string
	Instances      []process.InstanceInfo
	Page           int
	PrevURL        string
	NextURL        string
	// ViewCases lets the list link to the cases.
	ViewCases bool
}

// processVersionRow is one version with its instances in the organisation.
type processVersionRow struct {
	process.DefinitionInfo
	Services          []string
	Running, Incident int
	URL               string // lists its instances
	Selected          bool
}

// processDefinitionURL is the address of the page with a version, a state
// filter and a page chosen.
func processDefinitionURL(lang, key, org, version, state string, page int) string {
	q := url.Values{"org": {org}}
	if version != "" {
		q.Set("version", version)
	}
	if state != process.Running {
		q.Set("state", state)
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	return "/" + lang + "/processes/" + url.PathEscape(key) + "?" + q.Encode()
}

func (h *Handler) processDefinition(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	q := r.URL.Query()
	orgs, org, ok := h.processScope(w, r, lang, q.Get("org"))
	if !ok {
		return
	}
	key := r.PathValue("key")
	d := processDefinitionData{Orgs: orgs, Org: org, Key: key, States: processInstanceStates, State: process.Running,
		ViewCases: p.PlatformAdmin || access.CaseRole(p, org.ID, access.ViewCases), Page: 1}
	if q.Has("state") && slices.Contains(processInstanceStates, q.Get("state")) {
		d.State = q.Get("state")
	}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		d.Page = n
	}
	d.Deployed, _ = strconv.Atoi(q.Get("deployed"))
	d.DeployedShared = q.Get("shared") != ""
	names, err := h.processServiceNames(ctx, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	for _, part := range []struct {
		owner string
		rows  *[]processVersionRow
	}{{org.ID, &d.Own}, {"", &d.Shared}} {
		versions, err := h.Process.Versions(ctx, p, part.owner, key)
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		for _, v := range versions {
			row := processVersionRow{DefinitionInfo: v, Services: names(v.Services),
				URL: processDefinitionURL(lang, key, org.ID, v.ID, d.State, 1)}
			if row.Running, err = h.processCount(ctx, p, org.ID, v.ID, process.Running); err != nil {
				h.Error(w, r, lang, err)
				return
			}
			if row.Incident, err = h.processCount(ctx, p, org.ID, v.ID, process.Incident); err != nil {
				h.Error(w, r, lang, err)
				return
			}
			*part.rows = append(*part.rows, row)
		}
	}
	all := append(slices.Clone(d.Own), d.Shared...)
	if len(all) == 0 {
		h.ErrorPage(w, r, lang, http.StatusNotFound)
		return
	}
	// The version asked for, else the newest: the organisation's own wins,
	// as it does when cases start.
	pick := slices.IndexFunc(all, func(v processVersionRow) bool { return v.ID == q.Get("version") })
	if pick < 0 {
		pick = 0
	}
	d.Selected, d.Name = all[pick].DefinitionInfo, all[pick].Name
	for _, rows := range [][]processVersionRow{d.Own, d.Shared} {
		for i := range rows {
			rows[i].Selected = rows[i].ID == d.Selected.ID
		}
	}
	list, err := h.Process.Instances(ctx, p, process.InstanceFilter{Organisation: org.ID, DefinitionID: d.Selected.ID, State: d.State,
		Limit: processPageSize + 1, Offset: (d.Page - 1) * processPageSize})
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if len(list) > processPageSize {
		list = list[:processPageSize]
		d.NextURL = processDefinitionURL(lang, key, org.ID, d.Selected.ID, d.State, d.Page+1)
	}
	if d.Page > 1 {
		d.PrevURL = processDefinitionURL(lang, key, org.ID, d.Selected.ID, d.State, d.Page-1)
	}
	d.Instances = list
	title := d.Name
	if title == "" {
		title = key
	}
	h.page(w, r, "process-definition", Page{Lang: lang, Title: title, Nav: "processes", Data: d})
}
