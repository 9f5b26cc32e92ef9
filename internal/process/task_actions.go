package process

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/events"
)

// Claim takes an open task for p, who must be one of its candidates or
// manage its organisation. Claiming one's own task again changes nothing;
// a task someone else holds is a conflict (a manager reassigns it).
func (e *Engine) Claim(ctx context.Context, p access.Principal, req access.Request, id string) (Task, error) {
	return e.setAssignee(ctx, p, req, id, p.PersonID, p.Name, "process.task.claim", func(t Task) error {
		if !candidate(p, t) && !manages(p, t) {
			return errs.E(errs.Forbidden, "the task is for another role")
		}
		if t.AssigneeID != "" && t.AssigneeID != p.PersonID {
			return errs.E(errs.Conflict, "the task is already taken by "+t.AssigneeName)
		}
		return nil
	})
}

// Assign gives an open task to a person, or back to the queue with an empty
// personID: the manager's reassignment. The work-queue rules choose whom.
func (e *Engine) Assign(ctx context.Context, p access.Principal, req access.Request, id, personID, name string) (Task, error) {
	return e.setAssignee(ctx, p, req, id, personID, strings.TrimSpace(name), "process.task.assign", func(t Task) error {
		if !manages(p, t) {
			return errs.E(errs.Forbidden, "only a manager assigns tasks")
		}
		return nil
	})
}

func (e *Engine) setAssignee(ctx context.Context, p access.Principal, req access.Request, id, personID, name, action string, allowed func(Task) error) (Task, error) {
	var out Task
	err := e.db.InTx(ctx, func(tx *sql.Tx) error {
		t, err := e.task(ctx, tx, id)
		if err != nil {
			return err
		}
		if mayRead(p, t.Organisation) != nil && t.AssigneeID != p.PersonID {
			return errs.E(errs.NotFound, "no such task")
		}
		if t.State != TaskOpen {
			return errs.E(errs.Conflict, "the task is no longer open")
		}
		if err := allowed(t); err != nil {
			return err
		}
		if t.AssigneeID == personID {
			out = t
			return nil
		}
		now := e.clock.Now()
		res, err := tx.ExecContext(ctx, `UPDATE process_tasks SET assignee_id = $1, assignee_name = $2 WHERE id = $3 AND state = 'open' AND assignee_id = $4`,
			personID, name, id, t.AssigneeID)
		if err != nil {
			return fmt.Errorf("assign task %s: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errs.E(errs.Conflict, "the task changed meanwhile; reload it")
		}
		t.AssigneeID, t.AssigneeName = personID, name
		if _, err := events.Append(ctx, tx, now, events.New{Topic: "process.task_assigned", AggregateType: "process_instance", AggregateID: t.InstanceID,
			Payload: map[string]any{"task": id, "case": t.CaseID, "assignee": personID, "organisation": t.Organisation}}); err != nil {
			return err
		}
		out = t
		return audit.Record(ctx, tx, e.db.Dialect, now, p, req, action, "process_task", id, "ok", map[string]any{"assignee": personID})
	})
	return out, err
}

// Complete finishes a task with its result, whose values become process
// variables that later gateways read (vars.outcome). The task's token moves
// on in the same transaction. Completing a completed task again changes
// nothing and returns it as it is, so a double click or two nodes acting
// at once have one effect.
func (e *Engine) Complete(ctx context.Context, p access.Principal, req access.Request, id string, result map[string]any) (Task, error) {
	t, err := e.task(ctx, e.db.Read, id)
	if err != nil {
		return Task{}, err
	}
	if mayRead(p, t.Organisation) != nil && t.AssigneeID != p.PersonID {
		return Task{}, errs.E(errs.NotFound, "no such task")
	}
	if t.State == TaskCompleted {
		return t, nil
	}
	if result == nil {
		result = map[string]any{}
	}
	b, err := json.Marshal(result)
	if err != nil {
		return Task{}, errs.Wrap(errs.Invalid, "the result cannot be stored", err)
	}
	done := func(s *step) error {
		tx, now := s.tx, s.now
		cur, err := e.task(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case cur.State == TaskCompleted:
			return nil // completed meanwhile: once is enough
		case cur.State != TaskOpen:
			return errs.E(errs.Conflict, "the task is no longer open")
		case !(cur.AssigneeID == p.PersonID || (cur.AssigneeID == "" && candidate(p, cur)) || manages(p, cur)):
			return errs.E(errs.Forbidden, "the task is someone else's")
		}
		assignee, name := cur.AssigneeID, cur.AssigneeName
		if assignee == "" {
			assignee, name = p.PersonID, p.Name
		}
		res, err := tx.ExecContext(ctx, `UPDATE process_tasks SET state = 'completed', completed_at = $1, completed_by = $2, completed_by_name = $3,
result = $4, assignee_id = $5, assignee_name = $6 WHERE id = $7 AND state = 'open'`, now.UTC(), p.PersonID, p.Name, string(b), assignee, name, id)
		if err != nil {
			return fmt.Errorf("complete task %s: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		if s.in != nil && len(result) > 0 {
			maps.Copy(s.in.Vars, result)
			s.vars = true
		}
		if s.in != nil && cur.tokenID != "" {
			ok, err := s.consume(cur.tokenID)
			if err != nil {
				return err
			}
			if ok {
				if err := s.resume(cur.ElementID); err != nil {
					return err
				}
			}
		}
		if _, err := events.Append(ctx, tx, now, events.New{Topic: "process.task_completed", AggregateType: "process_instance", AggregateID: cur.InstanceID,
			Payload: map[string]any{"task": id, "case": cur.CaseID, "element": cur.ElementID, "organisation": cur.Organisation, "result": result}}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, e.db.Dialect, now, p, req, "process.task.complete", "process_task", id, "ok", map[string]any{"case": cur.CaseID})
	}
	if t.tokenID == "" {
		// A statement request holds no token: the process does not wait
		// for it, and it can be answered even after the process ended.
		err = e.db.InTx(ctx, func(tx *sql.Tx) error {
			return done(&step{e: e, ctx: ctx, tx: tx, now: e.clock.Now()})
		})
	} else {
		var ok bool
		ok, err = e.advance(ctx, t.InstanceID, false, done)
		if err == nil && !ok {
			// The instance is not running: done already, when another
			// completion of this task ended it, or stopped.
			if cur, rerr := e.task(ctx, e.db.Read, id); rerr != nil || cur.State != TaskCompleted {
				err = errs.E(errs.Conflict, "the process of the task is not running")
			}
		}
	}
	if err != nil {
		return Task{}, err
	}
	return e.task(ctx, e.db.Read, id)
}
