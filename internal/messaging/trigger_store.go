package messaging

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/luva-fi/luva/internal/errs"
)

const triggerColumns = `id, organisation_id, name, topic, condition, action, target, enabled, default_key, created_at, updated_at`

func scanTrigger(sc interface{ Scan(...any) error }) (Trigger, error) {
	var t Trigger
	err := sc.Scan(&t.ID, &t.OrganisationID, &t.Name, &t.Topic, &t.Condition, &t.Action, &t.Target, &t.Enabled, &t.DefaultKey, &t.CreatedAt, &t.UpdatedAt)
	return t, err
}

func insertTrigger(ctx context.Context, tx *sql.Tx, t Trigger) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO triggers (id, organisation_id, name, topic, condition, action, target, enabled, default_key, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		t.ID, t.OrganisationID, t.Name, t.Topic, t.Condition, t.Action, t.Target, t.Enabled, t.DefaultKey, t.CreatedAt, t.UpdatedAt)
	if err != nil {
		return fmt.Errorf("store trigger of %s: %w", t.OrganisationID, err)
	}
	return nil
}

func updateTrigger(ctx context.Context, tx *sql.Tx, t Trigger) error {
	_, err := tx.ExecContext(ctx, `UPDATE triggers SET name = $1, topic = $2, condition = $3, action = $4, target = $5, enabled = $6, updated_at = $7
WHERE id = $8`, t.Name, t.Topic, t.Condition, t.Action, t.Target, t.Enabled, t.UpdatedAt, t.ID)
	if err != nil {
		return fmt.Errorf("update trigger %s: %w", t.ID, err)
	}
	return nil
}

func deleteTrigger(ctx context.Context, tx *sql.Tx, id string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM trigger_firings WHERE trigger_id = $1`, id); err != nil {
		return fmt.Errorf("delete the firings of trigger %s: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM triggers WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete trigger %s: %w", id, err)
	}
	return nil
}

// listTriggers lists org's triggers, oldest first; with topic, only the
// enabled ones waiting for it.
func listTriggers(ctx context.Context, q querier, org, topic string) ([]Trigger, error) {
	query, args := `SELECT `+triggerColumns+` FROM triggers WHERE organisation_id = $1`, []any{org}
	if topic != "" {
		query += ` AND topic = $2 AND enabled = $3`
		args = append(args, topic, true)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list the triggers of %s: %w", org, err)
	}
	defer rows.Close()
	var out []Trigger
	for rows.Next() {
		t, err := scanTrigger(rows)
		if err != nil {
			return nil, fmt.Errorf("read a trigger of %s: %w", org, err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func trigger(ctx context.Context, q querier, org, id string) (Trigger, error) {
	t, err := scanTrigger(q.QueryRowContext(ctx, `SELECT `+triggerColumns+` FROM triggers WHERE id = $1 AND organisation_id = $2`, id, org))
	if errors.Is(err, sql.ErrNoRows) {
		return Trigger{}, errs.E(errs.NotFound, "no such trigger")
	}
	if err != nil {
		return Trigger{}, fmt.Errorf("read trigger %s: %w", id, err)
	}
	return t, nil
}

// fired reports whether t already met event e.
func fired(ctx context.Context, tx *sql.Tx, triggerID string, eventID int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM trigger_firings WHERE trigger_id = $1 AND event_id = $2`, triggerID, eventID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look up the firing of trigger %s on event %d: %w", triggerID, eventID, err)
	}
	return n > 0, nil
}

func recordFiring(ctx context.Context, tx *sql.Tx, triggerID string, eventID int64, outcome, detail string, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO trigger_firings (trigger_id, event_id, outcome, detail, fired_at) VALUES ($1, $2, $3, $4, $5)`,
		triggerID, eventID, outcome, truncate(detail, maxErrorLen), at)
	if err != nil {
		return fmt.Errorf("record the firing of trigger %s on event %d: %w", triggerID, eventID, err)
	}
	return nil
}
