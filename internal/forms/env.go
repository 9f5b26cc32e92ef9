package forms

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/operators"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
)

// answeredVar is the hidden list of answered field ids; field ids begin with
// a letter, so none can clash with it.
const answeredVar = "_answered"

// valueVar and rowVar are what a rule sees of the field it checks and, for a
// column of a group or table, of the row.
const (
	valueVar = "value"
	rowVar   = "row"
)

// maxExprLen bounds an expression, and costLimit what evaluating it may cost.
const (
	maxExprLen = 4000
	costLimit  = 100_000
)

var idRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// reserved are words that CEL keeps for itself, and the names a rule uses.
var reserved = []string{"as", "break", "const", "continue", "else", "false", "for", "function", "if", "import", "in",
	"let", "loop", "package", "namespace", "null", "return", "true", "var", "void", "while", "answered", "has", "all",
	"exists", "exists_one", "filter", "map", "size", "matches", "int", "uint", "double", "bool", "string", "bytes",
	"list", "type", "timestamp", "duration", "dyn", "null_type", "date", valueVar, rowVar}

// validID reports whether id can name a field: a lower-case CEL identifier of
// at most 40 characters that is no reserved word.
func validID(id string) bool { return idRE.MatchString(id) && !slices.Contains(reserved, id) }

// newEnv returns the CEL environment of a form's expressions: every
// top-level field a dyn variable, value and row, answered() and date().
func newEnv(top []string) (*cel.Env, error) {
	ids := map[string]bool{}
	opts := []cel.EnvOption{
		cel.CrossTypeNumericComparisons(true),
		cel.ParserExpressionSizeLimit(maxExprLen),
		cel.Variable(answeredVar, cel.ListType(cel.StringType)),
		cel.Variable(valueVar, cel.DynType),
		cel.Variable(rowVar, cel.DynType),
		cel.Macros(cel.GlobalMacro("answered", 1, answeredMacro(ids))),
		cel.Function("date", cel.Overload("date_string", []*cel.Type{cel.StringType}, cel.TimestampType,
			cel.UnaryBinding(celDate))),
	}
	for _, id := range top {
		ids[id] = true
		opts = append(opts, cel.Variable(id, cel.DynType))
	}
	env, err := cel.NewEnv(opts...)
	if err != nil {
		return nil, fmt.Errorf("form expression environment: %w", err)
	}
	return env, nil
}

// celDate is date('2027-06-01'): midnight UTC of the day, as a timestamp.
func celDate(v ref.Val) ref.Val {
	s, ok := v.(types.String)
	if !ok {
		return types.NewErr("date() takes a string")
	}
	t, err := time.Parse(time.DateOnly, string(s))
	if err != nil {
		return types.NewErr("date(%q): not a date in the form YYYY-MM-DD", string(s))
	}
	return types.Timestamp{Time: t}
}

// answeredMacro expands answered('x') to 'x' in _answered, for a top-level
// field x, and refuses any other name when the expression is compiled.
func answeredMacro(ids map[string]bool) cel.MacroFactory {
	return func(eh cel.MacroExprFactory, _ ast.Expr, args []ast.Expr) (ast.Expr, *cel.Error) {
		arg := args[0]
		name := ""
		switch arg.Kind() {
		case ast.LiteralKind:
			if s, ok := arg.AsLiteral().(types.String); ok {
				name = string(s)
			}
		case ast.IdentKind:
			name = arg.AsIdent()
		}
		if !ids[name] {
			return nil, eh.NewError(arg.ID(), "answered() takes the id of a top-level field of this form")
		}
		return eh.NewCall(operators.In, eh.NewLiteral(types.String(name)), eh.NewIdent(answeredVar)), nil
	}
}

// program compiles one expression, which must give a bool (or dyn, which is
// then tested for true), into p's path; a failure is a problem.
func program(env *cel.Env, expr, path, id string) (cel.Program, *Problem) {
	p := &Problem{Path: path, ID: id}
	expr = strings.TrimSpace(expr)
	switch {
	case expr == "":
		p.Reason = ReasonExpr
		return nil, p
	case len(expr) > maxExprLen:
		p.Reason, p.Detail = ReasonExpr, "the expression is too long"
		return nil, p
	}
	checked, iss := env.Compile(expr)
	if iss != nil && iss.Err() != nil {
		first := iss.Errors()[0]
		p.Reason, p.Line, p.Column, p.Detail = ReasonCompile, first.Location.Line(), first.Location.Column()+1, first.Message
		return nil, p
	}
	out := checked.OutputType()
	if !out.IsExactType(cel.BoolType) && !out.IsExactType(cel.DynType) {
		p.Reason, p.Line, p.Column = ReasonNotBool, 1, 1
		p.Detail = fmt.Sprintf("the expression gives %s, not bool", out)
		return nil, p
	}
	prg, err := env.Program(checked, cel.CostLimit(costLimit))
	if err != nil {
		p.Reason, p.Detail = ReasonCompile, err.Error()
		return nil, p
	}
	return prg, nil
}

// isTrue runs a program; an expression that fails, for instance because it
// reads a field that is not answered, is false.
func isTrue(prg cel.Program, vars map[string]any) bool {
	val, _, err := prg.Eval(vars)
	return err == nil && val == types.True
}
