package bench

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/luva-fi/luva/internal/db"
)

// Arguments per multi-row INSERT. PostgreSQL takes up to 65,535; 9,200 keep
// statements moderate. The SQLite driver looks up every argument's name in a
// list as long as the statement's arguments, which is quadratic, so its
// statements stay short (16 case rows, as casestest.Bulk found fastest).
const (
	pgArgs     = 9200
	sqliteArgs = 368
)

// inserter writes rows into one table of a transaction with multi-row
// INSERTs, a prepared full statement for full batches and a last short one.
type inserter struct {
	tx    *sql.Tx
	table string
	cols  []string
	rows  int // rows per full statement
	full  *sql.Stmt
	args  []any
	// Written counts the rows written.
	Written int
}

func newInserter(ctx context.Context, d *db.DB, tx *sql.Tx, table string, cols []string) (*inserter, error) {
	limit := sqliteArgs
	if d.Dialect == db.Postgres {
		limit = pgArgs
	}
	rows := max(limit/len(cols), 1)
	full, err := tx.PrepareContext(ctx, insertSQL(table, cols, rows))
	if err != nil {
		return nil, fmt.Errorf("prepare the %s insert: %w", table, err)
	}
	return &inserter{tx: tx, table: table, cols: cols, rows: rows, full: full, args: make([]any, 0, rows*len(cols))}, nil
}

// add queues one row, writing a full batch when it has one.
func (in *inserter) add(ctx context.Context, row ...any) error {
	if len(row) != len(in.cols) {
		return fmt.Errorf("insert into %s: %d values for %d columns", in.table, len(row), len(in.cols))
	}
	in.args = append(in.args, row...)
	if len(in.args) < cap(in.args) {
		return nil
	}
	if _, err := in.full.ExecContext(ctx, in.args...); err != nil {
		return fmt.Errorf("insert into %s: %w", in.table, err)
	}
	in.Written += in.rows
	in.args = in.args[:0]
	return nil
}

// close writes what is queued and releases the statement.
func (in *inserter) close(ctx context.Context) error {
	defer in.full.Close()
	return in.flush(ctx)
}

// flush writes what is queued.
func (in *inserter) flush(ctx context.Context) error {
	if len(in.args) == 0 {
		return nil
	}
	n := len(in.args) / len(in.cols)
	if _, err := in.tx.ExecContext(ctx, insertSQL(in.table, in.cols, n), in.args...); err != nil {
		return fmt.Errorf("insert into %s: %w", in.table, err)
	}
	in.Written += n
	in.args = in.args[:0]
	return nil
}

// insertSQL is a multi-row INSERT of rows rows into table.
func insertSQL(table string, cols []string, rows int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", table, strings.Join(cols, ", "))
	n := 0
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := range cols {
			if j > 0 {
				b.WriteString(", ")
			}
			n++
			fmt.Fprintf(&b, "$%d", n)
		}
		b.WriteByte(')')
	}
	return b.String()
}
