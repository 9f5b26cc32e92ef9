package analyser

import (
	"fmt"
	"time"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/operators"
	"github.com/google/cel-go/common/types"
)

// How a rule sees the answers.
//
// Every question is a CEL variable named by its id, of its type's CEL type:
// single choice and municipality are string, multiple choice list(string),
// number int, date timestamp (midnight UTC), yes/no bool. An unanswered
// question holds its type's zero value: "", [], 0, false, and for a date
// timestamp(0), the first instant of 1970. So rules such as
// `'fireworks' in activities` or `attendance >= 200` are simply false until
// the customer answers, and nothing breaks when they stop early.
//
// To tell "not answered" from the zero value, a rule writes
// answered('attendance'): a macro the parser expands to a membership test on
// the hidden list of answered question ids, and which refuses a name that is
// no question of the questionnaire. Numbers compare across int and double
// (attendance > 199.5 works).

// answeredVar is the hidden list of answered question ids. Question ids begin
// with a letter, so none can clash with it.
const answeredVar = "_answered"

// maxExprLen bounds a rule's expression, and costLimit what evaluating it may cost.
const (
	maxExprLen = 4000
	costLimit  = 100_000
)

// celType is the CEL type of a question's variable.
func celType(typ string) *cel.Type {
	switch typ {
	case Multi:
		return cel.ListType(cel.StringType)
	case Number:
		return cel.IntType
	case Date:
		return cel.TimestampType
	case YesNo:
		return cel.BoolType
	}
	return cel.StringType
}

// newEnv returns the CEL environment of the questionnaire's rules.
func newEnv(q Questionnaire) (*cel.Env, error) {
	ids := map[string]bool{}
	opts := []cel.EnvOption{
		cel.CrossTypeNumericComparisons(true),
		cel.ParserExpressionSizeLimit(maxExprLen),
		cel.Variable(answeredVar, cel.ListType(cel.StringType)),
		cel.Macros(cel.GlobalMacro("answered", 1, answeredMacro(ids))),
	}
	for _, x := range q.Questions {
		if ids[x.ID] || !validID(x.ID) {
			continue // the structural check reports it
		}
		ids[x.ID] = true
		opts = append(opts, cel.Variable(x.ID, celType(x.Type)))
	}
	env, err := cel.NewEnv(opts...)
	if err != nil {
		return nil, fmt.Errorf("rule environment of %s: %w", q.ID, err)
	}
	return env, nil
}

// answeredMacro expands answered('x') to 'x' in _answered, for a question x.
func answeredMacro(ids map[string]bool) cel.MacroFactory {
	return func(eh cel.MacroExprFactory, _ ast.Expr, args []ast.Expr) (ast.Expr, *cel.Error) {
		arg := args[0]
		name := ""
		if arg.Kind() == ast.LiteralKind {
			if s, ok := arg.AsLiteral().(types.String); ok {
				name = string(s)
			}
		} else if arg.Kind() == ast.IdentKind {
			name = arg.AsIdent()
		}
		if !ids[name] {
			return nil, eh.NewError(arg.ID(), "answered() takes the id of a question of this questionnaire")
		}
		return eh.NewCall(operators.In, eh.NewLiteral(types.String(name)), eh.NewIdent(answeredVar)), nil
	}
}

// activation is what the rules see of the answers: every question, answered
// or with its zero value, and the list of answered ids.
func activation(q Questionnaire, a Answers) map[string]any {
	vars := map[string]any{}
	answered := []string{}
	for _, x := range q.Questions {
		vs := a[x.ID]
		ok := len(vs) > 0 && checkValues(x, vs) == ""
		if ok {
			answered = append(answered, x.ID)
		}
		switch x.Type {
		case Multi:
			list := []string{}
			if ok {
				list = append(list, vs...)
			}
			vars[x.ID] = list
		case Number:
			var n int64
			if ok {
				n, _ = parseNumber(vs[0])
			}
			vars[x.ID] = n
		case Date:
			t := time.Unix(0, 0).UTC()
			if ok {
				t, _ = ParseDate(vs[0])
			}
			vars[x.ID] = t
		case YesNo:
			vars[x.ID] = ok && vs[0] == "yes"
		default:
			s := ""
			if ok {
				s = vs[0]
			}
			vars[x.ID] = s
		}
	}
	vars[answeredVar] = answered
	return vars
}
