package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/process"
)

// processMaxXML is the largest definition the pages take, as the engine.
const processMaxXML = 2 << 20

// processListData is the admin page of an organisation's processes.
type processListData struct {
	Orgs []processOrg
	Org  processOrg
	// Own are the organisation's definitions, Shared those deployed for
	// every authority, each at its newest version.
	Own, Shared  []processRow
	CanDeploy    bool
	CanDeployAll bool // a platform admin deploys for every authority too
	// After a refused check: the text as pasted or uploaded, where it was to
	// go, and every problem.
	XML      string
	Scope    string // "own" or "all"
	Problems []processProblem
}

// processRow is a deployed definition with what the page says of it.
type processRow struct {
	process.DefinitionInfo
	Services []string // names
	Running  int      // the organisation's running instances, all versions
}

// processProblem is one thing wrong with a definition, numbered so that the
// error summary can link to its row.
type processProblem struct {
	N                     int
	Element, Code, Detail string
}

func (h *Handler) processList(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderProcessList(w, r, lang, http.StatusOK, r.URL.Query().Get("org"), processListData{Scope: "own"}, nil)
}

// renderProcessList shows the organisation's processes with the upload
// form, keeping in d what was uploaded and what is wrong with it.
func (h *Handler) renderProcessList(w http.ResponseWriter, r *http.Request, lang string, status int, org string, d processListData, errors map[string]string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	orgs, cur, ok := h.processScope(w, r, lang, org)
	if !ok {
		return
	}
	d.Orgs, d.Org = orgs, cur
	d.CanDeploy, d.CanDeployAll = processMayDeploy(p, cur.ID), p.PlatformAdmin
	names, err := h.processServiceNames(ctx, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	for _, part := range []struct {
		owner string
		rows  *[]processRow
	}{{cur.ID, &d.Own}, {"", &d.Shared}} {
		defs, err := h.Process.Definitions(ctx, p, part.owner)
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		for _, def := range defs {
			row := processRow{DefinitionInfo: def, Services: names(def.Services)}
			versions, err := h.Process.Versions(ctx, p, part.owner, def.Key)
			if err != nil {
				h.Error(w, r, lang, err)
				return
			}
			for _, v := range versions {
				n, err := h.processCount(ctx, p, cur.ID, v.ID, process.Running)
				if err != nil {
					h.Error(w, r, lang, err)
					return
				}
				row.Running += n
			}
			*part.rows = append(*part.rows, row)
		}
	}
	pg := Page{Lang: lang, Title: h.catalog.T(lang, "process.admin.title"), Nav: "processes", Data: d, Errors: errors}
	if len(d.Problems) > 0 || len(errors) > 0 {
		pg.Form = map[string]string{"xml": d.XML}
	}
	h.pageStatus(w, r, status, "process-list", pg)
}

// processUpload is what the upload form posted.
type processUpload struct {
	Org, Scope string
	XML        []byte
}

// readProcessUpload reads the form: a file when one was chosen, else the
// pasted text. errKey names what is wrong with the post.
func readProcessUpload(r *http.Request) (u processUpload, field, errKey string, err error) {
	u = processUpload{Org: r.PostFormValue("org"), Scope: r.PostFormValue("scope")}
	if u.Scope != "all" {
		u.Scope = "own"
	}
	file, header, ferr := r.FormFile("file")
	switch {
	case ferr == nil && header.Size > 0:
		defer file.Close()
		b, err := io.ReadAll(io.LimitReader(file, processMaxXML+1))
		if err != nil {
			return u, "", "", errs.Wrap(errs.Invalid, "read the uploaded process definition", err)
		}
		if len(b) > processMaxXML {
			return u, "file", "process.error.too_large", nil
		}
		u.XML = b
	case ferr == nil:
		file.Close()
	case !errors.Is(ferr, http.ErrMissingFile) && !errors.Is(ferr, http.ErrNotMultipart):
		return u, "", "", errs.Wrap(errs.Invalid, "read the uploaded process definition", ferr)
	}
	if len(u.XML) == 0 {
		u.XML = []byte(strings.TrimSpace(r.PostFormValue("xml")))
		if len(u.XML) > processMaxXML {
			return u, "xml", "process.error.too_large", nil
		}
	}
	if len(u.XML) == 0 {
		return u, "xml", "process.error.empty", nil
	}
	return u, "", "", nil
}

// processProblems lists what the engine found wrong, or nil when err is
// something else.
func processProblems(err error) []processProblem {
	var de *process.DefinitionError
	if !errors.As(err, &de) {
		return nil
	}
	out := make([]processProblem, 0, len(de.Problems))
	for i, p := range de.Problems {
		out = append(out, processProblem{N: i + 1, Element: p.Element, Code: p.Code, Detail: p.Detail})
	}
	return out
}

// processCheck validates an uploaded definition without deploying it: with
// problems the upload form comes back with each of them and the text kept;
// a valid definition goes to the confirmation. "Back" from the
// confirmation also lands here, to edit the text further.
func (h *Handler) processCheck(w http.ResponseWriter, r *http.Request, lang string) {
	p := auth.PrincipalFrom(r.Context())
	u, field, key, err := readProcessUpload(r)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := processListData{XML: string(u.XML), Scope: u.Scope}
	if key != "" {
		h.renderProcessList(w, r, lang, http.StatusUnprocessableEntity, u.Org, d, map[string]string{field: key})
		return
	}
	if r.PostFormValue("back") != "" {
		h.renderProcessList(w, r, lang, http.StatusOK, u.Org, d, nil)
		return
	}
	owner := u.Org
	if u.Scope == "all" {
		owner = ""
	}
	if !processMayDeploy(p, owner) {
		h.ErrorPage(w, r, lang, http.StatusForbidden)
		return
	}
	def, err := h.Process.Validate(u.XML)
	if err == nil && len(def.Services) == 0 {
		err = &process.DefinitionError{Problems: []process.Problem{{Element: def.Key, Code: process.ProblemAttribute,
			Detail: "the process names no services (luva:services on the process)"}}}
	}
	if d.Problems = processProblems(err); d.Problems != nil {
		h.renderProcessList(w, r, lang, http.StatusUnprocessableEntity, u.Org, d, nil)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	h.renderProcessConfirmDeploy(w, r, lang, u, def)
}

// processDeployData is the confirmation before deploying.
type processDeployData struct {
	Org            processOrg
	Scope          string
	XML            string
	Key, Name      string
	StartTopic     string
	Services       []string
	Version        int // the version it becomes
	AllAuthorities bool
	// Running counts the instances of earlier versions that stay on them.
	Running int
}

func (h *Handler) renderProcessConfirmDeploy(w http.ResponseWriter, r *http.Request, lang string, u processUpload, def *process.Definition) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	_, org, ok := h.processScope(w, r, lang, u.Org)
	if !ok {
		return
	}
	owner := org.ID
	if u.Scope == "all" {
		owner = ""
	}
	versions, err := h.Process.Versions(ctx, p, owner, def.Key)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	names, err := h.processServiceNames(ctx, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := processDeployData{Org: org, Scope: u.Scope, XML: string(u.XML), Key: def.Key, Name: def.Name, StartTopic: h.processTopic(lang, def.StartTopic),
		Services: names(def.Services), Version: 1, AllAuthorities: owner == ""}
	for _, v := range versions {
		d.Version = max(d.Version, v.Version+1)
		n, err := h.processCount(ctx, p, org.ID, v.ID, process.Running)
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		d.Running += n
	}
	h.page(w, r, "process-deploy", Page{Lang: lang, Title: h.catalog.T(lang, "process.deploy.title", "version", d.Version), Nav: "processes", Data: d})
}

// processTopic names a case event in lang, or gives its code.
func (h *Handler) processTopic(lang, topic string) string {
	if key := "process.topic." + topic; h.catalog.Has(lang, key) {
		return h.catalog.T(lang, key)
	}
	return topic
}

// processDeploy deploys the confirmed definition as the next version. A
// definition refused now (its text changed on the way) goes back to the
// upload form with its problems.
func (h *Handler) processDeploy(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	u, field, key, err := readProcessUpload(r)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := processListData{XML: string(u.XML), Scope: u.Scope}
	if key != "" {
		h.renderProcessList(w, r, lang, http.StatusUnprocessableEntity, u.Org, d, map[string]string{field: key})
		return
	}
	_, org, ok := h.processScope(w, r, lang, u.Org)
	if !ok {
		return
	}
	owner := org.ID
	if u.Scope == "all" {
		owner = ""
	}
	info, err := h.Process.Deploy(ctx, p, auth.RequestInfo(r), owner, u.XML)
	if d.Problems = processProblems(err); d.Problems != nil {
		h.renderProcessList(w, r, lang, http.StatusUnprocessableEntity, org.ID, d, nil)
		return
	}
	if errs.KindOf(err) == errs.Conflict {
		h.renderProcessList(w, r, lang, http.StatusConflict, org.ID, d, map[string]string{"xml": "process.error.conflict"})
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	target := "/" + lang + "/processes/" + info.Key + processOrgQuery(org.ID) + "&deployed=" + strconv.Itoa(info.Version)
	if owner == "" {
		target += "&shared=1"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// processAdminOf reports whether p administers the org's processes, for
// links from the instance pages to the admin pages.
func processAdminOf(p access.Principal, org string) bool {
	return p.PlatformAdmin || access.CaseRole(p, org, access.EditForms)
}
