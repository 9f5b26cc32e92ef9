package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
)

// Limiter counts attempts per key in fixed windows, in the database so that
// every node shares the count.
type Limiter struct {
	db    *db.DB
	clock clock.Clock
}

// NewLimiter returns a limiter on d.
func NewLimiter(d *db.DB, clk clock.Clock) *Limiter { return &Limiter{db: d, clock: clk} }

// Hit counts one attempt under key and reports whether it is within limit per
// window; when not, it also says how long until the window ends.
func (l *Limiter) Hit(ctx context.Context, key string, limit int, window time.Duration) (bool, time.Duration, error) {
	now := l.clock.Now().UTC()
	var allowed bool
	var retry time.Duration
	err := l.db.InTx(ctx, func(tx *sql.Tx) error {
		var start time.Time
		var hits int
		err := tx.QueryRowContext(ctx, `SELECT window_start, hits FROM rate_limits WHERE key = $1`+l.db.Dialect.ForUpdate(), key).Scan(&start, &hits)
		switch {
		case errors.Is(err, sql.ErrNoRows) || (err == nil && !now.Before(start.Add(window))):
			allowed = true
			_, err = tx.ExecContext(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
ON CONFLICT (key) DO UPDATE SET window_start = excluded.window_start, hits = 1`, key, now)
			return err
		case err != nil:
			return err
		case hits >= limit:
			retry = start.Add(window).Sub(now)
			return nil
		}
		allowed = true
		_, err = tx.ExecContext(ctx, `UPDATE rate_limits SET hits = hits + 1 WHERE key = $1`, key)
		return err
	})
	if err != nil {
		return false, 0, fmt.Errorf("rate limit %s: %w", key, err)
	}
	return allowed, retry, nil
}

// Reset forgets the attempts under key, e.g. after a successful sign-in.
func (l *Limiter) Reset(ctx context.Context, key string) error {
	if _, err := l.db.Write.ExecContext(ctx, `DELETE FROM rate_limits WHERE key = $1`, key); err != nil {
		return fmt.Errorf("reset rate limit %s: %w", key, err)
	}
	return nil
}
