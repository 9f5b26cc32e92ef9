package work

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/process"
)

// HandleEvent is the outbox handler that applies the queues' rules to the
// tasks the engine opens (process.task_created). Seeing an event again
// assigns nothing twice: only a task still open and free is assigned. A
// task a rule cannot place stays in its queue; only a database failure is
// returned, so that the event is offered again.
func (s *Service) HandleEvent(ctx context.Context, ev events.Event) error {
	if ev.Topic != "process.task_created" {
		return nil
	}
	var p struct {
		Task string `json:"task"`
	}
	if err := json.Unmarshal(ev.Payload, &p); err != nil {
		return fmt.Errorf("read the payload of event %d (%s): %w", ev.ID, ev.Topic, err)
	}
	_, err := s.AutoAssign(ctx, p.Task)
	if err != nil && errs.KindOf(err) != errs.Internal {
		s.log.WarnContext(ctx, "a work queue rule could not assign a task", "task", p.Task, "err", err)
		return nil
	}
	return err
}

// AutoAssign applies the rule of the task's queue to an open task nobody
// holds, and returns who got it ("" when the rule leaves it to be claimed).
func (s *Service) AutoAssign(ctx context.Context, taskID string) (string, error) {
	t, err := s.engine.QueueTask(ctx, taskID)
	if err != nil {
		return "", err
	}
	if t.State != process.TaskOpen || t.AssigneeID != "" {
		return "", nil
	}
	q := process.Queue{Organisation: t.Organisation, Role: t.Role, Unit: t.Unit}
	if r, err := s.rule(ctx, s.db.Read, q); err != nil || r.Kind == Claim {
		return "", err
	}
	cands, err := s.candidates(ctx, q)
	if err != nil || len(cands) == 0 {
		return "", err
	}
	var got string
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		r, err := s.lockRule(ctx, tx, q)
		if err != nil {
			return err
		}
		m, ok, err := s.choose(ctx, tx, r, t, cands)
		if err != nil || !ok {
			return err
		}
		assigned, err := s.engine.AssignTx(ctx, tx, t.ID, m.PersonID, m.Name, string(r.Kind))
		if err != nil || !assigned {
			return err
		}
		got = m.PersonID
		return s.advanceTurn(ctx, tx, q, m.PersonID)
	})
	if err != nil {
		return "", fmt.Errorf("assign task %s by the rule of its queue: %w", taskID, err)
	}
	return got, nil
}

// choose picks the task's holder by the rule among the candidates, who
// are in the order they take turns.
func (s *Service) choose(ctx context.Context, tx *sql.Tx, r Rule, t process.QueueTask, cands []Member) (Member, bool, error) {
	switch r.Kind {
	case RoundRobin:
		return turns(cands, r.last)[0], true, nil
	case LeastLoaded:
		load, err := s.engine.OpenLoadTx(ctx, tx, t.Organisation)
		if err != nil {
			return Member{}, false, err
		}
		// Ties take turns: the first of the least loaded after the last
		// one who got a task.
		order := turns(cands, r.last)
		best := order[0]
		for _, m := range order[1:] {
			if load[m.PersonID] < load[best.PersonID] {
				best = m
			}
		}
		return best, true, nil
	case ByMunicipality:
		m, ok := member(cands, r.Municipalities[t.Municipality])
		return m, ok, nil
	}
	return Member{}, false, nil
}

// turns is the candidates in the order of their next turns: starting after
// the one who got the last task.
func turns(cands []Member, last string) []Member {
	i := slices.IndexFunc(cands, func(m Member) bool { return m.PersonID == last })
	return append(slices.Clone(cands[i+1:]), cands[:i+1]...)
}

// assignWaiting applies the queue's rule to the tasks waiting in it, the
// soonest due first, and returns how many it assigned.
func (s *Service) assignWaiting(ctx context.Context, p access.Principal, q process.Queue) (int, error) {
	const batch = 200
	n, skipped := 0, 0
	for {
		// Assigned tasks leave the list of unassigned ones; those a rule
		// could not place stay at its head and are skipped over.
		page, err := s.engine.QueryTasks(ctx, p, process.TaskQuery{Queue: &q, Unassigned: true, Limit: batch, Offset: skipped})
		if err != nil {
			return n, err
		}
		for _, t := range page.Tasks {
			got, err := s.AutoAssign(ctx, t.ID)
			if err != nil {
				return n, err
			}
			if got != "" {
				n++
			} else {
				skipped++
			}
		}
		if len(page.Tasks) < batch {
			return n, nil
		}
	}
}
