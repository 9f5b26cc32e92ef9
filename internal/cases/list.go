package cases

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/errs"
)

// Folder groups: what the customer's transaction folder filters by.
const (
	GroupDrafts  = "drafts"
	GroupOngoing = "ongoing"
	GroupDecided = "decided"
	GroupAll     = ""
)

// FolderFilter narrows the customer's transaction folder.
type FolderFilter struct {
	Group       string // GroupDrafts, GroupOngoing, GroupDecided or all
	Query       string // words in the title or case number
	Sort        string // "updated" (newest first, the default), "created", "title"
	Undertaking string
	Limit       int
	Offset      int
}

// FolderEntry is one case in the folder with what needs the customer.
type FolderEntry struct {
	Case
	// Deadline is the open completion request's deadline, "" when none.
	Deadline string `json:"deadline,omitempty"`
	Messages int    `json:"messages"`
}

// Folder lists the cases of the party p acts for, and the applications p was
// invited to as a partner when acting for themself.
func (s *Service) Folder(ctx context.Context, p access.Principal, f FolderFilter) ([]FolderEntry, int, error) {
	if !p.Authenticated() {
		return nil, 0, errs.E(errs.Unauthenticated, "sign in first")
	}
	if p.ActingFor != "" && !p.HasRight(p.ActingFor, access.RightApply) && !p.HasRight(p.ActingFor, access.RightView) {
		return nil, 0, errs.E(errs.Forbidden, "no right to see the organisation's cases")
	}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if p.ActingFor != "" {
		where = append(where, "c.acting_for = "+arg(p.ActingFor))
	} else {
		me := arg(p.PersonID)
		// One set of ids, not an OR of two conditions: PostgreSQL read every
		// case to test the OR (luva bench, folder scenario), while both
		// databases look a handful of ids up by key.
		where = append(where, "c.id IN (SELECT id FROM cases WHERE acting_for = '' AND person_id = "+me+
			" UNION SELECT case_id FROM case_partners WHERE person_id = "+me+")")
	}
	switch f.Group {
	case GroupDrafts:
		where = append(where, "c.state IN ('draft', 'visible')")
	case GroupOngoing:
		where = append(where, "c.state IN ('submitted', 'processing', 'complement', 'appealed')")
	case GroupDecided:
		where = append(where, "c.state IN ('decided', 'final', 'closed')")
	default:
		where = append(where, "c.state NOT IN ('cancelled', 'expired')")
	}
	if f.Undertaking != "" {
		where = append(where, "c.undertaking_id = "+arg(f.Undertaking))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := arg("%" + strings.ToLower(q) + "%")
		where = append(where, "(lower(c.title) LIKE "+like+" OR lower(COALESCE(c.number, '')) LIKE "+like+")")
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT count(*) FROM cases c WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count the folder: %w", err)
	}
	order := "c.updated_at DESC, c.id"
	switch f.Sort {
	case "created":
		order = "c.created_at DESC, c.id"
	case "title":
		order = "lower(c.title), c.id"
	}
	limit := f.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	query := `SELECT ` + caseColumns + `,
COALESCE((SELECT min(deadline) FROM completion_requests r WHERE r.case_id = c.id AND r.answered_at IS NULL), ''),
(SELECT count(*) FROM case_messages m WHERE m.case_id = c.id)
FROM cases c WHERE ` + cond + ` ORDER BY ` + order + fmt.Sprintf(` LIMIT %d OFFSET %d`, limit, max(f.Offset, 0))
	rows, err := s.db.Read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list the folder: %w", err)
	}
	defer rows.Close()
	var out []FolderEntry
	for rows.Next() {
		var e FolderEntry
		var deadline string
		c, err := scanCase(scanFunc(func(dest ...any) error { return rows.Scan(append(dest, &deadline, &e.Messages)...) }))
		if err != nil {
			return nil, 0, fmt.Errorf("scan folder entry: %w", err)
		}
		e.Case, e.Deadline = c, deadline
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// scanFunc adapts a function to the scanner interface.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// Deadlines lists the customer's coming obligations set by decisions.
func (s *Service) Deadlines(ctx context.Context, p access.Principal, from time.Time) ([]Obligation, error) {
	if !p.Authenticated() {
		return nil, errs.E(errs.Unauthenticated, "sign in first")
	}
	day := from.In(helsinki()).Format(time.DateOnly)
	if p.ActingFor != "" {
		if !p.HasRight(p.ActingFor, access.RightApply) && !p.HasRight(p.ActingFor, access.RightView) {
			return nil, errs.E(errs.Forbidden, "no right to see the organisation's obligations")
		}
		return obligations(ctx, s.db.Read, `acting_for = $1 AND due_date >= $2`, p.ActingFor, day)
	}
	return obligations(ctx, s.db.Read, `acting_for = '' AND person_id = $1 AND due_date >= $2`, p.PersonID, day)
}

// ListFilter narrows an authority's case list.
type ListFilter struct {
	State   State
	Service string
	Mine    bool   // only cases p handles
	Query   string // case number or words of the title or applicant
	// After is the cursor of the last case of the previous page: lists page by
	// key, so the thousandth page costs what the first does.
	After string
	Limit int
}

// List is a page of an authority's cases, oldest sent first.
type List struct {
	Cases []Case `json:"cases"`
	// Next is the cursor of the following page, "" on the last.
	Next string `json:"next,omitempty"`
}

// AuthorityList lists the sent cases of the authority org for p.
func (s *Service) AuthorityList(ctx context.Context, p access.Principal, org string, f ListFilter) (List, error) {
	if !access.CaseRole(p, org, access.ViewCases) {
		return List{}, errs.E(errs.Forbidden, "no right to see the organisation's cases")
	}
	args := []any{org}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	where := []string{"c.authority_org = $1", "c.submitted_at IS NOT NULL"}
	if f.State != "" {
		where = append(where, "c.state = "+arg(f.State))
	}
	if f.Service != "" {
		where = append(where, "c.service_id = "+arg(f.Service))
	}
	if f.Mine {
		where = append(where, "c.handler_id = "+arg(p.PersonID))
	}
	from := "cases c"
	if q := strings.TrimSpace(f.Query); q != "" {
		switch rare, err := s.rareWords(ctx, q); {
		case err != nil:
			return List{}, err
		case strings.HasPrefix(strings.ToUpper(q), "LUVA-"):
			where = append(where, "c.number = "+arg(strings.ToUpper(q)))
		case rare:
			// Few cases anywhere contain the words: start from them (a
			// CROSS JOIN keeps SQLite's planner from walking the
			// authority's cases instead) and sort the few.
			from = "cases_words w CROSS JOIN cases c ON c.rowid = w.rowid"
			where = append(where, "cases_words MATCH "+arg(ftsPhrase(q)))
		default:
			like := arg("%" + strings.ToLower(q) + "%")
			where = append(where, "(lower(c.title) LIKE "+like+" OR lower(c.applicant_name) LIKE "+like+")")
		}
	}
	if f.After != "" {
		at, id, err := parseCursor(f.After)
		if err != nil {
			return List{}, err
		}
		a, i := arg(at), arg(id)
		// A row comparison lets both databases seek the index to the cursor.
		where = append(where, "(c.submitted_at, c.id) > ("+a+", "+i+")")
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+caseColumns+` FROM `+from+` WHERE `+strings.Join(where, " AND ")+
		fmt.Sprintf(` ORDER BY c.submitted_at, c.id LIMIT %d`, limit+1), args...)
	if err != nil {
		return List{}, fmt.Errorf("list cases: %w", err)
	}
	defer rows.Close()
	var out List
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return List{}, fmt.Errorf("scan case: %w", err)
		}
		out.Cases = append(out.Cases, c)
	}
	if err := rows.Err(); err != nil {
		return List{}, fmt.Errorf("list cases: %w", err)
	}
	if len(out.Cases) > limit {
		out.Cases = out.Cases[:limit]
		last := out.Cases[limit-1]
		out.Next = last.SubmittedAt.UTC().Format(time.RFC3339Nano) + "~" + last.ID
	}
	out.Cases = nonNil(out.Cases)
	return out, nil
}

