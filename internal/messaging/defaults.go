package messaging

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/luva-fi/luva/internal/access"
)

// defaultTriggers are the rules every authority starts with: the authority
// hears when an application or a supplement arrives or the customer writes;
// the customer hears when clarification is asked and when the case is
// decided (the outcome itself only after signing in: the message does not
// carry it).
func defaultTriggers() []Trigger {
	handler := string(access.CaseHandler)
	return []Trigger{
		{DefaultKey: "application_submitted", Topic: "application.submitted", Action: NotifyRole, Target: handler},
		{DefaultKey: "supplemented", Topic: "case.supplemented", Action: NotifyHandler, Target: handler},
		{DefaultKey: "customer_message", Topic: "case.message", Condition: `payload.side == "customer"`, Action: NotifyHandler, Target: handler},
		{DefaultKey: "completion_requested", Topic: "case.completion_requested", Action: NotifyCustomer},
		{DefaultKey: "decided", Topic: "case.decided", Action: NotifyCustomer},
	}
}

// ensureDefaults seeds org's default triggers in tx, once: an admin who
// removes one does not get it back. It reports whether it seeded.
func ensureDefaults(ctx context.Context, tx *sql.Tx, org string, now time.Time) (bool, error) {
	var kind string
	err := tx.QueryRowContext(ctx, `SELECT kind FROM organisations WHERE id = $1`, org).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		// An event may name an organisation since removed; it has no rules,
		// and must not stop the consumer.
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read organisation %s: %w", org, err)
	}
	if kind != "authority" {
		return false, nil
	}
	var id string
	err = tx.QueryRowContext(ctx, `INSERT INTO trigger_defaults (organisation_id, seeded_at) VALUES ($1, $2)
ON CONFLICT (organisation_id) DO NOTHING RETURNING organisation_id`, org, now).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("seed the default triggers of %s: %w", org, err)
	}
	for i, t := range defaultTriggers() {
		t.ID, t.OrganisationID, t.Enabled = uuid.Must(uuid.NewV7()).String(), org, true
		// A microsecond apart, so that they list in the order above.
		t.CreatedAt = now.Add(time.Duration(i) * time.Microsecond)
		t.UpdatedAt = t.CreatedAt
		if err := insertTrigger(ctx, tx, t); err != nil {
			return false, err
		}
	}
	return true, nil
}

// SeedDefaults seeds the default triggers of every authority that has none
// yet. The app calls it at start, so that the defaults exist before the
// first event after it: seeded only when the consumer reaches an
// authority's first event, while it is still working through a backlog, they
// would be newer than the events they should act on.
func (s *Service) SeedDefaults(ctx context.Context) error {
	now := s.clock.Now().UTC()
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM organisations WHERE kind = 'authority'
AND id NOT IN (SELECT organisation_id FROM trigger_defaults)`)
		if err != nil {
			return fmt.Errorf("list authorities without default triggers: %w", err)
		}
		var orgs []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("scan authority: %w", err)
			}
			orgs = append(orgs, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("list authorities without default triggers: %w", err)
		}
		for _, org := range orgs {
			if _, err := ensureDefaults(ctx, tx, org, now); err != nil {
				return err
			}
		}
		return nil
	})
}
