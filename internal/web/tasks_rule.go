package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/process"
	"github.com/luva-fi/luva/internal/work"
)

// ruleData is the form of one queue's rule.
type ruleData struct {
	Org   identity.Organisation
	Queue process.Queue
	Label string
	Kinds []work.Kind
	// Areas are the municipalities the authority serves, for the rule by
	// municipality; a national agency serves all and has none listed.
	Areas      []municipalityOption
	Candidates []work.Member
	Rule       work.Rule
}

type municipalityOption struct {
	Code, Name string
}

// ruleQueue reads the queue a rule form is about from values.
func (h *Handler) ruleQueue(r *http.Request, v url.Values) (identity.Organisation, process.Queue, error) {
	_, org, err := h.queuesOrg(r, v.Get("org"))
	if err != nil {
		return identity.Organisation{}, process.Queue{}, err
	}
	q := process.Queue{Organisation: org.ID, Role: v.Get("role"), Unit: v.Get("unit")}
	if !slices.Contains(taskRoles(), access.Role(q.Role)) {
		return identity.Organisation{}, process.Queue{}, errs.E(errs.NotFound, "no such queue")
	}
	return org, q, nil
}

func (h *Handler) queueRule(w http.ResponseWriter, r *http.Request, lang string) {
	org, q, err := h.ruleQueue(r, r.URL.Query())
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	rule, err := h.Work.Rule(r.Context(), auth.PrincipalFrom(r.Context()), q)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	form := map[string]string{"kind": string(rule.Kind)}
	for code, person := range rule.Municipalities {
		form["municipality-"+code] = person
	}
	h.renderRule(w, r, lang, http.StatusOK, org, q, form, nil)
}

func (h *Handler) renderRule(w http.ResponseWriter, r *http.Request, lang string, status int, org identity.Organisation, q process.Queue, form, errors map[string]string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	if !work.Manages(p, org.ID) {
		h.ErrorPage(w, r, lang, http.StatusForbidden)
		return
	}
	d := ruleData{Org: org, Queue: q, Label: h.queueLabel(lang, q, h.unitNames(r, []identity.Organisation{org})), Kinds: work.Kinds()}
	if q.Unit != "" {
		units, err := h.Work.Units(ctx, p, org.ID)
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		if !slices.ContainsFunc(units, func(u identity.Unit) bool { return u.ID == q.Unit }) {
			h.ErrorPage(w, r, lang, http.StatusNotFound)
			return
		}
	}
	members, err := h.Work.Members(ctx, p, org.ID)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	for _, m := range members {
		if m.Candidate(q) {
			d.Candidates = append(d.Candidates, m)
		}
	}
	names := municipalityNames(lang)
	for _, code := range org.Municipalities {
		d.Areas = append(d.Areas, municipalityOption{Code: code, Name: names[code]})
	}
	h.pageStatus(w, r, status, "queues-rule", Page{Lang: lang, Title: h.catalog.T(lang, "work.rule.title"), Nav: "tasks", Data: d, Form: form, Errors: errors})
}

func (h *Handler) queueRuleSave(w http.ResponseWriter, r *http.Request, lang string) {
	if err := r.ParseForm(); err != nil {
		h.ErrorPage(w, r, lang, http.StatusBadRequest)
		return
	}
	org, q, err := h.ruleQueue(r, r.PostForm)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	in := work.RuleInput{Queue: q, Kind: work.Kind(r.PostFormValue("kind")), Municipalities: map[string]string{}, ApplyNow: r.PostFormValue("apply") == "on"}
	form := map[string]string{"kind": string(in.Kind), "apply": r.PostFormValue("apply")}
	for k := range r.PostForm {
		if code, ok := strings.CutPrefix(k, "municipality-"); ok {
			in.Municipalities[code] = r.PostFormValue(k)
			form[k] = r.PostFormValue(k)
		}
	}
	_, n, err := h.Work.SetRule(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), in)
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid && len(e.Fields) > 0 {
		h.renderRule(w, r, lang, http.StatusUnprocessableEntity, org, q, form, e.Fields)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	notice := "rule_saved"
	if n > 0 {
		notice = "rule_applied"
	}
	http.Redirect(w, r, "/"+lang+"/queues?org="+url.QueryEscape(org.ID)+"&ok="+notice, http.StatusSeeOther)
}
