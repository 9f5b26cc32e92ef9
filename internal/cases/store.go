package cases

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/errs"
)

// queryer is what both *sql.DB and *sql.Tx offer for reading.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

type scanner interface{ Scan(...any) error }

// caseColumns are read from cases aliased c.
const caseColumns = `c.id, COALESCE(c.number, ''), c.service_id, c.authority_org, c.person_id, c.acting_for, c.applicant_name,
COALESCE(c.undertaking_id, ''), c.form_id, c.form_version, c.state, c.municipality, c.title, c.lang, c.answers, c.version, c.editing,
c.handler_id, c.handler_name, c.statutory_days, c.target_days, c.created_at, c.updated_at, c.submitted_at, c.decided_at`

func scanCase(row scanner) (Case, error) {
	var c Case
	var answers string
	var submitted, decided sql.NullTime
	err := row.Scan(&c.ID, &c.Number, &c.Service, &c.Authority, &c.PersonID, &c.ActingFor, &c.Applicant,
		&c.Undertaking, &c.FormID, &c.FormVersion, &c.State, &c.Municipality, &c.Title, &c.Lang, &answers, &c.Version, &c.Editing,
		&c.HandlerID, &c.HandlerName, &c.StatutoryDays, &c.TargetDays, &c.CreatedAt, &c.UpdatedAt, &submitted, &decided)
	if err != nil {
		return Case{}, err
	}
	if submitted.Valid {
		t := submitted.Time
		c.SubmittedAt = &t
	}
	if decided.Valid {
		t := decided.Time
		c.DecidedAt = &t
	}
	if err := json.Unmarshal([]byte(answers), &c.Answers); err != nil {
		return Case{}, fmt.Errorf("answers of case %s: %w", c.ID, err)
	}
	if c.Answers == nil {
		c.Answers = map[string]any{}
	}
	return c, nil
}

