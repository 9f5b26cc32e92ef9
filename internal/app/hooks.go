package app

import (
	"context"
	"database/sql"

	"github.com/luva-fi/luva/internal/messaging"
	"github.com/luva-fi/luva/internal/process"
)

// wireProcessHooks lets the triggers create tasks and start processes once
// the engine exists: the messaging service is built early, before the job
// queue whose workers send its emails, and the engine late, after the case
// service. Until wired, the trigger form does not offer those actions.
func (a *App) wireProcessHooks() {
	h := processHooks{engine: a.Process}
	a.Messaging.SetTaskCreator(h)
	a.Messaging.SetProcessStarter(h)
}

// processHooks carries the triggers' requests to the process engine. It
// lives here, not in either package, so that neither domain imports the
// other: it only turns one's request into the other's. The engine writes
// the request to the outbox in the trigger's transaction and carries it out
// from its own consumer, so a firing and its request commit together and
// the engine's work runs in transactions of its own.
type processHooks struct{ engine *process.Engine }

// CreateTask asks the engine for an ad-hoc task for the trigger's role.
func (h processHooks) CreateTask(ctx context.Context, tx *sql.Tx, t messaging.TaskRequest) error {
	return h.engine.RequestTask(ctx, tx, process.TaskRequest{Organisation: t.OrganisationID, Role: t.Role, CaseID: t.CaseID,
		CaseNumber: t.CaseNumber, Name: t.TriggerName, Trigger: t.TriggerID, Cause: t.EventID, CauseTopic: t.Topic})
}

// StartProcess asks the engine to start the trigger's process on the case.
func (h processHooks) StartProcess(ctx context.Context, tx *sql.Tx, p messaging.ProcessRequest) error {
	return h.engine.RequestStart(ctx, tx, process.StartRequest{Organisation: p.OrganisationID, Process: p.Process, CaseID: p.CaseID,
		CaseNumber: p.CaseNumber, Trigger: p.TriggerID, Cause: p.EventID, CauseTopic: p.Topic})
}
