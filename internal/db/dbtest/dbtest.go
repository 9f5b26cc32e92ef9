// Package dbtest gives store tests a fresh, migrated database of each dialect, so
// that every storage test is written once and runs on SQLite and PostgreSQL.
//
// PostgreSQL is found through LUVA_TEST_DATABASE_URL (default: the local test
// database). Each test gets a schema of its own, dropped afterwards. When
// PostgreSQL does not answer the tests fail, not skip: set LUVA_TEST_POSTGRES=off
// to leave PostgreSQL out on purpose.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/db"
)

// DefaultPostgresURL is the PostgreSQL the tests use when LUVA_TEST_DATABASE_URL is unset.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Each runs fn once on a fresh migrated SQLite database and once on a fresh
// migrated PostgreSQL schema, as subtests named "sqlite" and "postgres".
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, dialect := range Dialects() {
		t.Run(dialect.String(), func(t *testing.T) {
			fn(t, Open(t, dialect))
		})
	}
}

// Dialects lists the dialects this test run covers.
func Dialects() []db.Dialect {
	if os.Getenv("LUVA_TEST_POSTGRES") == "off" {
		return []db.Dialect{db.SQLite}
	}
	return []db.Dialect{db.SQLite, db.Postgres}
}

// Open returns a fresh migrated database of the dialect, closed and removed
// when the test ends.
func Open(t testing.TB, dialect db.Dialect) *db.DB {
	t.Helper()
	cfg := Config(t, dialect)
	d, err := db.Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open %s test database: %v", dialect, err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s test database: %v", dialect, err)
	}
	return d
}

// Config returns the configuration of a new empty database of the dialect: a
// SQLite file in a temporary directory, or a new PostgreSQL schema. Reopening
// the same Config reaches the same database, which restart tests need.
func Config(t testing.TB, dialect db.Dialect) db.Config {
	t.Helper()
	if dialect == db.SQLite {
		return db.Config{DataDir: t.TempDir()}
	}
	return db.Config{URL: NewPostgresSchema(t)}
}

// PostgresURL is the URL of the PostgreSQL server the tests use.
func PostgresURL() string {
	if u := os.Getenv("LUVA_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

// NewPostgresSchema creates an empty schema and returns a URL whose connections
// use it; the schema is dropped when the test ends.
func NewPostgresSchema(t testing.TB) string {
	t.Helper()
	base := PostgresURL()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres %s: %v", base, err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		t.Fatalf("PostgreSQL does not answer at %s: %v (start it, point LUVA_TEST_DATABASE_URL elsewhere, or set LUVA_TEST_POSTGRES=off)", base, err)
	}
	schema := "t_" + randomHex(8)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			t.Errorf("reopen postgres to drop schema: %v", err)
			return
		}
		defer a.Close()
		if _, err := a.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", base, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}
