package analyser

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/workdays"
)

// Service is the analyser: customers answer and save, editors build and
// publish. Every change is audited in its own transaction.
type Service struct {
	*Store
	cat   Catalogue
	clock clock.Clock
	cal   catalog.WorkingDays
	// programs keeps the compiled rules of published versions, which never
	// change, by questionnaire id and version.
	programs sync.Map
}

// NewService returns the analyser on d, asking cat about services.
func NewService(d *db.DB, cat Catalogue, clk clock.Clock) *Service {
	return &Service{Store: NewStore(d), cat: cat, clock: clk, cal: workdays.New()}
}

// program returns the questionnaire's compiled rules, compiling a published
// version only once.
func (s *Service) program(q Questionnaire) (*Program, error) {
	if q.State != StatePublished {
		return q.Compile()
	}
	key := q.ID + "@" + strconv.Itoa(q.Version)
	if p, ok := s.programs.Load(key); ok {
		return p.(*Program), nil
	}
	p, err := q.Compile()
	if err != nil {
		return nil, err
	}
	s.programs.Store(key, p)
	return p, nil
}

// evaluate runs the questionnaire's rules on the answers.
func (s *Service) evaluate(q Questionnaire, a Answers) ([]Finding, []RuleError, error) {
	p, err := s.program(q)
	if err != nil {
		return nil, nil, err
	}
	findings, failed := p.Evaluate(a)
	return findings, failed, nil
}

// Analyse evaluates the answers to a published questionnaire and completes
// what the rules find, and the services picked by hand, from the catalogue.
// Anyone may analyse; nothing is stored.
func (s *Service) Analyse(ctx context.Context, q Questionnaire, a Answers, picked []string) (Outcome, error) {
	a = q.Clean(a)
	findings, failed, err := s.evaluate(q, a)
	if err != nil {
		return Outcome{}, err
	}
	municipality, start := q.where(a)
	o, err := s.outcome(ctx, q.Bundle, municipality, start, findings, picked)
	o.Failed = failed
	return o, err
}

// BundleServices lists the published services of a bundle, for picking by hand.
func (s *Service) BundleServices(ctx context.Context, bundle string) ([]catalog.Service, error) {
	all, err := s.cat.Published(ctx)
	if err != nil {
		return nil, err
	}
	var out []catalog.Service
	for _, svc := range all {
		if svc.InBundle(bundle) {
			out = append(out, svc)
		}
	}
	return out, nil
}

// party checks that p may keep things as the party they act for: anyone for
// themself, and for an organisation only with the right to apply for it.
func party(p access.Principal) error {
	if !p.Authenticated() {
		return errs.E(errs.Unauthenticated, "sign in first")
	}
	if p.ActingFor != "" && !p.HasRight(p.ActingFor, access.RightApply) {
		return errs.E(errs.Forbidden, "no right to apply for the organisation")
	}
	return nil
}

// owns reports whether p, acting as now, sees what was kept for the party:
// everything of the organisation they act for, or their own things.
func owns(p access.Principal, personID, actingFor string) bool {
	if !p.Authenticated() {
		return false
	}
	if actingFor != "" {
		return p.ActingFor == actingFor && (p.HasRight(actingFor, access.RightApply) || p.HasRight(actingFor, access.RightView))
	}
	return p.ActingFor == "" && p.PersonID == personID
}

