package jobs_test

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/jobs"
)

type reminderArgs struct {
	CaseID string `json:"case_id"`
}

func (reminderArgs) Kind() string { return "test.reminder" }

type reminderWorker struct {
	river.WorkerDefaults[reminderArgs]
	ran      chan time.Time
	failures atomic.Int32 // fail this many times before succeeding
}

func (w *reminderWorker) Work(ctx context.Context, job *river.Job[reminderArgs]) error {
	if w.failures.Add(-1) >= 0 {
		return errors.New("delivery failed")
	}
	w.ran <- time.Now()
	return nil
}

type quickRetry struct{}

func (quickRetry) NextRetry(*rivertype.JobRow) time.Time {
	return time.Now().Add(50 * time.Millisecond)
}

func open(t *testing.T, cfg db.Config) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := jobs.Migrate(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d
}

func startQueue(t *testing.T, d *db.DB, w *reminderWorker) *jobs.Queue {
	t.Helper()
	workers := river.NewWorkers()
	river.AddWorker(workers, w)
	q, err := jobs.New(d, jobs.Config{Workers: workers, PollInterval: 50 * time.Millisecond, RetryPolicy: quickRetry{}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return q
}

func stop(t *testing.T, q *jobs.Queue) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := q.Stop(ctx); err != nil {
		t.Fatal(err)
	}
}

func waitRun(t *testing.T, w *reminderWorker) time.Time {
	t.Helper()
	select {
	case at := <-w.ran:
		return at
	// River's scheduler runs on the elected leader; after a restart the
	// election and the scheduling poll can take a while on a loaded machine.
	case <-time.After(60 * time.Second):
		t.Fatal("the job did not run")
	}
	return time.Time{}
}

func TestJobScheduledForLaterRunsAfterRestart(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect.String(), func(t *testing.T) {
			ctx := context.Background()
			cfg := dbtest.Config(t, dialect)
			d := open(t, cfg)
			w := &reminderWorker{ran: make(chan time.Time, 1)}
			q := startQueue(t, d, w)
			due := time.Now().Add(1500 * time.Millisecond)
			err := d.InTx(ctx, func(tx *sql.Tx) error {
				_, err := q.Enqueue(ctx, tx, reminderArgs{CaseID: "LUVA-2026-000001"}, due)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			stop(t, q)
			d.Close()

			d = open(t, cfg)
			defer d.Close()
			q = startQueue(t, d, w)
			defer stop(t, q)
			if ran := waitRun(t, w); ran.Before(due) {
				t.Errorf("ran at %v, before it was due at %v", ran, due)
			}
		})
	}
}

func TestFailedJobIsRetried(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := jobs.Migrate(ctx, d); err != nil {
			t.Fatal(err)
		}
		w := &reminderWorker{ran: make(chan time.Time, 1)}
		w.failures.Store(2)
		q := startQueue(t, d, w)
		defer stop(t, q)
		err := d.InTx(ctx, func(tx *sql.Tx) error {
			_, err := q.Enqueue(ctx, tx, reminderArgs{CaseID: "x"}, time.Time{})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		waitRun(t, w)
		if left := w.failures.Load(); left != -1 {
			t.Errorf("worker called %d times, want 3 (two failures, one success)", 2-left)
		}
	})
}

func TestJobEnqueuedInRolledBackTransactionNeverRuns(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := jobs.Migrate(ctx, d); err != nil {
			t.Fatal(err)
		}
		w := &reminderWorker{ran: make(chan time.Time, 1)}
		q := startQueue(t, d, w)
		defer stop(t, q)
		_ = d.InTx(ctx, func(tx *sql.Tx) error {
			if _, err := q.Enqueue(ctx, tx, reminderArgs{CaseID: "ghost"}, time.Time{}); err != nil {
				t.Fatal(err)
			}
			return errors.New("roll back")
		})
		select {
		case <-w.ran:
			t.Fatal("a job from a rolled-back transaction ran")
		case <-time.After(500 * time.Millisecond):
		}
		ok, err := jobs.Migrated(ctx, d)
		if err != nil || !ok {
			t.Errorf("Migrated = %v, %v; want true", ok, err)
		}
	})
}

type slowArgs struct{}

func (slowArgs) Kind() string { return "test.slow" }

type slowWorker struct {
	river.WorkerDefaults[slowArgs]
	started  chan struct{}
	finished atomic.Bool
}

func (w *slowWorker) Work(ctx context.Context, _ *river.Job[slowArgs]) error {
	close(w.started)
	time.Sleep(700 * time.Millisecond)
	w.finished.Store(true)
	return nil
}

func TestStopWaitsForTheJobInFlight(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := jobs.Migrate(ctx, d); err != nil {
			t.Fatal(err)
		}
		w := &slowWorker{started: make(chan struct{})}
		workers := river.NewWorkers()
		river.AddWorker(workers, w)
		q, err := jobs.New(d, jobs.Config{Workers: workers, PollInterval: 50 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		err = d.InTx(ctx, func(tx *sql.Tx) error {
			_, err := q.Enqueue(ctx, tx, slowArgs{}, time.Time{})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		select {
		case <-w.started:
		case <-time.After(15 * time.Second):
			t.Fatal("the job did not start")
		}
		stop(t, q)
		if !w.finished.Load() {
			t.Error("Stop returned before the running job finished")
		}
	})
}
