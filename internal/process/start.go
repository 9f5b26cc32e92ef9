package process

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/identity"
)

// ConsumerName is the engine's outbox consumer. There is one for the whole
// cluster: its lease lets one node at a time start instances and deliver
// case events to waiting tokens.
const ConsumerName = "process-engine"

// HandleEvent is the outbox handler: a case event starts the process of the
// case's service when it is the process's start event (application.submitted
// by default), and wakes the tokens waiting for it; a request written with
// RequestTask or RequestStart opens its ad-hoc task or starts its process
// (hooks.go). An event handed over again starts nothing new and wakes
// nothing twice.
func (e *Engine) HandleEvent(ctx context.Context, ev events.Event) error {
	if ev.AggregateType != "case" {
		return nil
	}
	if ev.Topic == TopicTaskRequested || ev.Topic == TopicStartRequested {
		var r requestPayload
		if err := json.Unmarshal(ev.Payload, &r); err != nil {
			return fmt.Errorf("read the payload of event %d (%s): %w", ev.ID, ev.Topic, err)
		}
		if ev.Topic == TopicTaskRequested {
			return e.taskRequested(ctx, ev, r)
		}
		return e.startRequested(ctx, ev, r)
	}
	var p struct {
		Service   string `json:"service"`
		Authority string `json:"authority"`
	}
	if err := json.Unmarshal(ev.Payload, &p); err != nil {
		return fmt.Errorf("read the payload of event %d (%s): %w", ev.ID, ev.Topic, err)
	}
	if p.Service != "" {
		defID, ok, err := e.startable(ctx, e.db.Read, ev.Topic, p.Service, p.Authority, ev.OccurredAt)
		if err != nil {
			return err
		}
		if ok {
			eventID := ev.ID
			if _, err := e.start(ctx, defID, ev.AggregateID, &eventID); err != nil && !domainError(err) {
				return err
			}
		}
	}
	return e.deliver(ctx, ev)
}

// open reports whether a case is sent and still running, so that a process
// may start on it: a backlog of events of cases long decided starts nothing.
func (e *Engine) open(c cases.Case) bool {
	def, ok := e.cases.Model().Def(c.State)
	return c.Sent() && ok && def.Open
}

// StartCase starts definition defID on a case directly, without a start
// event: for tools, benchmarks and a future "start process" button. It
// returns the new instance's id, or "" when the case is not sent or no
// longer open.
func (e *Engine) StartCase(ctx context.Context, defID, caseID string) (string, error) {
	return e.start(ctx, defID, caseID, nil)
}