// cleanPicked keeps the picked services that are published in the bundle, once each.
func (s *Service) cleanPicked(ctx context.Context, bundle string, picked []string) ([]string, error) {
	services, err := s.BundleServices(ctx, bundle)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, id := range picked {
		if slices.ContainsFunc(services, func(svc catalog.Service) bool { return svc.ID == id }) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// newAnalysis evaluates the answers into an analysis for p, not yet stored.
func (s *Service) newAnalysis(ctx context.Context, p access.Principal, q Questionnaire, a Answers, picked []string) (Analysis, error) {
	if q.State != StatePublished {
		return Analysis{}, errs.E(errs.Conflict, "the questionnaire version is not published")
	}
	a = q.Clean(a)
	if problems := Check(q.Questions, a); len(problems) > 0 {
		for id, key := range problems {
			if key == "analyser.answer.required" {
				delete(problems, id) // a customer may stop at any point
			}
		}
		if len(problems) > 0 {
			e := errs.E(errs.Invalid, "the answers have errors")
			e.Fields = problems
			return Analysis{}, e
		}
	}
	findings, _, err := s.evaluate(q, a)
	if err != nil {
		return Analysis{}, err
	}
	if picked, err = s.cleanPicked(ctx, q.Bundle, picked); err != nil {
		return Analysis{}, err
	}
	municipality, start := q.where(a)
	now := s.clock.Now()
	an := Analysis{ID: identity.NewID(), PersonID: p.PersonID, ActingFor: p.ActingFor, Questionnaire: q.ID, Version: q.Version,
		Bundle: q.Bundle, Municipality: municipality, Answers: a, Findings: findings, Picked: picked, CreatedAt: now, UpdatedAt: now}
	if !start.IsZero() {
		an.Start = start.Format("2006-01-02")
	}
	return an, nil
}

// Save keeps the answers, what the rules found and the services picked by
// hand, for the party p acts for.
func (s *Service) Save(ctx context.Context, p access.Principal, req access.Request, q Questionnaire, a Answers, picked []string) (Analysis, error) {
	if err := party(p); err != nil {
		return Analysis{}, err
	}
	an, err := s.newAnalysis(ctx, p, q, a, picked)
	if err != nil {
		return Analysis{}, err
	}
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := insertAnalysis(ctx, tx, an); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.db.Dialect, an.CreatedAt, p, req, "analysis.save", "analysis", an.ID, "ok",
			map[string]any{"questionnaire": q.ID, "version": q.Version, "services": len(an.Findings) + len(an.Picked)})
	})
	return an, err
}

// SavedAnalysis returns an analysis that p may see; another party's is not found.
func (s *Service) SavedAnalysis(ctx context.Context, p access.Principal, id string) (Analysis, error) {
	a, err := s.Analysis(ctx, id)
	if err != nil {
		return Analysis{}, err
	}
	if !owns(p, a.PersonID, a.ActingFor) {
		return Analysis{}, errs.E(errs.NotFound, "no such analysis")
	}
	return a, nil
}

// Analyses lists the analyses of the party p acts for.
func (s *Service) Analyses(ctx context.Context, p access.Principal) ([]Analysis, error) {
	if !owns(p, p.PersonID, p.ActingFor) {
		return nil, errs.E(errs.Forbidden, "no right to see the organisation's analyses")
	}
	return s.AnalysesOf(ctx, p.PersonID, p.ActingFor)
}

// AnalysisOutcome completes a saved analysis from the catalogue as it is now.
func (s *Service) AnalysisOutcome(ctx context.Context, a Analysis) (Outcome, error) {
	start, _ := ParseDate(a.Start)
	return s.outcome(ctx, a.Bundle, a.Municipality, start, a.Findings, a.Picked)
}

// StartInput says what undertaking to start: from a saved analysis, or from
// answers not yet saved (which are saved with it), with a name and the
// services the customer chose among those found and picked.
type StartInput struct {
	AnalysisID    string
	Questionnaire Questionnaire
	Answers       Answers
	Picked        []string
	Name          string
	Services      []string
}

// Start starts an undertaking for the party p acts for.
func (s *Service) Start(ctx context.Context, p access.Principal, req access.Request, in StartInput) (Undertaking, error) {
	if err := party(p); err != nil {
		return Undertaking{}, err
	}
	var an Analysis
	var err error
	saveAnalysis := in.AnalysisID == ""
	if saveAnalysis {
		an, err = s.newAnalysis(ctx, p, in.Questionnaire, in.Answers, in.Picked)
	} else {
		an, err = s.SavedAnalysis(ctx, p, in.AnalysisID)
	}
	if err != nil {
		return Undertaking{}, err
	}
	u, err := s.newUndertaking(ctx, p, an, in)
	if err != nil {
		return Undertaking{}, err
	}
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		if saveAnalysis {
			if err := insertAnalysis(ctx, tx, an); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, s.db.Dialect, u.CreatedAt, p, req, "analysis.save", "analysis", an.ID, "ok",
				map[string]any{"questionnaire": an.Questionnaire, "version": an.Version}); err != nil {
				return err
			}
		}
		if err := insertUndertaking(ctx, tx, u); err != nil {
			return err
		}
		if _, err := events.Append(ctx, tx, u.CreatedAt, events.New{Topic: "undertaking.started", AggregateType: "undertaking", AggregateID: u.ID,
			Payload: map[string]any{"bundle": u.Bundle, "municipality": u.Municipality, "services": u.Services}}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.db.Dialect, u.CreatedAt, p, req, "undertaking.start", "undertaking", u.ID, "ok",
			map[string]any{"analysis": an.ID, "services": len(u.Services)})
	})
	return u, err
}

