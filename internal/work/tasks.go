package work

import (
	"context"
	"slices"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/process"
)

// The views of the task list.
const (
	ViewMine      = "mine"      // the open tasks one holds
	ViewAvailable = "available" // tasks nobody holds that one may claim
	ViewAll       = "all"       // every task of an organisation
)

// The due windows of the task list's filter.
const (
	DueOverdue = "overdue"
	DueToday   = "today"
	DueWeek    = "week"
)

// PageSize is how many tasks a page of the list shows.
const PageSize = 25

// ListFilter selects the task list. Page counts from 1.
type ListFilter struct {
	View string
	// Organisation limits the list to one organisation; the view of all
	// tasks needs one.
	Organisation string
	// Queue keeps one queue's tasks; Assignee one person's (in the view of
	// all tasks).
	Queue    *process.Queue
	Assignee string
	// Due is "", overdue, today (due later today) or week (due from now
	// to the end of Sunday).
	Due string
	// State is "" for open tasks, or completed.
	State      string
	CaseNumber string
	// Sort is due (the default), created or case.
	Sort string
	Page int
}

// Item is a task in the list: how it stands against its due time, and
// what the viewer may do with it.
type Item struct {
	process.Task
	// Due is overdue, today, week, later or none.
	DueStatus   string `json:"due_status"`
	Claimable   bool   `json:"claimable"`
	Completable bool   `json:"completable"`
}

// List is one page of the task list.
type List struct {
	Items []Item `json:"items"`
	Total int    `json:"total"`
	Page  int    `json:"page"`
	Pages int    `json:"pages"`
}

// List returns a page of tasks for p.
func (s *Service) List(ctx context.Context, p access.Principal, f ListFilter) (List, error) {
	now := s.clock.Now()
	today, week := windows(now)
	q := process.TaskQuery{Organisation: f.Organisation, Queue: f.Queue, CaseNumber: f.CaseNumber, Sort: f.Sort, Limit: PageSize}
	if f.Organisation != "" {
		if err := mayView(p, f.Organisation); err != nil {
			return List{}, err
		}
	}
	switch f.View {
	case "", ViewMine:
		q.Assignee = p.PersonID
	case ViewAvailable:
		q.Unassigned, q.Claimable = true, true
	case ViewAll:
		if f.Organisation == "" {
			return List{}, errs.E(errs.Invalid, "choose an organisation")
		}
		q.Assignee = f.Assignee
	default:
		return List{}, invalid("view", "work.error.view")
	}
	switch f.State {
	case "":
	case process.TaskCompleted:
		if f.View == ViewAvailable {
			return List{}, invalid("state", "work.error.state")
		}
		q.State = process.TaskCompleted
	default:
		return List{}, invalid("state", "work.error.state")
	}
	switch f.Due {
	case "":
	case DueOverdue:
		q.DueBefore = now
	case DueToday:
		q.DueFrom, q.DueBefore = now, today
	case DueWeek:
		q.DueFrom, q.DueBefore = now, week
	default:
		return List{}, invalid("due", "work.error.due")
	}
	if !slices.Contains([]string{"", "due", "created", "case"}, f.Sort) {
		return List{}, invalid("sort", "work.error.sort")
	}
	page := max(f.Page, 1)
	q.Offset = (page - 1) * PageSize
	res, err := s.engine.QueryTasks(ctx, p, q)
	if err != nil {
		return List{}, err
	}
	out := List{Total: res.Total, Page: page, Pages: max((res.Total+PageSize-1)/PageSize, 1)}
	for _, t := range res.Tasks {
		out.Items = append(out.Items, item(p, t, now))
	}
	return out, nil
}

// item is a task with its due status and the viewer's actions.
func item(p access.Principal, t process.Task, now time.Time) Item {
	open := t.State == process.TaskOpen
	return Item{Task: t, DueStatus: DueStatus(t, now),
		Claimable:   open && t.AssigneeID == "" && process.MayClaim(p, t),
		Completable: open && process.MayComplete(p, t)}
}

// DueStatus says how an open task stands against its due time at now:
// overdue, today, week (by the end of Sunday), later, or none (no due
// time, or done).
func DueStatus(t process.Task, now time.Time) string {
	if t.State != process.TaskOpen || t.Due == nil {
		return "none"
	}
	today, week := windows(now)
	switch {
	case t.Due.Before(now):
		return DueOverdue
	case t.Due.Before(today):
		return DueToday
	case t.Due.Before(week):
		return DueWeek
	}
	return "later"
}

// Task returns one task p may see, as an item of the list.
func (s *Service) Task(ctx context.Context, p access.Principal, id string) (Item, []process.Choice, error) {
	t, choices, err := s.engine.Choices(ctx, p, id)
	if err != nil {
		return Item{}, nil, err
	}
	return item(p, t, s.clock.Now()), choices, nil
}

// Claim takes a task for p.
func (s *Service) Claim(ctx context.Context, p access.Principal, req access.Request, id string) (process.Task, error) {
	return s.engine.Claim(ctx, p, req, id)
}

// invalid is an Invalid error about one field.
func invalid(field, key string) error {
	e := errs.E(errs.Invalid, "invalid "+field)
	e.Fields = map[string]string{field: key}
	return e
}
