package analyser

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/google/cel-go/cel"

	"github.com/luva-fi/luva/internal/errs"
)

// Problem is one thing wrong with a questionnaire: in which part (the
// questionnaire itself, or the Index-th area, question or rule) and which
// attribute, as a message key; a rule's expression that does not compile
// also says where (1-based line and column) and what the compiler said.
type Problem struct {
	Section string `json:"section"` // "questionnaire", "area", "question" or "rule"
	Index   int    `json:"index"`
	Attr    string `json:"attr"`
	Key     string `json:"key"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Detail  string `json:"detail,omitempty"`
}

// Field names the form field the problem is about, as the builder names it:
// "title_fi", "area2_id", "question0_options", "rule3_expr".
func (p Problem) Field() string {
	if p.Section == "questionnaire" {
		return p.Attr
	}
	return fmt.Sprintf("%s%d_%s", p.Section, p.Index, p.Attr)
}

// Path names the problem's place in the JSON definition: "rules[3].expr".
func (p Problem) Path() string {
	if p.Section == "questionnaire" {
		return p.Attr
	}
	return fmt.Sprintf("%ss[%d].%s", p.Section, p.Index, p.Attr)
}

func (p Problem) Error() string {
	s := p.Path() + ": " + p.Key
	if p.Line > 0 {
		s += fmt.Sprintf(" at %d:%d", p.Line, p.Column)
	}
	if p.Detail != "" {
		s += ": " + p.Detail
	}
	return s
}

// Problems are everything wrong with a questionnaire. As an error it is the
// cause of an errs.Invalid whose Fields map each field to its message key.
type Problems []Problem

func (ps Problems) Error() string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, p.Error())
	}
	return strings.Join(parts, "; ")
}

// Err returns nil when there are no problems, and otherwise an errs.Invalid
// that carries them.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	e := errs.Wrap(errs.Invalid, "the questionnaire has errors", ps)
	e.Fields = map[string]string{}
	for _, p := range ps {
		if _, dup := e.Fields[p.Field()]; !dup {
			e.Fields[p.Field()] = p.Key
		}
	}
	return e
}

// ProblemsOf returns the problems an error carries.
func ProblemsOf(err error) Problems {
	e, ok := errs.As(err)
	if !ok {
		return nil
	}
	ps, _ := e.Err.(Problems)
	return ps
}

var (
	idRE     = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
	optionRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)
)

// reserved are words that CEL keeps for itself or that a rule needs to mean
// what CEL means by them.
var reserved = []string{"as", "break", "const", "continue", "else", "false", "for", "function", "if", "import", "in", "let",
	"loop", "package", "namespace", "null", "return", "true", "var", "void", "while", "answered", "has", "all", "exists",
	"exists_one", "filter", "map", "size", "matches", "int", "uint", "double", "bool", "string", "bytes", "list", "type",
	"timestamp", "duration", "dyn", "null_type"}

// validID reports whether id can name a question: a CEL identifier in lower
// case, at most 40 characters, that is no word CEL keeps.
func validID(id string) bool { return idRE.MatchString(id) && !slices.Contains(reserved, id) }

// Check returns everything wrong with the questionnaire's structure and
// rules, without asking the catalogue: ids, texts, types, options, and each
// rule's expression compiled against the questions.
func (q Questionnaire) Check() Problems {
	ps, _ := q.compile()
	return ps
}

// compiledRule is a rule with its program.
type compiledRule struct {
	Rule
	prg cel.Program
}

// compile checks the questionnaire and compiles its rules; the programs are
// only complete when there are no problems.
func (q Questionnaire) compile() (Problems, []compiledRule) {
	var ps Problems
	add := func(section string, i int, attr, key string) {
		ps = append(ps, Problem{Section: section, Index: i, Attr: attr, Key: key})
	}
	if strings.TrimSpace(q.Bundle) == "" {
		add("questionnaire", 0, "bundle", "analyser.problem.bundle")
	}
	if strings.TrimSpace(q.Titles["fi"]) == "" {
		add("questionnaire", 0, "title_fi", "analyser.problem.title")
	}
	areas := map[string]bool{}
	for i, a := range q.Areas {
		switch {
		case !idRE.MatchString(a.ID):
			add("area", i, "id", "analyser.problem.id")
		case areas[a.ID]:
			add("area", i, "id", "analyser.problem.duplicate")
		}
		areas[a.ID] = true
		if strings.TrimSpace(a.Titles["fi"]) == "" {
			add("area", i, "title_fi", "analyser.problem.title")
		}
	}
	if len(q.Areas) == 0 {
		add("questionnaire", 0, "areas", "analyser.problem.no_areas")
	}
	questions := map[string]bool{}
	for i, x := range q.Questions {
		switch {
		case !validID(x.ID):
			add("question", i, "id", "analyser.problem.question_id")
		case questions[x.ID]:
			add("question", i, "id", "analyser.problem.duplicate")
		}
		questions[x.ID] = true
		if !areas[x.Area] {
			add("question", i, "area", "analyser.problem.area")
		}
		if !slices.Contains(QuestionTypes(), x.Type) {
			add("question", i, "type", "analyser.problem.type")
		}
		if strings.TrimSpace(x.Labels["fi"]) == "" {
			add("question", i, "label_fi", "analyser.problem.label")
		}
		ps = append(ps, checkOptions(i, x)...)
	}
	rules := map[string]bool{}
	for i, r := range q.Rules {
		switch {
		case !idRE.MatchString(r.ID):
			add("rule", i, "id", "analyser.problem.id")
		case rules[r.ID]:
			add("rule", i, "id", "analyser.problem.duplicate")
		}
		rules[r.ID] = true
		if strings.TrimSpace(r.Service) == "" {
			add("rule", i, "service", "analyser.problem.service")
		}
		if r.Certainty != Certain && r.Certainty != Possible {
			add("rule", i, "certainty", "analyser.problem.certainty")
		}
		if strings.TrimSpace(r.Reasons["fi"]) == "" {
			add("rule", i, "reason_fi", "analyser.problem.reason")
		}
	}
	compiled, cps := q.compileRules()
	return append(ps, cps...), compiled
}

func checkOptions(i int, x Question) Problems {
	var ps Problems
	if !x.HasOptions() {
		if len(x.Options) > 0 {
			ps = append(ps, Problem{Section: "question", Index: i, Attr: "options", Key: "analyser.problem.options_unused"})
		}
		return ps
	}
	if len(x.Options) == 0 {
		return append(ps, Problem{Section: "question", Index: i, Attr: "options", Key: "analyser.problem.options"})
	}
	seen := map[string]bool{}
	for _, o := range x.Options {
		if !optionRE.MatchString(o.Value) || seen[o.Value] || strings.TrimSpace(o.Labels["fi"]) == "" {
			return append(ps, Problem{Section: "question", Index: i, Attr: "options", Key: "analyser.problem.option"})
		}
		seen[o.Value] = true
	}
	return ps
}

// compileRules compiles each rule's expression against the questions. An
// expression must compile and give a bool; the problem says where it fails.
func (q Questionnaire) compileRules() ([]compiledRule, Problems) {
	env, err := newEnv(q)
	if err != nil {
		return nil, Problems{{Section: "questionnaire", Attr: "rules", Key: "analyser.problem.env", Detail: err.Error()}}
	}
	var ps Problems
	var out []compiledRule
	for i, r := range q.Rules {
		p := Problem{Section: "rule", Index: i, Attr: "expr"}
		expr := strings.TrimSpace(r.Expr)
		switch {
		case expr == "":
			p.Key = "analyser.problem.expr_required"
			ps = append(ps, p)
			continue
		case len(expr) > maxExprLen:
			p.Key = "analyser.problem.expr_long"
			ps = append(ps, p)
			continue
		}
		checked, iss := env.Compile(expr)
		if iss != nil && iss.Err() != nil {
			first := iss.Errors()[0]
			p.Key, p.Line, p.Column, p.Detail = "analyser.problem.compile", first.Location.Line(), first.Location.Column()+1, first.Message
			ps = append(ps, p)
			continue
		}
		if !checked.OutputType().IsExactType(cel.BoolType) {
			p.Key, p.Line, p.Column = "analyser.problem.not_bool", 1, 1
			p.Detail = fmt.Sprintf("the expression gives %s, not bool", checked.OutputType())
			ps = append(ps, p)
			continue
		}
		prg, err := env.Program(checked, cel.CostLimit(costLimit))
		if err != nil {
			p.Key, p.Detail = "analyser.problem.compile", err.Error()
			ps = append(ps, p)
			continue
		}
		out = append(out, compiledRule{Rule: r, prg: prg})
	}
	return out, ps
}
