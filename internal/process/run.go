package process

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/identity"
)

// instance is the row of a running instance, locked by the step that holds it.
type instance struct {
	ID, DefinitionID, CaseID, Organisation, State string
	Vars                                          map[string]any
}

// The states of an instance.
const (
	Running    = "running"
	Completed  = "completed"
	Terminated = "terminated"
	Incident   = "incident"
)

// lockInstance reads an instance locked for the rest of tx. With skip, an
// instance another node holds is passed over (ok false) instead of waited for.
func (e *Engine) lockInstance(ctx context.Context, tx *sql.Tx, id string, skip bool) (instance, bool, error) {
	q := `SELECT id, definition_id, case_id, organisation_id, state, variables FROM process_instances WHERE id = $1`
	if skip {
		q += e.db.Dialect.SkipLocked()
	} else {
		q += e.db.Dialect.ForUpdate()
	}
	var in instance
	var vars string
	err := tx.QueryRowContext(ctx, q, id).Scan(&in.ID, &in.DefinitionID, &in.CaseID, &in.Organisation, &in.State, &vars)
	if errors.Is(err, sql.ErrNoRows) {
		return instance{}, false, nil
	}
	if err != nil {
		return instance{}, false, fmt.Errorf("lock process instance %s: %w", id, err)
	}
	if err := json.Unmarshal([]byte(vars), &in.Vars); err != nil {
		return instance{}, false, fmt.Errorf("variables of process instance %s: %w", id, err)
	}
	if in.Vars == nil {
		in.Vars = map[string]any{}
	}
	return in, true, nil
}

// step is one transaction of one instance: what triggered it (a task done, a
// timer, a case event) and everything the tokens do until they wait again.
type step struct {
	e   *Engine
	ctx context.Context
	tx  *sql.Tx
	in  *instance
	def *Definition
	now time.Time
	// at is the element being entered, for the incident when a step fails.
	at    string
	queue []string
	c     *cases.Case
	vars  bool // variables changed
}

// failure is a step that cannot go on for a reason in the case or the
// definition, not in the database: the instance is marked for attention.
type failure struct {
	element string
	err     error
}

func (f *failure) Error() string { return fmt.Sprintf("step at %s: %v", f.element, f.err) }

// domainError reports whether err is about the case or the input (a refused
// transition, a missing case) rather than the database or a bug.
func domainError(err error) bool {
	switch errs.KindOf(err) {
	case errs.Invalid, errs.Conflict, errs.NotFound, errs.Forbidden:
		return true
	}
	return false
}

// advance runs fn and then the tokens it released, on instance id, in one
// transaction. fn's own errors go back to the caller; a domain error while
// the tokens move rolls everything back and marks the instance as an
// incident. ok is false when the instance was skipped: held by another
// node (skip), or not running.
func (e *Engine) advance(ctx context.Context, id string, skip bool, fn func(s *step) error) (ok bool, err error) {
	var failed *failure
	err = e.db.InTx(ctx, func(tx *sql.Tx) error {
		in, found, err := e.lockInstance(ctx, tx, id, skip)
		if err != nil || !found || in.State != Running {
			return err
		}
		def, err := e.model(ctx, tx, in.DefinitionID)
		if err != nil {
			return err
		}
		s := &step{e: e, ctx: ctx, tx: tx, in: &in, def: def, now: e.clock.Now()}
		if err := fn(s); err != nil {
			return err
		}
		ok = true
		if err := s.run(); err != nil {
			if f := (*failure)(nil); errors.As(err, &f) {
				failed = f
			}
			return err
		}
		return nil
	})
	if failed != nil {
		if ierr := e.recordIncident(ctx, id, failed); ierr != nil {
			return false, errors.Join(err, ierr)
		}
		return false, errs.Wrap(errs.Conflict, "the process could not continue: "+failed.err.Error(), failed)
	}
	return ok, err
}

// run enters the queued elements until every token waits or the instance ends.
func (s *step) run() error {
	for len(s.queue) > 0 && s.in.State == Running {
		id := s.queue[0]
		s.queue = s.queue[1:]
		s.at = id
		if err := s.enter(s.def.Elements[id]); err != nil {
			if domainError(err) {
				return &failure{element: id, err: err}
			}
			return fmt.Errorf("process %s, element %s: %w", s.def.Key, id, err)
		}
	}
	if s.vars {
		b, err := json.Marshal(s.in.Vars)
		if err != nil {
			return fmt.Errorf("encode process variables: %w", err)
		}
		if _, err := s.tx.ExecContext(s.ctx, `UPDATE process_instances SET variables = $1, updated_at = $2 WHERE id = $3`, string(b), s.now.UTC(), s.in.ID); err != nil {
			return fmt.Errorf("save process variables: %w", err)
		}
	}
	if s.in.State != Running {
		return nil
	}
	var n int
	if err := s.tx.QueryRowContext(s.ctx, `SELECT count(*) FROM process_tokens WHERE instance_id = $1`, s.in.ID).Scan(&n); err != nil {
		return fmt.Errorf("count tokens: %w", err)
	}
	if n == 0 {
		return s.end(Completed)
	}
	_, err := s.tx.ExecContext(s.ctx, `UPDATE process_instances SET updated_at = $1 WHERE id = $2`, s.now.UTC(), s.in.ID)
	return err
}

