package db_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
)

// The SQLite connections keep their prepared statements. What must hold
// whatever a statement's history: the same query run again while its rows
// are still being read (in a transaction, on the one connection), more
// distinct statements than a connection keeps, a statement that failed, and
// scripts of several statements. PostgreSQL runs the same to keep the two
// alike.
func TestPreparedStatementsAreSafeToReuse(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Write.ExecContext(ctx, `CREATE TABLE stmt_probe (n INTEGER PRIMARY KEY, label TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		const insert = `INSERT INTO stmt_probe (n, label) VALUES ($1, $2)`
		for n := 1; n <= 5; n++ {
			if _, err := d.Write.ExecContext(ctx, insert, n, fmt.Sprint("row ", n)); err != nil {
				t.Fatal(err)
			}
		}
		// A failed statement (a duplicate key) and then the same statement
		// with good arguments.
		if _, err := d.Write.ExecContext(ctx, insert, 1, "again"); err == nil {
			t.Fatal("a duplicate key was accepted")
		}
		if _, err := d.Write.ExecContext(ctx, insert, 6, "row 6"); err != nil {
			t.Fatalf("the statement after a failed run: %v", err)
		}

		// The same query nested in the loop over its own rows. PostgreSQL
		// reads one result at a time per connection, so this is SQLite's.
		const pairs = `SELECT n FROM stmt_probe WHERE n >= $1 ORDER BY n`
		err := d.InTx(ctx, func(tx *sql.Tx) error {
			if d.Dialect != db.SQLite {
				return nil
			}
			outer, err := tx.QueryContext(ctx, pairs, 1)
			if err != nil {
				return err
			}
			defer outer.Close()
			var got []string
			for outer.Next() {
				var n int
				if err := outer.Scan(&n); err != nil {
					return err
				}
				var later int
				if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (`+pairs+`) x`, n).Scan(&later); err != nil {
					return err
				}
				inner, err := tx.QueryContext(ctx, pairs, n)
				if err != nil {
					return err
				}
				count := 0
				for inner.Next() {
					count++
				}
				if err := inner.Close(); err != nil {
					return err
				}
				got = append(got, fmt.Sprintf("%d:%d/%d", n, count, later))
			}
			if err := outer.Err(); err != nil {
				return err
			}
			if want := "1:6/6 2:5/5 3:4/4 4:3/3 5:2/2 6:1/1"; strings.Join(got, " ") != want {
				return fmt.Errorf("nested reads %v, want %s", got, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		// More distinct statements than one connection keeps, each still
		// answering right, then the first ones again.
		for round := range 2 {
			for i := range 600 {
				var label string
				q := fmt.Sprintf(`SELECT label FROM stmt_probe WHERE n = $1 AND %d = %d`, i, i)
				if err := d.Read.QueryRowContext(ctx, q, 1+i%6).Scan(&label); err != nil {
					t.Fatalf("round %d, statement %d: %v", round, i, err)
				}
				if want := fmt.Sprint("row ", 1+i%6); label != want {
					t.Fatalf("round %d, statement %d: %q, want %q", round, i, label, want)
				}
			}
		}

		// A script of several statements runs whole.
		if _, err := d.Write.ExecContext(ctx, `UPDATE stmt_probe SET label = 'a' WHERE n = 1; UPDATE stmt_probe SET label = 'b' WHERE n = 2;`); err != nil {
			t.Fatal(err)
		}
		var a, b string
		if err := d.Read.QueryRowContext(ctx, `SELECT (SELECT label FROM stmt_probe WHERE n = 1), (SELECT label FROM stmt_probe WHERE n = 2)`).Scan(&a, &b); err != nil || a != "a" || b != "b" {
			t.Fatalf("after the script: %q %q %v", a, b, err)
		}

		// A read of several queries sees one state.
		err = d.Reading(ctx, func(q db.Queryer) error {
			var n1, n2 int
			if err := q.QueryRowContext(ctx, `SELECT count(*) FROM stmt_probe`).Scan(&n1); err != nil {
				return err
			}
			if err := q.QueryRowContext(ctx, `SELECT count(*) FROM stmt_probe WHERE label <> ''`).Scan(&n2); err != nil {
				return err
			}
			if n1 != 6 || n2 != 6 {
				return fmt.Errorf("read %d and %d rows, want 6 and 6", n1, n2)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
