package events

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
)

// Handler handles one event. It may see the same event again after a crash, so
// it must be idempotent; returning an error stops the batch and the event is
// offered again on the next round.
type Handler func(ctx context.Context, e Event) error

// Consumer reads the outbox from its own cursor. Only one node at a time holds a
// consumer's lease, so on several nodes each event is normally handled once;
// after a crash the next holder resumes after the last event that was recorded
// as handled.
type Consumer struct {
	Name    string
	Handler Handler
	// Owner names this node in the lease; it must differ between nodes.
	Owner string
	// BatchSize bounds how many events one round reads (default 100).
	BatchSize int
	// LeaseTTL is how long the lease outlives a silent holder (default 30s).
	LeaseTTL time.Duration
	// Gather is how long a consumer woken by a commit waits before it
	// reads, so that the events of commits close together are handled in
	// one round instead of a round each (default 5ms).
	Gather time.Duration

	db    *db.DB
	clock clock.Clock

	// held is until when this consumer is sure of its lease without
	// writing: a round woken by every commit must not add two writes of
	// its own to each (SQLite has one writer).
	mu         sync.Mutex
	registered bool
	held       time.Time
}

// NewConsumer returns a consumer of d's outbox.
func NewConsumer(d *db.DB, clk clock.Clock, name, owner string, h Handler) *Consumer {
	return &Consumer{Name: name, Handler: h, Owner: owner, BatchSize: 100, LeaseTTL: 30 * time.Second, Gather: 5 * time.Millisecond, db: d, clock: clk}
}

// ErrLeaseHeld is returned by Round when another node holds the consumer.
var ErrLeaseHeld = errors.New("consumer lease held by another node")

// Round handles one batch and returns how many events it handled.
func (c *Consumer) Round(ctx context.Context) (int, error) {
	txID, eventID, err := c.acquire(ctx)
	if err != nil {
		return 0, err
	}
	batch, err := c.read(ctx, txID, eventID)
	if err != nil {
		return 0, err
	}
	// The cursor moves once per batch, not per event: a write per event
	// was most of a consumer's cost behind a burst of sends, on SQLite's one
	// writer. After a crash up to a batch is offered again, which handlers
	// take, being idempotent.
	for i, e := range batch {
		if err := c.Handler(ctx, e); err != nil {
			err = fmt.Errorf("consumer %s: handle event %d (%s): %w", c.Name, e.ID, e.Topic, err)
			if i > 0 {
				err = errors.Join(err, c.advance(ctx, batch[i-1]))
			}
			return i, err
		}
	}
	if len(batch) > 0 {
		if err := c.advance(ctx, batch[len(batch)-1]); err != nil {
			return 0, err
		}
	}
	return len(batch), nil
}

// Run handles events until ctx ends. After an empty round it waits for a
// commit on this node (the usual writer of new events) or for poll,
// whichever comes first, so that other nodes' events are found too; after
// errors it backs off and waits for poll alone.
func (c *Consumer) Run(ctx context.Context, poll time.Duration, log *slog.Logger) {
	wait := poll
	for {
		// Take the bell before the round: a commit during the round rings
		// it, and the next wait ends at once instead of missing the event.
		committed := c.db.Committed()
		n, err := c.Round(ctx)
		failed := false
		switch {
		case err == nil && n > 0:
			wait = 0
		case err == nil, errors.Is(err, ErrLeaseHeld):
			wait = poll
		default:
			log.Error("outbox consumer failed", "consumer", c.Name, "err", err)
			wait = min(max(2*wait, poll), time.Minute)
			failed = true
		}
		if failed || errors.Is(err, ErrLeaseHeld) {
			committed = nil // a nil channel never fires: wait for the timer
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		case <-committed:
			timer.Stop()
			select {
			case <-ctx.Done():
				return
			case <-time.After(c.Gather):
			}
		}
	}
}

const (
	ensureConsumer = `INSERT INTO event_consumers (name, updated_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`
	takeLease      = `UPDATE event_consumers SET lease_owner = $1, lease_until = $2
WHERE name = $3 AND (lease_owner = $1 OR lease_owner = '' OR lease_until < $4)
RETURNING last_tx_id, last_event_id`
	// Advancing also renews the lease, so that a long batch keeps it.
	advanceCursor = `UPDATE event_consumers SET last_tx_id = $1, last_event_id = $2, updated_at = $3, lease_until = $6
WHERE name = $4 AND lease_owner = $5`
	selectBatch = `SELECT id, tx_id, topic, aggregate_type, aggregate_id, payload, occurred_at FROM events
WHERE (tx_id > $1 OR (tx_id = $1 AND id > $2))`
)

