package process

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/errs"
)

// Queue names the candidates of tasks: a role in an organisation, in one
// unit or, with Unit "", in the whole organisation. The work queues
// (package work) are made of the tasks that share one.
type Queue struct {
	Organisation string `json:"organisation"`
	Role         string `json:"role"`
	Unit         string `json:"unit,omitempty"`
}

// TaskQuery selects tasks for the task list and the work queues. It says
// more than TaskFilter: every organisation at once, the tasks p may claim,
// due windows, a case number and the order.
type TaskQuery struct {
	// Organisation limits the list to one organisation; "" lists the
	// tasks of every organisation whose cases p reads, and p's own tasks
	// wherever they are.
	Organisation string
	// Assignee is a person id; Unassigned selects tasks nobody holds.
	Assignee   string
	Unassigned bool
	// Claimable keeps the tasks p is a candidate for, and every task of
	// the organisations p manages.
	Claimable bool
	// Queue keeps one queue's tasks: its unit exactly, "" being the queue
	// of the whole organisation.
	Queue *Queue
	// State defaults to open; "all" selects every state.
	State string
	// DueFrom and DueBefore keep tasks due in [DueFrom, DueBefore).
	DueFrom, DueBefore time.Time
	// CaseNumber keeps tasks whose case number contains it, in any case.
	CaseNumber string
	// Sort is "due" (the default: soonest first, tasks without a due time
	// last), "created" (oldest first) or "case" (by case number).
	Sort string
	// Limit (default 25, at most 200) and Offset page the list.
	Limit, Offset int
}

// TaskPage is one page of a task query and how many tasks the whole query
// selects.
type TaskPage struct {
	Tasks []Task `json:"items"`
	Total int    `json:"total"`
}

// The orders of a task query.
var taskOrders = map[string]string{
	"":        `CASE WHEN t.due_at IS NULL THEN 1 ELSE 0 END, t.due_at, t.created_at, t.id`,
	"due":     `CASE WHEN t.due_at IS NULL THEN 1 ELSE 0 END, t.due_at, t.created_at, t.id`,
	"created": `t.created_at, t.id`,
	"case":    `COALESCE(c.number, ''), t.created_at, t.id`,
}

