package work

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/process"
)

// Kind is how a queue's new tasks find their holder.
type Kind string

// The rules; Claim, the default, leaves tasks to be claimed.
const (
	Claim          Kind = "claim"
	RoundRobin     Kind = "round_robin"
	LeastLoaded    Kind = "least_loaded"
	ByMunicipality Kind = "municipality"
)

// Kinds lists the rules in the order the pages offer them.
func Kinds() []Kind { return []Kind{Claim, RoundRobin, LeastLoaded, ByMunicipality} }

// Rule is a queue's assignment rule.
type Rule struct {
	process.Queue
	Kind Kind `json:"kind"`
	// Municipalities maps municipality codes to the person who gets the
	// tasks of cases there, for the rule by municipality.
	Municipalities map[string]string `json:"municipalities,omitempty"`
	UpdatedByName  string            `json:"updated_by_name,omitempty"`
	UpdatedAt      *time.Time        `json:"updated_at,omitempty"`

	// last is where turns left off.
	last string
}

// RuleInput is a rule as a manager sets it. ApplyNow also distributes the
// tasks already waiting in the queue.
type RuleInput struct {
	Queue          process.Queue
	Kind           Kind
	Municipalities map[string]string
	ApplyNow       bool
}

// Rule returns a queue's rule; a queue without one is worked by claiming.
func (s *Service) Rule(ctx context.Context, p access.Principal, q process.Queue) (Rule, error) {
	if err := mayView(p, q.Organisation); err != nil {
		return Rule{}, err
	}
	return s.rule(ctx, s.db.Read, q)
}

// Rules lists the rules set in org.
func (s *Service) Rules(ctx context.Context, p access.Principal, org string) ([]Rule, error) {
	if err := mayView(p, org); err != nil {
		return nil, err
	}
	return s.rules(ctx, org)
}

// SetRule sets a queue's rule and, when asked, assigns the tasks waiting in
// it by the new rule; it returns the rule and how many tasks it assigned.
// Setting claim keeps the row, so that turns continue where they were if
// an automatic rule comes back.
func (s *Service) SetRule(ctx context.Context, p access.Principal, req access.Request, in RuleInput) (Rule, int, error) {
	q := in.Queue
	if err := mayManage(p, q.Organisation); err != nil {
		return Rule{}, 0, err
	}
	in.Municipalities = maps.Clone(in.Municipalities)
	if err := s.checkRule(ctx, in); err != nil {
		return Rule{}, 0, err
	}
	if in.Kind != ByMunicipality {
		in.Municipalities = nil
	}
	now := s.clock.Now()
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := s.putRule(ctx, tx, in, p, now); err != nil {
			return err
		}
		if _, err := events.Append(ctx, tx, now, events.New{Topic: "work.rule_set", AggregateType: "organisation", AggregateID: q.Organisation,
			Payload: map[string]any{"organisation": q.Organisation, "role": q.Role, "unit": q.Unit, "kind": in.Kind}}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "work.rule.set", "organisation", q.Organisation, "ok",
			map[string]any{"role": q.Role, "unit": q.Unit, "kind": in.Kind, "municipalities": in.Municipalities})
	})
	if err != nil {
		return Rule{}, 0, err
	}
	assigned := 0
	if in.ApplyNow && in.Kind != Claim {
		if assigned, err = s.assignWaiting(ctx, p, q); err != nil {
			return Rule{}, assigned, err
		}
	}
	r, err := s.rule(ctx, s.db.Read, q)
	return r, assigned, err
}

// checkRule refuses a rule that cannot work, with the field and the
// message key of each problem.
func (s *Service) checkRule(ctx context.Context, in RuleInput) error {
	q := in.Queue
	fields := map[string]string{}
	if !slices.Contains(workRoles, access.Role(q.Role)) {
		fields["role"] = "work.error.role"
	}
	if q.Unit != "" {
		units, err := s.people.Units(ctx, q.Organisation)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(units, func(u identity.Unit) bool { return u.ID == q.Unit }) {
			fields["unit"] = "work.error.unit"
		}
	}
	if !slices.Contains(Kinds(), in.Kind) {
		fields["kind"] = "work.error.kind"
	}
	if in.Kind == ByMunicipality {
		if err := s.checkMunicipalities(ctx, in, fields); err != nil {
			return err
		}
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "the rule has errors")
		e.Fields = fields
		return e
	}
	return nil
}

// checkMunicipalities checks the table of the rule by municipality: the
// authority serves each municipality, and each person is a candidate of
// the queue. A row left empty is dropped.
func (s *Service) checkMunicipalities(ctx context.Context, in RuleInput, fields map[string]string) error {
	org, err := s.people.Organisation(ctx, in.Queue.Organisation)
	if err != nil {
		return err
	}
	cands, err := s.candidates(ctx, in.Queue)
	if err != nil {
		return err
	}
	known, err := identity.Municipalities()
	if err != nil {
		return err
	}
	set := 0
	for _, code := range slices.Sorted(maps.Keys(in.Municipalities)) {
		person := strings.TrimSpace(in.Municipalities[code])
		if person == "" {
			delete(in.Municipalities, code)
			continue
		}
		set++
		field := "municipality-" + code
		if !slices.ContainsFunc(known, func(m identity.Municipality) bool { return m.Code == code }) || !org.Serves(code) {
			fields[field] = "work.error.municipality"
		} else if _, ok := member(cands, person); !ok {
			fields[field] = "work.error.not_candidate"
		}
	}
	if set == 0 {
		fields["kind"] = "work.error.municipality_none"
	}
	return nil
}
