package process_test

import (
	"context"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
)

// open opens and migrates the database cfg names.
func open(t testing.TB, cfg db.Config) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestASixWeekBoundaryTimerEscalatesAcrossARestart(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect.String(), func(t *testing.T) {
			ctx := context.Background()
			cfg := dbtest.Config(t, dialect)
			clk := clock.NewSettable(start)

			// The first node deploys the demo noise process and starts it.
			d := open(t, cfg)
			w := newWorld(t, d, clk)
			w.deploy(t, demoProcess(t, "noise-notification.bpmn"))
			c := w.submit(t, "ta-noise-notification", map[string]any{"event_name": "Ulkokonsertti", "db_level": 95, "attendance": 800})
			w.until(t, "the review is open", func() bool {
				return count(t, d, `SELECT count(*) FROM process_tasks WHERE case_id = $1 AND element_id = 'review'`, c.ID) == 1
			})
			var unit string
			if err := d.Read.QueryRowContext(ctx, `SELECT unit_id FROM process_tasks WHERE case_id = $1`, c.ID).Scan(&unit); err != nil || unit == "" {
				t.Errorf("the review's unit %q (err %v): want Ympäristöpalvelut resolved", unit, err)
			}
			if n := count(t, d, `SELECT count(*) FROM process_tasks WHERE case_id = $1 AND kind = 'statement'`, c.ID); n != 0 {
				t.Errorf("a small event asked for %d statements", n)
			}
			d.Close()

			// Another node starts on the same database; a day short of six
			// weeks nothing fires.
			d = open(t, cfg)
			defer d.Close()
			w = services(t, d, clk, "node-2")
			clk.Advance(41 * 24 * time.Hour)
			if n, err := w.engine.FireDue(ctx); err != nil || n != 0 {
				t.Fatalf("after 41 days %d timers fired (err %v), want none", n, err)
			}
			clk.Advance(24 * time.Hour)
			if n, err := w.engine.FireDue(ctx); err != nil || n != 1 {
				t.Fatalf("after six weeks %d timers fired (err %v), want 1", n, err)
			}
			if n, err := w.engine.FireDue(ctx); err != nil || n != 0 {
				t.Fatalf("a second round fired %d timers (err %v), want none", n, err)
			}
			tasks := count(t, d, `SELECT count(*) FROM process_tasks WHERE case_id = $1 AND element_id = 'escalation' AND role = 'manager' AND state = 'open'`, c.ID)
			if tasks != 1 {
				t.Fatalf("%d escalation tasks for the manager, want 1", tasks)
			}
			if n := count(t, d, `SELECT count(*) FROM process_tasks WHERE case_id = $1 AND element_id = 'review' AND state = 'open'`, c.ID); n != 1 {
				t.Error("the non-interrupting escalation closed the review")
			}

			// The decision interrupts the review; the manager's task still
			// holds the instance until it is done.
			inst := w.instanceOf(t, c.ID)
			if _, err := d.Write.ExecContext(ctx, `UPDATE cases SET state = 'processing' WHERE id = $1`, c.ID); err != nil {
				t.Fatal(err)
			}
			decideAndFeed(t, w, c.ID)
			if n := count(t, d, `SELECT count(*) FROM process_tasks WHERE case_id = $1 AND element_id = 'review' AND state = 'cancelled'`, c.ID); n != 1 {
				t.Error("the decision did not interrupt the review")
			}
			if _, err := w.engine.Complete(ctx, w.manager(), req, w.openTask(t, c.ID, "escalation"), nil); err != nil {
				t.Fatal(err)
			}
			if n := count(t, d, `SELECT count(*) FROM process_instances WHERE id = $1 AND state = 'completed'`, inst); n != 1 {
				t.Error("the instance did not complete")
			}
		})
	}
}

// decideAndFeed decides the case and feeds the engine until the decision
// has reached it.
func decideAndFeed(t *testing.T, w *world, caseID string) {
	t.Helper()
	ctx := context.Background()
	if _, err := w.cases.Decide(ctx, w.handler(), req, caseID, decision()); err != nil {
		t.Fatal(err)
	}
	w.until(t, "the decision reaches the engine", func() bool {
		return count(t, w.d, `SELECT count(*) FROM process_history h JOIN process_instances i ON i.id = h.instance_id
WHERE i.case_id = $1 AND h.element_id = 'decided-early' AND h.kind = 'leave'`, caseID) == 1
	})
}
