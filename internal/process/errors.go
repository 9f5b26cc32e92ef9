package process

import (
	"fmt"
	"strings"

	"github.com/luva-fi/luva/internal/errs"
)

// The codes of what can be wrong with a definition. The admin pages show
// them with the i18n key "process.error.<code>" and the element id.
const (
	ProblemNotWellFormed  = "not_well_formed"
	ProblemNotBPMN        = "not_bpmn"
	ProblemUnsupported    = "unsupported"
	ProblemDuplicateID    = "duplicate_id"
	ProblemMissingID      = "missing_id"
	ProblemDanglingFlow   = "dangling_flow"
	ProblemUnreachable    = "unreachable"
	ProblemDeadEnd        = "dead_end"
	ProblemStart          = "start"
	ProblemEnd            = "end"
	ProblemConditionNeed  = "condition_missing"
	ProblemConditionPlace = "condition_not_allowed"
	ProblemExpression     = "expression"
	ProblemDefaultFlow    = "default_flow"
	ProblemTimer          = "timer"
	ProblemMessage        = "message"
	ProblemAttribute      = "attribute"
	ProblemBoundary       = "boundary"
)

// Problem is one thing wrong with a definition: the element it is about (a
// flow node or sequence flow id, or "line N" when the XML does not parse), a
// code and a sentence for people.
type Problem struct {
	Element string `json:"element"`
	Code    string `json:"code"`
	Detail  string `json:"detail"`
}

func (p Problem) String() string {
	if p.Element == "" {
		return p.Detail
	}
	return p.Element + ": " + p.Detail
}

// DefinitionError refuses a definition; nothing of it was deployed.
type DefinitionError struct {
	Problems []Problem
}

func (e *DefinitionError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return fmt.Sprintf("the process definition has %d problem(s): %s", len(e.Problems), strings.Join(parts, "; "))
}

// Unwrap makes a DefinitionError an errs.Invalid whose fields name each
// element with the i18n key of its first problem.
func (e *DefinitionError) Unwrap() error {
	fe := errs.E(errs.Invalid, "the process definition has errors")
	fe.Fields = map[string]string{}
	for _, p := range e.Problems {
		key := p.Element
		if key == "" {
			key = "definition"
		}
		if _, ok := fe.Fields[key]; !ok {
			fe.Fields[key] = "process.error." + p.Code
		}
	}
	return fe
}

// problems collects what is wrong while a definition is read.
type problems []Problem

func (ps *problems) add(element, code, format string, args ...any) {
	*ps = append(*ps, Problem{Element: element, Code: code, Detail: fmt.Sprintf(format, args...)})
}

func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return &DefinitionError{Problems: ps}
}
