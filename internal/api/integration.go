package api

import (
	"net/http"
	"strconv"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/integration"
)

// registerIntegration registers the webhook operations: an organisation's
// subscriptions and their delivery log, for its admins.
func (a *API) registerIntegration(mux *http.ServeMux) {
	a.handle(mux, "GET", "/api/v1/organisations/{org}/webhooks", access.ManageOrgUsers, a.webhooks)
	a.handle(mux, "POST", "/api/v1/organisations/{org}/webhooks", access.ManageOrgUsers, a.subscribeWebhook)
	a.handle(mux, "DELETE", "/api/v1/organisations/{org}/webhooks/{id}", access.ManageOrgUsers, a.unsubscribeWebhook)
	a.handle(mux, "GET", "/api/v1/organisations/{org}/webhooks/deliveries", access.ManageOrgUsers, a.webhookDeliveries)
}

// webhookService is the integration service, or an error when this server
// was built without one.
func (a *API) webhookService() (*integration.Service, error) {
	if a.Integration != nil {
		return a.Integration, nil
	}
	return nil, errs.E(errs.Internal, "the webhook service is not wired into this server")
}

func (a *API) webhooks(w http.ResponseWriter, r *http.Request) {
	svc, err := a.webhookService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	subs, err := svc.Subscriptions(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("org"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(subs)})
}

// createdWebhook is a new subscription with its secret, which no later
// answer repeats.
type createdWebhook struct {
	integration.Subscription
	Secret string `json:"secret"`
}

func (a *API) subscribeWebhook(w http.ResponseWriter, r *http.Request) {
	var in integration.NewSubscription
	if err := decode(r, &in); err != nil {
		a.writeError(w, r, err)
		return
	}
	svc, err := a.webhookService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	sub, secret, err := svc.Subscribe(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("org"), in)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, createdWebhook{Subscription: sub, Secret: secret})
}

func (a *API) unsubscribeWebhook(w http.ResponseWriter, r *http.Request) {
	svc, err := a.webhookService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if err := svc.Unsubscribe(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("org"), r.PathValue("id")); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) webhookDeliveries(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := 50
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > integration.MaxPage {
			a.writeError(w, r, &errs.Error{Kind: errs.Invalid, Message: "limit must be 1 to 100", Fields: map[string]string{"limit": "between 1 and 100"}})
			return
		}
		limit = n
	}
	svc, err := a.webhookService()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	page, err := svc.Deliveries(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("org"), q.Get("before"), limit)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	page.Items = nonNil(page.Items)
	writeJSON(w, http.StatusOK, page)
}
