package process

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/errs"
)

// InstanceInfo is one run of a definition for a case.
type InstanceInfo struct {
	ID              string     `json:"id"`
	DefinitionID    string     `json:"definition_id"`
	Key             string     `json:"key"`
	Version         int        `json:"version"`
	Name            string     `json:"name"`
	CaseID          string     `json:"case_id"`
	CaseNumber      string     `json:"case_number"`
	Organisation    string     `json:"organisation"`
	State           string     `json:"state"` // running, completed, terminated, incident
	Incident        string     `json:"incident,omitempty"`
	IncidentElement string     `json:"incident_element,omitempty"`
	StartedAt       time.Time  `json:"started_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
	EndedAt         *time.Time `json:"ended_at,omitempty"`
}

// InstanceFilter selects instances of an organisation.
type InstanceFilter struct {
	Organisation string
	DefinitionID string
	CaseID       string
	State        string
	// Limit (default 50, at most 500) and Offset page the list, newest first.
	Limit, Offset int
}

// The states an element has in an instance, for the diagram.
const (
	ElementCompleted = "completed" // a token passed through
	ElementActive    = "active"    // a task waits for people or a case event
	ElementWaiting   = "waiting"   // a timer, a message or a parallel join waits
	ElementCancelled = "cancelled" // interrupted by a boundary event
	ElementIncident  = "incident"  // the step failed here
)

// HistoryEntry is an element entered, left, cancelled or failed.
type HistoryEntry struct {
	ElementID string    `json:"element_id"`
	Kind      string    `json:"kind"`
	At        time.Time `json:"at"`
	Detail    string    `json:"detail,omitempty"`
}

// TimerInfo is a timer of an instance.
type TimerInfo struct {
	ElementID string     `json:"element_id"`
	Due       time.Time  `json:"due"`
	State     string     `json:"state"`
	FiredAt   *time.Time `json:"fired_at,omitempty"`
}

// InstanceView is an instance with everything the process view draws.
type InstanceView struct {
	InstanceInfo
	// XML is the definition version the instance runs, for the diagram.
	XML string `json:"xml"`
	// Elements maps element ids to their state; elements not reached are
	// left out.
	Elements  map[string]string `json:"elements"`
	History   []HistoryEntry    `json:"history,omitempty"`
	Tasks     []Task            `json:"tasks,omitempty"`
	Timers    []TimerInfo       `json:"timers,omitempty"`
	Variables map[string]any    `json:"variables,omitempty"`
}

const instanceColumns = `i.id, i.definition_id, d.process_key, d.version, d.name, i.case_id, COALESCE(c.number, ''), i.organisation_id,
i.state, i.incident, i.incident_element, i.started_at, i.updated_at, i.ended_at`

const instanceFrom = ` FROM process_instances i JOIN process_definitions d ON d.id = i.definition_id JOIN cases c ON c.id = i.case_id`

func scanInstance(sc interface{ Scan(...any) error }) (InstanceInfo, error) {
	var in InstanceInfo
	var ended sql.NullTime
	err := sc.Scan(&in.ID, &in.DefinitionID, &in.Key, &in.Version, &in.Name, &in.CaseID, &in.CaseNumber, &in.Organisation,
		&in.State, &in.Incident, &in.IncidentElement, &in.StartedAt, &in.UpdatedAt, &ended)
	if ended.Valid {
		t := ended.Time
		in.EndedAt = &t
	}
	return in, err
}

// Instances lists an organisation's instances, newest first.
func (e *Engine) Instances(ctx context.Context, p access.Principal, f InstanceFilter) ([]InstanceInfo, error) {
	if f.Organisation == "" {
		return nil, errs.E(errs.Invalid, "choose an organisation")
	}
	if err := mayRead(p, f.Organisation); err != nil {
		return nil, err
	}
	args := []any{f.Organisation}
	where := []string{"i.organisation_id = $1"}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.DefinitionID != "" {
		add("i.definition_id = $%d", f.DefinitionID)
	}
	if f.CaseID != "" {
		add("i.case_id = $%d", f.CaseID)
	}
	if f.State != "" {
		add("i.state = $%d", f.State)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	args = append(args, min(limit, 500), max(f.Offset, 0))
	q := `SELECT ` + instanceColumns + instanceFrom + ` WHERE ` + strings.Join(where, " AND ") +
		fmt.Sprintf(` ORDER BY i.started_at DESC, i.id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args))
	return e.listInstances(ctx, q, args...)
}

