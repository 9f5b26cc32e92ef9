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
	"github.com/luva-fi/luva/internal/messaging"
)

// registerTriggers adds an organisation's trigger pages for its admins:
// the rules, adding and editing one, switching one on and off, removing one
// after confirming, and the log of what the rules sent.
func (h *Handler) registerTriggers(mux *http.ServeMux) {
	h.route(mux, "GET /organisations/{org}/triggers", access.ManageOrgUsers, h.triggers)
	h.route(mux, "POST /organisations/{org}/triggers", access.ManageOrgUsers, h.addTrigger)
	h.route(mux, "GET /organisations/{org}/triggers/{id}", access.ManageOrgUsers, h.editTrigger)
	h.route(mux, "POST /organisations/{org}/triggers/{id}", access.ManageOrgUsers, h.saveTrigger)
	h.route(mux, "POST /organisations/{org}/triggers/{id}/enabled", access.ManageOrgUsers, h.switchTrigger)
	h.route(mux, "GET /organisations/{org}/triggers/{id}/remove", access.ManageOrgUsers, h.confirmRemoveTrigger)
	h.route(mux, "POST /organisations/{org}/triggers/{id}/remove", access.ManageOrgUsers, h.removeTrigger)
	h.route(mux, "GET /organisations/{org}/notification-log", access.ManageOrgUsers, h.notificationLog)
}

type triggersData struct {
	Org      identity.Organisation
	Triggers []messaging.Trigger
	// Editing is the rule being edited; nil on the list.
	Editing *messaging.Trigger
	Topics  []string
	Actions []string
	Roles   []access.Role
	// Processes says whether processes can be started here, which asks
	// for the process field.
	Processes bool
	// ConditionError is the compiler's explanation of a condition that
	// does not compile.
	ConditionError string
}

func (h *Handler) triggers(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderTriggers(w, r, lang, http.StatusOK, nil, nil, nil, "")
}

// renderTriggers renders the list with the add form, or with editing the
// edit form, keeping what was typed and saying what is wrong after a failed
// post.
func (h *Handler) renderTriggers(w http.ResponseWriter, r *http.Request, lang string, status int, editing *messaging.Trigger, form, errors map[string]string, condErr string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	orgID := r.PathValue("org")
	svc, err := h.messagingService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := triggersData{Editing: editing, Topics: messaging.Topics(), Actions: svc.AvailableActions(), Roles: access.AuthorityRoles(), ConditionError: condErr}
	d.Processes = slices.Contains(d.Actions, messaging.StartProcess)
	if d.Org, err = h.People.Organisation(ctx, orgID); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if d.Triggers, err = svc.Triggers(ctx, p, orgID); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	title := h.catalog.T(lang, "messaging.triggers.title")
	if editing != nil {
		title = h.catalog.T(lang, "messaging.triggers.edit.title")
	}
	page := Page{Lang: lang, Title: title, Nav: "admin", Data: d, Form: form, Errors: errors}
	if done := r.URL.Query().Get("done"); r.Method == http.MethodGet && h.catalog.Has(lang, "messaging.notice."+done) {
		page.Notice = "messaging.notice." + done
	}
	h.pageStatus(w, r, status, "triggers", page)
}

// triggerInput reads the rule form. The target comes from the role list or
// the process field, whichever the chosen action uses.
func triggerInput(r *http.Request) (messaging.TriggerInput, map[string]string) {
	in := messaging.TriggerInput{Name: strings.TrimSpace(r.PostFormValue("name")), Topic: r.PostFormValue("topic"),
		Condition: strings.TrimSpace(r.PostFormValue("condition")), Action: r.PostFormValue("action"), Enabled: r.PostFormValue("enabled") == "on"}
	switch in.Action {
	case messaging.StartProcess:
		in.Target = strings.TrimSpace(r.PostFormValue("process"))
	case messaging.NotifyCustomer:
	default:
		in.Target = r.PostFormValue("role")
	}
	form := map[string]string{"name": in.Name, "topic": in.Topic, "condition": in.Condition, "action": in.Action,
		"role": r.PostFormValue("role"), "process": r.PostFormValue("process"), "enabled": checked(in.Enabled)}
	return in, form
}

// triggerErrors maps a service error on the target to the form field that
// holds it.
func triggerErrors(e *errs.Error, action string) map[string]string {
	out := map[string]string{}
	for f, key := range e.Fields {
		if f == "target" {
			f = "role"
			if action == messaging.StartProcess {
				f = "process"
			}
		}
		out[f] = key
	}
	return out
}

