package process

import (
	"fmt"
	"strings"
	"sync"

	"github.com/google/cel-go/cel"
)

// How a condition sees the case.
//
// Conditions of exclusive gateways are CEL expressions, the language of the
// form and analyser rules, over these variables:
//
//	state         the case's state, e.g. "processing"
//	service       the catalogue service id
//	municipality  the municipality code, e.g. "091"
//	authority     the handling organisation's id
//	answers       the answers last sent: answers.attendance > 1000
//	vars          what completed tasks returned: vars.outcome == "supplement"
//
// A missing key (answers.x that was not answered) makes the condition false
// rather than failing the step; has(answers.x) tells the cases apart.

const (
	maxExprLen = 4000
	costLimit  = 100_000
)

var (
	envOnce sync.Once
	env     *cel.Env
	envErr  error
)

func conditionEnv() (*cel.Env, error) {
	envOnce.Do(func() {
		env, envErr = cel.NewEnv(
			cel.CrossTypeNumericComparisons(true),
			cel.ParserExpressionSizeLimit(maxExprLen),
			cel.Variable("state", cel.StringType),
			cel.Variable("service", cel.StringType),
			cel.Variable("municipality", cel.StringType),
			cel.Variable("authority", cel.StringType),
			cel.Variable("answers", cel.MapType(cel.StringType, cel.DynType)),
			cel.Variable("vars", cel.MapType(cel.StringType, cel.DynType)),
		)
	})
	return env, envErr
}

// compileCondition compiles a condition that must give a bool.
func compileCondition(expr string) (cel.Program, error) {
	expr = strings.TrimSpace(expr)
	if expr == "" {
		return nil, fmt.Errorf("the condition is empty")
	}
	e, err := conditionEnv()
	if err != nil {
		return nil, fmt.Errorf("condition environment: %w", err)
	}
	checked, iss := e.Compile(expr)
	if iss != nil && iss.Err() != nil {
		return nil, iss.Err()
	}
	if t := checked.OutputType(); t != cel.BoolType && t != cel.DynType {
		return nil, fmt.Errorf("the condition gives %s, not true or false", t)
	}
	return e.Program(checked, cel.CostLimit(costLimit))
}

// facts is what a condition is evaluated on.
type facts struct {
	State, Service, Municipality, Authority string
	Answers, Vars                           map[string]any
}

// holds evaluates the flow's condition; an evaluation error (a missing
// answer, a type mismatch) counts as false, so that the default flow is taken.
func (f *Flow) holds(x facts) bool {
	if f.program == nil {
		return true
	}
	answers, vars := x.Answers, x.Vars
	if answers == nil {
		answers = map[string]any{}
	}
	if vars == nil {
		vars = map[string]any{}
	}
	out, _, err := f.program.Eval(map[string]any{"state": x.State, "service": x.Service, "municipality": x.Municipality,
		"authority": x.Authority, "answers": answers, "vars": vars})
	if err != nil {
		return false
	}
	b, ok := out.Value().(bool)
	return ok && b
}
