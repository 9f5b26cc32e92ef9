package db

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFS embed.FS

// Migration is one numbered schema change of one dialect.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations lists the embedded migrations of dialect d in order.
func Migrations(d Dialect) ([]Migration, error) {
	dir := path.Join("migrations", d.String())
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations of %s: %w", d, err)
	}
	var ms []Migration
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s/%s: name must be NNNN_name.sql", dir, e.Name())
		}
		body, err := fs.ReadFile(migrationFS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(body)})
	}
	slices.SortFunc(ms, func(a, b Migration) int { return a.Version - b.Version })
	return ms, nil
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
)`

// Migrate applies every migration not yet recorded, each in its own transaction
// together with its record, and returns the versions it applied.
func (d *DB) Migrate(ctx context.Context) ([]int, error) {
	ms, err := Migrations(d.Dialect)
	if err != nil {
		return nil, err
	}
	if _, err := d.Write.ExecContext(ctx, createMigrationsTable); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	done, err := d.appliedVersions(ctx)
	if err != nil {
		return nil, err
	}
	var applied []int
	for _, m := range ms {
		if done[m.Version] {
			continue
		}
		err := d.InTx(ctx, func(tx *sql.Tx) error {
			if d.Dialect == Postgres {
				// Two nodes starting at once must not both apply a migration.
				if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7340212)`); err != nil {
					return err
				}
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, m.Version).Scan(&n); err != nil || n > 0 {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name)
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("apply migration %04d_%s (%s): %w", m.Version, m.Name, d.Dialect, err)
		}
		applied = append(applied, m.Version)
	}
	return applied, nil
}

// Pending returns the number of embedded migrations not yet applied. It fails
// when the database cannot be asked.
func (d *DB) Pending(ctx context.Context) (int, error) {
	ms, err := Migrations(d.Dialect)
	if err != nil {
		return 0, err
	}
	done, err := d.appliedVersions(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range ms {
		if !done[m.Version] {
			n++
		}
	}
	return n, nil
}

func (d *DB) appliedVersions(ctx context.Context) (map[int]bool, error) {
	rows, err := d.Read.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	done := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("scan schema_migrations: %w", err)
		}
		done[v] = true
	}
	return done, rows.Err()
}
