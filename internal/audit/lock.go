package audit

import (
	"context"
	"database/sql"

	"github.com/luva-fi/luva/internal/db"
)

// chainLockKey is the PostgreSQL advisory lock that serialises appends. The
// number is arbitrary; it only has to differ from luva's other advisory locks
// ("audit" in ASCII, so it is easy to recognise in pg_locks).
const chainLockKey = 0x6175646974

// lockChain makes tx the only appender until it ends, so that no two
// transactions read the same last hash and fork the chain. The lock also makes
// ids follow chain order: the next appender takes its id only after this one
// has committed. SQLite needs nothing: a transaction there holds the database's
// single write lock from BEGIN IMMEDIATE to its end.
func lockChain(ctx context.Context, tx *sql.Tx, dialect db.Dialect) error {
	if dialect != db.Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(chainLockKey))
	return err
}
