package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/luva-fi/luva/internal/db"
)

const lastHash = `SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`

const insertEntry = `INSERT INTO audit_log
	(at, actor_id, actor_name, acting_for, action, target_type, target_id, route, ip, outcome, detail, prev_hash, hash)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`

// Append writes e in tx, so that the entry exists exactly when the change it
// records does, and returns it with ID, PrevHash and Hash set. At is required
// (pass the clock's time) and is kept to the microsecond in UTC; Action is
// required; an empty Outcome means OutcomeOK; Detail must be empty or JSON.
//
// On PostgreSQL Append holds a lock until tx ends, so audited transactions
// queue behind each other from their first Append to their commit. tx must run
// at the default READ COMMITTED level there: a snapshot taken before the lock
// would not see the latest entry, and the chain would fork.
func Append(ctx context.Context, tx *sql.Tx, dialect db.Dialect, e Entry) (Entry, error) {
	if err := prepare(&e); err != nil {
		return Entry{}, err
	}
	if err := lockChain(ctx, tx, dialect); err != nil {
		return Entry{}, fmt.Errorf("append audit entry %s: lock chain: %w", e.Action, err)
	}
	switch err := tx.QueryRowContext(ctx, lastHash).Scan(&e.PrevHash); {
	case errors.Is(err, sql.ErrNoRows):
		e.PrevHash = GenesisHash
	case err != nil:
		return Entry{}, fmt.Errorf("append audit entry %s: read last hash: %w", e.Action, err)
	}
	e.Hash = hashOf(e)
	err := tx.QueryRowContext(ctx, insertEntry, e.At, e.ActorID, e.ActorName, e.ActingFor, e.Action,
		e.TargetType, e.TargetID, e.Route, e.IP, e.Outcome, e.Detail, e.PrevHash, e.Hash).Scan(&e.ID)
	if err != nil {
		return Entry{}, fmt.Errorf("append audit entry %s: %w", e.Action, err)
	}
	return e, nil
}

// prepare checks e and fills in what Append decides rather than the caller.
func prepare(e *Entry) error {
	switch {
	case e.Action == "":
		return errors.New("append audit entry: action is required")
	case e.At.IsZero():
		return fmt.Errorf("append audit entry %s: time is required", e.Action)
	case e.Detail != "" && !json.Valid([]byte(e.Detail)):
		return fmt.Errorf("append audit entry %s: detail is not JSON", e.Action)
	}
	if e.Outcome == "" {
		e.Outcome = OutcomeOK
	}
	e.At = normalTime(e.At)
	e.ID, e.PrevHash, e.Hash = 0, "", ""
	return nil
}
