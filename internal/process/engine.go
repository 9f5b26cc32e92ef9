package process

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/workdays"
)

// Cases is what the engine needs of the case service; *cases.Service has it.
// The Tx methods run inside the engine's transaction, so that a step and the
// case change it makes commit together.
type Cases interface {
	CaseTx(ctx context.Context, tx *sql.Tx, id string) (cases.Case, error)
	SetStateTx(ctx context.Context, tx *sql.Tx, id string, to cases.State, reason string) (cases.Case, error)
	MessageTx(ctx context.Context, tx *sql.Tx, id, body string) (cases.Message, error)
	ObligationTx(ctx context.Context, tx *sql.Tx, id string, o cases.ObligationInput) (cases.Obligation, error)
	EventTx(ctx context.Context, tx *sql.Tx, c cases.Case, topic string, extra map[string]any) error
	Get(ctx context.Context, p access.Principal, id string) (cases.Case, cases.Role, error)
	Model() cases.Model
}

// Config is what an Engine is built from.
type Config struct {
	DB       *db.DB
	Clock    clock.Clock
	Calendar *workdays.Calendar
	Cases    Cases
	Log      *slog.Logger
}

// Engine deploys definitions and runs their instances. Every method keeps
// its state in the database, so any number of engines, on one node or many,
// may run on the same database.
type Engine struct {
	db    *db.DB
	clock clock.Clock
	cal   *workdays.Calendar
	cases Cases
	log   *slog.Logger

	// parsed caches deployed definitions by id; a deployed version never
	// changes, so a cached one is never stale.
	mu     sync.Mutex
	parsed map[string]*Definition
}

// New returns an engine.
func New(c Config) *Engine {
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Calendar == nil {
		c.Calendar = workdays.New()
	}
	return &Engine{db: c.DB, clock: c.Clock, cal: c.Calendar, cases: c.Cases, log: c.Log, parsed: map[string]*Definition{}}
}
