// Package events is luva's transactional outbox. A state change writes its domain
// event with Append in the same transaction as the change; consumers read the
// events in order, each from its own cursor, at least once. Notifications,
// triggers, the search index and webhooks all hang off consumers, so nothing is
// lost when a process dies between a write and its consequences.
package events

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Event is a domain event as stored in the outbox.
type Event struct {
	ID            int64
	TxID          int64
	Topic         string // what happened, e.g. "application.submitted"
	AggregateType string // the kind of thing it happened to, e.g. "application"
	AggregateID   string
	Payload       json.RawMessage
	OccurredAt    time.Time
}

// New is an event to append.
type New struct {
	Topic         string
	AggregateType string
	AggregateID   string
	// Payload is marshalled to JSON; nil becomes {}.
	Payload any
}

const insertEvent = `INSERT INTO events (topic, aggregate_type, aggregate_id, payload, occurred_at)
VALUES ($1, $2, $3, $4, $5) RETURNING id`

// Append writes e in tx, so that the event exists exactly when the change does.
func Append(ctx context.Context, tx *sql.Tx, now time.Time, e New) (int64, error) {
	if e.Topic == "" || e.AggregateType == "" {
		return 0, fmt.Errorf("append event: topic and aggregate type are required")
	}
	payload := []byte("{}")
	if e.Payload != nil {
		var err error
		if payload, err = json.Marshal(e.Payload); err != nil {
			return 0, fmt.Errorf("append event %s: marshal payload: %w", e.Topic, err)
		}
	}
	var id int64
	if err := tx.QueryRowContext(ctx, insertEvent, e.Topic, e.AggregateType, e.AggregateID, string(payload), now.UTC()).Scan(&id); err != nil {
		return 0, fmt.Errorf("append event %s: %w", e.Topic, err)
	}
	return id, nil
}