// newUndertaking checks the name and the chosen services: each must be one
// that the analysis found or picked, or any published service of the bundle.
func (s *Service) newUndertaking(ctx context.Context, p access.Principal, an Analysis, in StartInput) (Undertaking, error) {
	fields := map[string]string{}
	name := strings.TrimSpace(in.Name)
	if name == "" || len([]rune(name)) > 200 {
		fields["name"] = "analyser.error.name"
	}
	bundle, err := s.BundleServices(ctx, an.Bundle)
	if err != nil {
		return Undertaking{}, err
	}
	u := Undertaking{ID: identity.NewID(), PersonID: p.PersonID, ActingFor: p.ActingFor, Name: name, Bundle: an.Bundle,
		Municipality: an.Municipality, Start: an.Start, AnalysisID: an.ID, CreatedAt: s.clock.Now()}
	for _, id := range in.Services {
		if slices.ContainsFunc(u.Services, func(x UndertakingService) bool { return x.Service == id }) {
			continue
		}
		certainty := Picked
		if i := slices.IndexFunc(an.Findings, func(f Finding) bool { return f.Service == id }); i >= 0 {
			certainty = an.Findings[i].Certainty
		} else if !slices.ContainsFunc(bundle, func(svc catalog.Service) bool { return svc.ID == id }) {
			fields["services"] = "analyser.error.service"
			continue
		}
		u.Services = append(u.Services, UndertakingService{Service: id, Certainty: certainty})
	}
	if len(u.Services) == 0 && fields["services"] == "" {
		fields["services"] = "analyser.error.no_services"
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "the undertaking has errors")
		e.Fields = fields
		return Undertaking{}, e
	}
	return u, nil
}

// OwnUndertaking returns an undertaking that p may see; another party's is not found.
func (s *Service) OwnUndertaking(ctx context.Context, p access.Principal, id string) (Undertaking, error) {
	u, err := s.Undertaking(ctx, id)
	if err != nil {
		return Undertaking{}, err
	}
	if !owns(p, u.PersonID, u.ActingFor) {
		return Undertaking{}, errs.E(errs.NotFound, "no such undertaking")
	}
	return u, nil
}

// Undertakings lists the undertakings of the party p acts for.
func (s *Service) Undertakings(ctx context.Context, p access.Principal) ([]Undertaking, error) {
	if !owns(p, p.PersonID, p.ActingFor) {
		return nil, errs.E(errs.Forbidden, "no right to see the organisation's undertakings")
	}
	return s.UndertakingsOf(ctx, p.PersonID, p.ActingFor)
}

// UndertakingOutcome completes an undertaking's services from the catalogue,
// keeping the reasons of the analysis it came from.
func (s *Service) UndertakingOutcome(ctx context.Context, u Undertaking) (Outcome, error) {
	var reasons map[string][]Reason
	if u.AnalysisID != "" {
		if an, err := s.Analysis(ctx, u.AnalysisID); err == nil {
			reasons = map[string][]Reason{}
			for _, f := range an.Findings {
				reasons[f.Service] = f.Reasons
			}
		}
	}
	var findings []Finding
	for _, x := range u.Services {
		findings = append(findings, Finding{Service: x.Service, Certainty: x.Certainty, Reasons: reasons[x.Service]})
	}
	start, _ := ParseDate(u.Start)
	return s.outcome(ctx, u.Bundle, u.Municipality, start, findings, nil)
}
