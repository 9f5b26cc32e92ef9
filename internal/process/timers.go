package process

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// FireDue fires every timer due by the engine's clock and returns how many
// fired. Each timer fires in the transaction that marks it fired, with the
// instance locked; an instance another node is stepping is skipped (SKIP
// LOCKED) and its timers are left for the next round, so that no timer
// fires twice however many nodes poll.
func (e *Engine) FireDue(ctx context.Context) (int, error) {
	fired := 0
	for {
		due, err := e.dueTimers(ctx, 100)
		if err != nil {
			return fired, err
		}
		n := 0
		for _, t := range due {
			ok, err := e.fire(ctx, t.id, t.instance)
			if err != nil && !domainError(err) {
				return fired, err
			}
			if ok {
				n++
			}
		}
		fired += n
		// Stop when a round fired nothing: what is left is held by
		// another node or stopped by an incident.
		if len(due) < 100 || n == 0 {
			return fired, nil
		}
	}
}

type dueTimer struct{ id, instance string }

func (e *Engine) dueTimers(ctx context.Context, limit int) ([]dueTimer, error) {
	rows, err := e.db.Read.QueryContext(ctx, `SELECT t.id, t.instance_id FROM process_timers t
JOIN process_instances i ON i.id = t.instance_id
WHERE t.state = 'pending' AND t.due_at <= $1 AND i.state = 'running' ORDER BY t.due_at, t.id LIMIT $2`, e.clock.Now().UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("find due timers: %w", err)
	}
	defer rows.Close()
	var out []dueTimer
	for rows.Next() {
		var t dueTimer
		if err := rows.Scan(&t.id, &t.instance); err != nil {
			return nil, fmt.Errorf("find due timers: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// fire fires one timer, unless it fired, was cancelled or is held elsewhere.
func (e *Engine) fire(ctx context.Context, timerID, instanceID string) (bool, error) {
	fired := false
	_, err := e.advance(ctx, instanceID, true, func(s *step) error {
		var tok, elementID string
		err := s.tx.QueryRowContext(ctx, `SELECT token_id, element_id FROM process_timers
WHERE id = $1 AND state = 'pending' AND due_at <= $2`+e.db.Dialect.SkipLocked(), timerID, s.now.UTC()).Scan(&tok, &elementID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("claim timer %s: %w", timerID, err)
		}
		if _, err := s.tx.ExecContext(ctx, `UPDATE process_timers SET state = 'fired', fired_at = $1 WHERE id = $2`, s.now.UTC(), timerID); err != nil {
			return fmt.Errorf("mark timer %s fired: %w", timerID, err)
		}
		if err := s.trigger(elementID, tok); err != nil {
			return err
		}
		fired = true
		return s.emit("process.timer_fired", map[string]any{"timer": timerID, "element": elementID})
	})
	return fired, err
}

// RunTimers fires due timers every poll until ctx ends. Timers are due on
// the engine's clock, so a test clock moved forward fires them at the next
// round.
func (e *Engine) RunTimers(ctx context.Context, poll time.Duration, log *slog.Logger) {
	wait := poll
	for {
		if _, err := e.FireDue(ctx); err != nil && ctx.Err() == nil {
			log.Error("process timers failed", "err", err)
			wait = min(2*wait, time.Minute)
		} else {
			wait = poll
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}