// enter does what the element does with an arriving token.
func (s *step) enter(el *Element) error {
	if err := s.history(el.ID, "enter", ""); err != nil {
		return err
	}
	switch el.Kind {
	case StartEvent, ThrowEvent, ManualTask, PlainTask, BoundaryEvent:
		return s.leave(el)
	case EndEvent:
		if err := s.history(el.ID, "leave", ""); err != nil {
			return err
		}
		if el.Terminate {
			return s.end(Completed)
		}
		return nil
	case ServiceTask, SendTask:
		if err := s.act(el); err != nil {
			return err
		}
		return s.leave(el)
	case ExclusiveGateway:
		return s.choose(el)
	case ParallelGateway:
		return s.join(el)
	case UserTask, ReceiveTask, CatchEvent:
		return s.wait(el)
	}
	return fmt.Errorf("element kind %s cannot run", el.Kind)
}

// leave records the token leaving el along all its outgoing flows.
func (s *step) leave(el *Element) error {
	if err := s.history(el.ID, "leave", ""); err != nil {
		return err
	}
	for _, fid := range el.Outgoing {
		s.queue = append(s.queue, s.def.Flows[fid].Target)
	}
	return nil
}

// choose takes the first flow, in document order, whose condition holds, or
// else the default flow.
func (s *step) choose(el *Element) error {
	if len(el.Outgoing) == 1 {
		return s.leave(el)
	}
	x, err := s.facts()
	if err != nil {
		return err
	}
	taken := ""
	for _, fid := range el.Outgoing {
		if fid != el.Default && s.def.Flows[fid].holds(x) {
			taken = fid
			break
		}
	}
	if taken == "" {
		taken = el.Default
	}
	if taken == "" {
		return errs.E(errs.Conflict, "no condition of gateway "+el.ID+" holds and it has no default flow")
	}
	if err := s.history(el.ID, "leave", taken); err != nil {
		return err
	}
	s.queue = append(s.queue, s.def.Flows[taken].Target)
	return nil
}

// join waits at a parallel gateway until a token has arrived on each
// incoming flow, then continues on every outgoing flow.
func (s *step) join(el *Element) error {
	if len(el.Incoming) > 1 {
		var arrived int
		if err := s.tx.QueryRowContext(s.ctx, `SELECT count(*) FROM process_tokens WHERE instance_id = $1 AND element_id = $2`, s.in.ID, el.ID).Scan(&arrived); err != nil {
			return fmt.Errorf("count tokens at join %s: %w", el.ID, err)
		}
		if arrived+1 < len(el.Incoming) {
			_, err := s.token(el.ID)
			return err
		}
		if _, err := s.tx.ExecContext(s.ctx, `DELETE FROM process_tokens WHERE instance_id = $1 AND element_id = $2`, s.in.ID, el.ID); err != nil {
			return fmt.Errorf("join tokens at %s: %w", el.ID, err)
		}
	}
	return s.leave(el)
}

// token stores a waiting token at the element.
func (s *step) token(elementID string) (string, error) {
	id := identity.NewID()
	if _, err := s.tx.ExecContext(s.ctx, `INSERT INTO process_tokens (id, instance_id, element_id, created_at) VALUES ($1, $2, $3, $4)`,
		id, s.in.ID, elementID, s.now.UTC()); err != nil {
		return "", fmt.Errorf("store token at %s: %w", elementID, err)
	}
	return id, nil
}

// wait parks a token at a user task, receive task or catch event, with its
// task, timer or subscription, and arms the boundary events.
func (s *step) wait(el *Element) error {
	tok, err := s.token(el.ID)
	if err != nil {
		return err
	}
	switch {
	case el.Kind == UserTask:
		if err := s.createTask(el, tok, "user"); err != nil {
			return err
		}
	case el.Timer != nil:
		if err := s.arm(el, tok); err != nil {
			return err
		}
	case el.Message != "":
		if err := s.subscribe(el, tok); err != nil {
			return err
		}
	}
	for _, bid := range el.Boundaries {
		b := s.def.Elements[bid]
		if b.Timer != nil {
			if err := s.arm(b, tok); err != nil {
				return err
			}
		} else if err := s.subscribe(b, tok); err != nil {
			return err
		}
	}
	return nil
}

