package analyser_test

import (
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/analyser"
)

// FuzzRuleExpressions feeds editors' expressions to the checker: it never
// panics, a refused expression says where, and an accepted one evaluates on
// any answers without failing the questionnaire.
func FuzzRuleExpressions(f *testing.F) {
	for _, s := range []string{"public", "attendance >= 200 && 'fireworks' in activities", "answered('start')", "1 +", "\"unterminated",
		"attendance / 0 == 1", "[1,2,3].all(x, x > 0)", "activities.exists(a, a.startsWith('f'))", "start > timestamp('2026-01-01T00:00:00Z')", ")))("} {
		f.Add(s, "250", "2026-06-13")
	}
	f.Fuzz(func(t *testing.T, expr, attendance, start string) {
		q := sample()
		q.Rules[0].Expr = expr
		ps := q.Check()
		for _, p := range ps {
			if p.Key == "analyser.problem.compile" && strings.TrimSpace(expr) != "" && p.Line < 1 {
				t.Errorf("a compile problem without a line: %+v", p)
			}
		}
		if len(ps) > 0 {
			return
		}
		if _, _, err := q.Evaluate(analyser.Answers{"attendance": {attendance}, "start": {start}, "activities": {"fireworks", attendance}}); err != nil {
			t.Errorf("a checked questionnaire failed to evaluate: %v", err)
		}
	})
}

// FuzzAnswers feeds form values to the answer checks and the rules.
func FuzzAnswers(f *testing.F) {
	f.Add("festival", "yes", "3000", "2026-06-13", "091", "fireworks")
	f.Add("", "maybe", "-1", "31.2.2026", "999", "")
	f.Fuzz(func(t *testing.T, kind, public, attendance, start, municipality, activity string) {
		q := sample()
		a := analyser.Answers{"kind": {kind}, "public": {public}, "attendance": {attendance}, "start": {start}, "municipality": {municipality}, "activities": {activity, activity}}
		clean := q.Clean(a)
		analyser.Check(q.Questions, clean)
		q.Typed(clean)
		if _, _, err := q.Evaluate(a); err != nil {
			t.Errorf("evaluate: %v", err)
		}
	})
}
