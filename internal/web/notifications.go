package web

import (
	"net/http"
	"net/url"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/messaging"
)

// registerNotifications adds the notification pages: a person's own list,
// and for an organisation's admins its triggers and delivery log
// (functions 17, 39 and 41).
func (h *Handler) registerNotifications(mux *http.ServeMux) {
	h.route(mux, "GET /notifications", access.SignedIn, h.notifications)
	h.route(mux, "GET /notifications/{id}/open", access.SignedIn, h.openNotification)
	h.route(mux, "POST /notifications/{id}/read", access.SignedIn, h.readNotification)
	h.route(mux, "POST /notifications/read-all", access.SignedIn, h.readAllNotifications)
	h.registerTriggers(mux)
}

// notificationsPage is how many messages one page of the list shows.
const notificationsPage = 20

type notificationsData struct {
	Page messaging.Page
	// After is the page's cursor, "" on the first page.
	After   string
	NextURL string
}

// messagingService is the messaging service, or an error when this server
// was built without one.
func (h *Handler) messagingService() (*messaging.Service, error) {
	if h.Messaging != nil {
		return h.Messaging, nil
	}
	return nil, errs.E(errs.Internal, "the messaging service is not wired into this server")
}

func (h *Handler) notifications(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	svc, err := h.messagingService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := notificationsData{After: r.URL.Query().Get("after")}
	if d.Page, err = svc.Inbox(ctx, auth.PrincipalFrom(ctx), lang, d.After, notificationsPage); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if d.Page.Next != "" {
		d.NextURL = "/" + lang + "/notifications?after=" + url.QueryEscape(d.Page.Next)
	}
	page := Page{Lang: lang, Title: h.catalog.T(lang, "messaging.inbox.title"), Nav: "notifications", Data: d}
	if done := r.URL.Query().Get("done"); h.catalog.Has(lang, "messaging.notice."+done) {
		page.Notice = "messaging.notice." + done
	}
	h.page(w, r, "notifications", page)
}

// openNotification marks a message read and takes its reader to the page it
// is about. Marking read is harmless to repeat, so a link may do it.
func (h *Handler) openNotification(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	svc, err := h.messagingService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	n, err := svc.Open(ctx, auth.PrincipalFrom(ctx), lang, r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	target := "/" + lang + "/notifications"
	if n.Link != "" {
		target = "/" + lang + n.Link
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (h *Handler) readNotification(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	svc, err := h.messagingService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if err := svc.MarkRead(ctx, auth.PrincipalFrom(ctx), r.PathValue("id")); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, "/"+lang+"/notifications", "read")
}

func (h *Handler) readAllNotifications(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	svc, err := h.messagingService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if _, err := svc.MarkAllRead(ctx, auth.PrincipalFrom(ctx)); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, "/"+lang+"/notifications", "all_read")
}
