package analyser

import (
	"fmt"

	"github.com/google/cel-go/common/types"
)

// Finding is a service that the answers point at, with the certainty and the
// reasons of the rules that point at it.
type Finding struct {
	Service   string   `json:"service"`
	Certainty string   `json:"certainty"`
	Reasons   []Reason `json:"reasons"`
}

// Reason is why a rule points at a service, by language.
type Reason struct {
	Rule  string `json:"rule"`
	Texts Texts  `json:"texts"`
}

// RuleError is a rule that failed while it was evaluated, for instance by
// exceeding the cost limit. The rule counts as false.
type RuleError struct {
	Rule   string `json:"rule"`
	Detail string `json:"detail"`
}

// Program is a questionnaire's rules compiled, ready to evaluate any number
// of answers; it is safe for concurrent use.
type Program struct {
	q     Questionnaire
	rules []compiledRule
}

// Compile checks the questionnaire and compiles its rules. A questionnaire
// with problems does not compile; the error carries them.
func (q Questionnaire) Compile() (*Program, error) {
	ps, rules := q.compile()
	if err := ps.Err(); err != nil {
		return nil, fmt.Errorf("compile questionnaire %s v%d: %w", q.ID, q.Version, err)
	}
	return &Program{q: q, rules: rules}, nil
}

// Evaluate compiles the questionnaire and runs its rules on the answers: see
// Program.Evaluate.
func (q Questionnaire) Evaluate(a Answers) ([]Finding, []RuleError, error) {
	p, err := q.Compile()
	if err != nil {
		return nil, nil, err
	}
	findings, failed := p.Evaluate(a)
	return findings, failed, nil
}

// Evaluate runs every rule on the answers and lists the services they point
// at, in the order of their first rule. A service that one rule finds certain
// and another possible is certain, for the certain rules' reasons.
func (p *Program) Evaluate(a Answers) ([]Finding, []RuleError) {
	vars := activation(p.q, p.q.Clean(a))
	var out []Finding
	index := map[string]int{}
	var failed []RuleError
	for _, r := range p.rules {
		val, _, err := r.prg.Eval(vars)
		if err != nil {
			failed = append(failed, RuleError{Rule: r.ID, Detail: err.Error()})
			continue
		}
		if val != types.True {
			continue
		}
		reason := Reason{Rule: r.ID, Texts: r.Reasons}
		i, seen := index[r.Service]
		switch {
		case !seen:
			index[r.Service] = len(out)
			out = append(out, Finding{Service: r.Service, Certainty: r.Certainty, Reasons: []Reason{reason}})
		case out[i].Certainty == r.Certainty:
			out[i].Reasons = append(out[i].Reasons, reason)
		case r.Certainty == Certain:
			out[i].Certainty, out[i].Reasons = Certain, []Reason{reason}
		}
	}
	return out, failed
}
