package obligations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Reminder is one occurrence of a duty coming due, to tell its party about.
type Reminder struct {
	Obligation Obligation
	// Due is the occurrence reminded of, RemindOn the day the reminder was
	// planned for.
	Due      string
	RemindOn string
	// At is when it is sent, on the service's clock.
	At time.Time
}

// Notifier delivers reminders. Notify runs inside the transaction that marks
// the reminder sent: a notifier that writes its message (or its outbox
// event) in tx hands the reminder over exactly once, and an error rolls both
// back so that the reminder is tried again later.
type Notifier interface {
	Notify(ctx context.Context, tx *sql.Tx, r Reminder) error
	// Channel names the notifier in the reminder's record ("record", "email").
	Channel() string
}

// Recorder is the built-in notifier: it keeps each reminder in luva's own
// table, where the annual clock shows it as "reminded on …".
type Recorder struct{}

// Notify records the reminder.
func (Recorder) Notify(ctx context.Context, tx *sql.Tx, r Reminder) error {
	o := r.Obligation
	_, err := tx.ExecContext(ctx, `INSERT INTO obligation_notices (obligation_id, due_date, person_id, acting_for, title, created_at)
VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, o.ID, r.Due, o.PersonID, o.ActingFor, o.Title, utc(r.At))
	if err != nil {
		return fmt.Errorf("record the reminder of obligation %s: %w", o.ID, err)
	}
	return nil
}

// Channel names the built-in notifier.
func (Recorder) Channel() string { return "record" }

// remindBatch bounds the reminders one round schedules or sends, so that a
// round after a long outage still ends soon and the next one goes on.
const remindBatch = 200

// Remind schedules the reminders of occurrences that have none yet and sends
// those whose day has come on the service's clock. It returns how many it
// sent. Several nodes may call it at once: each reminder is claimed by one.
func (s *Service) Remind(ctx context.Context) (int, error) {
	if err := s.schedule(ctx); err != nil {
		return 0, err
	}
	sent := 0
	for range remindBatch {
		claimed, ok, err := s.sendOne(ctx)
		if err != nil {
			return sent, err
		}
		if !claimed {
			break
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// schedule gives every open occurrence its reminder row. The row's key is the
// occurrence, so two nodes scheduling at once write it once.
func (s *Service) schedule(ctx context.Context) error {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT o.id, o.due_date, o.remind_days FROM obligations o
WHERE o.done_at IS NULL AND NOT EXISTS (SELECT 1 FROM obligation_reminders r WHERE r.obligation_id = o.id AND r.due_date = o.due_date)
ORDER BY o.due_date LIMIT `+fmt.Sprint(remindBatch))
	if err != nil {
		return fmt.Errorf("find obligations to schedule reminders for: %w", err)
	}
	type due struct {
		id, day string
		days    int
	}
	var todo []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.day, &d.days); err != nil {
			rows.Close()
			return fmt.Errorf("scan obligation to remind: %w", err)
		}
		todo = append(todo, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("find obligations to schedule reminders for: %w", err)
	}
	if len(todo) == 0 {
		return nil
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		for _, d := range todo {
			if _, err := tx.ExecContext(ctx, `INSERT INTO obligation_reminders (obligation_id, due_date, remind_on) VALUES ($1, $2, $3)
ON CONFLICT DO NOTHING`, d.id, d.day, remindOn(d.day, d.days)); err != nil {
				return fmt.Errorf("schedule the reminder of obligation %s: %w", d.id, err)
			}
		}
		return nil
	})
}

