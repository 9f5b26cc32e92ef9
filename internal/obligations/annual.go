package obligations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/errs"
)

// Horizon is how far ahead the annual clock looks, in months.
const Horizon = 12

// Year is a party's annual clock: every open duty due before the horizon,
// overdue ones included, and the occurrences done in the past year.
type Year struct {
	Today string       `json:"today"`
	Until string       `json:"until"` // the last day shown
	Open  []Obligation `json:"open"`
	Done  []Completion `json:"done"`
}

// ForParty is the annual clock of the party p acts for.
func (s *Service) ForParty(ctx context.Context, p access.Principal) (Year, error) {
	pt, err := partyOf(p, false)
	if err != nil {
		return Year{}, err
	}
	today := s.Today()
	y := Year{Today: today, Until: AddMonths(today, Horizon)}
	cond, args := pt.where(1)
	if y.Open, err = list(ctx, s.db.Read, cond+` AND o.done_at IS NULL AND o.due_date < $2`, "", append(args, y.Until)...); err != nil {
		return Year{}, err
	}
	if y.Done, err = completions(ctx, s.db.Read, cond+` AND d.done_on >= $2`, append(args, AddMonths(today, -Horizon))...); err != nil {
		return Year{}, err
	}
	return y, nil
}

// CaseDuties is a case's duties as its handlers see them, with the kinds the
// law sets for its service.
type CaseDuties struct {
	CaseID     string       `json:"case_id"`
	CaseNumber string       `json:"case_number"`
	CaseTitle  string       `json:"case_title"`
	Service    string       `json:"service"`
	Authority  string       `json:"authority"`
	Decided    bool         `json:"decided"`
	Items      []Obligation `json:"items"`
	Kinds      []Kind       `json:"kinds"`
}

// ForCase lists a case's duties, done ones too, for those who read the
// authority's cases. Anyone else gets NotFound, so an id reveals nothing.
func (s *Service) ForCase(ctx context.Context, p access.Principal, caseID string) (CaseDuties, error) {
	c, err := caseOf(ctx, s.db.Read, caseID)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !access.CaseRole(p, c.Authority, access.ViewCases)) {
		return CaseDuties{}, errs.E(errs.NotFound, "no such case")
	}
	if err != nil {
		return CaseDuties{}, fmt.Errorf("read case %s: %w", caseID, err)
	}
	out := CaseDuties{CaseID: c.ID, CaseNumber: c.Number, CaseTitle: c.Title, Service: c.Service, Authority: c.Authority,
		Decided: c.Decided, Kinds: Kinds(c.Service)}
	if out.Items, err = list(ctx, s.db.Read, `o.case_id = $1`, "", caseID); err != nil {
		return CaseDuties{}, err
	}
	return out, nil
}

// AuthorityFilter narrows an authority's annual clock.
type AuthorityFilter struct {
	Service string
	Kind    string
	// Overdue keeps only duties past their due date.
	Overdue bool
	// Query is words of the applicant, the case title or the case number.
	Query  string
	Limit  int
	Offset int
}

// AuthorityYear is a page of the open duties of an authority's customers due
// before the horizon, overdue ones first.
type AuthorityYear struct {
	Today string       `json:"today"`
	Until string       `json:"until"`
	Items []Obligation `json:"items"`
	Total int          `json:"total"`
}

// ForAuthority is the annual clock of the customers of the authority org.
func (s *Service) ForAuthority(ctx context.Context, p access.Principal, org string, f AuthorityFilter) (AuthorityYear, error) {
	if !access.CaseRole(p, org, access.ViewCases) {
		return AuthorityYear{}, errs.E(errs.Forbidden, "no right to see the organisation's cases")
	}
	today := s.Today()
	out := AuthorityYear{Today: today, Until: AddMonths(today, Horizon)}
	args := []any{org}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	where := []string{"c.authority_org = $1", "o.done_at IS NULL"}
	if f.Overdue {
		where = append(where, "o.due_date < "+arg(today))
	} else {
		where = append(where, "o.due_date < "+arg(out.Until))
	}
	if f.Service != "" {
		where = append(where, "c.service_id = "+arg(f.Service))
	}
	switch f.Kind {
	case "":
	case FromDecision:
		where = append(where, "o.kind = ''")
	default:
		where = append(where, "o.kind = "+arg(f.Kind))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := arg("%" + strings.ToLower(q) + "%")
		where = append(where, "(lower(c.applicant_name) LIKE "+like+" OR lower(c.title) LIKE "+like+" OR lower(COALESCE(c.number, '')) LIKE "+like+" OR lower(o.title) LIKE "+like+")")
	}
	cond := strings.Join(where, " AND ")
	if err := s.db.Read.QueryRowContext(ctx, `SELECT count(*) FROM obligations o JOIN cases c ON c.id = o.case_id WHERE `+cond, args...).Scan(&out.Total); err != nil {
		return AuthorityYear{}, fmt.Errorf("count the obligations of %s: %w", org, err)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	items, err := list(ctx, s.db.Read, cond, fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(f.Offset, 0)), args...)
	if err != nil {
		return AuthorityYear{}, err
	}
	out.Items = items
	return out, nil
}
