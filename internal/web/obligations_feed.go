package web

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/i18n"
	"github.com/luva-fi/luva/internal/obligations"
)

// obligationsFeedData is the calendar feed page. URL is set only on the
// answer that made the address: only its hash is kept, so it cannot be shown
// again.
type obligationsFeedData struct {
	Feed obligations.FeedStatus
	URL  string
}

func (h *Handler) obligationsFeed(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderObligationsFeed(w, r, lang, "")
}

func (h *Handler) renderObligationsFeed(w http.ResponseWriter, r *http.Request, lang, url string) {
	svc, err := h.obligationsService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	feed, err := svc.Feed(r.Context(), auth.PrincipalFrom(r.Context()))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	notice := h.obligationsNotice(r, lang)
	if url != "" {
		notice = "obligations.notice.feed_made"
	}
	// The address is a credential: no cache may keep the page that shows it.
	w.Header().Set("Cache-Control", "no-store")
	h.page(w, r, "obligations-feed", Page{Lang: lang, Title: h.catalog.T(lang, "obligations.feed.title"), Nav: "annual-clock",
		Data: obligationsFeedData{Feed: feed, URL: url}, Notice: notice})
}

// obligationsFeedRotate makes a new address, which stops the old one, and
// shows it this once.
func (h *Handler) obligationsFeedRotate(w http.ResponseWriter, r *http.Request, lang string) {
	svc, err := h.obligationsService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	token, err := svc.RotateFeed(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	h.renderObligationsFeed(w, r, lang, siteOrigin(r)+"/ical/"+token+".ics")
}

func (h *Handler) obligationsFeedStop(w http.ResponseWriter, r *http.Request, lang string) {
	svc, err := h.obligationsService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if err := svc.StopFeed(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r)); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, "/"+lang+"/annual-clock/feed", "feed_stopped")
}

// siteOrigin is the scheme and host the request came to, for addresses that
// leave the site (a calendar application fetches the feed).
func siteOrigin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// obligationsICal serves a calendar feed. There is no session: the secret
// token in the address is the credential, and an unknown one is not found.
func (h *Handler) obligationsICal(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		http.NotFound(w, r)
		return
	}
	svc, err := h.obligationsService()
	if err != nil {
		h.log.ErrorContext(r.Context(), "serve a calendar feed", "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	feed, err := svc.FeedByToken(r.Context(), token)
	if errs.KindOf(err) == errs.NotFound {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		h.log.ErrorContext(r.Context(), "serve a calendar feed", "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	lang := feed.Lang
	if !i18n.Supported(lang) {
		lang = i18n.Default
	}
	origin := siteOrigin(r)
	cal := obligations.Calendar{Name: h.catalog.T(lang, "obligations.ical.name")}
	now := svc.Now()
	for _, o := range feed.Obligations {
		name, detail := h.obligationsName(lang, o)
		link := origin + "/" + lang + "/annual-clock"
		desc := []string{h.catalog.T(lang, "obligations.ical.case", "number", o.CaseNumber, "title", o.CaseTitle)}
		for _, s := range []string{detail, o.Note} {
			if s != "" {
				desc = append(desc, s)
			}
		}
		desc = append(desc, link)
		cal.Events = append(cal.Events, obligations.Event{UID: o.ID + "@luva", Stamp: now, Date: o.Due, Summary: name,
			Description: strings.Join(desc, "\n"), URL: link, EveryMonths: o.EveryMonths, RemindDays: o.RemindDays,
			AlarmText: h.catalog.T(lang, "obligations.ical.alarm", "name", name)})
	}
	var buf bytes.Buffer
	if err := obligations.WriteICS(&buf, cal); err != nil {
		h.log.ErrorContext(r.Context(), "write a calendar feed", "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `inline; filename="luva.ics"`)
	buf.WriteTo(w) //nolint:errcheck // the calendar application went away
}
