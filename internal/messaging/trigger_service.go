package messaging

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/errs"
)

// mayManage refuses principals who may not manage org's triggers: its
// admins, as for its users and webhooks. The routes ask the same; the service
// asks again so that no caller can forget.
func mayManage(p access.Principal, org string) error {
	if org == "" || !access.Allowed(p, access.ManageOrgUsers, access.Org(org)) {
		return errs.E(errs.Forbidden, "only the organisation's admins manage its triggers")
	}
	return nil
}

// Triggers lists org's triggers, the defaults first, seeding the defaults
// when the organisation has never had them.
func (s *Service) Triggers(ctx context.Context, p access.Principal, org string) ([]Trigger, error) {
	if err := mayManage(p, org); err != nil {
		return nil, err
	}
	var out []Trigger
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := ensureDefaults(ctx, tx, org, s.clock.Now().UTC()); err != nil {
			return err
		}
		var err error
		out, err = listTriggers(ctx, tx, org, "")
		return err
	})
	return out, err
}

// Trigger returns one of org's triggers; another organisation's is NotFound.
func (s *Service) Trigger(ctx context.Context, p access.Principal, org, id string) (Trigger, error) {
	if err := mayManage(p, org); err != nil {
		return Trigger{}, err
	}
	return trigger(ctx, s.db.Read, org, id)
}

// invalid is the error of a rule that cannot be saved as given.
func invalid(fields map[string]string, detail string) error {
	msg := "the trigger cannot be saved as given"
	if detail != "" {
		msg += ": " + detail
	}
	return &errs.Error{Kind: errs.Invalid, Message: msg, Fields: fields}
}

// ConditionError returns the compiler's explanation of why a condition in
// err does not compile, or "".
func ConditionError(err error) string {
	e, ok := errs.As(err)
	if !ok || e.Fields["condition"] != "messaging.error.condition" {
		return ""
	}
	_, detail, _ := strings.Cut(e.Message, "as given: ")
	return detail
}

// AddTrigger adds a rule to org.
func (s *Service) AddTrigger(ctx context.Context, p access.Principal, req access.Request, org string, in TriggerInput) (Trigger, error) {
	if err := mayManage(p, org); err != nil {
		return Trigger{}, err
	}
	if fields, detail := s.validate(&in); fields != nil {
		return Trigger{}, invalid(fields, detail)
	}
	now := s.clock.Now().UTC()
	t := Trigger{ID: uuid.Must(uuid.NewV7()).String(), OrganisationID: org, Name: in.Name, Topic: in.Topic, Condition: in.Condition,
		Action: in.Action, Target: in.Target, Enabled: in.Enabled, CreatedAt: now, UpdatedAt: now}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		// Seeding first keeps the defaults ahead of the admins' own rules.
		if _, err := ensureDefaults(ctx, tx, org, now); err != nil {
			return err
		}
		if err := insertTrigger(ctx, tx, t); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "trigger.add", "trigger", t.ID, "ok", ruleDetail(t))
	})
	if err != nil {
		return Trigger{}, fmt.Errorf("add a trigger to %s: %w", org, err)
	}
	return t, nil
}

// UpdateTrigger replaces one of org's rules with in.
func (s *Service) UpdateTrigger(ctx context.Context, p access.Principal, req access.Request, org, id string, in TriggerInput) (Trigger, error) {
	if err := mayManage(p, org); err != nil {
		return Trigger{}, err
	}
	if fields, detail := s.validate(&in); fields != nil {
		return Trigger{}, invalid(fields, detail)
	}
	return s.change(ctx, p, req, org, id, "trigger.update", func(t *Trigger) {
		t.Name, t.Topic, t.Condition, t.Action, t.Target, t.Enabled = in.Name, in.Topic, in.Condition, in.Action, in.Target, in.Enabled
	})
}

// SetEnabled switches one of org's rules on or off.
func (s *Service) SetEnabled(ctx context.Context, p access.Principal, req access.Request, org, id string, on bool) (Trigger, error) {
	if err := mayManage(p, org); err != nil {
		return Trigger{}, err
	}
	action := "trigger.disable"
	if on {
		action = "trigger.enable"
	}
	return s.change(ctx, p, req, org, id, action, func(t *Trigger) { t.Enabled = on })
}

func (s *Service) change(ctx context.Context, p access.Principal, req access.Request, org, id, action string, fn func(*Trigger)) (Trigger, error) {
	now := s.clock.Now().UTC()
	var t Trigger
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		if t, err = trigger(ctx, tx, org, id); err != nil {
			return err
		}
		fn(&t)
		t.UpdatedAt = now
		if err := updateTrigger(ctx, tx, t); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, action, "trigger", t.ID, "ok", ruleDetail(t))
	})
	if err != nil {
		return Trigger{}, fmt.Errorf("%s %s: %w", action, id, err)
	}
	return t, nil
}

// RemoveTrigger deletes one of org's rules and its firing record.
func (s *Service) RemoveTrigger(ctx context.Context, p access.Principal, req access.Request, org, id string) error {
	if err := mayManage(p, org); err != nil {
		return err
	}
	now := s.clock.Now().UTC()
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		t, err := trigger(ctx, tx, org, id)
		if err != nil {
			return err
		}
		if err := deleteTrigger(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "trigger.remove", "trigger", id, "ok", ruleDetail(t))
	})
}

func ruleDetail(t Trigger) map[string]any {
	return map[string]any{"organisation": t.OrganisationID, "topic": t.Topic, "condition": t.Condition, "action": t.Action,
		"target": t.Target, "enabled": t.Enabled}
}
