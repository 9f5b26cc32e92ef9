// Package jobs runs luva's durable jobs: timers, reminders, delivery retries and
// process timers live in the database, not in goroutines, so they survive
// restarts and run once across several nodes. It is a thin layer over River
// (riverqueue.com), which has drivers for both of luva's databases; features
// define their work as River workers and enqueue jobs inside their own
// transactions.
package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/luva-fi/luva/internal/db"
)

// Config sets up a Queue.
type Config struct {
	// Workers holds every job kind this node runs; nil runs none (insert only).
	Workers *river.Workers
	Logger  *slog.Logger
	// MaxWorkers bounds the jobs run at once on this node (default 10).
	MaxWorkers int
	// PollInterval is how often the database is asked for due jobs (default 1s).
	PollInterval time.Duration
	// RetryPolicy overrides River's default backoff; tests shorten it.
	RetryPolicy river.ClientRetryPolicy
}

// Queue enqueues and runs durable jobs.
type Queue struct {
	client  *river.Client[*sql.Tx]
	running bool // false for an insert-only queue, which has no workers
}

func driver(d *db.DB) riverdriver.Driver[*sql.Tx] {
	if d.Dialect == db.SQLite {
		// River on SQLite must share the single write connection.
		return riversqlite.New(d.Write)
	}
	return riverdatabasesql.New(d.Write)
}

// Migrate applies River's own migrations. It runs after db.Migrate.
func Migrate(ctx context.Context, d *db.DB) error {
	m, err := rivermigrate.New(driver(d), nil)
	if err != nil {
		return fmt.Errorf("job migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("apply job migrations: %w", err)
	}
	return nil
}

// Migrated reports whether River's tables are up to date.
func Migrated(ctx context.Context, d *db.DB) (bool, error) {
	m, err := rivermigrate.New(driver(d), nil)
	if err != nil {
		return false, fmt.Errorf("job migrations: %w", err)
	}
	res, err := m.Validate(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("check job migrations: %w", err)
	}
	return res.OK, nil
}

// New returns a queue on d. It runs nothing until Start.
func New(d *db.DB, cfg Config) (*Queue, error) {
	rc := &river.Config{
		Logger:            cfg.Logger,
		FetchPollInterval: cfg.PollInterval,
		RetryPolicy:       cfg.RetryPolicy,
		PollOnly:          true, // no LISTEN/NOTIFY through database/sql; polling is cheap
	}
	if cfg.PollInterval > 0 && cfg.PollInterval < river.FetchCooldownDefault {
		rc.FetchCooldown = cfg.PollInterval
	}
	if cfg.Workers != nil {
		rc.Workers = cfg.Workers
		rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cmpOr(cfg.MaxWorkers, 10)}}
	}
	client, err := river.NewClient(driver(d), rc)
	if err != nil {
		return nil, fmt.Errorf("create job client: %w", err)
	}
	return &Queue{client: client, running: cfg.Workers != nil}, nil
}

// Start begins running due jobs in the background. A queue without workers
// only inserts, and Start does nothing.
func (q *Queue) Start(ctx context.Context) error {
	if !q.running {
		return nil
	}
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("start jobs: %w", err)
	}
	return nil
}

// Stop stops fetching new jobs and waits for the running ones to finish, or for
// ctx to end.
func (q *Queue) Stop(ctx context.Context) error {
	if !q.running {
		return nil
	}
	if err := q.client.Stop(ctx); err != nil {
		return fmt.Errorf("stop jobs: %w", err)
	}
	return nil
}

// Enqueue adds a job in tx, to run at the given time (now if zero). The job
// exists exactly when the transaction commits.
func (q *Queue) Enqueue(ctx context.Context, tx *sql.Tx, args river.JobArgs, at time.Time) (int64, error) {
	opts := &river.InsertOpts{}
	if !at.IsZero() {
		opts.ScheduledAt = at
	}
	res, err := q.client.InsertTx(ctx, tx, args, opts)
	if err != nil {
		return 0, fmt.Errorf("enqueue %s job: %w", args.Kind(), err)
	}
	return res.Job.ID, nil
}

func cmpOr(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}
