package messaging

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/errs"
)

// caseParties is who a case concerns, read from the case itself: events
// carry only its number and state.
type caseParties struct {
	PersonID  string
	ActingFor string
	HandlerID string
}

func loadCaseParties(ctx context.Context, tx *sql.Tx, caseID string) (caseParties, error) {
	var c caseParties
	err := tx.QueryRowContext(ctx, `SELECT person_id, acting_for, handler_id FROM cases WHERE id = $1`, caseID).Scan(&c.PersonID, &c.ActingFor, &c.HandlerID)
	if errors.Is(err, sql.ErrNoRows) {
		return caseParties{}, errs.E(errs.NotFound, "case "+caseID+" is gone")
	}
	if err != nil {
		return caseParties{}, fmt.Errorf("read the parties of case %s: %w", caseID, err)
	}
	return c, nil
}

// customers are the people a message to the customer goes to: the applicant,
// and for a company's application everyone whose mandate in force lets them
// apply for it or see its cases.
func customers(ctx context.Context, tx *sql.Tx, c caseParties, now time.Time) ([]string, error) {
	out := []string{c.PersonID}
	if c.ActingFor == "" {
		return out, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT person_id, rights, valid_until FROM mandates WHERE organisation_id = $1 ORDER BY person_id`, c.ActingFor)
	if err != nil {
		return nil, fmt.Errorf("read the mandates of %s: %w", c.ActingFor, err)
	}
	defer rows.Close()
	for rows.Next() {
		var person, rights string
		var until sql.NullTime
		if err := rows.Scan(&person, &rights, &until); err != nil {
			return nil, fmt.Errorf("read a mandate of %s: %w", c.ActingFor, err)
		}
		if until.Valid && !now.Before(until.Time) {
			continue
		}
		rs := strings.Split(rights, ",")
		if (slices.Contains(rs, string(access.RightApply)) || slices.Contains(rs, string(access.RightView))) && !slices.Contains(out, person) {
			out = append(out, person)
		}
	}
	return out, rows.Err()
}

// roleMembers are everyone who holds role in org, in any of its units: the
// role's mailbox.
func roleMembers(ctx context.Context, tx *sql.Tx, org, role string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT person_id FROM role_grants WHERE organisation_id = $1 AND role = $2 ORDER BY person_id`, org, role)
	if err != nil {
		return nil, fmt.Errorf("read the members of %s in %s: %w", role, org, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("read a member of %s in %s: %w", role, org, err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
