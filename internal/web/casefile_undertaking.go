package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
)

// casefileUndertakingData is an undertaking's applications: for every
// service it needs, the applications started and a link to start one, and
// the milestones of them all on one timeline.
type casefileUndertakingData struct {
	Undertaking      analyser.Undertaking
	MunicipalityName string
	Services         []casefileUndertakingService
	// Other lists applications tied to the undertaking for services it no
	// longer lists (the analysis changed after they were started).
	Other    []casefileRow
	Timeline []casefileEvent
	// Cases counts the applications; Decided those with a decision.
	Cases, Decided int
}

// casefileUndertakingService is one service of an undertaking with its
// applications.
type casefileUndertakingService struct {
	Item     analyser.Item
	Cases    []casefileRow
	ApplyURL string
}

// casefileUndertakingMax bounds the applications one undertaking page lists; an
// undertaking needs a handful of permits, not hundreds.
const casefileUndertakingMax = 100

// casefileUndertaking shows the applications of one of the party's
// undertakings.
func (h *Handler) casefileUndertaking(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	u, err := h.Analyser.OwnUndertaking(ctx, p, r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	o, err := h.Analyser.UndertakingOutcome(ctx, u)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	entries, _, err := h.Cases.Folder(ctx, p, cases.FolderFilter{Undertaking: u.ID, Sort: "created", Limit: casefileUndertakingMax})
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := casefileUndertakingData{Undertaking: u, MunicipalityName: municipalityName(u.Municipality, lang), Cases: len(entries)}
	used := map[string]bool{}
	for _, it := range o.Items {
		s := casefileUndertakingService{Item: it, ApplyURL: casefileApplyURL(lang, it.Service.ID, u.ID)}
		for _, e := range entries {
			if e.Service == it.Service.ID {
				s.Cases = append(s.Cases, casefileRow{FolderEntry: e, DeadlineDate: casefileDay(e.Deadline)})
				used[e.ID] = true
			}
		}
		d.Services = append(d.Services, s)
	}
	for _, e := range entries {
		if !used[e.ID] {
			d.Other = append(d.Other, casefileRow{FolderEntry: e, DeadlineDate: casefileDay(e.Deadline)})
		}
		if e.DecidedAt != nil {
			d.Decided++
		}
		d.Timeline = append(d.Timeline, casefileMilestones(e.Case)...)
	}
	slices.SortStableFunc(d.Timeline, func(a, b casefileEvent) int { return b.At.Compare(a.At) })
	h.page(w, r, "case-undertaking", Page{Lang: lang, Title: h.catalog.T(lang, "casefile.undertaking.title", "name", strings.TrimSpace(u.Name)),
		Nav: "undertakings", Data: d})
}

// casefileMilestones are the moments of a case that an overview of many
// shows: started, sent and decided. They come from the case itself, so an
// undertaking's timeline costs no query per application.
func casefileMilestones(c cases.Case) []casefileEvent {
	out := []casefileEvent{{At: c.CreatedAt, Started: true, To: cases.Draft, CaseID: c.ID, CaseTitle: c.Title}}
	if c.SubmittedAt != nil {
		out = append(out, casefileEvent{At: *c.SubmittedAt, To: cases.Submitted, CaseID: c.ID, CaseTitle: c.Title})
	}
	if c.DecidedAt != nil {
		out = append(out, casefileEvent{At: *c.DecidedAt, To: cases.Decided, CaseID: c.ID, CaseTitle: c.Title})
	}
	return out
}

// casefileApplyURL is the start page of an application for a service, tied
// to an undertaking.
func casefileApplyURL(lang, service, undertaking string) string {
	return "/" + lang + "/services/" + url.PathEscape(service) + "/apply?undertaking=" + url.QueryEscape(undertaking)
}

// ApplyURL is where an application for a service of the undertaking on the
// result page starts, for the undertaking page's "Apply" links.
func (d resultData) ApplyURL(lang, service string) string {
	return casefileApplyURL(lang, service, d.Undertaking.ID)
}
