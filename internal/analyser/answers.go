package analyser

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/luva-fi/luva/internal/identity"
)

// Answers are a customer's answers by question id, as the strings a form
// sends: one value for most types and any number for multiple choice; whole
// numbers in decimals, dates as YYYY-MM-DD, yes or no as "yes" and "no". A
// question without a value is unanswered.
type Answers map[string][]string

// Answered reports whether the question has an answer.
func (a Answers) Answered(id string) bool { return len(a[id]) > 0 }

// Value is the question's first value, or "".
func (a Answers) Value(id string) string {
	if len(a[id]) == 0 {
		return ""
	}
	return a[id][0]
}

// Has reports whether value is among the question's values.
func (a Answers) Has(id, value string) bool { return slices.Contains(a[id], value) }

// Clean keeps the answers to the questionnaire's questions, trimmed, without
// empty values, and one value for every type but multiple choice.
func (q Questionnaire) Clean(a Answers) Answers {
	out := Answers{}
	for _, x := range q.Questions {
		// At most as many values as the question could have, so that a
		// crafted request with thousands of values costs nothing.
		limit := 1
		if x.Type == Multi {
			limit = len(x.Options)
		}
		var vs []string
		seen := map[string]bool{}
		for _, v := range a[x.ID] {
			if v = strings.TrimSpace(v); v != "" && !seen[v] && len(vs) < limit {
				seen[v] = true
				vs = append(vs, v)
			}
		}
		if len(vs) == 0 {
			continue
		}
		if x.Type != Multi {
			vs = vs[:1]
		}
		out[x.ID] = vs
	}
	return out
}

// Check returns what is wrong with the answers to the questions, by question
// id: a message key. Required questions must be answered.
func Check(questions []Question, a Answers) map[string]string {
	problems := map[string]string{}
	for _, x := range questions {
		vs := a[x.ID]
		if len(vs) == 0 {
			if x.Required {
				problems[x.ID] = "analyser.answer.required"
			}
			continue
		}
		if key := checkValues(x, vs); key != "" {
			problems[x.ID] = key
		}
	}
	return problems
}

func checkValues(x Question, vs []string) string {
	if x.Type != Multi && len(vs) > 1 {
		return "analyser.answer.one"
	}
	for _, v := range vs {
		switch x.Type {
		case Single, Multi:
			if _, ok := x.Option(v); !ok {
				return "analyser.answer.option"
			}
		case Number:
			if _, ok := parseNumber(v); !ok {
				return "analyser.answer.number"
			}
		case Date:
			if _, ok := ParseDate(v); !ok {
				return "analyser.answer.date"
			}
		case Municipality:
			if !knownMunicipality(v) {
				return "analyser.answer.municipality"
			}
		case YesNo:
			if v != "yes" && v != "no" {
				return "analyser.answer.yesno"
			}
		}
	}
	return ""
}

// maxNumber bounds number answers, so that no rule meets an overflow.
const maxNumber = 1_000_000_000

func parseNumber(v string) (int64, bool) {
	n, err := strconv.ParseInt(strings.ReplaceAll(v, " ", ""), 10, 64)
	if err != nil || n < 0 || n > maxNumber {
		return 0, false
	}
	return n, true
}

// ParseDate reads a day written as 2026-06-12 (what date inputs send) or the
// Finnish way, 12.6.2026. The day is midnight UTC.
func ParseDate(v string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2.1.2006"} {
		if t, err := time.Parse(layout, strings.TrimSpace(v)); err == nil && t.Year() >= 1900 && t.Year() <= 2200 {
			return t, true
		}
	}
	return time.Time{}, false
}

var municipalityCodes = sync.OnceValue(func() map[string]bool {
	ms, err := identity.Municipalities()
	codes := map[string]bool{}
	if err != nil {
		return codes
	}
	for _, m := range ms {
		codes[m.Code] = true
	}
	return codes
})

func knownMunicipality(code string) bool { return municipalityCodes()[code] }

// Typed returns the answers as JSON values: strings, lists of strings, whole
// numbers, booleans and dates as YYYY-MM-DD.
func (q Questionnaire) Typed(a Answers) map[string]any {
	out := map[string]any{}
	for _, x := range q.Questions {
		vs := a[x.ID]
		if len(vs) == 0 || checkValues(x, vs) != "" {
			continue
		}
		switch x.Type {
		case Multi:
			out[x.ID] = slices.Clone(vs)
		case Number:
			n, _ := parseNumber(vs[0])
			out[x.ID] = n
		case YesNo:
			out[x.ID] = vs[0] == "yes"
		case Date:
			t, _ := ParseDate(vs[0])
			out[x.ID] = t.Format("2006-01-02")
		default:
			out[x.ID] = vs[0]
		}
	}
	return out
}

// FromJSON turns answers given as JSON values (strings, numbers, booleans or
// lists of strings) into Answers. It returns, by question id, what cannot be
// read.
func (q Questionnaire) FromJSON(in map[string]any) (Answers, map[string]string) {
	a := Answers{}
	problems := map[string]string{}
	for id, v := range in {
		if _, ok := q.Question(id); !ok {
			problems[id] = "analyser.answer.unknown"
			continue
		}
		switch x := v.(type) {
		case nil:
		case string:
			a[id] = []string{x}
		case bool:
			a[id] = []string{map[bool]string{true: "yes", false: "no"}[x]}
		case float64:
			if x != math.Trunc(x) {
				problems[id] = "analyser.answer.number"
				continue
			}
			a[id] = []string{strconv.FormatFloat(x, 'f', 0, 64)}
		case []any:
			for _, e := range x {
				s, ok := e.(string)
				if !ok {
					problems[id] = "analyser.answer.option"
					break
				}
				a[id] = append(a[id], s)
			}
		default:
			problems[id] = "analyser.answer.type"
		}
	}
	a = q.Clean(a)
	for id, key := range Check(q.Questions, a) {
		if key != "analyser.answer.required" {
			problems[id] = key
		}
	}
	return a, problems
}
