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
	"github.com/luva-fi/luva/internal/errs"
)

// Task is work a process gives people: a user task, which holds its token
// until it is completed, or a statement request, which the process does not
// wait for.
type Task struct {
	ID         string `json:"id"`
	InstanceID string `json:"instance_id"`
	CaseID     string `json:"case_id"`
	CaseNumber string `json:"case_number"`
	CaseTitle  string `json:"case_title"`
	ElementID  string `json:"element_id"`
	Name       string `json:"name"`
	Kind       string `json:"kind"` // "user" or "statement"
	// Organisation, Role and Unit are the candidates: those holding the
	// role in the organisation, in the unit when it is not "".
	Organisation string `json:"organisation"`
	Role         string `json:"role"`
	Unit         string `json:"unit,omitempty"`
	AssigneeID   string `json:"assignee_id,omitempty"`
	AssigneeName string `json:"assignee_name,omitempty"`
	State        string `json:"state"` // open, completed, cancelled
	// Due is when the task should be done; nil when the definition sets no time.
	Due             *time.Time     `json:"due,omitempty"`
	CreatedAt       time.Time      `json:"created_at"`
	CompletedAt     *time.Time     `json:"completed_at,omitempty"`
	CompletedByName string         `json:"completed_by_name,omitempty"`
	Result          map[string]any `json:"result,omitempty"`

	tokenID string
}

// The task states.
const (
	TaskOpen      = "open"
	TaskCompleted = "completed"
	TaskCancelled = "cancelled"
)

// Overdue reports whether an open task is past its due time at now.
func (t Task) Overdue(now time.Time) bool {
	return t.State == TaskOpen && t.Due != nil && now.After(*t.Due)
}

// TaskFilter selects tasks. Organisation is required unless Assignee is set
// (one person's tasks across organisations).
type TaskFilter struct {
	Organisation string
	Role         string
	Unit         string
	// Assignee is a person id; Unassigned selects tasks nobody holds.
	Assignee   string
	Unassigned bool
	// State defaults to open; "all" selects every state.
	State string
	// DueBefore selects tasks due before the time.
	DueBefore time.Time
	CaseID    string
	// Limit (default 50, at most 500) and Offset page the list, which is
	// ordered by due time (tasks without one last), then creation.
	Limit, Offset int
}

const taskColumns = `t.id, t.instance_id, t.token_id, t.case_id, COALESCE(c.number, ''), c.title, t.element_id, t.name, t.kind,
t.organisation_id, t.role, t.unit_id, t.assignee_id, t.assignee_name, t.state, t.due_at, t.created_at, t.completed_at,
t.completed_by_name, t.result`

func scanTask(sc interface{ Scan(...any) error }) (Task, error) {
	var t Task
	var due, done sql.NullTime
	var result string
	if err := sc.Scan(&t.ID, &t.InstanceID, &t.tokenID, &t.CaseID, &t.CaseNumber, &t.CaseTitle, &t.ElementID, &t.Name, &t.Kind,
		&t.Organisation, &t.Role, &t.Unit, &t.AssigneeID, &t.AssigneeName, &t.State, &due, &t.CreatedAt, &done,
		&t.CompletedByName, &result); err != nil {
		return Task{}, err
	}
	if due.Valid {
		d := due.Time
		t.Due = &d
	}
	if done.Valid {
		d := done.Time
		t.CompletedAt = &d
	}
	if err := json.Unmarshal([]byte(result), &t.Result); err != nil {
		return Task{}, fmt.Errorf("result of task %s: %w", t.ID, err)
	}
	return t, nil
}

// Tasks lists the tasks the filter selects that p may see: an
// organisation's for those who read its cases, and one's own anywhere.
func (e *Engine) Tasks(ctx context.Context, p access.Principal, f TaskFilter) ([]Task, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	switch {
	case f.Organisation != "":
		if err := mayRead(p, f.Organisation); err != nil {
			return nil, err
		}
		where = append(where, "t.organisation_id = "+arg(f.Organisation))
	case f.Assignee != "" && f.Assignee == p.PersonID:
	default:
		return nil, errs.E(errs.Invalid, "choose an organisation, or list your own tasks")
	}
	if f.Assignee != "" {
		where = append(where, "t.assignee_id = "+arg(f.Assignee))
	}
	if f.Unassigned {
		where = append(where, "t.assignee_id = ''")
	}
	if f.Role != "" {
		where = append(where, "t.role = "+arg(f.Role))
	}
	if f.Unit != "" {
		where = append(where, "t.unit_id = "+arg(f.Unit))
	}
	switch f.State {
	case "":
		where = append(where, "t.state = 'open'")
	case "all":
	case TaskOpen, TaskCompleted, TaskCancelled:
		where = append(where, "t.state = "+arg(f.State))
	default:
		return nil, errs.E(errs.Invalid, "no such task state")
	}
	if !f.DueBefore.IsZero() {
		where = append(where, "t.due_at < "+arg(f.DueBefore.UTC()))
	}
	if f.CaseID != "" {
		where = append(where, "t.case_id = "+arg(f.CaseID))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	q := `SELECT ` + taskColumns + ` FROM process_tasks t JOIN cases c ON c.id = t.case_id WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY CASE WHEN t.due_at IS NULL THEN 1 ELSE 0 END, t.due_at, t.created_at, t.id LIMIT ` + arg(limit) + ` OFFSET ` + arg(max(f.Offset, 0))
	rows, err := e.db.Read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	defer rows.Close()
	var out []Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, fmt.Errorf("scan task: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Task returns one task p may see.
func (e *Engine) Task(ctx context.Context, p access.Principal, id string) (Task, error) {
	t, err := e.task(ctx, e.db.Read, id)
	if err != nil {
		return Task{}, err
	}
	if t.AssigneeID != p.PersonID && mayRead(p, t.Organisation) != nil {
		return Task{}, errs.E(errs.NotFound, "no such task")
	}
	return t, nil
}

func (e *Engine) task(ctx context.Context, q queryer, id string) (Task, error) {
	t, err := scanTask(q.QueryRowContext(ctx, `SELECT `+taskColumns+` FROM process_tasks t JOIN cases c ON c.id = t.case_id WHERE t.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Task{}, errs.E(errs.NotFound, "no such task")
	}
	if err != nil {
		return Task{}, fmt.Errorf("read task %s: %w", id, err)
	}
	return t, nil
}

// candidate reports whether p holds the task's role in its organisation and
// unit (a grant for the whole organisation covers every unit).
func candidate(p access.Principal, t Task) bool {
	for _, g := range p.Grants {
		if g.OrganisationID == t.Organisation && string(g.Role) == t.Role && (t.Unit == "" || g.UnitID == "" || g.UnitID == t.Unit) {
			return true
		}
	}
	return false
}

// manages reports whether p distributes the work of the task's organisation.
func manages(p access.Principal, t Task) bool {
	return p.HasRole(t.Organisation, access.Manager)
}
