package api

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/process"
)

// registerProcess registers the process admin's operations: an
// organisation's definitions and their versions, checking and deploying a
// BPMN definition, and the instances with everything the process view draws.
// The routes need only a signed-in caller: the engine decides per
// organisation (those who build its forms and platform admins deploy; they
// and its case workers read).
func (a *API) registerProcess(mux *http.ServeMux) {
	a.handle(mux, "GET", "/api/v1/processes", access.SignedIn, a.processDefinitions)
	a.handle(mux, "POST", "/api/v1/processes", access.SignedIn, a.processDeploy)
	a.handle(mux, "GET", "/api/v1/processes/{key}/versions", access.SignedIn, a.processVersions)
	a.handle(mux, "GET", "/api/v1/process-instances", access.SignedIn, a.processInstances)
	a.handle(mux, "GET", "/api/v1/process-instances/{id}", access.SignedIn, a.processInstance)
}

// processMaxBody bounds a posted definition, as the engine does.
const processMaxBody = 2 << 20

func (a *API) processDefinitions(w http.ResponseWriter, r *http.Request) {
	defs, err := a.Process.Definitions(r.Context(), auth.PrincipalFrom(r.Context()), r.URL.Query().Get("org"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(defs)})
}

func (a *API) processVersions(w http.ResponseWriter, r *http.Request) {
	defs, err := a.Process.Versions(r.Context(), auth.PrincipalFrom(r.Context()), r.URL.Query().Get("org"), r.PathValue("key"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if len(defs) == 0 {
		a.writeError(w, r, errs.E(errs.NotFound, "no such process"))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": defs})
}

// processCheck is the answer to a definition checked without deploying.
type processCheck struct {
	Valid      bool     `json:"valid"`
	Key        string   `json:"key"`
	Name       string   `json:"name"`
	Services   []string `json:"services"`
	StartTopic string   `json:"start_topic"`
}

// processProblemBody is the error answer for a refused definition: the
// usual error, and every problem with its element and a message in the
// caller's language.
type processProblemBody struct {
	Error    ErrorDetail     `json:"error"`
	Problems []problemDetail `json:"problems"`
}

type problemDetail struct {
	Element string `json:"element"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Detail  string `json:"detail"`
}

// processDeploy checks a posted BPMN definition and, unless validate_only
// is true, deploys it as the next version for ?org= ("" for every
// authority).
func (a *API) processDeploy(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	q := r.URL.Query()
	validateOnly := false
	if v := q.Get("validate_only"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			a.writeError(w, r, errs.E(errs.Invalid, "validate_only must be true or false"))
			return
		}
		validateOnly = b
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, processMaxBody+1))
	if err != nil {
		a.writeError(w, r, errs.Wrap(errs.Invalid, "read the process definition", err))
		return
	}
	if len(body) == 0 {
		a.writeError(w, r, errs.E(errs.Invalid, "post the BPMN definition as the body"))
		return
	}
	if validateOnly {
		def, err := a.Process.Validate(body)
		if err == nil && len(def.Services) == 0 {
			err = &process.DefinitionError{Problems: []process.Problem{{Element: def.Key, Code: process.ProblemAttribute,
				Detail: "the process names no services (luva:services on the process)"}}}
		}
		if err != nil {
			a.processError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, processCheck{Valid: true, Key: def.Key, Name: def.Name, Services: def.Services, StartTopic: def.StartTopic})
		return
	}
	info, err := a.Process.Deploy(ctx, p, auth.RequestInfo(r), q.Get("org"), body)
	if err != nil {
		a.processError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, info)
}

// processError answers a refused definition with its problems, and any
// other error as usual.
func (a *API) processError(w http.ResponseWriter, r *http.Request, err error) {
	var de *process.DefinitionError
	if !errors.As(err, &de) {
		a.writeError(w, r, err)
		return
	}
	lang := messageLang(r)
	out := processProblemBody{Error: ErrorDetail{Code: errs.Invalid.String(), Message: a.catalog.T(lang, "process.problems.title")}}
	for _, p := range de.Problems {
		out.Problems = append(out.Problems, problemDetail{Element: p.Element, Code: p.Code,
			Message: a.catalog.T(lang, "process.error."+p.Code), Detail: p.Detail})
	}
	writeJSON(w, http.StatusUnprocessableEntity, out)
}

func (a *API) processInstances(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := process.InstanceFilter{Organisation: q.Get("org"), DefinitionID: q.Get("definition"), CaseID: q.Get("case"), State: q.Get("state")}
	for name, dst := range map[string]*int{"limit": &f.Limit, "offset": &f.Offset} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				a.writeError(w, r, errs.E(errs.Invalid, name+" must be a whole number"))
				return
			}
			*dst = n
		}
	}
	list, err := a.Process.Instances(r.Context(), auth.PrincipalFrom(r.Context()), f)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(list)})
}

func (a *API) processInstance(w http.ResponseWriter, r *http.Request) {
	v, err := a.Process.Instance(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}
