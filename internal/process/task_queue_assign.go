package process

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/events"
)

// QueueTask is a task as the work-queue rules see it: with the
// municipality of its case, which the rule "by municipality" goes by.
type QueueTask struct {
	Task
	Municipality string
}

// QueueTask reads a task for the work-queue rules, which act for no one:
// the caller decides what of it anyone sees.
func (e *Engine) QueueTask(ctx context.Context, id string) (QueueTask, error) {
	t, err := e.task(ctx, e.db.Read, id)
	if err != nil {
		return QueueTask{}, err
	}
	qt := QueueTask{Task: t}
	if err := e.db.Read.QueryRowContext(ctx, `SELECT municipality FROM cases WHERE id = $1`, t.CaseID).Scan(&qt.Municipality); err != nil {
		return QueueTask{}, fmt.Errorf("municipality of the case of task %s: %w", id, err)
	}
	return qt, nil
}

// ruleActor is who the audit log names for an assignment a rule made.
var ruleActor = access.Principal{Name: "luva work queue rule"}

// AssignTx gives an open task nobody holds to a person in tx, as a
// work-queue rule decided; rule names the rule for the event and the audit
// log. The task row is claimed with SKIP LOCKED, so that a node assigning
// never waits on a person claiming or a manager assigning the same task:
// it reports false when the task is held by such a transaction, taken, or
// no longer open, and then changes nothing.
func (e *Engine) AssignTx(ctx context.Context, tx *sql.Tx, id, personID, name, rule string) (bool, error) {
	if personID == "" {
		return false, errs.E(errs.Invalid, "a rule assigns to a person")
	}
	var got, instanceID, caseID, org string
	err := tx.QueryRowContext(ctx, `SELECT id, instance_id, case_id, organisation_id FROM process_tasks
WHERE id = $1 AND state = 'open' AND assignee_id = ''`+e.db.Dialect.SkipLocked(), id).Scan(&got, &instanceID, &caseID, &org)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim task %s for assignment: %w", id, err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE process_tasks SET assignee_id = $1, assignee_name = $2 WHERE id = $3 AND state = 'open' AND assignee_id = ''`,
		personID, name, id)
	if err != nil {
		return false, fmt.Errorf("assign task %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	now := e.clock.Now()
	if _, err := events.Append(ctx, tx, now, events.New{Topic: "process.task_assigned", AggregateType: "process_instance", AggregateID: instanceID,
		Payload: map[string]any{"task": id, "case": caseID, "assignee": personID, "organisation": org, "rule": rule}}); err != nil {
		return false, err
	}
	if err := audit.Record(ctx, tx, e.db.Dialect, now, ruleActor, access.Request{Route: "work-queue"}, "process.task.assign", "process_task", id, "ok",
		map[string]any{"assignee": personID, "rule": rule}); err != nil {
		return false, err
	}
	return true, nil
}
