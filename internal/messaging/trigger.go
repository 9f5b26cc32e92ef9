package messaging

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/cel-go/cel"

	"github.com/luva-fi/luva/internal/access"
)

// The actions a trigger can take.
const (
	NotifyRole     = "notify_role"     // every member of a role of the organisation
	NotifyHandler  = "notify_handler"  // the case's handler, or a role while it has none
	NotifyCustomer = "notify_customer" // the applicant and those who act for the company
	CreateTask     = "create_task"     // a task for a role, through the TaskCreator
	StartProcess   = "start_process"   // a process on the case, through the ProcessStarter
)

// Actions lists every action in display order.
func Actions() []string {
	return []string{NotifyRole, NotifyHandler, NotifyCustomer, CreateTask, StartProcess}
}

// Topics lists the case events a trigger can wait for.
func Topics() []string {
	return []string{"application.submitted", "case.supplemented", "case.change_proposed", "case.message",
		"case.state_changed", "case.completion_requested", "case.decided"}
}

// Trigger is an authority's rule: when Topic happens to one of its cases and
// Condition holds, do Action.
type Trigger struct {
	ID             string `json:"id"`
	OrganisationID string `json:"organisation"`
	// Name is what the admins call it; "" for a default rule not renamed,
	// which is shown by its DefaultKey.
	Name      string `json:"name"`
	Topic     string `json:"topic"`
	Condition string `json:"condition"`
	Action    string `json:"action"`
	// Target is the role of NotifyRole and CreateTask, the fallback role of
	// NotifyHandler, or the process of StartProcess.
	Target     string    `json:"target,omitempty"`
	Enabled    bool      `json:"enabled"`
	DefaultKey string    `json:"default_key,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// TriggerInput is a rule as an admin writes it.
type TriggerInput struct {
	Name      string `json:"name"`
	Topic     string `json:"topic"`
	Condition string `json:"condition"`
	Action    string `json:"action"`
	Target    string `json:"target"`
	Enabled   bool   `json:"enabled"`
}

// maxCondition bounds a condition's length: a rule, not a program.
const maxCondition = 1000

// validate tidies in and returns the field errors (field → message key) and,
// for a condition that does not compile, the compiler's explanation.
func (s *Service) validate(in *TriggerInput) (map[string]string, string) {
	in.Name, in.Condition, in.Target = strings.TrimSpace(in.Name), strings.TrimSpace(in.Condition), strings.TrimSpace(in.Target)
	fields := map[string]string{}
	detail := ""
	if len(in.Name) > 200 {
		fields["name"] = "messaging.error.name_long"
	}
	if !slices.Contains(Topics(), in.Topic) {
		fields["topic"] = "messaging.error.topic"
	}
	switch {
	case !slices.Contains(Actions(), in.Action):
		fields["action"] = "messaging.error.action"
	case !slices.Contains(s.availableActions(), in.Action):
		fields["action"] = "messaging.error.action_unavailable"
	case in.Action == StartProcess && in.Target == "":
		fields["target"] = "messaging.error.process_required"
	case (in.Action == NotifyRole || in.Action == CreateTask) && !access.ValidRole(access.Role(in.Target)):
		fields["target"] = "messaging.error.role"
	case in.Action == NotifyHandler && in.Target != "" && !access.ValidRole(access.Role(in.Target)):
		fields["target"] = "messaging.error.role"
	case in.Action == NotifyCustomer:
		in.Target = ""
	}
	if len(in.Condition) > maxCondition {
		fields["condition"] = "messaging.error.condition_long"
	} else if in.Condition != "" {
		if _, err := compileCondition(in.Condition); err != nil {
			fields["condition"] = "messaging.error.condition"
			detail = err.Error()
		}
	}
	if len(fields) == 0 {
		return nil, ""
	}
	return fields, detail
}

// availableActions are the actions this server can carry out: creating tasks
// and starting processes need the process engine.
func (s *Service) availableActions() []string {
	out := []string{NotifyRole, NotifyHandler, NotifyCustomer}
	if s.tasks != nil {
		out = append(out, CreateTask)
	}
	if s.processes != nil {
		out = append(out, StartProcess)
	}
	return out
}

// AvailableActions lists the actions a trigger may take on this server.
func (s *Service) AvailableActions() []string { return s.availableActions() }

// conditionEnv is where conditions are compiled: the event's topic and its
// payload, whose fields are read as payload.side, payload.state, ….
func conditionEnv() (*cel.Env, error) {
	return cel.NewEnv(
		cel.CrossTypeNumericComparisons(true),
		cel.ParserExpressionSizeLimit(maxCondition),
		cel.Variable("topic", cel.StringType),
		cel.Variable("payload", cel.MapType(cel.StringType, cel.DynType)),
	)
}

// compileCondition compiles a condition that must give true or false.
func compileCondition(src string) (cel.Program, error) {
	env, err := conditionEnv()
	if err != nil {
		return nil, fmt.Errorf("condition environment: %w", err)
	}
	ast, iss := env.Compile(src)
	if iss.Err() != nil {
		return nil, iss.Err()
	}
	if t := ast.OutputType(); !t.IsExactType(cel.BoolType) && !t.IsExactType(cel.DynType) {
		return nil, fmt.Errorf("the condition gives %s, not true or false", t)
	}
	return env.Program(ast, cel.CostLimit(10000))
}

// holds evaluates a trigger's condition on an event; "" always holds.
func holds(condition, topic string, payload map[string]any) (bool, error) {
	if condition == "" {
		return true, nil
	}
	prg, err := compileCondition(condition)
	if err != nil {
		return false, err
	}
	out, _, err := prg.Eval(map[string]any{"topic": topic, "payload": payload})
	if err != nil {
		return false, err
	}
	b, ok := out.Value().(bool)
	if !ok {
		return false, fmt.Errorf("the condition gave %v, not true or false", out.Value())
	}
	return b, nil
}
