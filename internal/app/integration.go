package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/integration"
)

// webhooks runs the push side of the integration interface: the outbox
// consumer that turns case events into deliveries. The deliveries themselves
// are jobs that the queue's workers send.
type webhooks struct {
	consumer *events.Consumer
	stop     context.CancelFunc
	done     chan struct{}
}

// jobWorkers lists every job kind this node runs.
func (a *App) jobWorkers(cfg Config) *river.Workers {
	workers := river.NewWorkers()
	river.AddWorker(workers, integration.NewWorker(a.DB, cfg.Clock, cfg.Logger))
	a.addMessagingWorkers(workers, cfg)
	return workers
}

// openIntegration prepares the webhook service and its consumer, after the
// job queue exists. The consumer's name is the same on every node, so that
// its lease lets exactly one node at a time hand events over; the owner
// differs, so that the lease knows who holds it.
func (a *App) openIntegration(cfg Config) {
	a.Integration = integration.NewService(a.DB, cfg.Clock, a.Jobs)
	a.webhooks.consumer = events.NewConsumer(a.DB, cfg.Clock, integration.ConsumerName, nodeName(cfg.DataDir), a.Integration.HandleEvent)
}

// start runs the consumer until stop.
func (w *webhooks) start(ctx context.Context, log *slog.Logger) {
	ctx, w.stop = context.WithCancel(context.WithoutCancel(ctx))
	w.done = make(chan struct{})
	go func() {
		defer close(w.done)
		w.consumer.Run(ctx, time.Second, log)
	}()
}

// halt stops the consumer and waits for its round to end; it is safe when the
// consumer never started.
func (w *webhooks) halt() {
	if w.stop != nil {
		w.stop()
		<-w.done
	}
}
