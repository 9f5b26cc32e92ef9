package work

import (
	"cmp"
	"context"
	"slices"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/process"
)

// Queue is one work queue of an organisation: its counts and its rule.
type Queue struct {
	process.QueueCount
	Rule Rule `json:"rule"`
}

// Queues lists org's queues: those with open tasks and those with a rule,
// by role and unit. Due soon means due by the end of this week.
func (s *Service) Queues(ctx context.Context, p access.Principal, org string) ([]Queue, error) {
	if err := mayView(p, org); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	_, week := windows(now)
	counts, err := s.engine.QueueCounts(ctx, p, org, now, week)
	if err != nil {
		return nil, err
	}
	rules, err := s.rules(ctx, org)
	if err != nil {
		return nil, err
	}
	var out []Queue
	for _, c := range counts {
		out = append(out, Queue{QueueCount: c, Rule: Rule{Queue: c.Queue, Kind: Claim}})
	}
	for _, r := range rules {
		i := slices.IndexFunc(out, func(q Queue) bool { return q.Queue == r.Queue })
		if i < 0 {
			out = append(out, Queue{QueueCount: process.QueueCount{Queue: r.Queue}})
			i = len(out) - 1
		}
		out[i].Rule = r
	}
	slices.SortFunc(out, func(a, b Queue) int {
		return cmp.Or(cmp.Compare(roleOrder(a.Role), roleOrder(b.Role)), cmp.Compare(a.Unit, b.Unit))
	})
	return out, nil
}

// roleOrder sorts queues in the order roles are listed everywhere else.
func roleOrder(role string) int {
	i := slices.Index(access.AuthorityRoles(), access.Role(role))
	if i < 0 {
		return len(access.AuthorityRoles())
	}
	return i
}

// Load is one person's open work in an organisation.
type Load struct {
	process.PersonLoad
	// Former marks someone who no longer holds a role that tasks go to,
	// but still holds tasks.
	Former bool `json:"former,omitempty"`
}

// Loads lists the load of each person who works on org's tasks, including
// those holding none, and of anyone else still holding some: for a manager.
func (s *Service) Loads(ctx context.Context, p access.Principal, org string) ([]Load, error) {
	if err := mayManage(p, org); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	_, week := windows(now)
	counts, err := s.engine.Loads(ctx, p, org, now, week)
	if err != nil {
		return nil, err
	}
	members, err := s.members(ctx, org)
	if err != nil {
		return nil, err
	}
	var out []Load
	for _, m := range members {
		l := Load{PersonLoad: process.PersonLoad{PersonID: m.PersonID, Name: m.Name}}
		if i := slices.IndexFunc(counts, func(c process.PersonLoad) bool { return c.PersonID == m.PersonID }); i >= 0 {
			l.PersonLoad = counts[i]
			l.PersonLoad.Name = m.Name
		}
		out = append(out, l)
	}
	// Someone whose role was taken away may still hold tasks, which a
	// manager must see to hand them on.
	for _, c := range counts {
		if _, ok := member(members, c.PersonID); !ok {
			out = append(out, Load{PersonLoad: c, Former: true})
		}
	}
	return out, nil
}
