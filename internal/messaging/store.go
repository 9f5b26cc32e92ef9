package messaging

import (
	"context"
	"database/sql"
	"encoding/json"
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

const notificationColumns = `id, person_id, channel, recipient, organisation_id, trigger_id, topic, case_id, case_number,
title_key, body_key, params, link, status, attempts, last_error, created_at, sent_at, delivered_at, read_at, failed_at, next_attempt_at`

func scanNotification(sc interface{ Scan(...any) error }) (Notification, error) {
	var n Notification
	var params string
	var sent, delivered, read, failed, next sql.NullTime
	err := sc.Scan(&n.ID, &n.PersonID, &n.Channel, &n.Recipient, &n.OrganisationID, &n.TriggerID, &n.Topic, &n.CaseID, &n.CaseNumber,
		&n.TitleKey, &n.BodyKey, &params, &n.Link, &n.Status, &n.Attempts, &n.LastError, &n.CreatedAt, &sent, &delivered, &read, &failed, &next)
	if err != nil {
		return Notification{}, err
	}
	if err := json.Unmarshal([]byte(params), &n.Params); err != nil {
		return Notification{}, fmt.Errorf("read the parameters of notification %s: %w", n.ID, err)
	}
	n.SentAt, n.DeliveredAt, n.ReadAt, n.FailedAt, n.NextAttemptAt = timePtr(sent), timePtr(delivered), timePtr(read), timePtr(failed), timePtr(next)
	return n, nil
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// insertNotification stores n unless its dedupe key is taken, and reports
// whether it was new.
func insertNotification(ctx context.Context, tx *sql.Tx, n Notification, dedupe string) (bool, error) {
	params, err := json.Marshal(n.Params)
	if err != nil {
		return false, fmt.Errorf("encode the parameters of %s: %w", n.TitleKey, err)
	}
	if n.Params == nil {
		params = []byte("{}")
	}
	var id string
	err = tx.QueryRowContext(ctx, `INSERT INTO notifications (id, person_id, channel, recipient, organisation_id, trigger_id, topic,
case_id, case_number, title_key, body_key, params, link, dedupe_key, status, created_at, sent_at, delivered_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
		n.ID, n.PersonID, n.Channel, n.Recipient, n.OrganisationID, n.TriggerID, n.Topic, n.CaseID, n.CaseNumber,
		n.TitleKey, n.BodyKey, string(params), n.Link, dedupe, n.Status, n.CreatedAt, n.SentAt, n.DeliveredAt).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store %s notification to %s: %w", n.Channel, n.PersonID, err)
	}
	return true, nil
}

func notification(ctx context.Context, q querier, id string) (Notification, error) {
	n, err := scanNotification(q.QueryRowContext(ctx, `SELECT `+notificationColumns+` FROM notifications WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Notification{}, errs.E(errs.NotFound, "no such notification")
	}
	if err != nil {
		return Notification{}, fmt.Errorf("read notification %s: %w", id, err)
	}
	return n, nil
}

// listNotifications runs a SELECT of notifications with where and args,
// ordered by order, up to limit rows.
func listNotifications(ctx context.Context, q querier, where string, args []any, order string, limit int) ([]Notification, error) {
	args = append(args, limit)
	query := fmt.Sprintf(`SELECT %s FROM notifications WHERE %s ORDER BY %s LIMIT $%d`, notificationColumns, where, order, len(args))
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, fmt.Errorf("read a notification: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// attempt is the outcome of one try at sending an email.
type attempt struct {
	At     time.Time
	Err    string
	Status string     // the notification's status after it
	Next   *time.Time // when the next attempt is due, while pending
}

// recordAttempt writes an attempt to a pending email; one already settled
// (by a parallel run of the same job) is left as it is.
func recordAttempt(ctx context.Context, q querier, id string, a attempt) error {
	var delivered, failed, next any
	switch a.Status {
	case Delivered:
		delivered = a.At
	case Failed:
		failed = a.At
	}
	if a.Next != nil {
		next = *a.Next
	}
	_, err := q.ExecContext(ctx, `UPDATE notifications SET status = $1, attempts = attempts + 1, last_error = $2,
sent_at = COALESCE(sent_at, $3), delivered_at = $4, failed_at = $5, next_attempt_at = $6 WHERE id = $7 AND status = $8`,
		a.Status, truncate(a.Err, maxErrorLen), a.At, delivered, failed, next, id, Pending)
	if err != nil {
		return fmt.Errorf("record an attempt at email %s: %w", id, err)
	}
	return nil
}
