package work

import (
	"context"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/process"
)

// Completion is what a person completes a task with: one of the task's
// choices (its id; "" when the task offers none) and notes, which a
// statement request needs as the statement itself.
type Completion struct {
	Choice string `json:"choice"`
	Notes  string `json:"notes"`
}

// MaxNotes bounds the notes of a completion, in characters.
const MaxNotes = 4000

// Complete finishes a task: the choice's variables and the notes become
// the task's result, which moves the process on. A task completed already
// is returned as it is.
func (s *Service) Complete(ctx context.Context, p access.Principal, req access.Request, id string, c Completion) (process.Task, error) {
	t, choices, err := s.engine.Choices(ctx, p, id)
	if err != nil {
		return process.Task{}, err
	}
	if t.State == process.TaskCompleted {
		return t, nil
	}
	result, err := completionResult(t, choices, c)
	if err != nil {
		return process.Task{}, err
	}
	return s.engine.Complete(ctx, p, req, id, result)
}

// completionResult checks a completion against the task and builds its
// result.
func completionResult(t process.Task, choices []process.Choice, c Completion) (map[string]any, error) {
	fields := map[string]string{}
	result := map[string]any{}
	notes := strings.TrimSpace(c.Notes)
	switch {
	case utf8.RuneCountInString(notes) > MaxNotes:
		fields["notes"] = "work.error.notes_long"
	case notes == "" && t.Kind == "statement":
		fields["notes"] = "work.error.statement"
	case notes != "":
		result["notes"] = notes
	}
	if len(choices) > 0 {
		i := slices.IndexFunc(choices, func(ch process.Choice) bool { return ch.ID == c.Choice })
		if i < 0 {
			fields["choice"] = "work.error.choice"
		} else {
			maps.Copy(result, choices[i].Vars)
		}
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "the completion has errors")
		e.Fields = fields
		return nil, e
	}
	return result, nil
}

// Failure is a task a bulk reassignment could not give.
type Failure struct {
	TaskID string `json:"task_id"`
	Name   string `json:"name,omitempty"`
	Case   string `json:"case_number,omitempty"`
	// Reason is an i18n key.
	Reason string `json:"reason"`
}

// Reassigned is what a reassignment did.
type Reassigned struct {
	Assigned []process.Task `json:"assigned"`
	Failed   []Failure      `json:"failed,omitempty"`
}

// Reassign gives tasks to a person, or back to their queues with personID
// "": a manager's distribution of work, one task or many. The person must
// hold each task's role (in its unit or the whole organisation) or manage
// the organisation. Each task is its own step: one that cannot be given
// (completed meanwhile, the person not a candidate) is reported and the
// rest are given.
func (s *Service) Reassign(ctx context.Context, p access.Principal, req access.Request, taskIDs []string, personID string) (Reassigned, error) {
	ids := slices.DeleteFunc(slices.Compact(slices.Sorted(slices.Values(taskIDs))), func(id string) bool { return id == "" })
	if len(ids) == 0 {
		return Reassigned{}, invalid("tasks", "work.error.no_tasks")
	}
	var out Reassigned
	members := map[string][]Member{}
	for _, id := range ids {
		t, err := s.engine.Task(ctx, p, id)
		if err != nil {
			if errs.KindOf(err) == errs.Internal {
				return out, err
			}
			out.Failed = append(out.Failed, Failure{TaskID: id, Reason: "work.error.task_gone"})
			continue
		}
		fail := func(reason string) {
			out.Failed = append(out.Failed, Failure{TaskID: id, Name: t.Name, Case: t.CaseNumber, Reason: reason})
		}
		if !Manages(p, t.Organisation) {
			fail("work.error.not_manager")
			continue
		}
		name := ""
		if personID != "" {
			all, ok := members[t.Organisation]
			if !ok {
				if all, err = s.members(ctx, t.Organisation); err != nil {
					return out, err
				}
				members[t.Organisation] = all
			}
			m, ok := member(all, personID)
			if !ok || !(m.Candidate(process.Queue{Organisation: t.Organisation, Role: t.Role, Unit: t.Unit}) || m.manager(t.Organisation)) {
				fail("work.error.not_candidate")
				continue
			}
			name = m.Name
		}
		done, err := s.engine.Assign(ctx, p, req, id, personID, name)
		switch {
		case err == nil:
			out.Assigned = append(out.Assigned, done)
		case errs.KindOf(err) == errs.Conflict:
			fail("work.error.task_closed")
		case errs.KindOf(err) == errs.Internal:
			return out, err
		default:
			fail("work.error.task_gone")
		}
	}
	return out, nil
}

// Check checks a completion without completing, for the confirmation step
// of the pages: the same errors Complete would give.
func (s *Service) Check(ctx context.Context, p access.Principal, id string, c Completion) error {
	t, choices, err := s.engine.Choices(ctx, p, id)
	if err != nil {
		return err
	}
	_, err = completionResult(t, choices, c)
	return err
}
