package analyser

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/luva-fi/luva/internal/catalog"
)

// Outcome is what an analysis tells the customer: each service found or
// picked, with its reasons, who handles it in the municipality and the last
// day to send it for the start date.
type Outcome struct {
	Bundle       string      `json:"bundle"`
	Municipality string      `json:"municipality"`
	Start        time.Time   `json:"-"`
	Items        []Item      `json:"items"`
	Failed       []RuleError `json:"failed_rules,omitempty"`
}

// Item is one service of an outcome.
type Item struct {
	Service   catalog.Service  `json:"service"`
	Certainty string           `json:"certainty"`
	Reasons   []Reason         `json:"reasons"`
	Handler   catalog.Provider `json:"-"`
	Handled   bool             `json:"handled"` // false: no authority in luva serves the municipality (or none was given)
	Deadline  time.Time        `json:"-"`       // zero: no lead time, or no start date
	Late      bool             `json:"late"`    // the deadline has passed
}

// With lists the items of one certainty.
func (o Outcome) With(certainty string) []Item {
	var out []Item
	for _, it := range o.Items {
		if it.Certainty == certainty {
			out = append(out, it)
		}
	}
	return out
}

// Has reports whether the service is among the items.
func (o Outcome) Has(serviceID string) bool {
	return slices.ContainsFunc(o.Items, func(it Item) bool { return it.Service.ID == serviceID })
}

// Catalogue is what the analyser asks of the service catalogue.
type Catalogue interface {
	Published(ctx context.Context) ([]catalog.Service, error)
	Definition(ctx context.Context, id string) (catalog.Service, error)
	Providers(ctx context.Context) ([]catalog.Provider, error)
}

// outcome completes findings and picked services with the catalogue: the
// service's texts and legal basis, its handler in the municipality and its
// deadline. Services no longer published are left out. Certain services come
// first, then possible, then picked; each group earliest deadline first.
func (s *Service) outcome(ctx context.Context, bundle, municipality string, start time.Time, findings []Finding, picked []string) (Outcome, error) {
	published, err := s.cat.Published(ctx)
	if err != nil {
		return Outcome{}, err
	}
	providers, err := s.cat.Providers(ctx)
	if err != nil {
		return Outcome{}, err
	}
	byID := map[string]catalog.Service{}
	for _, svc := range published {
		byID[svc.ID] = svc
	}
	today := s.clock.Now()
	o := Outcome{Bundle: bundle, Municipality: municipality, Start: start}
	add := func(id, certainty string, reasons []Reason) {
		svc, ok := byID[id]
		if !ok || o.Has(id) {
			return
		}
		h, handled := svc.Handler(providers, municipality)
		it := Item{Service: svc, Certainty: certainty, Reasons: reasons, Handler: h, Handled: handled, Deadline: svc.Deadline(start, s.cal)}
		if reasons == nil {
			it.Reasons = []Reason{}
		}
		it.Late = !it.Deadline.IsZero() && it.Deadline.Before(startOfDay(today))
		o.Items = append(o.Items, it)
	}
	for _, f := range findings {
		add(f.Service, f.Certainty, f.Reasons)
	}
	for _, id := range picked {
		add(id, Picked, nil)
	}
	rank := map[string]int{Certain: 0, Possible: 1, Picked: 2}
	slices.SortStableFunc(o.Items, func(a, b Item) int {
		if c := cmp.Compare(rank[a.Certainty], rank[b.Certainty]); c != 0 {
			return c
		}
		switch {
		case a.Deadline.Equal(b.Deadline):
			return 0
		case a.Deadline.IsZero():
			return 1
		case b.Deadline.IsZero():
			return -1
		}
		return a.Deadline.Compare(b.Deadline)
	})
	return o, nil
}

func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// where reads the municipality and start date from the answers.
func (q Questionnaire) where(a Answers) (municipality string, start time.Time) {
	if x, ok := q.MunicipalityQuestion(); ok && knownMunicipality(a.Value(x.ID)) {
		municipality = a.Value(x.ID)
	}
	if x, ok := q.StartQuestion(); ok {
		start, _ = ParseDate(a.Value(x.ID))
	}
	return municipality, start
}