// acquire takes or renews the lease and returns the cursor. While more than
// half the lease is left from the last renewal it only reads the cursor:
// the lease is renewed by every advance and by the first round after half
// of it has passed.
func (c *Consumer) acquire(ctx context.Context) (txID, eventID int64, err error) {
	now := c.clock.Now().UTC()
	c.mu.Lock()
	registered, held := c.registered, c.held
	c.mu.Unlock()
	if held.Sub(now) > c.LeaseTTL/2 {
		err := c.db.Read.QueryRowContext(ctx, `SELECT last_tx_id, last_event_id FROM event_consumers WHERE name = $1 AND lease_owner = $2`,
			c.Name, c.Owner).Scan(&txID, &eventID)
		if err == nil {
			return txID, eventID, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, 0, fmt.Errorf("consumer %s: read cursor: %w", c.Name, err)
		}
		// The lease went elsewhere (a node with a skewed clock, an
		// operator): take it the usual way.
	}
	if !registered {
		if _, err := c.db.Write.ExecContext(ctx, ensureConsumer, c.Name, now); err != nil {
			return 0, 0, fmt.Errorf("consumer %s: register: %w", c.Name, err)
		}
	}
	until := now.Add(c.LeaseTTL)
	err = c.db.Write.QueryRowContext(ctx, takeLease, c.Owner, until, c.Name, now).Scan(&txID, &eventID)
	if errors.Is(err, sql.ErrNoRows) {
		c.setHeld(true, time.Time{})
		return 0, 0, ErrLeaseHeld
	}
	if err != nil {
		return 0, 0, fmt.Errorf("consumer %s: take lease: %w", c.Name, err)
	}
	c.setHeld(true, until)
	return txID, eventID, nil
}

func (c *Consumer) setHeld(registered bool, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.registered, c.held = registered, until
}

func (c *Consumer) read(ctx context.Context, txID, eventID int64) ([]Event, error) {
	q := selectBatch + c.db.Dialect.VisibleEventsClause() + ` ORDER BY tx_id, id LIMIT $3`
	rows, err := c.db.Read.QueryContext(ctx, q, txID, eventID, c.BatchSize)
	if err != nil {
		return nil, fmt.Errorf("consumer %s: read events: %w", c.Name, err)
	}
	defer rows.Close()
	var batch []Event
	for rows.Next() {
		var e Event
		var payload string
		if err := rows.Scan(&e.ID, &e.TxID, &e.Topic, &e.AggregateType, &e.AggregateID, &payload, &e.OccurredAt); err != nil {
			return nil, fmt.Errorf("consumer %s: scan event: %w", c.Name, err)
		}
		e.Payload = json.RawMessage(payload)
		batch = append(batch, e)
	}
	return batch, rows.Err()
}

func (c *Consumer) advance(ctx context.Context, e Event) error {
	now := c.clock.Now().UTC()
	until := now.Add(c.LeaseTTL)
	res, err := c.db.Write.ExecContext(ctx, advanceCursor, e.TxID, e.ID, now, c.Name, c.Owner, until)
	if err != nil {
		c.setHeld(true, time.Time{})
		return fmt.Errorf("consumer %s: advance to %d: %w", c.Name, e.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		c.setHeld(true, time.Time{})
		return fmt.Errorf("consumer %s: lost lease before advancing to %d", c.Name, e.ID)
	}
	c.setHeld(true, until)
	return nil
}

// SkipToLatest moves the consumer's cursor past every event visible now, for
// a consumer whose state was just rebuilt from the database: replaying older
// events would only redo what the rebuild did.
func (c *Consumer) SkipToLatest(ctx context.Context) error {
	txID, eventID, err := c.acquire(ctx)
	if err != nil {
		return err
	}
	q := `SELECT tx_id, id FROM events WHERE (tx_id > $1 OR (tx_id = $1 AND id > $2))` + c.db.Dialect.VisibleEventsClause() + ` ORDER BY tx_id DESC, id DESC LIMIT 1`
	var e Event
	err = c.db.Read.QueryRowContext(ctx, q, txID, eventID).Scan(&e.TxID, &e.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("consumer %s: find the latest event: %w", c.Name, err)
	}
	return c.advance(ctx, e)
}
