package web

import (
	"fmt"
	"net/http"

	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/process"
)

// processCaseData lists the process instances of a case, for an authority
// user when there is not exactly one to go to.
type processCaseData struct {
	CaseID, Number string
	Instances      []process.InstanceView
}

// processOfCase takes an authority user from a case to its process: straight
// to the instance when there is one, else to the list of them (none, or
// one that ended and another that runs after a restart).
func (h *Handler) processOfCase(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	id := r.PathValue("id")
	c, _, err := h.Cases.Get(ctx, p, id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	views, err := h.Process.ForCase(ctx, p, id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if len(views) == 1 {
		http.Redirect(w, r, processInstanceBase(lang, views[0].ID), http.StatusSeeOther)
		return
	}
	d := processCaseData{CaseID: c.ID, Number: c.Number, Instances: views}
	h.page(w, r, "process-case", Page{Lang: lang, Title: h.catalog.T(lang, "process.case.title", "case", c.Number), Nav: "authority", Data: d})
}

// processCustomerData is where a customer's case is in its process, in
// plain words.
type processCustomerData struct {
	Case      cases.Case
	Instances []processCustomerInstance
}

// processCustomerInstance is one run of a process for the case.
type processCustomerInstance struct {
	process.InstanceInfo
	Steps processSteps
}

// processForCustomer tells the customer which steps of the authority's
// process their case has passed, which are under way and which may come
// next, without the authority's tasks, people or timers.
func (h *Handler) processForCustomer(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	id := r.PathValue("id")
	c, _, err := h.Cases.Get(ctx, p, id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	views, err := h.Process.ForCase(ctx, p, id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := processCustomerData{Case: c}
	// The newest run first: it is where the case is now.
	for i := len(views) - 1; i >= 0; i-- {
		v := views[i]
		def, err := process.Parse([]byte(v.XML))
		if err != nil {
			h.Error(w, r, lang, fmt.Errorf("the definition of process instance %s: %w", v.ID, err))
			return
		}
		d.Instances = append(d.Instances, processCustomerInstance{InstanceInfo: v.InstanceInfo, Steps: plainSteps(def, v.Elements)})
	}
	title := h.catalog.T(lang, "process.customer.title")
	h.page(w, r, "process-customer", Page{Lang: lang, Title: title, Nav: "folder", Data: d})
}
