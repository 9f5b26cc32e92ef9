package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/integration"
)

// registerIntegration adds an organisation's webhook pages: its
// subscriptions, the secret of a new one shown once, test events and the
// delivery log (function 24).
func (h *Handler) registerIntegration(mux *http.ServeMux) {
	h.route(mux, "GET /organisations/{org}/webhooks", access.ManageOrgUsers, h.webhooks)
	h.route(mux, "POST /organisations/{org}/webhooks", access.ManageOrgUsers, h.addWebhook)
	h.route(mux, "GET /organisations/{org}/webhooks/{id}/remove", access.ManageOrgUsers, h.confirmRemoveWebhook)
	h.route(mux, "POST /organisations/{org}/webhooks/{id}/remove", access.ManageOrgUsers, h.removeWebhook)
	h.route(mux, "POST /organisations/{org}/webhooks/{id}/ping", access.ManageOrgUsers, h.pingWebhook)
}

// webhookLogPage is how many deliveries one page of the log shows.
const webhookLogPage = 20

type webhooksData struct {
	Org           identity.Organisation
	Subscriptions []integration.Subscription
	Topics        []string
	Log           integration.DeliveryPage
	// Before is the log's cursor, "" on its newest page.
	Before  string
	NextURL string
	// Created is the subscription just made, shown with its secret once.
	Created *integration.Subscription
	Secret  string
}

// webhookService is the integration service, or an error when this server
// was built without one.
func (h *Handler) webhookService() (*integration.Service, error) {
	if h.Integration != nil {
		return h.Integration, nil
	}
	return nil, errs.E(errs.Internal, "the webhook service is not wired into this server")
}

func (h *Handler) webhooks(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderWebhooks(w, r, lang, http.StatusOK, webhooksData{}, nil, nil)
}

// renderWebhooks renders the page around d's Created and Secret, with the
// add form's errors and what was typed after a failed post.
func (h *Handler) renderWebhooks(w http.ResponseWriter, r *http.Request, lang string, status int, d webhooksData, form, errors map[string]string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	orgID := r.PathValue("org")
	svc, err := h.webhookService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if d.Org, err = h.People.Organisation(ctx, orgID); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if d.Subscriptions, err = svc.Subscriptions(ctx, p, orgID); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if r.Method == http.MethodGet {
		d.Before = r.URL.Query().Get("before")
	}
	if d.Log, err = svc.Deliveries(ctx, p, orgID, d.Before, webhookLogPage); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	base := "/" + lang + "/organisations/" + orgID + "/webhooks"
	if d.Log.Next != "" {
		d.NextURL = base + "?before=" + url.QueryEscape(d.Log.Next) + "#deliveries"
	}
	d.Topics = integration.Topics()
	page := Page{Lang: lang, Title: h.catalog.T(lang, "integration.title"), Nav: "admin", Data: d, Form: form, Errors: errors}
	if done := r.URL.Query().Get("done"); r.Method == http.MethodGet && h.catalog.Has(lang, "integration.notice."+done) {
		page.Notice = "integration.notice." + done
	}
	if d.Secret != "" {
		// The secret is on this page only; no cache may keep it.
		w.Header().Set("Cache-Control", "no-store")
	}
	h.pageStatus(w, r, status, "integration", page)
}

func (h *Handler) addWebhook(w http.ResponseWriter, r *http.Request, lang string) {
	if err := r.ParseForm(); err != nil {
		h.Error(w, r, lang, errs.Wrap(errs.Invalid, "unreadable form", err))
		return
	}
	svc, err := h.webhookService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	n := integration.NewSubscription{URL: strings.TrimSpace(r.PostFormValue("url")), Topics: r.PostForm["topics"]}
	form := map[string]string{"url": n.URL}
	for _, t := range n.Topics {
		form["topic_"+t] = "on"
	}
	if len(n.Topics) == 0 {
		// Nothing ticked would silently mean everything; ask instead.
		h.renderWebhooks(w, r, lang, http.StatusUnprocessableEntity, webhooksData{}, form, map[string]string{"topics": "integration.error.no_topics"})
		return
	}
	sub, secret, err := svc.Subscribe(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("org"), n)
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid {
		h.renderWebhooks(w, r, lang, http.StatusUnprocessableEntity, webhooksData{}, form, e.Fields)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	// No redirect: the secret is shown on this one answer and stored nowhere
	// a later request could show it again.
	h.renderWebhooks(w, r, lang, http.StatusCreated, webhooksData{Created: &sub, Secret: secret}, nil, nil)
}

func (h *Handler) confirmRemoveWebhook(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	orgID := r.PathValue("org")
	svc, err := h.webhookService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	sub, err := svc.Subscription(ctx, auth.PrincipalFrom(ctx), orgID, r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	org, err := h.People.Organisation(ctx, orgID)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	base := "/" + lang + "/organisations/" + orgID + "/webhooks"
	h.page(w, r, "confirm", Page{Lang: lang, Title: h.catalog.T(lang, "integration.remove.title"), Nav: "admin",
		Data: confirmData{Org: org, Subject: sub.URL, Action: base + "/" + sub.ID + "/remove", Back: base}})
}

func (h *Handler) removeWebhook(w http.ResponseWriter, r *http.Request, lang string) {
	orgID := r.PathValue("org")
	svc, err := h.webhookService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if err := svc.Unsubscribe(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), orgID, r.PathValue("id")); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, "/"+lang+"/organisations/"+orgID+"/webhooks", "removed")
}

func (h *Handler) pingWebhook(w http.ResponseWriter, r *http.Request, lang string) {
	orgID := r.PathValue("org")
	svc, err := h.webhookService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if _, err := svc.Ping(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), orgID, r.PathValue("id")); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	http.Redirect(w, r, "/"+lang+"/organisations/"+orgID+"/webhooks?done=pinged#deliveries", http.StatusSeeOther)
}
