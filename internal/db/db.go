// Package db opens luva's database, SQLite in the data directory or PostgreSQL by
// URL, applies the embedded migrations and keeps the few differences between the
// two dialects in one place.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"modernc.org/sqlite"
)

// DB is an open luva database.
//
// Write serves transactions and every statement that changes data; Read serves
// queries outside transactions. On SQLite Write holds a single connection, so
// writers queue in Go instead of failing with SQLITE_BUSY, while readers run in
// parallel under WAL. On PostgreSQL both are the same pool.
type DB struct {
	Dialect Dialect
	Write   *sql.DB
	Read    *sql.DB
	// Target names the database for messages: the SQLite file or the PostgreSQL
	// host and database, never a password.
	Target string

	commits bell
}

// Config says which database to open.
type Config struct {
	// URL is a postgres:// or postgresql:// URL; empty means SQLite in DataDir.
	URL string
	// DataDir holds the SQLite database file when URL is empty.
	DataDir string
	// SQLiteFile overrides the file name inside DataDir (default luva.db).
	SQLiteFile string
}

// Open opens the database that cfg names and checks that it answers.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	switch {
	case cfg.URL == "":
		return openSQLite(ctx, cfg)
	case strings.HasPrefix(cfg.URL, "postgres://"), strings.HasPrefix(cfg.URL, "postgresql://"):
		return openPostgres(ctx, cfg.URL)
	default:
		return nil, fmt.Errorf("database URL must start with postgres:// (or be empty for SQLite), got %q", redact(cfg.URL))
	}
}

func openSQLite(ctx context.Context, cfg Config) (*DB, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data directory %s: %w", cfg.DataDir, err)
	}
	name := cfg.SQLiteFile
	if name == "" {
		name = "luva.db"
	}
	path, err := filepath.Abs(filepath.Join(cfg.DataDir, name))
	if err != nil {
		return nil, fmt.Errorf("resolve database path: %w", err)
	}
	base, err := sqlite.NewConnector(sqliteDSN(path))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	connector := stmtCachingConnector{base: base}
	write := sql.OpenDB(connector)
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	read := sql.OpenDB(connector)
	read.SetMaxOpenConns(8)
	// Idle readers keep their statements and pages: closing them (the
	// default keeps two) would throw both away under load.
	read.SetMaxIdleConns(8)
	d := &DB{Dialect: SQLite, Write: write, Read: read, Target: path}
	if err := d.Ping(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return d, nil
}

// sqliteDSN tunes SQLite as PocketBase does: WAL so readers never wait for the
// writer, a busy timeout instead of immediate errors, foreign keys on, NORMAL
// sync (safe under WAL), and BEGIN IMMEDIATE so a transaction takes the write
// lock up front instead of failing when it first writes.
func sqliteDSN(path string) string {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(ON)", "synchronous(NORMAL)", "cache_size(-32000)", "mmap_size(1073741824)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

func openPostgres(ctx context.Context, rawURL string) (*DB, error) {
	pool, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", redact(rawURL), err)
	}
	pool.SetMaxOpenConns(32)
	pool.SetMaxIdleConns(16)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	d := &DB{Dialect: Postgres, Write: pool, Read: pool, Target: redact(rawURL)}
	if err := d.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to postgres %s: %w", redact(rawURL), err)
	}
	return d, nil
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.Write.PingContext(ctx); err != nil {
		return err
	}
	if d.Read != d.Write {
		return d.Read.PingContext(ctx)
	}
	return nil
}

// Close closes both pools.
func (d *DB) Close() error {
	err := d.Write.Close()
	if d.Read != d.Write {
		err = errors.Join(err, d.Read.Close())
	}
	return err
}

// InTx runs fn in a transaction on the write pool and commits when fn returns
// nil. Inside fn use only tx: on SQLite the write pool has one connection, which
// the transaction holds.
func (d *DB) InTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := d.Write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	d.commits.ring()
	return nil
}

// Queryer reads: a transaction or a pool.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Reading runs fn's queries as one read on the read pool. On SQLite that
// is one read transaction: a consistent snapshot, and one round of the WAL's
// file locks instead of one per query (a case view's dozen queries spent a
// sixth of their time in those system calls). On PostgreSQL, where a
// transaction costs two more round trips, the queries go to the pool.
func (d *DB) Reading(ctx context.Context, fn func(q Queryer) error) error {
	if d.Dialect != SQLite {
		return fn(d.Read)
	}
	tx, err := d.Read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // nothing was written; ending the read is all
	return fn(tx)
}

// Committed returns a channel that is closed when the next transaction run
// by InTx on this DB commits. Outbox consumers wait on it, so that an event
// is handled a moment after it is written rather than at the next poll;
// commits on other nodes are still found by polling.
func (d *DB) Committed() <-chan struct{} { return d.commits.wait() }

// bell wakes every waiter at once, any number of times.
type bell struct {
	mu sync.Mutex
	ch chan struct{}
}

func (b *bell) wait() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ch == nil {
		b.ch = make(chan struct{})
	}
	return b.ch
}

func (b *bell) ring() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ch != nil {
		close(b.ch)
		b.ch = nil
	}
}

// redact hides the password of a database URL.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	return u.Redacted()
}