// arm sets the timer of el for the token.
func (s *step) arm(el *Element, tok string) error {
	due := el.Timer.Date
	if due.IsZero() {
		due = el.Timer.Span.After(s.now, s.e.cal)
	}
	if _, err := s.tx.ExecContext(s.ctx, `INSERT INTO process_timers (id, instance_id, token_id, element_id, due_at, state)
VALUES ($1, $2, $3, $4, $5, 'pending')`, identity.NewID(), s.in.ID, tok, el.ID, due.UTC()); err != nil {
		return fmt.Errorf("set timer %s: %w", el.ID, err)
	}
	return nil
}

// subscribe makes the token wait for the case event el names.
func (s *step) subscribe(el *Element, tok string) error {
	if _, err := s.tx.ExecContext(s.ctx, `INSERT INTO process_subscriptions (id, instance_id, token_id, element_id, case_id, topic)
VALUES ($1, $2, $3, $4, $5, $6)`, identity.NewID(), s.in.ID, tok, el.ID, s.in.CaseID, el.Message); err != nil {
		return fmt.Errorf("wait for %s at %s: %w", el.Message, el.ID, err)
	}
	return nil
}

// consume takes the waiting token off its element, with its boundary timers
// and subscriptions. It reports false when the token is gone already: the
// task was completed, the timer fired or the message came first.
func (s *step) consume(tok string) (bool, error) {
	res, err := s.tx.ExecContext(s.ctx, `DELETE FROM process_tokens WHERE id = $1 AND instance_id = $2`, tok, s.in.ID)
	if err != nil {
		return false, fmt.Errorf("take token %s: %w", tok, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	if _, err := s.tx.ExecContext(s.ctx, `UPDATE process_timers SET state = 'cancelled' WHERE token_id = $1 AND state = 'pending'`, tok); err != nil {
		return false, fmt.Errorf("cancel the timers of token %s: %w", tok, err)
	}
	if _, err := s.tx.ExecContext(s.ctx, `DELETE FROM process_subscriptions WHERE token_id = $1`, tok); err != nil {
		return false, fmt.Errorf("cancel the waits of token %s: %w", tok, err)
	}
	return true, nil
}

// resume moves a consumed token on from its element.
func (s *step) resume(elementID string) error {
	el := s.def.Elements[elementID]
	if el == nil {
		return fmt.Errorf("element %s is not in the definition", elementID)
	}
	return s.leave(el)
}

// end finishes the instance: every token, task, timer and wait left is
// cancelled.
func (s *step) end(state string) error {
	ctx, tx, now := s.ctx, s.tx, s.now.UTC()
	for _, q := range []string{
		`UPDATE process_tasks SET state = 'cancelled' WHERE instance_id = $1 AND state = 'open'`,
		`UPDATE process_timers SET state = 'cancelled' WHERE instance_id = $1 AND state = 'pending'`,
		`DELETE FROM process_subscriptions WHERE instance_id = $1`,
		`DELETE FROM process_tokens WHERE instance_id = $1`,
	} {
		if _, err := tx.ExecContext(ctx, q, s.in.ID); err != nil {
			return fmt.Errorf("end process instance %s: %w", s.in.ID, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE process_instances SET state = $1, ended_at = $2, updated_at = $2 WHERE id = $3`, state, now, s.in.ID); err != nil {
		return fmt.Errorf("end process instance %s: %w", s.in.ID, err)
	}
	s.in.State = state
	s.queue = nil
	return s.emit("process."+state, map[string]any{})
}

// history records an element entered, left or cancelled.
func (s *step) history(elementID, kind, detail string) error {
	if _, err := s.tx.ExecContext(s.ctx, `INSERT INTO process_history (instance_id, element_id, kind, at, detail) VALUES ($1, $2, $3, $4, $5)`,
		s.in.ID, elementID, kind, s.now.UTC(), detail); err != nil {
		return fmt.Errorf("record %s of %s: %w", kind, elementID, err)
	}
	return nil
}

// emit appends the step's outbox event; the payload always names the
// instance's case, definition and organisation.
func (s *step) emit(topic string, payload map[string]any) error {
	payload["case"] = s.in.CaseID
	payload["definition"] = s.in.DefinitionID
	payload["process"] = s.def.Key
	payload["organisation"] = s.in.Organisation
	_, err := events.Append(s.ctx, s.tx, s.now, events.New{Topic: topic, AggregateType: "process_instance", AggregateID: s.in.ID, Payload: payload})
	return err
}

// kase reads the instance's case, locked for the rest of the step.
func (s *step) kase() (*cases.Case, error) {
	if s.c == nil {
		c, err := s.e.cases.CaseTx(s.ctx, s.tx, s.in.CaseID)
		if err != nil {
			return nil, err
		}
		s.c = &c
	}
	return s.c, nil
}

// facts is what conditions see of the case and the instance.
func (s *step) facts() (facts, error) {
	c, err := s.kase()
	if err != nil {
		return facts{}, err
	}
	return facts{State: string(c.State), Service: c.Service, Municipality: c.Municipality, Authority: c.Authority,
		Answers: c.Answers, Vars: s.in.Vars}, nil
}
