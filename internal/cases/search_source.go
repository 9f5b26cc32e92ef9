package cases

import (
	"context"
	"fmt"
	"strings"

	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/i18n"
	"github.com/luva-fi/luva/internal/search"
)

// SearchSource makes the search index's documents of cases, so that
// customers find their own applications and authority users their
// organisation's cases by number, title or applicant. Each document is
// visible only to its owners: the applicant (person or company), partners,
// and, once sent, the handling authority.
type SearchSource struct {
	DB *db.DB
}

// AggregateTypes says which outbox events concern cases.
func (SearchSource) AggregateTypes() []string { return []string{"case"} }

// Documents returns the current documents of one case; none when it is
// cancelled or gone.
func (s SearchSource) Documents(ctx context.Context, _, id string) ([]search.Document, error) {
	c, err := getCase(ctx, s.DB.Read, s.DB.Dialect, id, false)
	if errs.KindOf(err) == errs.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	pts, err := partners(ctx, s.DB.Read, id)
	if err != nil {
		return nil, err
	}
	return caseDocuments(c, pts), nil
}

// All yields the documents of every case, reading them a page at a time so
// that a rebuild over a million cases holds one page in memory, not all.
func (s SearchSource) All(ctx context.Context, yield func(search.Document) error) error {
	const page = 1000
	after := ""
	for {
		batch, err := s.page(ctx, after, page)
		if err != nil {
			return err
		}
		for _, c := range batch {
			pts, err := partners(ctx, s.DB.Read, c.ID)
			if err != nil {
				return err
			}
			for _, d := range caseDocuments(c, pts) {
				if err := yield(d); err != nil {
					return err
				}
			}
		}
		if len(batch) < page {
			return nil
		}
		after = batch[len(batch)-1].ID
	}
}

// page reads the next cases by id after the given one; the rows are closed
// before the caller asks anything more of the database.
func (s SearchSource) page(ctx context.Context, after string, n int) ([]Case, error) {
	rows, err := s.DB.Read.QueryContext(ctx, `SELECT `+caseColumns+` FROM cases c
WHERE c.id > $1 AND c.state NOT IN ('cancelled', 'expired') ORDER BY c.id LIMIT $2`, after, n)
	if err != nil {
		return nil, fmt.Errorf("read cases to index: %w", err)
	}
	defer rows.Close()
	var out []Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, fmt.Errorf("scan case to index: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AuthorityOwner is how a handling authority appears among a document's
// owners, so that it never collides with the id of a company acted for.
func AuthorityOwner(org string) string { return "authority:" + org }

func caseDocuments(c Case, pts []Partner) []search.Document {
	if c.State == Cancelled || c.State == Expired {
		return nil
	}
	owner := c.PersonID
	if c.ActingFor != "" {
		owner = c.ActingFor
	}
	owners := []string{owner}
	for _, p := range pts {
		owners = append(owners, p.PersonID)
	}
	if c.Sent() {
		owners = append(owners, AuthorityOwner(c.Authority))
	}
	body := strings.Join([]string{c.Number, c.Applicant, c.Service}, " ")
	var out []search.Document
	for _, lang := range i18n.Langs() {
		out = append(out, search.Document{Type: "case", ID: c.ID, Lang: lang, Title: strings.TrimSpace(c.Number + " " + c.Title),
			Body: body, URL: "/" + lang + "/cases/" + c.ID, Authority: c.Authority, Municipalities: nonNil([]string{c.Municipality}),
			Owners: owners, Updated: c.UpdatedAt})
	}
	return out
}
