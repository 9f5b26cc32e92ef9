package catalog

import (
	"slices"
	"strings"
	"time"
)

// Provider is an authority that handles a service somewhere.
type Provider struct {
	ID             string
	Name           string
	NameSV         string
	AuthorityType  string
	Code           string   // national agencies: "tukes", "stuk", …
	Municipalities []string // empty: serves everywhere
}

// DisplayName is the provider's name in lang.
func (p Provider) DisplayName(lang string) string {
	if lang == "sv" && p.NameSV != "" {
		return p.NameSV
	}
	return p.Name
}

// Serves reports whether the provider serves the municipality.
func (p Provider) Serves(municipality string) bool {
	return len(p.Municipalities) == 0 || slices.Contains(p.Municipalities, municipality)
}

// Handler picks who handles the service in the municipality: the national
// agency it names, or the local authority of its kind that serves there.
func (s Service) Handler(providers []Provider, municipality string) (Provider, bool) {
	for _, p := range providers {
		if s.NationalAgency != "" {
			if p.Code == s.NationalAgency {
				return p, true
			}
			continue
		}
		if p.AuthorityType == s.AuthorityType && p.AuthorityType != "national_agency" && municipality != "" && p.Serves(municipality) {
			return p, true
		}
	}
	return Provider{}, false
}

// WorkingDays counts working days; the Finnish calendar implements it.
type WorkingDays interface {
	AddWorkingDays(t time.Time, n int) time.Time
}

// Deadline is the last day to send the service for an activity that starts on
// start: lead days before it, counted in working days when the law says so.
// The zero time means the service has no lead time.
func (s Service) Deadline(start time.Time, cal WorkingDays) time.Time {
	if s.LeadTime.Days == 0 || start.IsZero() {
		return time.Time{}
	}
	if s.LeadTime.WorkingDays {
		return cal.AddWorkingDays(start, -s.LeadTime.Days)
	}
	return start.AddDate(0, 0, -s.LeadTime.Days)
}

// SummaryItem is one service of a bundle summary.
type SummaryItem struct {
	Service  Service
	Handler  Provider
	Handled  bool      // false when no authority in luva serves the municipality
	Deadline time.Time // zero: no lead time
}

// Summarise lists what an undertaking of the bundle in the municipality
// needs, who handles each and by when to send it for a start on start,
// earliest deadline first.
func Summarise(services []Service, bundle, municipality string, start time.Time, providers []Provider, cal WorkingDays) []SummaryItem {
	var out []SummaryItem
	for _, s := range services {
		if !s.InBundle(bundle) {
			continue
		}
		h, ok := s.Handler(providers, municipality)
		out = append(out, SummaryItem{Service: s, Handler: h, Handled: ok, Deadline: s.Deadline(start, cal)})
	}
	slices.SortStableFunc(out, func(a, b SummaryItem) int {
		switch {
		case a.Deadline.Equal(b.Deadline):
			return 0
		case a.Deadline.IsZero():
			return 1
		case b.Deadline.IsZero():
			return -1
		case a.Deadline.Before(b.Deadline):
			return -1
		}
		return 1
	})
	return out
}

// Filter keeps the services in the bundle (any, when empty) that someone in
// luva handles in the municipality (anywhere, when empty) and whose text in
// lang holds every word of q, sorted by name in lang.
func Filter(all []Service, providers []Provider, bundle, municipality, q, lang string) []Service {
	words := strings.Fields(strings.ToLower(q))
	out := []Service{}
	for _, s := range all {
		if bundle != "" && !s.InBundle(bundle) {
			continue
		}
		if municipality != "" {
			if _, ok := s.Handler(providers, municipality); !ok {
				continue
			}
		}
		text := s.Texts.In(lang)
		hay := strings.ToLower(text.Name + " " + text.Summary + " " + text.Guidance)
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(hay, w) }) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b Service) int { return strings.Compare(a.Name(lang), b.Name(lang)) })
	return out
}
