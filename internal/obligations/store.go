package obligations

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// queryer is what reads take: the read pool or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// everyMonths reads the recurrence of rows that decisions wrote before this
// package existed, whose only recurrence is recurrence = 'yearly'.
const everyMonths = `CASE WHEN o.every_months > 0 THEN o.every_months WHEN o.recurrence = 'yearly' THEN 12 ELSE 0 END`

// selectObligations reads obligations with their case and whether the
// current occurrence was reminded of.
const selectObligations = `SELECT o.id, o.case_id, COALESCE(c.number, ''), c.title, c.service_id, c.authority_org, c.applicant_name,
o.person_id, o.acting_for, o.kind, o.source, o.title, o.note, o.due_date, ` + everyMonths + `, o.remind_days, o.done_at, o.created_at, r.sent_at
FROM obligations o JOIN cases c ON c.id = o.case_id
LEFT JOIN obligation_reminders r ON r.obligation_id = o.id AND r.due_date = o.due_date AND r.state = 'sent'`

func scanObligation(row interface{ Scan(...any) error }) (Obligation, error) {
	var o Obligation
	var done, reminded sql.NullTime
	err := row.Scan(&o.ID, &o.CaseID, &o.CaseNumber, &o.CaseTitle, &o.Service, &o.Authority, &o.Applicant,
		&o.PersonID, &o.ActingFor, &o.Kind, &o.Source, &o.Title, &o.Note, &o.Due, &o.EveryMonths, &o.RemindDays, &done, &o.CreatedAt, &reminded)
	if err != nil {
		return Obligation{}, err
	}
	if done.Valid {
		o.DoneAt = &done.Time
	}
	if reminded.Valid {
		o.RemindedAt = &reminded.Time
	}
	return o, nil
}

// list reads the obligations matching where, ordered by due date.
func list(ctx context.Context, q queryer, where, tail string, args ...any) ([]Obligation, error) {
	rows, err := q.QueryContext(ctx, selectObligations+` WHERE `+where+` ORDER BY o.due_date, o.id`+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("read obligations: %w", err)
	}
	defer rows.Close()
	out := []Obligation{}
	for rows.Next() {
		o, err := scanObligation(rows)
		if err != nil {
			return nil, fmt.Errorf("scan obligation: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// completions reads the occurrences done that match where, newest first.
func completions(ctx context.Context, q queryer, where string, args ...any) ([]Completion, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.obligation_id, o.title, o.kind, COALESCE(c.number, ''), d.due_date, d.done_on, d.done_by_name, d.created_at
FROM obligation_completions d JOIN obligations o ON o.id = d.obligation_id JOIN cases c ON c.id = o.case_id
WHERE `+where+` ORDER BY d.done_on DESC, d.obligation_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read completed obligations: %w", err)
	}
	defer rows.Close()
	out := []Completion{}
	for rows.Next() {
		var c Completion
		if err := rows.Scan(&c.ObligationID, &c.Title, &c.Kind, &c.CaseNumber, &c.Due, &c.DoneOn, &c.DoneByName, &c.CreatedAt); err != nil {
			return nil, fmt.Errorf("scan completed obligation: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// caseRef is what adding an obligation needs to know of its case.
type caseRef struct {
	ID, Number, Title, Service, Authority, PersonID, ActingFor string
	Decided                                                    bool
}

func caseOf(ctx context.Context, q queryer, id string) (caseRef, error) {
	var c caseRef
	var decided sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT id, COALESCE(number, ''), title, service_id, authority_org, person_id, acting_for, decided_at
FROM cases WHERE id = $1`, id).Scan(&c.ID, &c.Number, &c.Title, &c.Service, &c.Authority, &c.PersonID, &c.ActingFor, &decided)
	c.Decided = decided.Valid
	return c, err
}

// utc is t in UTC, the one zone timestamps are written in, so that SQLite's
// text timestamps compare in time order.
func utc(t time.Time) time.Time { return t.UTC() }
