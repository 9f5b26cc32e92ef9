package work

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/process"
)

// queryer is a database or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const ruleColumns = `organisation_id, role, unit_id, kind, last_person_id, updated_by_name, updated_at`

func scanRule(sc interface{ Scan(...any) error }) (Rule, error) {
	var r Rule
	var at time.Time
	if err := sc.Scan(&r.Organisation, &r.Role, &r.Unit, &r.Kind, &r.last, &r.UpdatedByName, &at); err != nil {
		return Rule{}, err
	}
	r.UpdatedAt = &at
	return r, nil
}

// rule reads a queue's rule, or the default claim when it has none.
func (s *Service) rule(ctx context.Context, q queryer, queue process.Queue) (Rule, error) {
	return s.readRule(ctx, q, queue, "")
}

// lockRule reads a queue's rule and keeps its row locked for the rest of
// tx, so that two assignments take their turns one after the other.
func (s *Service) lockRule(ctx context.Context, tx *sql.Tx, queue process.Queue) (Rule, error) {
	return s.readRule(ctx, tx, queue, s.db.Dialect.ForUpdate())
}

func (s *Service) readRule(ctx context.Context, q queryer, queue process.Queue, lock string) (Rule, error) {
	r, err := scanRule(q.QueryRowContext(ctx, `SELECT `+ruleColumns+` FROM work_rules WHERE organisation_id = $1 AND role = $2 AND unit_id = $3`+lock,
		queue.Organisation, queue.Role, queue.Unit))
	if errors.Is(err, sql.ErrNoRows) {
		return Rule{Queue: queue, Kind: Claim}, nil
	}
	if err != nil {
		return Rule{}, fmt.Errorf("read the rule of queue %s/%s/%s: %w", queue.Organisation, queue.Role, queue.Unit, err)
	}
	if r.Kind == ByMunicipality {
		if r.Municipalities, err = municipalities(ctx, q, queue); err != nil {
			return Rule{}, err
		}
	}
	return r, nil
}

func municipalities(ctx context.Context, q queryer, queue process.Queue) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT municipality_code, person_id FROM work_rule_municipalities
WHERE organisation_id = $1 AND role = $2 AND unit_id = $3`, queue.Organisation, queue.Role, queue.Unit)
	if err != nil {
		return nil, fmt.Errorf("read the municipalities of a rule: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var code, person string
		if err := rows.Scan(&code, &person); err != nil {
			return nil, fmt.Errorf("scan a municipality of a rule: %w", err)
		}
		out[code] = person
	}
	return out, rows.Err()
}

// rules lists the rules set in org, by role and unit.
func (s *Service) rules(ctx context.Context, org string) ([]Rule, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+ruleColumns+` FROM work_rules WHERE organisation_id = $1 ORDER BY role, unit_id`, org)
	if err != nil {
		return nil, fmt.Errorf("list the rules of %s: %w", org, err)
	}
	var out []Rule
	for rows.Next() {
		r, err := scanRule(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan a rule: %w", err)
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list the rules of %s: %w", org, err)
	}
	for i, r := range out {
		if r.Kind == ByMunicipality {
			if out[i].Municipalities, err = municipalities(ctx, s.db.Read, r.Queue); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// putRule writes a rule and its municipality table in tx.
func (s *Service) putRule(ctx context.Context, tx *sql.Tx, in RuleInput, p access.Principal, now time.Time) error {
	q := in.Queue
	if _, err := tx.ExecContext(ctx, `INSERT INTO work_rules (organisation_id, role, unit_id, kind, updated_by, updated_by_name, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (organisation_id, role, unit_id) DO UPDATE SET kind = $4, updated_by = $5, updated_by_name = $6, updated_at = $7`,
		q.Organisation, q.Role, q.Unit, string(in.Kind), p.PersonID, p.Name, now.UTC()); err != nil {
		return fmt.Errorf("save the rule of queue %s/%s: %w", q.Role, q.Unit, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM work_rule_municipalities WHERE organisation_id = $1 AND role = $2 AND unit_id = $3`,
		q.Organisation, q.Role, q.Unit); err != nil {
		return fmt.Errorf("clear the municipalities of a rule: %w", err)
	}
	for code, person := range in.Municipalities {
		if _, err := tx.ExecContext(ctx, `INSERT INTO work_rule_municipalities (organisation_id, role, unit_id, municipality_code, person_id)
VALUES ($1, $2, $3, $4, $5)`, q.Organisation, q.Role, q.Unit, code, person); err != nil {
			return fmt.Errorf("save municipality %s of a rule: %w", code, err)
		}
	}
	return nil
}

// advanceTurn records who got the last task of the queue.
func (s *Service) advanceTurn(ctx context.Context, tx *sql.Tx, q process.Queue, personID string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE work_rules SET last_person_id = $1 WHERE organisation_id = $2 AND role = $3 AND unit_id = $4`,
		personID, q.Organisation, q.Role, q.Unit); err != nil {
		return fmt.Errorf("record the turn of queue %s/%s: %w", q.Role, q.Unit, err)
	}
	return nil
}
