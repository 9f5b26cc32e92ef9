package web

import (
	"context"
	"net/http"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/registers"
)

// analyserPrefill starts the analyser with what is already known (function
// 23b): for a company, its line of business and municipality from the
// business register; for anyone, the municipality of their latest undertaking
// in the bundle. The walk then shows those answers filled in, saying where
// each came from, and asks the rest.
func (h *Handler) analyserPrefill(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	q, bundle, err := h.questionnaire(r, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	var facts []registers.Fact
	outcome := "none"
	if p.ActingFor != "" && (p.HasRight(p.ActingFor, access.RightView) || p.HasRight(p.ActingFor, access.RightApply)) && h.Registers != nil {
		org, err := h.People.Organisation(ctx, p.ActingFor)
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		if org.BusinessID != "" {
			fetchCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
			fs, err := h.Registers.Facts(fetchCtx, org.BusinessID)
			cancel()
			switch {
			case errs.KindOf(err) == errs.NotFound:
			case err != nil:
				h.log.WarnContext(ctx, "business register facts", "business_id", org.BusinessID, "err", err)
				outcome = "unavailable"
			}
			facts = append(facts, fs...)
		}
	}
	us, err := h.Analyser.Undertakings(ctx, p)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	var latest *analyser.Undertaking
	for i, u := range us {
		if u.Bundle == bundle.Code && u.Municipality != "" && (latest == nil || u.CreatedAt.After(latest.CreatedAt)) {
			latest = &us[i]
		}
	}
	if latest != nil {
		facts = append(facts, registers.Fact{Question: "municipality", Value: latest.Municipality, Source: "earlier"})
	}
	answers, sources := q.Prefill(facts)
	if len(answers) > 0 {
		outcome = "done"
	}
	wk := walk{Answers: answers, Known: sources}
	http.Redirect(w, r, "/"+lang+"/analyser/"+bundle.Code+wk.Query("prefill", outcome), http.StatusSeeOther)
}
