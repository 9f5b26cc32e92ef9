package messaging

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/events"
)

// ConsumerName is the outbox consumer that runs the triggers. There is one
// for the whole cluster: its lease lets one node at a time fire triggers.
const ConsumerName = "triggers"

// HandleEvent is the outbox handler: a case event of an authority fires each
// of the authority's enabled triggers that wait for its topic, existed when
// it happened and whose condition holds. Everything one event does is written
// in one transaction with the record of each firing, so an event handed over
// again after a crash fires nothing twice.
func (s *Service) HandleEvent(ctx context.Context, e events.Event) error {
	if e.AggregateType != "case" || !slices.Contains(Topics(), e.Topic) {
		return nil
	}
	var payload map[string]any
	if err := json.Unmarshal(e.Payload, &payload); err != nil {
		return fmt.Errorf("read the payload of event %d (%s): %w", e.ID, e.Topic, err)
	}
	org, _ := payload["authority"].(string)
	if org == "" {
		return nil
	}
	now := s.clock.Now().UTC()
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := ensureDefaults(ctx, tx, org, now); err != nil {
			return err
		}
		rules, err := listTriggers(ctx, tx, org, e.Topic)
		if err != nil {
			return err
		}
		for _, t := range rules {
			// A rule acts on what happens after it was made, not on the
			// backlog of a consumer that was behind or of a new install.
			if e.OccurredAt.Before(t.CreatedAt) {
				continue
			}
			done, err := fired(ctx, tx, t.ID, e.ID)
			if err != nil {
				return err
			}
			if done {
				continue
			}
			outcome, detail, err := s.fire(ctx, tx, t, e, payload, now)
			if err != nil {
				return fmt.Errorf("fire trigger %s on event %d (%s): %w", t.ID, e.ID, e.Topic, err)
			}
			if err := recordFiring(ctx, tx, t.ID, e.ID, outcome, detail, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// The outcomes of a firing.
const (
	firedOK     = "done"
	firedNo     = "condition_false"
	firedError  = "condition_error"
	firedNobody = "no_recipient"
)

// fire carries out t for event e and says what came of it. A condition that
// fails to evaluate does not stop the other rules: it is recorded instead.
func (s *Service) fire(ctx context.Context, tx *sql.Tx, t Trigger, e events.Event, payload map[string]any, now time.Time) (string, string, error) {
	ok, err := holds(t.Condition, e.Topic, payload)
	if err != nil {
		return firedError, err.Error(), nil
	}
	if !ok {
		return firedNo, "", nil
	}
	number, _ := payload["number"].(string)
	switch t.Action {
	case CreateTask:
		if s.tasks == nil {
			return firedError, "no task list is wired into this server", nil
		}
		err := s.tasks.CreateTask(ctx, tx, TaskRequest{OrganisationID: t.OrganisationID, Role: t.Target, CaseID: e.AggregateID, CaseNumber: number,
			TriggerID: t.ID, TriggerName: t.Name, Topic: e.Topic, EventID: e.ID, Payload: e.Payload})
		return firedOK, "", err
	case StartProcess:
		if s.processes == nil {
			return firedError, "no process engine is wired into this server", nil
		}
		err := s.processes.StartProcess(ctx, tx, ProcessRequest{OrganisationID: t.OrganisationID, Process: t.Target, CaseID: e.AggregateID,
			CaseNumber: number, TriggerID: t.ID, Topic: e.Topic, EventID: e.ID, Payload: e.Payload})
		return firedOK, "", err
	}
	people, audience, err := s.audience(ctx, tx, t, e.AggregateID, now)
	if errs.KindOf(err) == errs.NotFound {
		// A removed draft has nobody to tell; it must not stop the others.
		return firedNobody, err.Error(), nil
	}
	if err != nil {
		return "", "", err
	}
	if len(people) == 0 {
		return firedNobody, "", nil
	}
	link := "/cases/" + e.AggregateID
	if audience == "authority" {
		link = "/authority/cases/" + e.AggregateID
	}
	for _, person := range people {
		_, err := s.Send(ctx, tx, Message{PersonID: person, Key: fmt.Sprintf("event/%d/%s", e.ID, t.ID), OrganisationID: t.OrganisationID,
			TriggerID: t.ID, Topic: e.Topic, CaseID: e.AggregateID, CaseNumber: number,
			TitleKey: "messaging." + audience + "." + e.Topic + ".title", BodyKey: "messaging." + audience + "." + e.Topic + ".body",
			Params: map[string]string{"number": number}, Link: link})
		if err != nil {
			return "", "", err
		}
	}
	return firedOK, fmt.Sprintf("%d recipients", len(people)), nil
}

// audience finds the people a notifying rule reaches, and whether they are
// the customer's side or the authority's.
func (s *Service) audience(ctx context.Context, tx *sql.Tx, t Trigger, caseID string, now time.Time) ([]string, string, error) {
	c, err := loadCaseParties(ctx, tx, caseID)
	if err != nil {
		return nil, "", err
	}
	switch t.Action {
	case NotifyCustomer:
		people, err := customers(ctx, tx, c, now)
		return people, "customer", err
	case NotifyHandler:
		if c.HandlerID != "" {
			return []string{c.HandlerID}, "authority", nil
		}
		if t.Target == "" {
			return nil, "authority", nil
		}
	}
	people, err := roleMembers(ctx, tx, t.OrganisationID, t.Target)
	return people, "authority", err
}
