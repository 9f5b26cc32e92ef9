package process

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/luva-fi/luva/internal/events"
)

// The outbox topics through which others ask the engine for work on a case.
// A request is written in the asker's transaction (a trigger firing) and
// carried out by the engine's own consumer in a transaction of its own, so
// the asker never waits for the engine and the engine never runs in a
// transaction that is not its own; the request's event id makes it
// idempotent, since an instance records the event that started it.
const (
	TopicTaskRequested  = "process.task_requested"
	TopicStartRequested = "process.start_requested"
)

// TaskRequest asks for an ad-hoc task on a case: work for a role of an
// organisation that no process definition describes, such as a trigger's
// "create a task".
type TaskRequest struct {
	// Organisation holds the role; "" is the case's authority.
	Organisation string
	Role         string
	CaseID       string
	CaseNumber   string
	// Name is the task's name in the task list; "" gives the built-in one.
	Name string
	// Trigger and Cause say who asked and because of which outbox event
	// (CauseTopic), for the instance's history and the outbox's readers.
	Trigger    string
	Cause      int64
	CauseTopic string
}

// StartRequest asks for an instance of a deployed process on a case.
type StartRequest struct {
	// Organisation is the one whose definitions are searched first; the
	// definitions for every authority come after its own.
	Organisation string
	// Process is the definition's key (the process id in the XML) or,
	// failing that, its name.
	Process    string
	CaseID     string
	CaseNumber string
	Trigger    string
	Cause      int64
	CauseTopic string
}

// requestPayload is the payload of both request events.
type requestPayload struct {
	Organisation string `json:"organisation"`
	Role         string `json:"role,omitempty"`
	Process      string `json:"process,omitempty"`
	Name         string `json:"name,omitempty"`
	CaseNumber   string `json:"case_number,omitempty"`
	Trigger      string `json:"trigger,omitempty"`
	Cause        int64  `json:"cause,omitempty"`
	CauseTopic   string `json:"cause_topic,omitempty"`
}

// RequestTask writes a request for an ad-hoc task in tx; the engine's
// consumer opens the task once tx has committed. The payload names the
// organisation as "organisation", not "authority", so that the webhooks,
// which forward case events carrying an authority, keep this internal
// request to luva.
func (e *Engine) RequestTask(ctx context.Context, tx *sql.Tx, r TaskRequest) error {
	if r.CaseID == "" || r.Role == "" {
		return errors.New("request a task: the case and the role are required")
	}
	return e.request(ctx, tx, TopicTaskRequested, r.CaseID, requestPayload{Organisation: r.Organisation, Role: r.Role, Name: r.Name,
		CaseNumber: r.CaseNumber, Trigger: r.Trigger, Cause: r.Cause, CauseTopic: r.CauseTopic})
}

// RequestStart writes a request to start a process on a case in tx; the
// engine's consumer starts it once tx has committed.
func (e *Engine) RequestStart(ctx context.Context, tx *sql.Tx, r StartRequest) error {
	if r.CaseID == "" || r.Process == "" {
		return errors.New("request a process: the case and the process are required")
	}
	return e.request(ctx, tx, TopicStartRequested, r.CaseID, requestPayload{Organisation: r.Organisation, Process: r.Process,
		CaseNumber: r.CaseNumber, Trigger: r.Trigger, Cause: r.Cause, CauseTopic: r.CauseTopic})
}

func (e *Engine) request(ctx context.Context, tx *sql.Tx, topic, caseID string, p requestPayload) error {
	if _, err := events.Append(ctx, tx, e.clock.Now(), events.New{Topic: topic, AggregateType: "case", AggregateID: caseID, Payload: p}); err != nil {
		return fmt.Errorf("request %s on case %s: %w", topic, caseID, err)
	}
	return nil
}

// startRequested carries out a StartRequest: the newest version of the
// named process, the organisation's own before the one for every
// authority, starts on the case like a start event would start it (only on
// a case sent and still open), once per request however often the request
// is handed over. A process nobody deployed starts nothing: the request
// cannot succeed by being retried, so it is logged and passed.
func (e *Engine) startRequested(ctx context.Context, ev events.Event, r requestPayload) error {
	defID, ok, err := e.definitionByKey(ctx, e.db.Read, r.Process, r.Organisation)
	if err != nil {
		return err
	}
	if !ok {
		e.log.Warn("no process to start: nothing of that key or name is deployed", "process", r.Process, "organisation", r.Organisation,
			"case", ev.AggregateID, "trigger", r.Trigger, "request", ev.ID)
		return nil
	}
	eventID := ev.ID
	id, err := e.start(ctx, defID, ev.AggregateID, &eventID)
	if err != nil && !domainError(err) {
		return fmt.Errorf("start process %s on case %s as request %d asks: %w", r.Process, ev.AggregateID, ev.ID, err)
	}
	if err == nil && id == "" {
		e.log.Info("process not started: the case is not sent or no longer open", "process", r.Process, "case", ev.AggregateID, "request", ev.ID)
	}
	return nil
}

// definitionByKey finds the newest deployed version of a process by its key
// or, when no key matches, by its name, for org or else for every authority.
func (e *Engine) definitionByKey(ctx context.Context, q queryer, process, org string) (string, bool, error) {
	for _, column := range []string{"process_key", "name"} {
		var id string
		err := q.QueryRowContext(ctx, `SELECT id FROM process_definitions WHERE `+column+` = $1 AND (organisation_id = $2 OR organisation_id = '')
ORDER BY CASE WHEN organisation_id = '' THEN 1 ELSE 0 END, version DESC, deployed_at DESC, id LIMIT 1`, process, org).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return "", false, fmt.Errorf("find process %q of organisation %s: %w", process, org, err)
		}
		return id, true, nil
	}
	return "", false, nil
}
