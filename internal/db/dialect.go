package db

// Dialect is the SQL dialect of an open database. Statements are written in the
// subset both speak ($1 placeholders, RETURNING, ON CONFLICT); the few
// differences live in this file.
type Dialect int

// The dialects luva runs on.
const (
	SQLite Dialect = iota + 1
	Postgres
)

// String names the dialect; it is also the folder of its migrations.
func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case Postgres:
		return "postgres"
	}
	return "unknown"
}

// VisibleEventsClause limits an outbox query to events whose writing
// transactions have all finished. On PostgreSQL identities are handed out before
// commit, so a later id can become visible before an earlier one; reading only
// below the oldest running transaction id (the snapshot's xmin) means no event
// can still appear behind the consumer's cursor. SQLite has one writer, so
// commit order is id order and nothing needs holding back.
func (d Dialect) VisibleEventsClause() string {
	if d == Postgres {
		return " AND tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
	}
	return ""
}

// SkipLocked is appended to a SELECT that claims rows, so that several nodes on
// PostgreSQL do not wait on each other's claims. SQLite serialises writers and
// has no row locks.
func (d Dialect) SkipLocked() string {
	if d == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// ForUpdate is appended to a SELECT that reads a row the transaction will
// change, so that concurrent transactions on PostgreSQL wait their turn. SQLite
// transactions begin with the write lock already.
func (d Dialect) ForUpdate() string {
	if d == Postgres {
		return " FOR UPDATE"
	}
	return ""
}
