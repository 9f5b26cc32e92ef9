package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
)

// auditFilter reads the audit page's filters from the query. Bad dates come
// back as field errors; the rest of the filter still applies.
func auditFilter(q url.Values) (audit.Filter, map[string]string) {
	f := audit.Filter{
		ActorID: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action")),
		TargetType: strings.TrimSpace(q.Get("target_type")), TargetID: strings.TrimSpace(q.Get("target_id")),
		Outcome: q.Get("outcome"),
	}
	errors := map[string]string{}
	for _, d := range []struct {
		name string
		dst  *time.Time
		days int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		if v := strings.TrimSpace(q.Get(d.name)); v != "" {
			t, err := time.ParseInLocation("2006-01-02", v, helsinki())
			if err != nil {
				errors[d.name] = "audit.error.date"
				continue
			}
			*d.dst = t.AddDate(0, 0, d.days)
		}
	}
	if b, err := strconv.ParseInt(q.Get("before"), 10, 64); err == nil && b > 0 {
		f.BeforeID = b
	}
	return f, errors
}

type auditData struct {
	Org     string
	Entries []audit.Entry
	Query   string // the filters, for export and paging links
	Older   string // the address of the next page, or ""
}

func (h *Handler) auditLog(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	q := r.URL.Query()
	f, ferrs := auditFilter(q)
	org := q.Get("org")
	entries, err := h.Audit.Browse(ctx, auth.PrincipalFrom(ctx), auth.RequestInfo(r), org, f)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	keep := url.Values{}
	for _, k := range []string{"org", "actor", "action", "target_type", "target_id", "outcome", "from", "to"} {
		if v := q.Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	d := auditData{Org: org, Entries: entries, Query: keep.Encode()}
	if len(entries) == audit.DefaultLimit {
		older := url.Values{}
		for k, v := range keep {
			older[k] = v
		}
		older.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		d.Older = "/" + lang + "/admin/audit?" + older.Encode()
	}
	form := map[string]string{}
	for k := range keep {
		form[k] = keep.Get(k)
	}
	status := http.StatusOK
	if len(ferrs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	h.pageStatus(w, r, status, "audit", Page{Lang: lang, Title: h.catalog.T(lang, "audit.title"), Nav: "admin", Data: d, Form: form, Errors: ferrs})
}

func (h *Handler) auditExport(w http.ResponseWriter, r *http.Request, lang, contentType, ext string, write func(http.ResponseWriter, []audit.Entry) error) {
	ctx := r.Context()
	f, ferrs := auditFilter(r.URL.Query())
	if len(ferrs) > 0 {
		h.Error(w, r, lang, errs.E(errs.Invalid, "bad date in the filter"))
		return
	}
	entries, err := h.Audit.Export(ctx, auth.PrincipalFrom(ctx), auth.RequestInfo(r), r.URL.Query().Get("org"), f)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="luva-audit-`+time.Now().UTC().Format("20060102-150405")+"."+ext+`"`)
	if err := write(w, entries); err != nil {
		h.log.ErrorContext(ctx, "write audit export", "err", err)
	}
}

func (h *Handler) auditExportCSV(w http.ResponseWriter, r *http.Request, lang string) {
	h.auditExport(w, r, lang, "text/csv; charset=utf-8", "csv", func(w http.ResponseWriter, es []audit.Entry) error { return audit.WriteCSV(w, es) })
}

func (h *Handler) auditExportJSON(w http.ResponseWriter, r *http.Request, lang string) {
	h.auditExport(w, r, lang, "application/json", "json", func(w http.ResponseWriter, es []audit.Entry) error { return audit.WriteJSON(w, es) })
}
