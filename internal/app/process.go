package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	demoprocesses "github.com/luva-fi/luva/internal/demo/processes"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/process"
)

// processes runs the process engine's background work: the outbox consumer
// that starts instances when cases are sent and wakes the tokens waiting for
// case events, and the poller that fires due timers. The consumer is one for
// the cluster (its lease picks the node); every node polls timers, which
// claim each due timer so that it fires once.
type processes struct {
	consumer *events.Consumer
	stop     context.CancelFunc
	done     chan struct{}
}

// openProcesses builds the engine after the case service, and with the demo
// data deploys the demo processes.
func (a *App) openProcesses(ctx context.Context, cfg Config) error {
	a.Process = process.New(process.Config{DB: a.DB, Clock: cfg.Clock, Calendar: a.Cases.Calendar(), Cases: a.Cases, Log: cfg.Logger})
	a.processes.consumer = events.NewConsumer(a.DB, cfg.Clock, process.ConsumerName, nodeName(cfg.DataDir), a.Process.HandleEvent)
	if !a.Demo.Loaded {
		return nil
	}
	// The demo's cases were sent over the past year on a clock of their
	// own and are decided or waiting; processes start with the cases sent
	// from now on.
	if err := a.processes.consumer.SkipToLatest(ctx); err != nil {
		return fmt.Errorf("start the process engine after the demo cases: %w", err)
	}
	if err := demoprocesses.Deploy(ctx, a.Process); err != nil {
		return err
	}
	return nil
}

// start runs the consumer and the timer poller until halt.
func (p *processes) start(ctx context.Context, engine *process.Engine, log *slog.Logger) {
	ctx, p.stop = context.WithCancel(context.WithoutCancel(ctx))
	p.done = make(chan struct{})
	go func() {
		defer close(p.done)
		finished := make(chan struct{})
		go func() {
			defer close(finished)
			engine.RunTimers(ctx, time.Second, log)
		}()
		p.consumer.Run(ctx, time.Second, log)
		<-finished
	}()
}

// halt stops both and waits for their rounds to end; it is safe when they
// never started.
func (p *processes) halt() {
	if p.stop != nil {
		p.stop()
		<-p.done
	}
}