// sendOne claims one due reminder and sends it, in one transaction. It
// reports whether one was due and whether it went out.
func (s *Service) sendOne(ctx context.Context) (claimed, sent bool, err error) {
	now := s.clock.Now()
	r := Reminder{At: now}
	var sendErr error
	cancelled := false
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		// SKIP LOCKED lets another node's claim pass by instead of waiting
		// for it and then sending the same reminder again.
		err := tx.QueryRowContext(ctx, `SELECT obligation_id, due_date, remind_on FROM obligation_reminders
WHERE state = 'pending' AND remind_on <= $1 AND (next_try_at IS NULL OR next_try_at <= $2)
ORDER BY remind_on, obligation_id LIMIT 1`+s.db.Dialect.SkipLocked(), Day(now), utc(now)).Scan(&r.Obligation.ID, &r.Due, &r.RemindOn)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoneDue
		}
		if err != nil {
			return fmt.Errorf("claim a reminder: %w", err)
		}
		o, err := s.one(ctx, tx, r.Obligation.ID)
		if err != nil {
			return err
		}
		r.Obligation = o
		if !o.Open() || o.Due != r.Due {
			// Done before its reminder: nothing to remind of.
			if _, err := tx.ExecContext(ctx, `UPDATE obligation_reminders SET state = 'cancelled' WHERE obligation_id = $1 AND due_date = $2`, o.ID, r.Due); err != nil {
				return fmt.Errorf("cancel the reminder of obligation %s: %w", o.ID, err)
			}
			cancelled = true
			return nil
		}
		if sendErr = s.notify.Notify(ctx, tx, r); sendErr != nil {
			return sendErr
		}
		_, err = tx.ExecContext(ctx, `UPDATE obligation_reminders SET state = 'sent', sent_at = $1, attempts = attempts + 1, channel = $2, last_error = ''
WHERE obligation_id = $3 AND due_date = $4`, utc(now), s.notify.Channel(), o.ID, r.Due)
		if err != nil {
			return fmt.Errorf("mark the reminder of obligation %s sent: %w", o.ID, err)
		}
		return nil
	})
	switch {
	case errors.Is(err, errNoneDue):
		return false, false, nil
	case sendErr != nil:
		return true, false, s.failed(ctx, r, now, sendErr)
	case err != nil:
		return false, false, err
	}
	return true, !cancelled, nil
}

var errNoneDue = errors.New("no reminder is due")

// failed records a failed delivery and puts the next try off: a minute after
// the first failure, doubling up to six hours, so that an outage of the
// notifier loses nothing and does not spin.
func (s *Service) failed(ctx context.Context, r Reminder, now time.Time, cause error) error {
	s.log.WarnContext(ctx, "obligation reminder failed", "obligation", r.Obligation.ID, "due", r.Due, "err", cause)
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		var attempts int
		if err := tx.QueryRowContext(ctx, `SELECT attempts FROM obligation_reminders WHERE obligation_id = $1 AND due_date = $2`+s.db.Dialect.ForUpdate(),
			r.Obligation.ID, r.Due).Scan(&attempts); err != nil {
			return fmt.Errorf("read the attempts of reminder %s: %w", r.Obligation.ID, err)
		}
		wait := min(time.Minute<<min(attempts, 10), 6*time.Hour)
		msg := cause.Error()
		if len(msg) > 500 {
			msg = msg[:500]
		}
		_, err := tx.ExecContext(ctx, `UPDATE obligation_reminders SET attempts = attempts + 1, last_error = $1, next_try_at = $2
WHERE obligation_id = $3 AND due_date = $4`, msg, utc(now.Add(wait)), r.Obligation.ID, r.Due)
		if err != nil {
			return fmt.Errorf("record the failed reminder of obligation %s: %w", r.Obligation.ID, err)
		}
		return nil
	})
}

// Run calls Remind every interval until ctx ends. The reminders live in the
// database and each round reads the service's clock, so a restart loses
// nothing and a test can move time on and call Remind itself.
func (s *Service) Run(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.Remind(ctx); err != nil && ctx.Err() == nil {
			log.ErrorContext(ctx, "send obligation reminders", "err", err)
		} else if n > 0 {
			log.InfoContext(ctx, "obligation reminders sent", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
