package process

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/identity"
)

// An ad-hoc task runs in an instance of a built-in definition with a single
// user task: start, the task, end. Every task belongs to an instance
// (process_tasks.instance_id), and a real instance keeps everything that
// works on tasks working unchanged: the task lists and queues, the
// work-queue rules (the step emits process.task_created), claiming,
// assigning and completing, which moves the token to the end and completes
// the instance; the case's process panel shows it like any other. The role,
// organisation and name of the task come from the request, not from the
// definition.
//
// The definition is stored for every authority (organisation "") under a
// fixed id when first needed. A deployed version never changes, so a
// changed built-in definition must take a new id (…-v2); instances already
// running stay on theirs. It names no services, so no case event starts it.
const (
	adHocDefinitionID = "luva-ad-hoc-task-v1"
	adHocKey          = "luva-ad-hoc-task"
	adHocTask         = "task"
)

// adHocXML is the built-in definition. Its names are Finnish, like the demo
// processes' names; the task takes the request's name when it has one.
const adHocXML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:luva="https://luva.fi/schema/bpmn"
    id="luva-ad-hoc-task-definitions" targetNamespace="https://luva.fi/bpmn">
  <bpmn:process id="` + adHocKey + `" name="Erillinen tehtävä" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:userTask id="` + adHocTask + `" name="Säännön luoma tehtävä" luva:role="case_handler"/>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="to-task" sourceRef="start" targetRef="` + adHocTask + `"/>
    <bpmn:sequenceFlow id="to-end" sourceRef="` + adHocTask + `" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>`

// ensureAdHoc stores the built-in definition unless it is there, and
// returns it parsed. The insert runs every time, in the caller's
// transaction: a cached parse says nothing of whether an earlier insert
// was rolled back.
func (e *Engine) ensureAdHoc(ctx context.Context, tx *sql.Tx) (*Definition, error) {
	e.mu.Lock()
	def, ok := e.parsed[adHocDefinitionID]
	e.mu.Unlock()
	if !ok {
		var err error
		if def, err = Parse([]byte(adHocXML)); err != nil {
			return nil, fmt.Errorf("parse the built-in ad-hoc task definition: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO process_definitions (id, organisation_id, process_key, version, name, start_topic, xml,
deployed_by, deployed_by_name, deployed_at) VALUES ($1, '', $2, 1, $3, $4, $5, '', 'luva', $6) ON CONFLICT DO NOTHING`,
		adHocDefinitionID, def.Key, def.Name, def.StartTopic, adHocXML, e.clock.Now().UTC()); err != nil {
		return nil, fmt.Errorf("store the built-in ad-hoc task definition: %w", err)
	}
	e.remember(adHocDefinitionID, def)
	return def, nil
}

// taskRequested carries out a TaskRequest: one ad-hoc instance whose task
// waits for the role, however often the request is handed over. Unlike a
// process start, it does not ask the case to be open: a trigger may well
// ask for work after the decision (archiving, a follow-up inspection). A
// case that is gone, or a role that is not one, asks for nothing that a
// retry could give, so it is logged and passed.
func (e *Engine) taskRequested(ctx context.Context, ev events.Event, r requestPayload) error {
	if !access.ValidRole(access.Role(r.Role)) {
		e.log.Warn("no task opened: not an authority role", "role", r.Role, "case", ev.AggregateID, "trigger", r.Trigger, "request", ev.ID)
		return nil
	}
	id := identity.NewID()
	return e.db.InTx(ctx, func(tx *sql.Tx) error {
		var existing string
		err := tx.QueryRowContext(ctx, `SELECT id FROM process_instances WHERE start_event = $1`, ev.ID).Scan(&existing)
		if err == nil {
			return nil // opened already, when the request was handed over before
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("look up the task of request %d: %w", ev.ID, err)
		}
		c, err := e.cases.CaseTx(ctx, tx, ev.AggregateID)
		if errs.KindOf(err) == errs.NotFound {
			e.log.Warn("no task opened: the case is gone", "case", ev.AggregateID, "trigger", r.Trigger, "request", ev.ID)
			return nil
		}
		if err != nil {
			return err
		}
		base, err := e.ensureAdHoc(ctx, tx)
		if err != nil {
			return err
		}
		org := r.Organisation
		if org == "" {
			org = c.Authority
		}
		now := e.clock.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO process_instances (id, definition_id, case_id, organisation_id, state, start_event, started_at, updated_at)
VALUES ($1, $2, $3, $4, 'running', $5, $6, $6)`, id, adHocDefinitionID, c.ID, org, ev.ID, now.UTC()); err != nil {
			return fmt.Errorf("insert the ad-hoc instance of case %s: %w", c.ID, err)
		}
		def := requested(base, org, r)
		in := &instance{ID: id, DefinitionID: adHocDefinitionID, CaseID: c.ID, Organisation: org, State: Running, Vars: map[string]any{}}
		s := &step{e: e, ctx: ctx, tx: tx, in: in, def: def, now: now, c: &c, queue: []string{def.Start}}
		if err := s.emit("process.started", map[string]any{"trigger": r.Trigger, "request": ev.ID, "cause": r.Cause}); err != nil {
			return err
		}
		return s.run()
	})
}

// requested is the built-in definition with its task made as r asks: for
// r's role in org, under r's name. Only the step that opens the task sees
// it; later steps need no more than the shared definition's flows.
func requested(base *Definition, org string, r requestPayload) *Definition {
	def := *base
	def.Elements = maps.Clone(base.Elements)
	task := *base.Elements[adHocTask]
	task.Role, task.Organisation = r.Role, org
	if r.Name != "" {
		task.Name = r.Name
	}
	def.Elements[adHocTask] = &task
	return &def
}
