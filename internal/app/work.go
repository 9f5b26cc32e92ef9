package app

import (
	"context"

	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/work"
)

// openWork builds the work-queue service on the process engine, and has
// the engine's outbox consumer hand it every event after the engine: the
// rules assign the tasks the engine opens (process.task_created). The
// engine's consumer is one for the cluster, so its lease also makes one
// node at a time apply the rules, and it starts and stops with the engine.
func (a *App) openWork(cfg Config) *work.Service {
	svc := work.New(work.Config{DB: a.DB, Clock: cfg.Clock, Engine: a.Process, People: identity.NewStore(a.DB), Log: cfg.Logger})
	engine := a.processes.consumer.Handler
	a.processes.consumer.Handler = func(ctx context.Context, ev events.Event) error {
		if err := engine(ctx, ev); err != nil {
			return err
		}
		return svc.HandleEvent(ctx, ev)
	}
	return svc
}

// Work is the work-queue service, which the pages and the API share.
func (a *App) Work() *work.Service { return a.API.Work }

// ProcessConsumer is the outbox consumer that feeds the process engine and
// then the work-queue rules. Tests that do not Start the app run its
// rounds by hand, to do what a running server does.
func (a *App) ProcessConsumer() *events.Consumer { return a.processes.consumer }
