package audit

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/luva-fi/luva/internal/db"
)

// Filter selects audit entries; empty fields select everything.
type Filter struct {
	ActorID   string
	ActingFor string
	// Action matches exactly, or as a prefix when it ends with ".": "person."
	// selects "person.read" and "person.update".
	Action     string
	TargetType string
	TargetID   string
	Outcome    string
	From       time.Time // entries at or after From
	To         time.Time // entries before To
	// BeforeID pages back: only entries with a smaller id. Pass the last id of
	// the previous page.
	BeforeID int64
	// Limit is the page size: 50 when zero or less, at most MaxLimit.
	Limit int
}

// Page sizes of List.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

const selectEntries = `SELECT id, at, actor_id, actor_name, acting_for, action, target_type, target_id,
	route, ip, outcome, detail, prev_hash, hash FROM audit_log`

// List returns the entries f selects, newest first.
func List(ctx context.Context, d *db.DB, f Filter) ([]Entry, error) {
	var where []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	for _, eq := range []struct {
		column, value string
	}{
		{"actor_id", f.ActorID}, {"acting_for", f.ActingFor}, {"target_type", f.TargetType},
		{"target_id", f.TargetID}, {"outcome", f.Outcome},
	} {
		if eq.value != "" {
			add(eq.column+" = $%d", eq.value)
		}
	}
	switch {
	case strings.HasSuffix(f.Action, "."):
		// substr rather than LIKE: SQLite's LIKE ignores case and both treat
		// "_" as a wildcard, so the two databases would not agree.
		args = append(args, utf8.RuneCountInString(f.Action), f.Action)
		where = append(where, fmt.Sprintf("substr(action, 1, $%d) = $%d", len(args)-1, len(args)))
	case f.Action != "":
		add("action = $%d", f.Action)
	}
	if !f.From.IsZero() {
		add("at >= $%d", normalTime(f.From))
	}
	if !f.To.IsZero() {
		add("at < $%d", normalTime(f.To))
	}
	if f.BeforeID > 0 {
		add("id < $%d", f.BeforeID)
	}
	q := selectEntries
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	switch {
	case limit <= 0:
		limit = DefaultLimit
	case limit > MaxLimit:
		limit = MaxLimit
	}
	args = append(args, limit)
	q += fmt.Sprintf(" ORDER BY id DESC LIMIT $%d", len(args))

	rows, err := d.Read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list audit entries: %w", err)
	}
	defer rows.Close()
	var entries []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("list audit entries: %w", err)
		}
		entries = append(entries, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list audit entries: %w", err)
	}
	return entries, nil
}

// scanner is a *sql.Rows or a *sql.Row.
type scanner interface{ Scan(dest ...any) error }

func scanEntry(s scanner) (Entry, error) {
	var e Entry
	err := s.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.ActingFor, &e.Action, &e.TargetType, &e.TargetID,
		&e.Route, &e.IP, &e.Outcome, &e.Detail, &e.PrevHash, &e.Hash)
	e.At = e.At.UTC()
	return e, err
}