// start runs a new instance of definition defID for the case until its
// tokens wait. A start event already handled (eventID) starts nothing.
func (e *Engine) start(ctx context.Context, defID, caseID string, eventID *int64) (string, error) {
	id := identity.NewID()
	var failed *failure
	var org string
	started := false
	err := e.db.InTx(ctx, func(tx *sql.Tx) error {
		if eventID != nil {
			var existing string
			err := tx.QueryRowContext(ctx, `SELECT id FROM process_instances WHERE start_event = $1`, *eventID).Scan(&existing)
			if err == nil {
				id = existing
				return nil
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("look up the instance of event %d: %w", *eventID, err)
			}
		}
		def, err := e.model(ctx, tx, defID)
		if err != nil {
			return err
		}
		c, err := e.cases.CaseTx(ctx, tx, caseID)
		if errs.KindOf(err) == errs.NotFound {
			return nil
		}
		if err != nil {
			return err
		}
		if !e.open(c) {
			return nil
		}
		org = c.Authority
		now := e.clock.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO process_instances (id, definition_id, case_id, organisation_id, state, start_event, started_at, updated_at)
VALUES ($1, $2, $3, $4, 'running', $5, $6, $6)`, id, defID, caseID, c.Authority, eventID, now.UTC()); err != nil {
			return fmt.Errorf("insert process instance of case %s: %w", caseID, err)
		}
		in := &instance{ID: id, DefinitionID: defID, CaseID: caseID, Organisation: c.Authority, State: Running, Vars: map[string]any{}}
		s := &step{e: e, ctx: ctx, tx: tx, in: in, def: def, now: now, c: &c, queue: []string{def.Start}}
		if err := s.emit("process.started", map[string]any{}); err != nil {
			return err
		}
		started = true
		err = s.run()
		if f := (*failure)(nil); errors.As(err, &f) {
			failed = f
		}
		return err
	})
	if failed != nil {
		return id, e.startIncident(ctx, id, defID, caseID, org, eventID, failed)
	}
	if err != nil {
		return "", err
	}
	if !started {
		return "", nil
	}
	return id, nil
}

// startIncident keeps an instance whose first step failed, stopped at the
// start, so that people see it and can retry it.
func (e *Engine) startIncident(ctx context.Context, id, defID, caseID, org string, eventID *int64, f *failure) error {
	now := e.clock.Now()
	err := e.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO process_instances (id, definition_id, case_id, organisation_id, state, incident, incident_element,
start_event, started_at, updated_at) VALUES ($1, $2, $3, $4, 'incident', $5, $6, $7, $8, $8)`, id, defID, caseID, org, f.err.Error(), f.element, eventID, now.UTC()); err != nil {
			return fmt.Errorf("insert stopped process instance of case %s: %w", caseID, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO process_history (instance_id, element_id, kind, at, detail) VALUES ($1, $2, 'incident', $3, $4)`,
			id, f.element, now.UTC(), f.err.Error()); err != nil {
			return fmt.Errorf("record incident of process instance %s: %w", id, err)
		}
		_, err := events.Append(ctx, tx, now, events.New{Topic: "process.incident", AggregateType: "process_instance", AggregateID: id,
			Payload: map[string]any{"case": caseID, "element": f.element, "reason": f.err.Error()}})
		return err
	})
	if err != nil {
		return err
	}
	e.log.Warn("process instance stopped at its start", "instance", id, "case", caseID, "element", f.element, "err", f.err)
	return errs.Wrap(errs.Conflict, "the process could not start: "+f.err.Error(), f)
}

// deliver wakes the tokens of the case that wait for the event's topic.
func (e *Engine) deliver(ctx context.Context, ev events.Event) error {
	rows, err := e.db.Read.QueryContext(ctx, `SELECT id, instance_id FROM process_subscriptions
WHERE case_id = $1 AND topic = $2 AND last_event < $3 ORDER BY id`, ev.AggregateID, ev.Topic, ev.ID)
	if err != nil {
		return fmt.Errorf("find the waits for %s: %w", ev.Topic, err)
	}
	type wait struct{ id, instance string }
	var waits []wait
	for rows.Next() {
		var w wait
		if err := rows.Scan(&w.id, &w.instance); err != nil {
			rows.Close()
			return fmt.Errorf("find the waits for %s: %w", ev.Topic, err)
		}
		waits = append(waits, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("find the waits for %s: %w", ev.Topic, err)
	}
	for _, w := range waits {
		_, err := e.advance(ctx, w.instance, false, func(s *step) error {
			var tok, elementID string
			var last int64
			err := s.tx.QueryRowContext(ctx, `SELECT token_id, element_id, last_event FROM process_subscriptions WHERE id = $1`, w.id).Scan(&tok, &elementID, &last)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && last >= ev.ID) {
				return nil // woken already, by this event or another way
			}
			if err != nil {
				return fmt.Errorf("read wait %s: %w", w.id, err)
			}
			if _, err := s.tx.ExecContext(ctx, `UPDATE process_subscriptions SET last_event = $1 WHERE id = $2`, ev.ID, w.id); err != nil {
				return fmt.Errorf("mark wait %s: %w", w.id, err)
			}
			if err := s.trigger(elementID, tok); err != nil {
				return err
			}
			return s.emit("process.message_received", map[string]any{"element": elementID, "topic": ev.Topic, "event": ev.ID})
		})
		if err != nil && !domainError(err) {
			return err
		}
	}
	return nil
}

// trigger fires the timer or message of elementID for the token: a boundary
// event leaves from its activity, interrupting it or not; a catch event or
// receive task lets its own token go on.
func (s *step) trigger(elementID, tok string) error {
	el := s.def.Elements[elementID]
	if el == nil {
		return fmt.Errorf("element %s is not in the definition", elementID)
	}
	if el.Kind != BoundaryEvent {
		ok, err := s.consume(tok)
		if err != nil || !ok {
			return err
		}
		return s.resume(el.ID)
	}
	if el.Interrupting {
		ok, err := s.consume(tok)
		if err != nil || !ok {
			return err
		}
		if _, err := s.tx.ExecContext(s.ctx, `UPDATE process_tasks SET state = 'cancelled' WHERE token_id = $1 AND state = 'open'`, tok); err != nil {
			return fmt.Errorf("cancel the task of %s: %w", el.AttachedTo, err)
		}
		if err := s.history(el.AttachedTo, "cancel", el.ID); err != nil {
			return err
		}
	} else {
		var n int
		if err := s.tx.QueryRowContext(s.ctx, `SELECT count(*) FROM process_tokens WHERE id = $1`, tok).Scan(&n); err != nil {
			return fmt.Errorf("read token %s: %w", tok, err)
		}
		if n == 0 {
			return nil
		}
	}
	s.queue = append(s.queue, el.ID)
	return nil
}
