package process

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/identity"
)

// act runs a service or send task's built-in action in the step's
// transaction.
func (s *step) act(el *Element) error {
	c, err := s.kase()
	if err != nil {
		return err
	}
	switch el.Action {
	case ActionSetState:
		reason := el.Name
		if reason == "" {
			reason = el.ID
		}
		moved, err := s.e.cases.SetStateTx(s.ctx, s.tx, c.ID, cases.State(el.Params["state"]), reason)
		if err != nil {
			return err
		}
		s.c = &moved
		return nil
	case ActionSendMessage:
		_, err := s.e.cases.MessageTx(s.ctx, s.tx, c.ID, el.Params["message"])
		return err
	case ActionRequestStatement:
		// A statement request is a task for the statement giver; the
		// process goes on without waiting for it (wait with a user task or
		// a timer where the process must).
		return s.createTask(el, "", "statement")
	case ActionCreateObligation:
		_, err := s.e.cases.ObligationTx(s.ctx, s.tx, c.ID, cases.ObligationInput{Title: el.Params["title"],
			Due: el.Due.After(s.now, s.e.cal), Recurrence: el.Params["recurrence"]})
		return err
	case ActionCallWebhook:
		// The integration interface delivers case events to the
		// authority's subscribed systems; the signal is one of them.
		return s.e.cases.EventTx(s.ctx, s.tx, *c, "process."+el.Params["topic"], map[string]any{"instance": s.in.ID, "element": el.ID})
	}
	return fmt.Errorf("unknown action %q", el.Action)
}

// createTask opens a task for the element's candidates: a role in the
// case's authority (or luva:organisation), optionally in one unit, named by
// its id or name.
func (s *step) createTask(el *Element, tok, kind string) error {
	c, err := s.kase()
	if err != nil {
		return err
	}
	org := el.Organisation
	if org == "" {
		org = c.Authority
	}
	unit := ""
	if el.Unit != "" {
		err := s.tx.QueryRowContext(s.ctx, `SELECT id FROM organisation_units WHERE organisation_id = $1 AND (id = $2 OR name = $2 OR name_sv = $2)`,
			org, el.Unit).Scan(&unit)
		// A unit the organisation does not have leaves the task to the
		// whole organisation rather than to nobody.
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("find unit %q of %s: %w", el.Unit, org, err)
		}
	}
	var due any
	if !el.Due.IsZero() {
		due = el.Due.After(s.now, s.e.cal).UTC()
	}
	id := identity.NewID()
	if _, err := s.tx.ExecContext(s.ctx, `INSERT INTO process_tasks (id, instance_id, token_id, case_id, element_id, name, kind,
organisation_id, role, unit_id, state, due_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, $12)`,
		id, s.in.ID, tok, c.ID, el.ID, el.Name, kind, org, el.Role, unit, due, s.now.UTC()); err != nil {
		return fmt.Errorf("open task %s: %w", el.ID, err)
	}
	return s.emit("process.task_created", map[string]any{"task": id, "element": el.ID, "name": el.Name, "kind": kind,
		"role": el.Role, "unit": unit, "task_organisation": org, "due": due})
}

// recordIncident marks an instance whose step failed: it stops where it
// was, with the reason, until someone retries it.
func (e *Engine) recordIncident(ctx context.Context, id string, f *failure) error {
	now := e.clock.Now()
	return e.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE process_instances SET state = 'incident', incident = $1, incident_element = $2, updated_at = $3
WHERE id = $4 AND state = 'running'`, f.err.Error(), f.element, now.UTC(), id)
		if err != nil {
			return fmt.Errorf("mark incident of process instance %s: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO process_history (instance_id, element_id, kind, at, detail) VALUES ($1, $2, 'incident', $3, $4)`,
			id, f.element, now.UTC(), f.err.Error()); err != nil {
			return fmt.Errorf("record incident of process instance %s: %w", id, err)
		}
		e.log.Warn("process instance stopped", "instance", id, "element", f.element, "err", f.err)
		_, err = events.Append(ctx, tx, now, events.New{Topic: "process.incident", AggregateType: "process_instance", AggregateID: id,
			Payload: map[string]any{"element": f.element, "reason": f.err.Error()}})
		return err
	})
}