// getCase reads one case; forUpdate locks it for the rest of tx on PostgreSQL.
func getCase(ctx context.Context, q queryer, d db.Dialect, id string, forUpdate bool) (Case, error) {
	query := `SELECT ` + caseColumns + ` FROM cases c WHERE c.id = $1`
	if forUpdate {
		query += d.ForUpdate()
	}
	c, err := scanCase(q.QueryRowContext(ctx, query, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Case{}, errs.E(errs.NotFound, "no such case")
	}
	if err != nil {
		return Case{}, fmt.Errorf("read case %s: %w", id, err)
	}
	return c, nil
}

func insertCase(ctx context.Context, tx *sql.Tx, c Case) error {
	answers, err := marshal(c.Answers)
	if err != nil {
		return fmt.Errorf("encode answers: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO cases (id, service_id, authority_org, person_id, acting_for, applicant_name,
undertaking_id, form_id, form_version, state, municipality, title, lang, answers, statutory_days, target_days, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)`,
		c.ID, c.Service, c.Authority, c.PersonID, c.ActingFor, c.Applicant, nullable(c.Undertaking), c.FormID, c.FormVersion,
		c.State, c.Municipality, c.Title, c.Lang, answers, c.StatutoryDays, c.TargetDays, c.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("insert case: %w", err)
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func saveAnswers(ctx context.Context, tx *sql.Tx, id string, answers map[string]any, now time.Time) error {
	b, err := marshal(answers)
	if err != nil {
		return fmt.Errorf("encode answers: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET answers = $1, updated_at = $2 WHERE id = $3`, b, now.UTC(), id); err != nil {
		return fmt.Errorf("save answers of case %s: %w", id, err)
	}
	return nil
}

// addHistory records a change of state, and sets it on the case.
func addHistory(ctx context.Context, tx *sql.Tx, caseID string, ch Change) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_history (case_id, at, actor_id, actor_name, side, from_state, to_state, reason)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, caseID, ch.At.UTC(), ch.ActorID, ch.ActorName, ch.Side, ch.From, ch.To, ch.Reason); err != nil {
		return fmt.Errorf("record the change of case %s: %w", caseID, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET state = $1, updated_at = $2 WHERE id = $3`, ch.To, ch.At.UTC(), caseID); err != nil {
		return fmt.Errorf("change the state of case %s: %w", caseID, err)
	}
	return nil
}

func history(ctx context.Context, q queryer, caseID string) ([]Change, error) {
	rows, err := q.QueryContext(ctx, `SELECT at, actor_id, actor_name, side, from_state, to_state, reason
FROM case_history WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("read the history of case %s: %w", caseID, err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var ch Change
		if err := rows.Scan(&ch.At, &ch.ActorID, &ch.ActorName, &ch.Side, &ch.From, &ch.To, &ch.Reason); err != nil {
			return nil, fmt.Errorf("scan history: %w", err)
		}
		out = append(out, ch)
	}
	return out, rows.Err()
}

// nextNumber hands out the year's next case number in tx. The counter row is
// updated in place, so concurrent senders queue on it and no number is given
// twice; a rolled-back send gives its number back.
func nextNumber(ctx context.Context, tx *sql.Tx, year int) (string, error) {
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO case_counters (year, last_number) VALUES ($1, 1)
ON CONFLICT (year) DO UPDATE SET last_number = case_counters.last_number + 1 RETURNING last_number`, year).Scan(&n)
	if err != nil {
		return "", fmt.Errorf("allocate a case number: %w", err)
	}
	return FormatNumber(year, n), nil
}

// FormatNumber formats a case number: LUVA-2026-000123.
func FormatNumber(year, n int) string { return fmt.Sprintf("LUVA-%d-%06d", year, n) }

// wholeNumber is what FormatNumber writes, in any case.
var wholeNumber = regexp.MustCompile(`(?i)^LUVA-\d{4}-\d{6,}$`)

// IsNumber reports whether s is a whole case number, as FormatNumber writes
// them (in any case), so that it can be looked up by key.
func IsNumber(s string) bool { return wholeNumber.MatchString(s) }

func insertVersion(ctx context.Context, tx *sql.Tx, v Version) error {
	answers, err := marshal(v.Answers)
	if err != nil {
		return fmt.Errorf("encode answers: %w", err)
	}
	atts, err := marshal(nonNil(v.Attachments))
	if err != nil {
		return fmt.Errorf("encode attachments: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO case_versions (case_id, version, kind, answers, attachments, note, created_at, created_by, created_by_name)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, v.CaseID, v.Number, v.Kind, answers, atts, v.Note, v.CreatedAt.UTC(), v.CreatedBy, v.CreatedByName)
	if err != nil {
		return fmt.Errorf("insert version %d of case %s: %w", v.Number, v.CaseID, err)
	}
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func versions(ctx context.Context, q queryer, caseID string) ([]Version, error) {
	rows, err := q.QueryContext(ctx, `SELECT case_id, version, kind, answers, attachments, note, created_at, created_by, created_by_name
FROM case_versions WHERE case_id = $1 ORDER BY version`, caseID)
	if err != nil {
		return nil, fmt.Errorf("read the versions of case %s: %w", caseID, err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		var answers, atts string
		if err := rows.Scan(&v.CaseID, &v.Number, &v.Kind, &answers, &atts, &v.Note, &v.CreatedAt, &v.CreatedBy, &v.CreatedByName); err != nil {
			return nil, fmt.Errorf("scan version: %w", err)
		}
		if err := json.Unmarshal([]byte(answers), &v.Answers); err != nil {
			return nil, fmt.Errorf("answers of version %d: %w", v.Number, err)
		}
		if err := json.Unmarshal([]byte(atts), &v.Attachments); err != nil {
			return nil, fmt.Errorf("attachments of version %d: %w", v.Number, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

const attachmentColumns = `id, case_id, field, name, content_type, size, sha256, blob_key, scan, uploaded_by, created_at, removed_at`

func scanAttachment(row scanner) (Attachment, error) {
	var a Attachment
	var scan string
	var removed sql.NullTime
	if err := row.Scan(&a.ID, &a.CaseID, &a.Field, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.BlobKey, &scan, &a.UploadedBy, &a.CreatedAt, &removed); err != nil {
		return Attachment{}, err
	}
	a.Scanned = scan == "clean"
	if removed.Valid {
		t := removed.Time
		a.RemovedAt = &t
	}
	return a, nil
}

func attachments(ctx context.Context, q queryer, caseID string) ([]Attachment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE case_id = $1 ORDER BY created_at, id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("read the attachments of case %s: %w", caseID, err)
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, fmt.Errorf("scan attachment: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func insertAttachment(ctx context.Context, tx *sql.Tx, a Attachment) error {
	scan := "unscanned"
	if a.Scanned {
		scan = "clean"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO attachments (id, case_id, field, name, content_type, size, sha256, blob_key, scan, uploaded_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, a.ID, a.CaseID, a.Field, a.Name, a.ContentType, a.Size, a.SHA256, a.BlobKey, scan, a.UploadedBy, a.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("insert attachment: %w", err)
	}
	return nil
}

func completionRequests(ctx context.Context, q queryer, caseID string) ([]CompletionRequest, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, case_id, message, deadline, requested_at, requested_by, requested_by_name, answered_at, COALESCE(answer_version, 0)
FROM completion_requests WHERE case_id = $1 ORDER BY requested_at`, caseID)
	if err != nil {
		return nil, fmt.Errorf("read the completion requests of case %s: %w", caseID, err)
	}
	defer rows.Close()
	var out []CompletionRequest
	for rows.Next() {
		var r CompletionRequest
		var answered sql.NullTime
		if err := rows.Scan(&r.ID, &r.CaseID, &r.Message, &r.Deadline, &r.RequestedAt, &r.RequestedBy, &r.RequestedByName, &answered, &r.AnswerVersion); err != nil {
			return nil, fmt.Errorf("scan completion request: %w", err)
		}
		if answered.Valid {
			t := answered.Time
			r.AnsweredAt = &t
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func decision(ctx context.Context, q queryer, caseID string) (*Decision, error) {
	var d Decision
	var conditions string
	err := q.QueryRowContext(ctx, `SELECT case_id, outcome, body, conditions, appeal, decided_at, decided_by, decided_by_name
FROM decisions WHERE case_id = $1`, caseID).Scan(&d.CaseID, &d.Outcome, &d.Body, &conditions, &d.Appeal, &d.DecidedAt, &d.DecidedBy, &d.DecidedByName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the decision of case %s: %w", caseID, err)
	}
	if err := json.Unmarshal([]byte(conditions), &d.Conditions); err != nil {
		return nil, fmt.Errorf("conditions of the decision of case %s: %w", caseID, err)
	}
	return &d, nil
}

func messages(ctx context.Context, q queryer, caseID string) ([]Message, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, case_id, side, author_id, author_name, body, created_at
FROM case_messages WHERE case_id = $1 ORDER BY created_at, id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("read the messages of case %s: %w", caseID, err)
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		if err := rows.Scan(&m.ID, &m.CaseID, &m.Side, &m.AuthorID, &m.AuthorName, &m.Body, &m.CreatedAt); err != nil {
			return nil, fmt.Errorf("scan message: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func insertMessage(ctx context.Context, tx *sql.Tx, m Message) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO case_messages (id, case_id, side, author_id, author_name, body, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)`, m.ID, m.CaseID, m.Side, m.AuthorID, m.AuthorName, m.Body, m.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("insert message: %w", err)
	}
	return nil
}

func obligations(ctx context.Context, q queryer, where string, args ...any) ([]Obligation, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, case_id, person_id, acting_for, title, due_date, recurrence, created_at
FROM obligations WHERE `+where+` ORDER BY due_date, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read obligations: %w", err)
	}
	defer rows.Close()
	var out []Obligation
	for rows.Next() {
		var o Obligation
		if err := rows.Scan(&o.ID, &o.CaseID, &o.PersonID, &o.ActingFor, &o.Title, &o.Due, &o.Recurrence, &o.CreatedAt); err != nil {
			return nil, fmt.Errorf("scan obligation: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func partners(ctx context.Context, q queryer, caseID string) ([]Partner, error) {
	rows, err := q.QueryContext(ctx, `SELECT cp.case_id, cp.person_id, p.given_names || ' ' || p.family_name, cp.can_edit, cp.created_at
FROM case_partners cp JOIN persons p ON p.id = cp.person_id WHERE cp.case_id = $1 ORDER BY cp.created_at`, caseID)
	if err != nil {
		return nil, fmt.Errorf("read the partners of case %s: %w", caseID, err)
	}
	defer rows.Close()
	var out []Partner
	for rows.Next() {
		var pt Partner
		if err := rows.Scan(&pt.CaseID, &pt.PersonID, &pt.Name, &pt.CanEdit, &pt.CreatedAt); err != nil {
			return nil, fmt.Errorf("scan partner: %w", err)
		}
		out = append(out, pt)
	}
	return out, rows.Err()
}