func (h *Handler) addTrigger(w http.ResponseWriter, r *http.Request, lang string) {
	svc, err := h.messagingService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	in, form := triggerInput(r)
	_, err = svc.AddTrigger(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("org"), in)
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid {
		h.renderTriggers(w, r, lang, http.StatusUnprocessableEntity, nil, form, triggerErrors(e, in.Action), messaging.ConditionError(err))
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, "/"+lang+"/organisations/"+r.PathValue("org")+"/triggers", "trigger_added")
}

func (h *Handler) editTrigger(w http.ResponseWriter, r *http.Request, lang string) {
	svc, err := h.messagingService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	t, err := svc.Trigger(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("org"), r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	h.renderTriggers(w, r, lang, http.StatusOK, &t, nil, nil, "")
}

func (h *Handler) saveTrigger(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	svc, err := h.messagingService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	t, err := svc.Trigger(ctx, p, r.PathValue("org"), r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	in, form := triggerInput(r)
	_, err = svc.UpdateTrigger(ctx, p, auth.RequestInfo(r), t.OrganisationID, t.ID, in)
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid {
		h.renderTriggers(w, r, lang, http.StatusUnprocessableEntity, &t, form, triggerErrors(e, in.Action), messaging.ConditionError(err))
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, "/"+lang+"/organisations/"+t.OrganisationID+"/triggers", "trigger_saved")
}

func (h *Handler) switchTrigger(w http.ResponseWriter, r *http.Request, lang string) {
	svc, err := h.messagingService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	on := r.PostFormValue("enabled") == "on"
	orgID := r.PathValue("org")
	if _, err := svc.SetEnabled(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), orgID, r.PathValue("id"), on); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	notice := "trigger_disabled"
	if on {
		notice = "trigger_enabled"
	}
	seeOther(w, r, "/"+lang+"/organisations/"+orgID+"/triggers", notice)
}

func (h *Handler) confirmRemoveTrigger(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	orgID := r.PathValue("org")
	svc, err := h.messagingService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	t, err := svc.Trigger(ctx, auth.PrincipalFrom(ctx), orgID, r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	org, err := h.People.Organisation(ctx, orgID)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	base := "/" + lang + "/organisations/" + orgID + "/triggers"
	h.page(w, r, "confirm", Page{Lang: lang, Title: h.catalog.T(lang, "messaging.triggers.remove.title"), Nav: "admin",
		Data: confirmData{Org: org, Subject: h.triggerName(lang, t), Action: base + "/" + t.ID + "/remove", Back: base}})
}

// triggerName is what a rule is called in lang: its own name, or the name of
// the default it was seeded from.
func (h *Handler) triggerName(lang string, t messaging.Trigger) string {
	if t.Name != "" || t.DefaultKey == "" {
		return t.Name
	}
	return h.catalog.T(lang, "messaging.default."+t.DefaultKey)
}

func (h *Handler) removeTrigger(w http.ResponseWriter, r *http.Request, lang string) {
	svc, err := h.messagingService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	orgID := r.PathValue("org")
	if err := svc.RemoveTrigger(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), orgID, r.PathValue("id")); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, "/"+lang+"/organisations/"+orgID+"/triggers", "trigger_removed")
}

type notificationLogData struct {
	Org        identity.Organisation
	Log        messaging.LogPage
	FailedOnly bool
	Before     string
	// FirstURL and NextURL page the log, keeping the filter.
	FirstURL, NextURL string
}

// notificationLogPage is how many messages one page of the log shows.
const notificationLogPage = 25

func (h *Handler) notificationLog(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	orgID := r.PathValue("org")
	svc, err := h.messagingService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	q := r.URL.Query()
	d := notificationLogData{FailedOnly: q.Get("failed") == "on", Before: q.Get("before")}
	if d.Org, err = h.People.Organisation(ctx, orgID); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	f := messaging.DeliveryFilter{FailedOnly: d.FailedOnly, Before: d.Before, Limit: notificationLogPage}
	if d.Log, err = svc.Deliveries(ctx, auth.PrincipalFrom(ctx), orgID, lang, f); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	base := url.Values{}
	if d.FailedOnly {
		base.Set("failed", "on")
	}
	d.FirstURL = "/" + lang + "/organisations/" + orgID + "/notification-log"
	if len(base) > 0 {
		d.FirstURL += "?" + base.Encode()
	}
	if d.Log.Next != "" {
		base.Set("before", d.Log.Next)
		d.NextURL = "/" + lang + "/organisations/" + orgID + "/notification-log?" + base.Encode()
	}
	h.page(w, r, "notifications-log", Page{Lang: lang, Title: h.catalog.T(lang, "messaging.log.title"), Nav: "admin", Data: d})
}
