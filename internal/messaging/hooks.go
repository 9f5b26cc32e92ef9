package messaging

import (
	"context"
	"database/sql"
	"encoding/json"
)

// TaskRequest is a task a trigger asks for: work for a role of the
// organisation on a case, because of an event.
type TaskRequest struct {
	OrganisationID string
	Role           string
	CaseID         string
	CaseNumber     string
	TriggerID      string
	TriggerName    string
	Topic          string
	EventID        int64
	Payload        json.RawMessage
}

// TaskCreator creates the tasks of "create a task" triggers; the process
// engine's task list is one. CreateTask runs in the trigger's transaction, so
// the task exists exactly when the firing is recorded; a trigger fires once
// per event, so it is asked once.
type TaskCreator interface {
	CreateTask(ctx context.Context, tx *sql.Tx, t TaskRequest) error
}

// ProcessRequest is a process a trigger asks to start on a case.
type ProcessRequest struct {
	OrganisationID string
	// Process names the process definition, as the process engine knows it.
	Process    string
	CaseID     string
	CaseNumber string
	TriggerID  string
	Topic      string
	EventID    int64
	Payload    json.RawMessage
}

// ProcessStarter starts the processes of "start a process" triggers, in the
// trigger's transaction; the process engine is one.
type ProcessStarter interface {
	StartProcess(ctx context.Context, tx *sql.Tx, p ProcessRequest) error
}
