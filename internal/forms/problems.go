package forms

import (
	"errors"
	"fmt"
	"strings"
)

// Problem is one thing wrong with a form definition: where it is, as a path
// into the JSON ("pages[1].sections[0].fields[3].options"), the id of the
// element when it has one, and a machine-readable reason. A CEL expression
// that does not compile also says where (1-based line and column) and what
// the compiler said.
type Problem struct {
	Path   string `json:"path"`
	ID     string `json:"id,omitempty"`
	Reason string `json:"reason"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// The reasons of problems.
const (
	ReasonFormID        = "form_id"        // the form's id is not lower-case letters, digits and hyphens
	ReasonServices      = "services"       // the form serves no service
	ReasonTitle         = "title"          // no Finnish title
	ReasonNoPages       = "pages"          // a form without pages, or a page without sections
	ReasonNoFields      = "fields"         // a section, group or table without fields
	ReasonID            = "id"             // an id that is no lower-case CEL identifier, or a reserved word
	ReasonDuplicate     = "duplicate"      // an id used twice in the form
	ReasonLabel         = "label"          // no Finnish label
	ReasonType          = "type"           // an unknown field type
	ReasonOptions       = "options"        // a choice without options, or options on another type
	ReasonOption        = "option"         // an option with a bad or repeated value or no Finnish label
	ReasonColumn        = "column"         // a group or table column that is a group, table or attachment
	ReasonColumnVisible = "column_visible" // a visibility condition on a column
	ReasonUnused        = "unused"         // an attribute that the field's type does not use
	ReasonMinMax        = "min_max"        // min above max
	ReasonRows          = "rows"           // negative row limits, or min_rows above max_rows
	ReasonMaxBytes      = "max_bytes"      // an attachment slot without a size limit
	ReasonAccept        = "accept"         // an accepted type that is no MIME type
	ReasonPrefill       = "prefill"        // a prefill key that is not source.name
	ReasonExpr          = "expr"           // an empty or too long rule expression
	ReasonCompile       = "compile"        // an expression that does not compile
	ReasonNotBool       = "not_bool"       // an expression that gives something other than a bool
	ReasonMessage       = "message"        // a rule without a Finnish message
)

func (p Problem) Error() string {
	s := p.Path
	if p.ID != "" {
		s += " (" + p.ID + ")"
	}
	s += ": " + p.Reason
	if p.Line > 0 {
		s += fmt.Sprintf(" at %d:%d", p.Line, p.Column)
	}
	if p.Detail != "" {
		s += ": " + p.Detail
	}
	return s
}

// Problems are everything wrong with a form definition.
type Problems []Problem

func (ps Problems) Error() string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.Error()
	}
	return "the form has errors: " + strings.Join(parts, "; ")
}

// err returns nil when there are no problems.
func (ps Problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// ProblemsOf returns the problems in err's chain, if any.
func ProblemsOf(err error) Problems {
	var ps Problems
	if errors.As(err, &ps) {
		return ps
	}
	return nil
}
