package app

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/luva-fi/luva/internal/messaging"
	"github.com/luva-fi/luva/internal/obligations"
)

// remindEvery is how often this node looks for reminders whose day has come.
// Reminders are due by the day, so a minute is prompt; the claim keeps nodes
// from sending one twice, however many poll.
const remindEvery = time.Minute

// reminders runs the obligation reminders' poller until halted.
type reminders struct {
	stop context.CancelFunc
	done chan struct{}
}

// openObligations makes the obligation service, whose reminders go out as
// messages to the customer (in the app and by email, as they chose) and are
// recorded for the annual clock.
func (a *App) openObligations(cfg Config) {
	a.Obligations = obligations.NewService(obligations.Config{DB: a.DB, Clock: cfg.Clock, Log: cfg.Logger,
		Notifier: reminderMessages{messages: a.Messaging}})
}

// reminderMessages hands a reminder to messaging in the transaction that
// marks it sent, so it goes out exactly once, and records it as the built-in
// notifier does.
type reminderMessages struct {
	messages *messaging.Service
}

// Channel names the notifier in the reminder's record.
func (reminderMessages) Channel() string { return "messaging" }

// Notify records the reminder and sends its message.
func (n reminderMessages) Notify(ctx context.Context, tx *sql.Tx, r obligations.Reminder) error {
	if err := (obligations.Recorder{}).Notify(ctx, tx, r); err != nil {
		return err
	}
	_, err := n.messages.Send(ctx, tx, messaging.Message{PersonID: r.Obligation.PersonID, Key: "reminder:" + r.Obligation.ID + ":" + r.Due,
		OrganisationID: r.Obligation.Authority, CaseID: r.Obligation.CaseID, CaseNumber: r.Obligation.CaseNumber,
		TitleKey: "messaging.reminder.title", BodyKey: "messaging.reminder.body",
		Params: map[string]string{"title": r.Obligation.Title, "due": r.Due, "number": r.Obligation.CaseNumber}, Link: "/annual-clock"})
	if err != nil {
		return fmt.Errorf("send the reminder of obligation %s: %w", r.Obligation.ID, err)
	}
	return nil
}

// start runs the poller until halt.
func (r *reminders) start(ctx context.Context, svc *obligations.Service, log *slog.Logger) {
	ctx, r.stop = context.WithCancel(context.WithoutCancel(ctx))
	r.done = make(chan struct{})
	go func() {
		defer close(r.done)
		svc.Run(ctx, remindEvery, log)
	}()
}

// halt stops the poller and waits for its round to end; it is safe when the
// poller never started.
func (r *reminders) halt() {
	if r.stop != nil {
		r.stop()
		<-r.done
	}
}
