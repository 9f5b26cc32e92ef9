package db_test

import (
	"context"
	"slices"
	"testing"

	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
)

func TestBothDialectsHaveTheSameMigrationNumbers(t *testing.T) {
	sqlite, err := db.Migrations(db.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := db.Migrations(db.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	key := func(ms []db.Migration) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Name)
		}
		return out
	}
	if len(sqlite) == 0 || !slices.Equal(key(sqlite), key(pg)) {
		t.Fatalf("migrations differ: sqlite %v, postgres %v", key(sqlite), key(pg))
	}
	for i := range sqlite {
		if sqlite[i].Version != i+1 || pg[i].Version != i+1 {
			t.Errorf("migration %d: want consecutive numbers, got sqlite %d and postgres %d", i, sqlite[i].Version, pg[i].Version)
		}
	}
}

func TestMigrateAppliesEachMigrationOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pending, err := d.Pending(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if pending != 0 {
			t.Fatalf("after migrate: %d pending, want 0", pending)
		}
		again, err := d.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != 0 {
			t.Errorf("second migrate applied %v, want nothing", again)
		}
		var n int
		if err := d.Read.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		ms, _ := db.Migrations(d.Dialect)
		if n != len(ms) {
			t.Errorf("schema_migrations has %d rows, want %d", n, len(ms))
		}
	})
}

func TestOpenRefusesAnUnknownURLScheme(t *testing.T) {
	_, err := db.Open(context.Background(), db.Config{URL: "mysql://root@localhost/x"})
	if err == nil {
		t.Fatal("want an error for a mysql URL")
	}
}
