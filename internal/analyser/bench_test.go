package analyser_test

import (
	"testing"

	"github.com/luva-fi/luva/internal/demo"
)

// BenchmarkEvaluateTheEventQuestionnaire measures compiling and running the
// demo event questionnaire's rules on the festival's answers.
func BenchmarkEvaluateTheEventQuestionnaire(b *testing.B) {
	q := demo.Questionnaires("hki")[0]
	a := festival("091")
	for b.Loop() {
		if _, _, err := q.Evaluate(a); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateCompiled measures running the compiled rules alone, as
// the service does for a published version.
func BenchmarkEvaluateCompiled(b *testing.B) {
	p, err := demo.Questionnaires("hki")[0].Compile()
	if err != nil {
		b.Fatal(err)
	}
	a := festival("091")
	for b.Loop() {
		p.Evaluate(a)
	}
}
