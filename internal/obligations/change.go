package obligations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
)

// Input is a duty a handler adds to a decided case.
type Input struct {
	Kind  string // a kind of Kinds(service)
	Title string // required for Other; for a kind from law it adds detail
	Note  string
	Due   string // YYYY-MM-DD
	// EveryMonths and RemindDays are the kind's defaults when negative.
	EveryMonths int
	RemindDays  int
}

// Add gives a decided case a duty. Only the case's handlers and managers may:
// anyone else gets NotFound, as if the case did not exist.
func (s *Service) Add(ctx context.Context, p access.Principal, req access.Request, caseID string, in Input) (Obligation, error) {
	var id string
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, err := caseOf(ctx, tx, caseID)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !access.CaseRole(p, c.Authority, access.HandleCases)) {
			return errs.E(errs.NotFound, "no such case")
		}
		if err != nil {
			return fmt.Errorf("read case %s: %w", caseID, err)
		}
		if !c.Decided {
			return errs.E(errs.Conflict, "duties are added to decided cases")
		}
		now := s.clock.Now()
		in, err := validInput(c.Service, in, Day(now))
		if err != nil {
			return err
		}
		id = identity.NewID()
		recurrence := ""
		if in.EveryMonths == 12 {
			recurrence = "yearly" // what the case pages read
		}
		kind, source := in.Kind, FromLaw
		if kind == Other {
			kind, source = "", FromDecision
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO obligations (id, case_id, person_id, acting_for, title, due_date, recurrence, created_at,
kind, source, every_months, remind_days, note, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			id, c.ID, c.PersonID, c.ActingFor, in.Title, in.Due, recurrence, utc(now), kind, source, in.EveryMonths, in.RemindDays, in.Note, p.PersonID); err != nil {
			return fmt.Errorf("insert obligation on case %s: %w", c.ID, err)
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "obligation.add", "case", c.ID, "ok",
			map[string]any{"obligation": id, "kind": in.Kind, "due": in.Due, "every_months": in.EveryMonths})
	})
	if err != nil {
		return Obligation{}, err
	}
	return s.one(ctx, s.db.Read, id)
}

// validInput checks a new duty and fills in its kind's defaults. Field
// errors name i18n keys.
func validInput(service string, in Input, today string) (Input, error) {
	in.Title, in.Note, in.Due = strings.TrimSpace(in.Title), strings.TrimSpace(in.Note), strings.TrimSpace(in.Due)
	fields := map[string]string{}
	i := slices.IndexFunc(Kinds(service), func(k Kind) bool { return k.ID == in.Kind })
	if i < 0 {
		fields["kind"] = "obligations.error.kind"
	} else {
		k := Kinds(service)[i]
		if in.EveryMonths < 0 {
			in.EveryMonths = k.EveryMonths
		}
		if in.RemindDays < 0 {
			in.RemindDays = k.RemindDays
		}
	}
	if in.Kind == Other && in.Title == "" {
		fields["title"] = "obligations.error.title"
	}
	if len([]rune(in.Title)) > 200 {
		fields["title"] = "obligations.error.title_long"
	}
	if len([]rune(in.Note)) > 2000 {
		fields["note"] = "obligations.error.note"
	}
	if parseDay(in.Due).IsZero() {
		fields["due"] = "obligations.error.due"
	} else if in.Due < today {
		fields["due"] = "obligations.error.due_past"
	}
	if i >= 0 && !slices.Contains(Recurrences(), in.EveryMonths) {
		fields["every"] = "obligations.error.every"
	}
	if i >= 0 && (in.RemindDays < 0 || in.RemindDays > 365) {
		fields["remind_days"] = "obligations.error.remind_days"
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "the obligation has errors")
		e.Fields = fields
		return in, e
	}
	return in, nil
}