// QueryTasks lists one page of the tasks the query selects that p may see:
// those of the organisations whose cases p reads, and p's own.
func (e *Engine) QueryTasks(ctx context.Context, p access.Principal, q TaskQuery) (TaskPage, error) {
	order, ok := taskOrders[q.Sort]
	if !ok {
		return TaskPage{}, errs.E(errs.Invalid, "no such order of tasks")
	}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if q.Queue != nil && q.Organisation == "" {
		q.Organisation = q.Queue.Organisation
	}
	switch {
	case q.Organisation != "" && mayRead(p, q.Organisation) == nil:
		where = append(where, "t.organisation_id = "+arg(q.Organisation))
	case q.Organisation != "":
		// Someone who no longer reads the organisation's cases still sees
		// the tasks given to them there.
		where = append(where, "t.organisation_id = "+arg(q.Organisation), "t.assignee_id = "+arg(p.PersonID))
	case p.PlatformAdmin:
	default:
		vis := []string{"t.assignee_id = " + arg(p.PersonID)}
		for _, org := range p.Organisations() {
			if mayRead(p, org) == nil {
				vis = append(vis, "t.organisation_id = "+arg(org))
			}
		}
		where = append(where, "("+strings.Join(vis, " OR ")+")")
	}
	if q.Assignee != "" {
		where = append(where, "t.assignee_id = "+arg(q.Assignee))
	}
	if q.Unassigned {
		where = append(where, "t.assignee_id = ''")
	}
	if q.Claimable {
		where = append(where, claimableClause(p, arg))
	}
	if q.Queue != nil {
		where = append(where, "t.role = "+arg(q.Queue.Role), "t.unit_id = "+arg(q.Queue.Unit))
	}
	switch q.State {
	case "":
		where = append(where, "t.state = 'open'")
	case "all":
	case TaskOpen, TaskCompleted, TaskCancelled:
		where = append(where, "t.state = "+arg(q.State))
	default:
		return TaskPage{}, errs.E(errs.Invalid, "no such task state")
	}
	if !q.DueFrom.IsZero() {
		where = append(where, "t.due_at >= "+arg(q.DueFrom.UTC()))
	}
	if !q.DueBefore.IsZero() {
		where = append(where, "t.due_at < "+arg(q.DueBefore.UTC()))
	}
	n := strings.TrimSpace(q.CaseNumber)
	wholeNumber := cases.IsNumber(n)
	if wholeNumber {
		// A whole number finds its one case by key, without reading the
		// case of every task (a client watching for one case's task polled
		// this at a million cases: luva bench, process scenario).
		where = append(where, "k.number = "+arg(strings.ToUpper(n)))
	} else if n != "" {
		escaped := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(n))
		where = append(where, `LOWER(COALESCE(c.number, '')) LIKE `+arg("%"+escaped+"%")+` ESCAPE '\'`)
	}
	if len(where) == 0 {
		where = append(where, "1 = 1")
	}
	cond := strings.Join(where, " AND ")
	// Unless a condition or the order needs the case, the tasks are
	// counted, sorted and cut to the page before the page's cases are
	// joined: a busy organisation has thousands of open tasks, and joining
	// each to its case made the task list read thousands of case rows at a
	// million cases (luva bench, queue scenario).
	needsCase := (n != "" && !wholeNumber) || strings.Contains(order, "c.")
	tasks := `process_tasks t`
	switch {
	case needsCase:
		tasks = `process_tasks t JOIN cases c ON c.id = t.case_id`
	case wholeNumber:
		// The case first: its number is unique, so the plan starts from it
		// and reads its few tasks, not every open task of the
		// organisation.
		tasks = `cases k JOIN process_tasks t ON t.case_id = k.id`
	}
	var page TaskPage
	if err := e.db.Read.QueryRowContext(ctx, `SELECT count(*) FROM `+tasks+` WHERE `+cond, args...).Scan(&page.Total); err != nil {
		return TaskPage{}, fmt.Errorf("count tasks: %w", err)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 25
	}
	limit = min(limit, 200)
	window := ` ORDER BY ` + order + ` LIMIT ` + arg(limit) + ` OFFSET ` + arg(max(q.Offset, 0))
	query := `SELECT ` + taskColumns + ` FROM process_tasks t JOIN cases c ON c.id = t.case_id WHERE ` + cond + window
	if !needsCase {
		query = `SELECT ` + taskColumns + ` FROM (SELECT t.* FROM ` + tasks + ` WHERE ` + cond + window + `) t
JOIN cases c ON c.id = t.case_id ORDER BY ` + order
	}
	rows, err := e.db.Read.QueryContext(ctx, query, args...)
	if err != nil {
		return TaskPage{}, fmt.Errorf("list tasks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return TaskPage{}, fmt.Errorf("scan task: %w", err)
		}
		page.Tasks = append(page.Tasks, t)
	}
	return page, rows.Err()
}

// claimableClause is the SQL condition of the tasks p may claim: those of
// p's roles (a grant for the whole organisation covers every unit), and all
// of the organisations p manages. It is false for someone without grants.
func claimableClause(p access.Principal, arg func(any) string) string {
	var or []string
	for _, g := range p.Grants {
		switch {
		case g.Role == access.Manager:
			or = append(or, "t.organisation_id = "+arg(g.OrganisationID))
		case g.UnitID == "":
			or = append(or, "(t.organisation_id = "+arg(g.OrganisationID)+" AND t.role = "+arg(string(g.Role))+")")
		default:
			or = append(or, "(t.organisation_id = "+arg(g.OrganisationID)+" AND t.role = "+arg(string(g.Role))+
				" AND (t.unit_id = '' OR t.unit_id = "+arg(g.UnitID)+"))")
		}
	}
	if len(or) == 0 {
		return "1 = 0"
	}
	return "(" + strings.Join(or, " OR ") + ")"
}

// MayClaim reports whether p may take the open task: p holds its role in
// its organisation and unit, or manages the organisation.
func MayClaim(p access.Principal, t Task) bool {
	return candidate(p, t) || manages(p, t)
}

// MayComplete reports whether p may complete the open task as Complete
// decides: p holds it, it is free and p is a candidate, or p manages.
func MayComplete(p access.Principal, t Task) bool {
	return t.AssigneeID == p.PersonID || (t.AssigneeID == "" && candidate(p, t)) || manages(p, t)
}