func (e *Engine) listInstances(ctx context.Context, q string, args ...any) ([]InstanceInfo, error) {
	rows, err := e.db.Read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list process instances: %w", err)
	}
	defer rows.Close()
	var out []InstanceInfo
	for rows.Next() {
		in, err := scanInstance(rows)
		if err != nil {
			return nil, fmt.Errorf("scan process instance: %w", err)
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// Instance returns an instance with its element states, history, tasks,
// timers and variables, for an authority user who reads the organisation's
// cases.
func (e *Engine) Instance(ctx context.Context, p access.Principal, id string) (InstanceView, error) {
	in, err := scanInstance(e.db.Read.QueryRowContext(ctx, `SELECT `+instanceColumns+instanceFrom+` WHERE i.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return InstanceView{}, errs.E(errs.NotFound, "no such process instance")
	}
	if err != nil {
		return InstanceView{}, fmt.Errorf("read process instance %s: %w", id, err)
	}
	if mayRead(p, in.Organisation) != nil {
		return InstanceView{}, errs.E(errs.NotFound, "no such process instance")
	}
	return e.view(ctx, in, true)
}

// ForCase returns the instances of a case that p may see. The case's
// customer gets the simplified view: which steps are done and which is
// current, without tasks, people, timers or variables.
func (e *Engine) ForCase(ctx context.Context, p access.Principal, caseID string) ([]InstanceView, error) {
	_, role, err := e.cases.Get(ctx, p, caseID)
	if err != nil {
		return nil, err
	}
	all, err := e.listInstances(ctx, `SELECT `+instanceColumns+instanceFrom+` WHERE i.case_id = $1 ORDER BY i.started_at, i.id`, caseID)
	if err != nil {
		return nil, err
	}
	out := make([]InstanceView, 0, len(all))
	for _, in := range all {
		v, err := e.view(ctx, in, role.View)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func (e *Engine) view(ctx context.Context, in InstanceInfo, full bool) (InstanceView, error) {
	v := InstanceView{InstanceInfo: in, Elements: map[string]string{}}
	if err := e.db.Read.QueryRowContext(ctx, `SELECT xml FROM process_definitions WHERE id = $1`, in.DefinitionID).Scan(&v.XML); err != nil {
		return InstanceView{}, fmt.Errorf("definition of process instance %s: %w", in.ID, err)
	}
	def, err := e.model(ctx, e.db.Read, in.DefinitionID)
	if err != nil {
		return InstanceView{}, err
	}
	hist, err := e.history(ctx, in.ID)
	if err != nil {
		return InstanceView{}, err
	}
	for _, h := range hist {
		switch h.Kind {
		case "leave":
			v.Elements[h.ElementID] = ElementCompleted
		case "cancel":
			v.Elements[h.ElementID] = ElementCancelled
		}
	}
	rows, err := e.db.Read.QueryContext(ctx, `SELECT element_id FROM process_tokens WHERE instance_id = $1`, in.ID)
	if err != nil {
		return InstanceView{}, fmt.Errorf("tokens of process instance %s: %w", in.ID, err)
	}
	for rows.Next() {
		var el string
		if err := rows.Scan(&el); err != nil {
			rows.Close()
			return InstanceView{}, fmt.Errorf("tokens of process instance %s: %w", in.ID, err)
		}
		state := ElementWaiting
		if x := def.Elements[el]; x != nil && (x.Kind == UserTask || x.Kind == ReceiveTask) {
			state = ElementActive
		}
		v.Elements[el] = state
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return InstanceView{}, fmt.Errorf("tokens of process instance %s: %w", in.ID, err)
	}
	if in.State == Incident && in.IncidentElement != "" {
		v.Elements[in.IncidentElement] = ElementIncident
	}
	if !full {
		v.Incident = ""
		return v, nil
	}
	v.History = hist
	if v.Tasks, err = e.instanceTasks(ctx, in.ID); err != nil {
		return InstanceView{}, err
	}
	if v.Timers, err = e.timers(ctx, in.ID); err != nil {
		return InstanceView{}, err
	}
	var vars string
	if err := e.db.Read.QueryRowContext(ctx, `SELECT variables FROM process_instances WHERE id = $1`, in.ID).Scan(&vars); err != nil {
		return InstanceView{}, fmt.Errorf("variables of process instance %s: %w", in.ID, err)
	}
	if err := json.Unmarshal([]byte(vars), &v.Variables); err != nil {
		return InstanceView{}, fmt.Errorf("variables of process instance %s: %w", in.ID, err)
	}
	return v, nil
}

func (e *Engine) history(ctx context.Context, id string) ([]HistoryEntry, error) {
	rows, err := e.db.Read.QueryContext(ctx, `SELECT element_id, kind, at, detail FROM process_history WHERE instance_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("history of process instance %s: %w", id, err)
	}
	defer rows.Close()
	var out []HistoryEntry
	for rows.Next() {
		var h HistoryEntry
		if err := rows.Scan(&h.ElementID, &h.Kind, &h.At, &h.Detail); err != nil {
			return nil, fmt.Errorf("history of process instance %s: %w", id, err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

func (e *Engine) instanceTasks(ctx context.Context, id string) ([]Task, error) {
	rows, err := e.db.Read.QueryContext(ctx, `SELECT `+taskColumns+` FROM process_tasks t JOIN cases c ON c.id = t.case_id
WHERE t.instance_id = $1 ORDER BY t.created_at, t.id`, id)
	if err != nil {
		return nil, fmt.Errorf("tasks of process instance %s: %w", id, err)
	}
	defer rows.Close()
	var out []Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, fmt.Errorf("tasks of process instance %s: %w", id, err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (e *Engine) timers(ctx context.Context, id string) ([]TimerInfo, error) {
	rows, err := e.db.Read.QueryContext(ctx, `SELECT element_id, due_at, state, fired_at FROM process_timers WHERE instance_id = $1 ORDER BY due_at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("timers of process instance %s: %w", id, err)
	}
	defer rows.Close()
	var out []TimerInfo
	for rows.Next() {
		var t TimerInfo
		var fired sql.NullTime
		if err := rows.Scan(&t.ElementID, &t.Due, &t.State, &fired); err != nil {
			return nil, fmt.Errorf("timers of process instance %s: %w", id, err)
		}
		if fired.Valid {
			f := fired.Time
			t.FiredAt = &f
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Retry lets an instance stopped by an incident go on, once its cause (the
// case's state, a missing unit) is put right: the step that failed was
// rolled back whole, so its task, timer or start runs again. Only those who
// handle the organisation's cases may retry.
func (e *Engine) Retry(ctx context.Context, p access.Principal, req access.Request, id string) error {
	var org string
	var started int
	if err := e.db.Read.QueryRowContext(ctx, `SELECT organisation_id FROM process_instances WHERE id = $1`, id).Scan(&org); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return errs.E(errs.NotFound, "no such process instance")
		}
		return fmt.Errorf("read process instance %s: %w", id, err)
	}
	if !p.PlatformAdmin && !access.CaseRole(p, org, access.HandleCases) {
		return errs.E(errs.Forbidden, "only case handlers retry processes")
	}
	now := e.clock.Now()
	err := e.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE process_instances SET state = 'running', incident = '', incident_element = '', updated_at = $1
WHERE id = $2 AND state = 'incident'`, now.UTC(), id)
		if err != nil {
			return fmt.Errorf("retry process instance %s: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = errs.E(errs.Conflict, "the process instance is not stopped")
			}
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM process_history WHERE instance_id = $1 AND kind = 'enter'`, id).Scan(&started); err != nil {
			return fmt.Errorf("read process instance %s: %w", id, err)
		}
		return audit.Record(ctx, tx, e.db.Dialect, now, p, req, "process.retry", "process_instance", id, "ok", nil)
	})
	if err != nil || started > 0 {
		return err
	}
	// It stopped at its very start: run it from the start event.
	_, err = e.advance(ctx, id, false, func(s *step) error {
		s.queue = append(s.queue, s.def.Start)
		return s.emit("process.started", map[string]any{"retry": true})
	})
	return err
}

// Terminate ends a running or stopped instance by hand, cancelling its
// tasks, timers and waits, for managers when a case leaves its process
// (withdrawn, moved to another authority).
func (e *Engine) Terminate(ctx context.Context, p access.Principal, req access.Request, id, reason string) error {
	var org string
	if err := e.db.Read.QueryRowContext(ctx, `SELECT organisation_id FROM process_instances WHERE id = $1`, id).Scan(&org); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return errs.E(errs.NotFound, "no such process instance")
		}
		return fmt.Errorf("read process instance %s: %w", id, err)
	}
	if !p.PlatformAdmin && !p.HasRole(org, access.Manager) {
		return errs.E(errs.Forbidden, "only managers end processes")
	}
	return e.db.InTx(ctx, func(tx *sql.Tx) error {
		in, ok, err := e.lockInstance(ctx, tx, id, false)
		if err != nil {
			return err
		}
		if !ok || (in.State != Running && in.State != Incident) {
			return errs.E(errs.Conflict, "the process instance has ended")
		}
		def, err := e.model(ctx, tx, in.DefinitionID)
		if err != nil {
			return err
		}
		s := &step{e: e, ctx: ctx, tx: tx, in: &in, def: def, now: e.clock.Now()}
		if err := s.end(Terminated); err != nil {
			return err
		}
		return audit.Record(ctx, tx, e.db.Dialect, s.now, p, req, "process.terminate", "process_instance", id, "ok", map[string]any{"reason": strings.TrimSpace(reason)})
	})
}
