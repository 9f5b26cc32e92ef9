package messaging

import (
	"context"
	"database/sql"
	"time"

	"github.com/riverqueue/river"

	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/i18n"
)

// Enqueuer adds a durable job inside a transaction; *jobs.Queue is one.
type Enqueuer interface {
	Enqueue(ctx context.Context, tx *sql.Tx, args river.JobArgs, at time.Time) (int64, error)
}

// Config is what the service is built from.
type Config struct {
	DB    *db.DB
	Clock clock.Clock
	Queue Enqueuer
	Text  *i18n.Catalog
	// Tasks and Processes carry out the triggers that create a task or start
	// a process; while nil, those actions are not offered.
	Tasks     TaskCreator
	Processes ProcessStarter
}

// Service sends notifications, keeps each person's in-app list and runs the
// authorities' triggers.
type Service struct {
	db        *db.DB
	clock     clock.Clock
	queue     Enqueuer
	text      *i18n.Catalog
	tasks     TaskCreator
	processes ProcessStarter
}

// NewService returns the messaging service.
func NewService(cfg Config) *Service {
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	return &Service{db: cfg.DB, clock: cfg.Clock, queue: cfg.Queue, text: cfg.Text, tasks: cfg.Tasks, processes: cfg.Processes}
}

// SetTaskCreator lets the process engine, built after this service, carry
// out the "create a task" triggers.
func (s *Service) SetTaskCreator(t TaskCreator) { s.tasks = t }

// SetProcessStarter lets the process engine carry out the "start a process"
// triggers.
func (s *Service) SetProcessStarter(p ProcessStarter) { s.processes = p }

// T is the text of a message key in lang, filled in with params.
func (s *Service) T(lang, key string, params map[string]string) string {
	var pairs []any
	for k, v := range params {
		pairs = append(pairs, k, v)
	}
	return s.text.T(lang, key, pairs...)
}