func parseCursor(s string) (time.Time, string, error) {
	at, id, ok := strings.Cut(s, "~")
	t, err := time.Parse(time.RFC3339Nano, at)
	if !ok || err != nil || id == "" {
		return time.Time{}, "", errs.E(errs.Invalid, "the page cursor is not valid")
	}
	return t.UTC(), id, nil
}

// rareWordHits is how many cases, across every authority, a search's words
// may be in for the list to start from them; above it they are common
// enough that reading an authority's cases in order finds a page of them
// sooner.
const rareWordHits = 1000

// rareWords reports whether few cases contain q, on SQLite, whose trigram
// index (cases_words) answers that in a millisecond or two. Words shorter
// than a trigram, case numbers and PostgreSQL (whose planner weighs its
// own trigram indexes) are never rare here.
func (s *Service) rareWords(ctx context.Context, q string) (bool, error) {
	if s.db.Dialect != db.SQLite || utf8.RuneCountInString(q) < 3 || strings.HasPrefix(strings.ToUpper(q), "LUVA-") {
		return false, nil
	}
	var n int
	err := s.db.Read.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT rowid FROM cases_words WHERE cases_words MATCH $1 LIMIT $2)`,
		ftsPhrase(q), rareWordHits+1).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("count cases with the words: %w", err)
	}
	return n <= rareWordHits, nil
}

// ftsPhrase quotes q as one FTS5 phrase: with the trigram tokenizer it
// matches where q appears as written, in any case, as LIKE '%q%' does.
func ftsPhrase(q string) string { return `"` + strings.ReplaceAll(q, `"`, `""`) + `"` }
