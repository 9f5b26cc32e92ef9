package api

import (
	"net/http"
	"strconv"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/messaging"
)

// registerMessaging registers the notification operations: a person's own
// notifications, and for an organisation's admins its triggers and the log of
// what they sent.
func (a *API) registerMessaging(mux *http.ServeMux) {
	a.handle(mux, "GET", "/api/v1/notifications", access.SignedIn, a.notifications)
	a.handle(mux, "POST", "/api/v1/notifications/{id}/read", access.SignedIn, a.readNotification)
	a.handle(mux, "POST", "/api/v1/notifications/read-all", access.SignedIn, a.readAllNotifications)
	a.handle(mux, "GET", "/api/v1/organisations/{org}/triggers", access.ManageOrgUsers, a.triggers)
	a.handle(mux, "POST", "/api/v1/organisations/{org}/triggers", access.ManageOrgUsers, a.addTrigger)
	a.handle(mux, "GET", "/api/v1/organisations/{org}/triggers/{id}", access.ManageOrgUsers, a.trigger)
	a.handle(mux, "PUT", "/api/v1/organisations/{org}/triggers/{id}", access.ManageOrgUsers, a.updateTrigger)
	a.handle(mux, "DELETE", "/api/v1/organisations/{org}/triggers/{id}", access.ManageOrgUsers, a.removeTrigger)
	a.handle(mux, "GET", "/api/v1/organisations/{org}/notifications", access.ManageOrgUsers, a.notificationLog)
}

// messagingService is the messaging service, or an error when this server
// was built without one.
func (a *API) messagingService() (*messaging.Service, error) {
	if a.Messaging != nil {
		return a.Messaging, nil
	}
	return nil, errs.E(errs.Internal, "the messaging service is not wired into this server")
}

// pageLimit reads ?limit= (1 to messaging.MaxPage, default def).
func pageLimit(r *http.Request, def int) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > messaging.MaxPage {
		return 0, &errs.Error{Kind: errs.Invalid, Message: "limit must be 1 to 100", Fields: map[string]string{"limit": "between 1 and 100"}}
	}
	return n, nil
}

func (a *API) notifications(w http.ResponseWriter, r *http.Request) {
	limit, err := pageLimit(r, 50)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	svc, err := a.messagingService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	page, err := svc.Inbox(r.Context(), auth.PrincipalFrom(r.Context()), messageLang(r), r.URL.Query().Get("after"), limit)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	page.Items = nonNil(page.Items)
	writeJSON(w, http.StatusOK, page)
}

func (a *API) readNotification(w http.ResponseWriter, r *http.Request) {
	svc, err := a.messagingService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := svc.MarkRead(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("id")); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) readAllNotifications(w http.ResponseWriter, r *http.Request) {
	svc, err := a.messagingService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	n, err := svc.MarkAllRead(r.Context(), auth.PrincipalFrom(r.Context()))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"marked": n})
}

func (a *API) triggers(w http.ResponseWriter, r *http.Request) {
	svc, err := a.messagingService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	list, err := svc.Triggers(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("org"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(list), "actions": svc.AvailableActions(), "topics": messaging.Topics()})
}

func (a *API) trigger(w http.ResponseWriter, r *http.Request) {
	svc, err := a.messagingService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	t, err := svc.Trigger(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("org"), r.PathValue("id"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

func (a *API) addTrigger(w http.ResponseWriter, r *http.Request) {
	a.saveTrigger(w, r, "")
}

func (a *API) updateTrigger(w http.ResponseWriter, r *http.Request) {
	a.saveTrigger(w, r, r.PathValue("id"))
}

// saveTrigger adds a rule (id "") or replaces one.
func (a *API) saveTrigger(w http.ResponseWriter, r *http.Request, id string) {
	var in messaging.TriggerInput
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	svc, err := a.messagingService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	ctx, p, req, org := r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("org")
	var t messaging.Trigger
	status := http.StatusOK
	if id == "" {
		t, err = svc.AddTrigger(ctx, p, req, org, in)
		status = http.StatusCreated
	} else {
		t, err = svc.UpdateTrigger(ctx, p, req, org, id, in)
	}
	if detail := messaging.ConditionError(err); detail != "" {
		// The compiler's explanation is what a caller needs to fix the
		// condition; the field carries it in place of the message key.
		e, _ := errs.As(err)
		e.Fields["condition"] = detail
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, status, t)
}

func (a *API) removeTrigger(w http.ResponseWriter, r *http.Request) {
	svc, err := a.messagingService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := svc.RemoveTrigger(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("org"), r.PathValue("id")); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) notificationLog(w http.ResponseWriter, r *http.Request) {
	limit, err := pageLimit(r, 50)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	svc, err := a.messagingService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	f := messaging.DeliveryFilter{FailedOnly: q.Get("failed") == "true", Before: q.Get("before"), Limit: limit}
	page, err := svc.Deliveries(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("org"), messageLang(r), f)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	page.Items = nonNil(page.Items)
	writeJSON(w, http.StatusOK, page)
}