// Done marks the current occurrence of a duty done on the given day. A
// recurring duty moves on to its next occurrence, a one-off one is closed.
// Marking the same occurrence twice changes nothing the second time.
func (s *Service) Done(ctx context.Context, p access.Principal, req access.Request, id, doneOn string) (Obligation, error) {
	pt, err := partyOf(p, true)
	if err != nil {
		return Obligation{}, err
	}
	now := s.clock.Now()
	doneOn = strings.TrimSpace(doneOn)
	if parseDay(doneOn).IsZero() || doneOn > Day(now) {
		e := errs.E(errs.Invalid, "the day of doing is not valid")
		e.Fields = map[string]string{"done_on": "obligations.error.done_on"}
		return Obligation{}, e
	}
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		o, err := s.lockOne(ctx, tx, id)
		if errs.KindOf(err) == errs.NotFound || (err == nil && !pt.owns(o)) {
			return errs.E(errs.NotFound, "no such obligation")
		}
		if err != nil {
			return err
		}
		if !o.Open() {
			return nil // done already: a repeated post changes nothing
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO obligation_completions (obligation_id, due_date, done_on, done_by, done_by_name, created_at)
VALUES ($1, $2, $3, $4, $5, $6)`, o.ID, o.Due, doneOn, p.PersonID, p.Name, utc(now)); err != nil {
			return fmt.Errorf("record obligation %s done: %w", o.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE obligation_reminders SET state = 'cancelled' WHERE obligation_id = $1 AND due_date = $2 AND state = 'pending'`,
			o.ID, o.Due); err != nil {
			return fmt.Errorf("cancel the reminder of obligation %s: %w", o.ID, err)
		}
		next := ""
		if o.EveryMonths > 0 {
			next = AddMonths(o.Due, o.EveryMonths)
			_, err = tx.ExecContext(ctx, `UPDATE obligations SET due_date = $1 WHERE id = $2`, next, o.ID)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE obligations SET done_at = $1 WHERE id = $2`, utc(now), o.ID)
		}
		if err != nil {
			return fmt.Errorf("move obligation %s on: %w", o.ID, err)
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "obligation.done", "case", o.CaseID, "ok",
			map[string]any{"obligation": o.ID, "due": o.Due, "done_on": doneOn, "next": next})
	})
	if err != nil {
		return Obligation{}, err
	}
	return s.one(ctx, s.db.Read, id)
}

// Obligation reads one of the party's duties; another party's is NotFound.
func (s *Service) Obligation(ctx context.Context, p access.Principal, id string) (Obligation, error) {
	pt, err := partyOf(p, false)
	if err != nil {
		return Obligation{}, err
	}
	o, err := s.one(ctx, s.db.Read, id)
	if err != nil {
		return Obligation{}, err
	}
	if !pt.owns(o) {
		return Obligation{}, errs.E(errs.NotFound, "no such obligation")
	}
	return o, nil
}

func (s *Service) one(ctx context.Context, q queryer, id string) (Obligation, error) {
	os, err := list(ctx, q, `o.id = $1`, "", id)
	if err != nil {
		return Obligation{}, err
	}
	if len(os) == 0 {
		return Obligation{}, errs.E(errs.NotFound, "no such obligation")
	}
	return os[0], nil
}

// lockOne reads an obligation for change; on PostgreSQL its row stays locked
// until tx ends, so two posts of "done" take turns.
func (s *Service) lockOne(ctx context.Context, tx *sql.Tx, id string) (Obligation, error) {
	var probe string
	err := tx.QueryRowContext(ctx, `SELECT id FROM obligations WHERE id = $1`+s.db.Dialect.ForUpdate(), id).Scan(&probe)
	if errors.Is(err, sql.ErrNoRows) {
		return Obligation{}, errs.E(errs.NotFound, "no such obligation")
	}
	if err != nil {
		return Obligation{}, fmt.Errorf("lock obligation %s: %w", id, err)
	}
	return s.one(ctx, tx, id)
}
