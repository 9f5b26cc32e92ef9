package process_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/errs"
)

// Two nodes on one PostgreSQL fire every timer and complete every task
// exactly once, however their rounds and clicks overlap.
func TestTwoNodesFireEachTimerAndCompleteEachTaskOnce(t *testing.T) {
	if !slices.Contains(dbtest.Dialects(), db.Postgres) {
		t.Skip("PostgreSQL is off; SQLite has one writer and a single node")
	}
	ctx := context.Background()
	cfg := db.Config{URL: dbtest.NewPostgresSchema(t)}
	clk := clock.NewSettable(start)
	d1 := open(t, cfg)
	defer d1.Close()
	one := newWorld(t, d1, clk)
	one.deploy(t, demoProcess(t, "noise-notification.bpmn"))
	const n = 12
	var ids []string
	for i := range n {
		c := one.submit(t, "ta-noise-notification", map[string]any{"event_name": "Tapahtuma", "db_level": 70 + i, "attendance": 100})
		ids = append(ids, c.ID)
	}
	one.until(t, "every review is open", func() bool {
		return count(t, d1, `SELECT count(*) FROM process_tasks WHERE element_id = 'review'`) == n
	})
	d2, err := db.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Close()
	two := services(t, d2, clk, "node-2")
	nodes := []*world{one, two}

	clk.Advance(42 * 24 * time.Hour)
	var wg sync.WaitGroup
	fired := make([]int, 2*len(nodes))
	for i := range 2 * len(nodes) {
		wg.Go(func() {
			for range 3 {
				k, err := nodes[i%2].engine.FireDue(ctx)
				if err != nil {
					t.Errorf("node %d: %v", i%2+1, err)
				}
				fired[i] += k
			}
		})
	}
	wg.Wait()
	total := 0
	for _, k := range fired {
		total += k
	}
	if total != n {
		t.Errorf("the nodes fired %d timers (%v), want %d", total, fired, n)
	}
	if k := count(t, d1, `SELECT count(*) FROM process_tasks WHERE element_id = 'escalation'`); k != n {
		t.Errorf("%d escalation tasks, want %d", k, n)
	}
	if k := count(t, d1, `SELECT count(*) FROM events WHERE topic = 'process.timer_fired'`); k != n {
		t.Errorf("%d timer events, want %d", k, n)
	}

	// Both nodes complete every review at once, twice over.
	reviews := map[string]string{}
	for _, c := range ids {
		reviews[c] = one.openTask(t, c, "review")
	}
	for i := range 4 {
		wg.Go(func() {
			w := nodes[i%2]
			for _, task := range reviews {
				if _, err := w.engine.Complete(ctx, w.handler(), req, task, nil); err != nil && errs.KindOf(err) != errs.Conflict {
					t.Errorf("node %d completes %s: %v", i%2+1, task, err)
				}
			}
		})
	}
	wg.Wait()
	if k := count(t, d1, `SELECT count(*) FROM process_tasks WHERE element_id = 'review' AND state = 'completed'`); k != n {
		t.Errorf("%d reviews completed, want %d", k, n)
	}
	if k := count(t, d1, `SELECT count(*) FROM process_history WHERE element_id = 'review' AND kind = 'leave'`); k != n {
		t.Errorf("the reviews were left %d times, want %d", k, n)
	}
	if k := count(t, d1, `SELECT count(*) FROM events WHERE topic = 'process.task_completed'`); k != n {
		t.Errorf("%d completion events, want %d", k, n)
	}
	if k := count(t, d1, `SELECT count(*) FROM process_tokens WHERE element_id = 'decision'`); k != n {
		t.Errorf("%d tokens wait for the decision, want %d", k, n)
	}
}
