package process

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/luva-fi/luva/internal/access"
)

// QueueCount is how one queue of an organisation stands: its open tasks,
// how many nobody holds yet, how many are past due and how many fall due
// before Soon.
type QueueCount struct {
	Queue
	Open       int `json:"open"`
	Unassigned int `json:"unassigned"`
	Overdue    int `json:"overdue"`
	DueSoon    int `json:"due_soon"`
}

// QueueCounts counts the open tasks of each queue of org at now; due soon
// means due from now until soon.
func (e *Engine) QueueCounts(ctx context.Context, p access.Principal, org string, now, soon time.Time) ([]QueueCount, error) {
	if err := mayRead(p, org); err != nil {
		return nil, err
	}
	rows, err := e.db.Read.QueryContext(ctx, `SELECT role, unit_id, count(*),
COALESCE(SUM(CASE WHEN assignee_id = '' THEN 1 ELSE 0 END), 0),
COALESCE(SUM(CASE WHEN due_at < $2 THEN 1 ELSE 0 END), 0),
COALESCE(SUM(CASE WHEN due_at >= $2 AND due_at < $3 THEN 1 ELSE 0 END), 0)
FROM process_tasks WHERE organisation_id = $1 AND state = 'open' GROUP BY role, unit_id ORDER BY role, unit_id`, org, now.UTC(), soon.UTC())
	if err != nil {
		return nil, fmt.Errorf("count the queues of %s: %w", org, err)
	}
	defer rows.Close()
	var out []QueueCount
	for rows.Next() {
		c := QueueCount{Queue: Queue{Organisation: org}}
		if err := rows.Scan(&c.Role, &c.Unit, &c.Open, &c.Unassigned, &c.Overdue, &c.DueSoon); err != nil {
			return nil, fmt.Errorf("scan a queue count: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// PersonLoad is the open work one person holds in an organisation.
type PersonLoad struct {
	PersonID string `json:"person_id"`
	Name     string `json:"name"`
	Open     int    `json:"open"`
	Overdue  int    `json:"overdue"`
	DueSoon  int    `json:"due_soon"`
}

// Loads counts the open tasks each person holds in org at now, with those
// past due and those due from now until soon.
func (e *Engine) Loads(ctx context.Context, p access.Principal, org string, now, soon time.Time) ([]PersonLoad, error) {
	if err := mayRead(p, org); err != nil {
		return nil, err
	}
	rows, err := e.db.Read.QueryContext(ctx, `SELECT assignee_id, MAX(assignee_name), count(*),
COALESCE(SUM(CASE WHEN due_at < $2 THEN 1 ELSE 0 END), 0),
COALESCE(SUM(CASE WHEN due_at >= $2 AND due_at < $3 THEN 1 ELSE 0 END), 0)
FROM process_tasks WHERE organisation_id = $1 AND state = 'open' AND assignee_id <> '' GROUP BY assignee_id`, org, now.UTC(), soon.UTC())
	if err != nil {
		return nil, fmt.Errorf("count the load of %s: %w", org, err)
	}
	defer rows.Close()
	var out []PersonLoad
	for rows.Next() {
		var l PersonLoad
		if err := rows.Scan(&l.PersonID, &l.Name, &l.Open, &l.Overdue, &l.DueSoon); err != nil {
			return nil, fmt.Errorf("scan a load: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// OpenLoadTx counts the open tasks each person holds in org, in tx, for the
// rule that gives a new task to the least loaded: read in the transaction
// that assigns, so that two assignments in a row see each other.
func (e *Engine) OpenLoadTx(ctx context.Context, tx *sql.Tx, org string) (map[string]int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT assignee_id, count(*) FROM process_tasks
WHERE organisation_id = $1 AND state = 'open' AND assignee_id <> '' GROUP BY assignee_id`, org)
	if err != nil {
		return nil, fmt.Errorf("count the open tasks of %s: %w", org, err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("scan an open task count: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}
