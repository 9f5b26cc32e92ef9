package db

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
)

// stmtCacheSize bounds the prepared statements one SQLite connection keeps.
// luva's statements are fixed strings, plus the few combinations a filtered
// list builds, so a few hundred hold all of them.
const stmtCacheSize = 512

// stmtCachingConnector opens SQLite connections that keep their prepared
// statements. The driver prepares, runs and finalizes a statement on every
// call; profiling luva bench showed a fifth of a case view's CPU time in
// SQLite's parser, for the same few hundred statements again and again.
// PostgreSQL needs none of this: pgx caches prepared statements itself.
type stmtCachingConnector struct {
	base driver.Connector
}

func (c stmtCachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	sc, ok := conn.(sqliteConn)
	if !ok {
		return nil, errors.Join(fmt.Errorf("sqlite driver connection %T lacks the context methods", conn), conn.Close())
	}
	return &cachingConn{sqliteConn: sc, stmts: make(map[string]*cachedStmt)}, nil
}

func (c stmtCachingConnector) Driver() driver.Driver { return c.base.Driver() }

// sqliteConn is what modernc.org/sqlite's connection offers and database/sql
// uses; the wrapper passes all of it on.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// cachingConn is one connection with its statements. database/sql uses a
// connection from one goroutine at a time (closing rows included), so the
// map needs no lock.
type cachingConn struct {
	sqliteConn
	stmts map[string]*cachedStmt
}

type cachedStmt struct {
	stmt interface {
		driver.Stmt
		driver.StmtExecContext
		driver.StmtQueryContext
	}
	// busy is set while rows read from the statement are open: a query run
	// again inside such a loop gets a statement of its own.
	busy bool
}

// cacheable leaves out scripts (several statements, as migrations run),
// which the driver runs one statement at a time anyway.
func cacheable(query string) bool {
	return !strings.Contains(strings.TrimRight(query, "; \n\t"), ";")
}

// stmt returns the connection's prepared statement for query, preparing
// it on first use, or nil when it cannot be shared now.
func (c *cachingConn) stmt(ctx context.Context, query string) (*cachedStmt, error) {
	if !cacheable(query) {
		return nil, nil
	}
	if s, ok := c.stmts[query]; ok {
		if s.busy {
			return nil, nil
		}
		return s, nil
	}
	ds, err := c.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	st, ok := ds.(interface {
		driver.Stmt
		driver.StmtExecContext
		driver.StmtQueryContext
	})
	if !ok {
		return nil, errors.Join(fmt.Errorf("sqlite statement %T lacks the context methods", ds), ds.Close())
	}
	if len(c.stmts) >= stmtCacheSize {
		if err := c.evictOne(); err != nil {
			return nil, errors.Join(err, st.Close())
		}
	}
	s := &cachedStmt{stmt: st}
	c.stmts[query] = s
	return s, nil
}

// evictOne closes a statement that is not in use. Which one does not
// matter much: a full cache means a list built many different ways.
func (c *cachingConn) evictOne() error {
	for q, s := range c.stmts {
		if !s.busy {
			delete(c.stmts, q)
			return s.stmt.Close()
		}
	}
	return nil
}

// drop forgets a statement after an error, so that a statement left in an
// unknown state is never run again.
func (c *cachingConn) drop(query string, s *cachedStmt) error {
	delete(c.stmts, query)
	return s.stmt.Close()
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.sqliteConn.QueryContext(ctx, query, args)
	}
	rows, err := s.stmt.QueryContext(ctx, args)
	if err != nil {
		return nil, errors.Join(err, c.drop(query, s))
	}
	s.busy = true
	return &cachedRows{Rows: rows, s: s}, nil
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	s, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.sqliteConn.ExecContext(ctx, query, args)
	}
	res, err := s.stmt.ExecContext(ctx, args)
	if err != nil {
		return nil, errors.Join(err, c.drop(query, s))
	}
	return res, nil
}

// Close finalizes the statements before the connection, as SQLite wants.
func (c *cachingConn) Close() error {
	var err error
	for q, s := range c.stmts {
		err = errors.Join(err, s.stmt.Close())
		delete(c.stmts, q)
	}
	return errors.Join(err, c.sqliteConn.Close())
}

// cachedRows gives its statement back when closed; the driver resets a
// prepared statement's rows instead of finalizing them.
type cachedRows struct {
	driver.Rows
	s *cachedStmt
}

func (r *cachedRows) Close() error {
	r.s.busy = false
	return r.Rows.Close()
}
