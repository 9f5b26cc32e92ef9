package process_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
)

// BenchmarkEventNotice runs the demo public event notice process from its
// start to its end, the police officer's check completed, and prints
// completed process instances per second. The cases are sent outside the
// timing: the figure is the engine's.
func BenchmarkEventNotice(b *testing.B) {
	for _, dialect := range dbtest.Dialects() {
		b.Run(dialect.String(), func(b *testing.B) {
			benchmarkEventNotice(b, dbtest.Open(b, dialect))
		})
	}
}

func benchmarkEventNotice(b *testing.B, d *db.DB) {
	ctx := context.Background()
	w := newWorld(b, d, clock.NewSettable(start))
	def := w.deploy(b, demoProcess(b, "public-event-notice.bpmn"))
	police := w.role("poliisi", "Helsingin poliisilaitos", access.CaseHandler)
	var took time.Duration
	for b.Loop() {
		b.StopTimer()
		c := w.submit(b, "ta-public-event-notice", map[string]any{"event_name": "Mielenosoitus", "db_level": 70})
		b.StartTimer()
		began := time.Now()
		inst, err := w.engine.StartCase(ctx, def.ID, c.ID)
		if err != nil || inst == "" {
			b.Fatalf("start: %q %v", inst, err)
		}
		tasks, err := w.engine.Tasks(ctx, police, processFilter(w, c.ID))
		if err != nil || len(tasks) != 1 {
			b.Fatalf("tasks: %v %v", tasks, err)
		}
		if _, err := w.engine.Complete(ctx, police, req, tasks[0].ID, map[string]any{"outcome": "ok"}); err != nil {
			b.Fatal(err)
		}
		took += time.Since(began)
	}
	b.StopTimer()
	if n := count(b, d, `SELECT count(*) FROM process_instances WHERE state = 'completed'`); n != b.N {
		b.Fatalf("%d instances completed, want %d", n, b.N)
	}
	rate := float64(b.N) / took.Seconds()
	b.ReportMetric(rate, "instances/s")
	fmt.Printf("event notice process (%s): %d instances completed, %.0f completed instances per second\n", d.Dialect, b.N, rate)
}
