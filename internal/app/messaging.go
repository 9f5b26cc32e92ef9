package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/i18n"
	"github.com/luva-fi/luva/internal/messaging"
)

// openMessaging builds the messaging service before the job queue, whose
// workers send its emails; the service reaches the queue through lateQueue
// once it exists. The trigger consumer's name is the same on every node, so
// that its lease lets one node at a time fire triggers.
func (a *App) openMessaging(cfg Config) error {
	text, err := i18n.Load()
	if err != nil {
		return err
	}
	if cfg.SMTPURL != "" {
		if a.mailer, err = messaging.ParseMailer(cfg.SMTPURL, cfg.MailFrom); err != nil {
			return err
		}
	}
	a.Messaging = messaging.NewService(messaging.Config{DB: a.DB, Clock: cfg.Clock, Queue: lateQueue{a}, Text: text})
	a.triggers.consumer = events.NewConsumer(a.DB, cfg.Clock, messaging.ConsumerName, nodeName(cfg.DataDir), a.Messaging.HandleEvent)
	return nil
}

// addMessagingWorkers adds the email and contact-check jobs to workers.
func (a *App) addMessagingWorkers(workers *river.Workers, cfg Config) {
	river.AddWorker(workers, messaging.NewEmailWorker(a.Messaging, a.mailer, cfg.PublicURL, cfg.Logger))
	river.AddWorker(workers, messaging.NewContactCheckWorker(a.Messaging))
}

// startMessaging runs the trigger consumer and makes sure today's contact
// check is queued; every node asks, and the job's uniqueness keeps it one.
func (a *App) startMessaging(ctx context.Context) error {
	if err := a.Messaging.ScheduleContactCheck(ctx); err != nil {
		return fmt.Errorf("schedule the contact check: %w", err)
	}
	a.triggers.start(ctx, a.log)
	return nil
}

// lateQueue hands jobs to the app's queue, which is made after the service
// that enqueues them.
type lateQueue struct{ a *App }

// Enqueue adds a job to the app's queue in tx.
func (q lateQueue) Enqueue(ctx context.Context, tx *sql.Tx, args river.JobArgs, at time.Time) (int64, error) {
	if q.a.Jobs == nil {
		return 0, errors.New("enqueue a message: the job queue is not open")
	}
	return q.a.Jobs.Enqueue(ctx, tx, args, at)
}

// outboxRunner runs one outbox consumer in the background.
type outboxRunner struct {
	consumer *events.Consumer
	stop     context.CancelFunc
	done     chan struct{}
}

// start runs the consumer until halt.
func (o *outboxRunner) start(ctx context.Context, log *slog.Logger) {
	ctx, o.stop = context.WithCancel(context.WithoutCancel(ctx))
	o.done = make(chan struct{})
	go func() {
		defer close(o.done)
		o.consumer.Run(ctx, time.Second, log)
	}()
}

// halt stops the consumer and waits for its round to end; it is safe when
// the consumer never started.
func (o *outboxRunner) halt() {
	if o.stop != nil {
		o.stop()
		<-o.done
	}
}
