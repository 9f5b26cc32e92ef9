package integration

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/luva-fi/luva/internal/errs"
)

// querier is what both *sql.DB and *sql.Tx offer, so that reads work inside
// and outside transactions.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

const subscriptionColumns = `id, organisation_id, url, topics, active, created_by, created_by_name, created_at`

func scanSubscription(sc interface{ Scan(...any) error }) (Subscription, error) {
	var s Subscription
	var topics string
	err := sc.Scan(&s.ID, &s.OrganisationID, &s.URL, &topics, &s.Active, &s.CreatedBy, &s.CreatedByName, &s.CreatedAt)
	s.Topics = splitTopics(topics)
	return s, err
}

// insertSubscription stores s with its secret as it is, not hashed: every
// delivery is signed with it, so luva must be able to read it back. Only the
// worker reads it; no page or API answer shows it after creation.
func insertSubscription(ctx context.Context, tx *sql.Tx, s Subscription, secret string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO webhook_subscriptions (id, organisation_id, url, secret, topics, active, created_by, created_by_name, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, s.ID, s.OrganisationID, s.URL, secret, joinTopics(s.Topics), true, s.CreatedBy, s.CreatedByName, s.CreatedAt)
	if err != nil {
		return fmt.Errorf("store webhook subscription of %s: %w", s.OrganisationID, err)
	}
	return nil
}

// listSubscriptions lists org's subscriptions that are not removed; with
// activeOnly, only those that receive deliveries now.
func listSubscriptions(ctx context.Context, q querier, org string, activeOnly bool) ([]Subscription, error) {
	query := `SELECT ` + subscriptionColumns + ` FROM webhook_subscriptions WHERE organisation_id = $1 AND removed_at IS NULL`
	if activeOnly {
		query += ` AND active`
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY created_at, id`, org)
	if err != nil {
		return nil, fmt.Errorf("list webhooks of %s: %w", org, err)
	}
	defer rows.Close()
	var out []Subscription
	for rows.Next() {
		s, err := scanSubscription(rows)
		if err != nil {
			return nil, fmt.Errorf("read a webhook of %s: %w", org, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// subscription finds one of org's subscriptions that is not removed.
func subscription(ctx context.Context, q querier, org, id string) (Subscription, error) {
	s, err := scanSubscription(q.QueryRowContext(ctx, `SELECT `+subscriptionColumns+` FROM webhook_subscriptions
WHERE id = $1 AND organisation_id = $2 AND removed_at IS NULL`, id, org))
	if errors.Is(err, sql.ErrNoRows) {
		return Subscription{}, errs.E(errs.NotFound, "no such webhook")
	}
	if err != nil {
		return Subscription{}, fmt.Errorf("read webhook %s: %w", id, err)
	}
	return s, nil
}

func removeSubscription(ctx context.Context, tx *sql.Tx, id string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE webhook_subscriptions SET active = $1, removed_at = $2 WHERE id = $3`, false, now, id); err != nil {
		return fmt.Errorf("remove webhook %s: %w", id, err)
	}
	return nil
}

// insertDelivery stores a new delivery and reports whether it is new: the
// same event for the same subscription is stored once, whatever the outbox
// redelivers. A test ping has no event (NULL), and NULLs never collide.
func insertDelivery(ctx context.Context, tx *sql.Tx, d Delivery, org string, body []byte) (bool, error) {
	var event any
	if d.EventID > 0 {
		event = d.EventID
	}
	var id string
	err := tx.QueryRowContext(ctx, `INSERT INTO webhook_deliveries (id, subscription_id, organisation_id, event_id, topic, case_id, case_number, body, status, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (subscription_id, event_id) DO NOTHING RETURNING id`,
		d.ID, d.SubscriptionID, org, event, d.Topic, d.CaseID, d.CaseNumber, string(body), Pending, d.CreatedAt).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store delivery of %s to webhook %s: %w", d.Topic, d.SubscriptionID, err)
	}
	return true, nil
}

const deliveryColumns = `d.id, d.subscription_id, COALESCE(d.event_id, 0), d.topic, d.case_id, d.case_number, d.status, d.attempts,
d.last_status_code, d.last_error, d.last_attempt_at, d.next_attempt_at, d.delivered_at, d.created_at, s.url`

func scanDelivery(sc interface{ Scan(...any) error }, extra ...any) (Delivery, error) {
	var d Delivery
	var last, next, delivered sql.NullTime
	dest := append([]any{&d.ID, &d.SubscriptionID, &d.EventID, &d.Topic, &d.CaseID, &d.CaseNumber, &d.Status, &d.Attempts,
		&d.LastStatusCode, &d.LastError, &last, &next, &delivered, &d.CreatedAt, &d.URL}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return Delivery{}, err
	}
	d.LastAttemptAt, d.NextAttemptAt, d.DeliveredAt = timePtr(last), timePtr(next), timePtr(delivered)
	return d, nil
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}

// listDeliveries reads up to limit of org's deliveries older than before
// (all when ""), newest first. Ids are UUIDv7, so their order is time order.
func listDeliveries(ctx context.Context, q querier, org, before string, limit int) ([]Delivery, error) {
	where, args := []string{"d.organisation_id = $1"}, []any{org}
	if before != "" {
		args = append(args, before)
		where = append(where, fmt.Sprintf("d.id < $%d", len(args)))
	}
	args = append(args, limit)
	query := `SELECT ` + deliveryColumns + ` FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
WHERE ` + where[0]
	for _, w := range where[1:] {
		query += " AND " + w
	}
	query += fmt.Sprintf(" ORDER BY d.id DESC LIMIT $%d", len(args))
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list deliveries of %s: %w", org, err)
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("read a delivery of %s: %w", org, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// outgoing is a delivery with what sending it needs.
type outgoing struct {
	Delivery
	Body   []byte
	Secret string
	Active bool // the subscription still takes deliveries
}

func loadOutgoing(ctx context.Context, q querier, id string) (outgoing, error) {
	var o outgoing
	var body string
	d, err := scanDelivery(q.QueryRowContext(ctx, `SELECT `+deliveryColumns+`, d.body, s.secret, s.active
FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id WHERE d.id = $1`, id), &body, &o.Secret, &o.Active)
	if errors.Is(err, sql.ErrNoRows) {
		return outgoing{}, errs.E(errs.NotFound, "no such delivery")
	}
	if err != nil {
		return outgoing{}, fmt.Errorf("read delivery %s: %w", id, err)
	}
	o.Delivery, o.Body = d, []byte(body)
	return o, nil
}

// attempt is the outcome of one try at sending a delivery.
type attempt struct {
	At         time.Time
	StatusCode int
	Err        string
	Status     string     // the delivery's status after it
	Next       *time.Time // when the next attempt is due, while pending
}

// recordAttempt writes an attempt to a pending delivery; one already settled
// (by a parallel run of the same job) is left as it is.
func recordAttempt(ctx context.Context, q querier, id string, a attempt) error {
	var delivered any
	if a.Status == Delivered {
		delivered = a.At
	}
	var next any
	if a.Next != nil {
		next = *a.Next
	}
	_, err := q.ExecContext(ctx, `UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, last_status_code = $2, last_error = $3,
last_attempt_at = $4, next_attempt_at = $5, delivered_at = $6 WHERE id = $7 AND status = $8`,
		a.Status, a.StatusCode, truncate(a.Err, maxErrorLen), a.At, next, delivered, id, Pending)
	if err != nil {
		return fmt.Errorf("record attempt at delivery %s: %w", id, err)
	}
	return nil
}
