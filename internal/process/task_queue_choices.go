package process

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/luva-fi/luva/internal/access"
)

// Choice is one way a user task can end that its process tells apart: a
// flow out of the exclusive gateway right after the task whose condition
// reads only the variables that completing sets. Vars are what completing
// with the choice sets: its own values, and the zero value of every other
// variable the gateway reads, so that what an earlier round of the task
// chose does not linger (a review sent for a supplement once and then
// passed on must not loop back again).
type Choice struct {
	// ID is the flow's id.
	ID string `json:"id"`
	// Name is the flow's name in the definition, in its author's language.
	Name    string         `json:"name,omitempty"`
	Vars    map[string]any `json:"vars"`
	Default bool           `json:"default,omitempty"`
}

// Choices returns the task and the choices completing it offers; none when
// the process goes on one way whatever the result.
func (e *Engine) Choices(ctx context.Context, p access.Principal, id string) (Task, []Choice, error) {
	t, err := e.Task(ctx, p, id)
	if err != nil {
		return Task{}, nil, err
	}
	if t.Kind != "user" {
		return t, nil, nil
	}
	var defID string
	if err := e.db.Read.QueryRowContext(ctx, `SELECT definition_id FROM process_instances WHERE id = $1`, t.InstanceID).Scan(&defID); err != nil {
		return Task{}, nil, fmt.Errorf("definition of task %s: %w", id, err)
	}
	def, err := e.model(ctx, e.db.Read, defID)
	if err != nil {
		return Task{}, nil, err
	}
	return t, choicesAfter(def, t.ElementID), nil
}

// choicesAfter reads the choices of the gateway that follows element.
func choicesAfter(def *Definition, element string) []Choice {
	el := def.Elements[element]
	if el == nil || len(el.Outgoing) != 1 {
		return nil
	}
	gw := def.Elements[def.Flows[el.Outgoing[0]].Target]
	if gw == nil || gw.Kind != ExclusiveGateway || len(gw.Outgoing) < 2 {
		return nil
	}
	var out []Choice
	zero := map[string]any{}
	for _, fid := range gw.Outgoing {
		f := def.Flows[fid]
		if fid == gw.Default {
			out = append(out, Choice{ID: fid, Name: f.Name, Vars: map[string]any{}, Default: true})
			continue
		}
		vars, ok := varsCondition(f.Condition)
		if !ok {
			continue // the process decides this way itself, from the case
		}
		for k, v := range vars {
			switch v.(type) {
			case bool:
				zero[k] = false
			case float64:
				zero[k] = float64(0)
			default:
				zero[k] = ""
			}
		}
		out = append(out, Choice{ID: fid, Name: f.Name, Vars: vars})
	}
	if len(out) < 2 {
		return nil
	}
	for i := range out {
		for k, v := range zero {
			if _, set := out[i].Vars[k]; !set {
				out[i].Vars[k] = v
			}
		}
	}
	return out
}

var (
	hasVar   = regexp.MustCompile(`^has\(vars\.([A-Za-z_][A-Za-z0-9_]*)\)$`)
	varEqual = regexp.MustCompile(`^vars\.([A-Za-z_][A-Za-z0-9_]*)\s*==\s*(.+)$`)
)

// varsCondition reads a condition made only of has(vars.x) and
// vars.x == literal joined by &&, and returns the values that make it hold.
func varsCondition(cond string) (map[string]any, bool) {
	if strings.TrimSpace(cond) == "" || strings.Contains(cond, "||") {
		return nil, false
	}
	vars := map[string]any{}
	for part := range strings.SplitSeq(cond, "&&") {
		part = strings.TrimSpace(part)
		if hasVar.MatchString(part) {
			continue
		}
		m := varEqual.FindStringSubmatch(part)
		if m == nil {
			return nil, false
		}
		v, ok := literal(strings.TrimSpace(m[2]))
		if !ok {
			return nil, false
		}
		vars[m[1]] = v
	}
	return vars, len(vars) > 0
}

// literal reads a CEL string, boolean or number literal.
func literal(s string) (any, bool) {
	switch {
	case s == "true":
		return true, true
	case s == "false":
		return false, true
	case len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0]:
		inner := s[1 : len(s)-1]
		if strings.ContainsAny(inner, `"'\`) {
			return nil, false
		}
		return inner, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f, true
	}
	return nil, false
}
