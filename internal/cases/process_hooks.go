package cases

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
)

// The hooks of the process engine. The engine advances a case inside its own
// transaction, so that a step, the case change and their outbox events
// commit together; these methods take that transaction and apply the same
// rules as the methods people use, acting as the system side.

// ProcessActor is the name the engine's changes are recorded under.
const ProcessActor = "Prosessi"

var processRequest = access.Request{Route: "process"}

// CaseTx reads case id locked for the rest of tx.
func (s *Service) CaseTx(ctx context.Context, tx *sql.Tx, id string) (Case, error) {
	return getCase(ctx, tx, s.db.Dialect, id, true)
}

// SetStateTx moves case id to the state to, for a process step, when the
// model lets the system or the authority make the change; a case already in
// the state is left as it is. Sending, completion requests and decisions
// carry more than a state and are refused.
func (s *Service) SetStateTx(ctx context.Context, tx *sql.Tx, id string, to State, reason string) (Case, error) {
	if to == Submitted || to == Complement || to == Decided {
		return Case{}, errs.E(errs.Invalid, "use the dedicated action for this state")
	}
	c, err := getCase(ctx, tx, s.db.Dialect, id, true)
	if err != nil {
		return Case{}, err
	}
	if c.State == to {
		return c, nil
	}
	if !s.model.Allows(c.State, to, System) && !s.model.Allows(c.State, to, Authority) {
		return Case{}, s.model.check(c.State, to, System)
	}
	err = s.move(ctx, tx, access.Principal{Name: ProcessActor}, processRequest, &c, s.clock.Now(), System, to, strings.TrimSpace(reason))
	return c, err
}

// MessageTx sends the customer a message about case id from the authority,
// for a process step.
func (s *Service) MessageTx(ctx context.Context, tx *sql.Tx, id, body string) (Message, error) {
	body = strings.TrimSpace(body)
	if body == "" {
		return Message{}, errs.E(errs.Invalid, "the message is empty")
	}
	c, err := getCase(ctx, tx, s.db.Dialect, id, true)
	if err != nil {
		return Message{}, err
	}
	if !c.Sent() {
		return Message{}, errs.E(errs.Conflict, "messages are for sent applications")
	}
	now := s.clock.Now()
	m := Message{ID: identity.NewID(), CaseID: c.ID, Side: Authority, AuthorName: ProcessActor, Body: body, CreatedAt: now}
	if err := insertMessage(ctx, tx, m); err != nil {
		return Message{}, err
	}
	if err := s.event(ctx, tx, now, "case.message", c, map[string]any{"side": m.Side, "message": m.ID}); err != nil {
		return Message{}, err
	}
	return m, audit.Record(ctx, tx, s.db.Dialect, now, access.Principal{Name: ProcessActor}, processRequest, "case.message", "case", c.ID, "ok", nil)
}

// ObligationTx records a duty on the customer of case id, for a process
// step, with the same checks as a decision's obligations.
func (s *Service) ObligationTx(ctx context.Context, tx *sql.Tx, id string, o ObligationInput) (Obligation, error) {
	o.Title = strings.TrimSpace(o.Title)
	if o.Title == "" || o.Due.IsZero() || (o.Recurrence != "" && o.Recurrence != "yearly") {
		e := errs.E(errs.Invalid, "the obligation has errors")
		e.Fields = map[string]string{"obligations": "cases.error.obligation"}
		return Obligation{}, e
	}
	c, err := getCase(ctx, tx, s.db.Dialect, id, true)
	if err != nil {
		return Obligation{}, err
	}
	now := s.clock.Now()
	ob := Obligation{ID: identity.NewID(), CaseID: c.ID, PersonID: c.PersonID, ActingFor: c.ActingFor, Title: o.Title,
		Due: o.Due.Format(time.DateOnly), Recurrence: o.Recurrence, CreatedAt: now}
	if _, err := tx.ExecContext(ctx, `INSERT INTO obligations (id, case_id, person_id, acting_for, title, due_date, recurrence, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, ob.ID, ob.CaseID, ob.PersonID, ob.ActingFor, ob.Title, ob.Due, ob.Recurrence, now.UTC()); err != nil {
		return Obligation{}, fmt.Errorf("insert obligation of case %s: %w", c.ID, err)
	}
	return ob, nil
}

// EventTx appends a case event of topic for a process step, with the payload
// every case event carries (number, service, authority, state, version).
func (s *Service) EventTx(ctx context.Context, tx *sql.Tx, c Case, topic string, extra map[string]any) error {
	return s.event(ctx, tx, s.clock.Now(), topic, c, extra)
}
