package analyser

import (
	"slices"

	"github.com/luva-fi/luva/internal/registers"
)

// Prefill turns what is already known (facts from the business register, the
// customer's earlier undertakings) into answers to this questionnaire's
// questions, and says where each answer came from. Facts about questions the
// questionnaire does not ask, and values it does not offer, are left out; the
// first fact about a question wins, so callers list the surest source first.
func (q Questionnaire) Prefill(facts []registers.Fact) (Answers, map[string]string) {
	answers, sources := Answers{}, map[string]string{}
	for _, f := range facts {
		i := slices.IndexFunc(q.Questions, func(x Question) bool { return x.ID == f.Question })
		if i < 0 || sources[f.Question] != "" {
			continue
		}
		x := q.Questions[i]
		var vs []string
		switch v := f.Value.(type) {
		case bool:
			if x.Type == YesNo {
				vs = []string{map[bool]string{true: "yes", false: "no"}[v]}
			}
		case string:
			vs = []string{v}
		case []string:
			vs = v
		}
		if len(x.Options) > 0 {
			vs = slices.DeleteFunc(slices.Clone(vs), func(v string) bool {
				return !slices.ContainsFunc(x.Options, func(o Option) bool { return o.Value == v })
			})
		}
		if len(vs) == 0 {
			continue
		}
		answers[x.ID], sources[x.ID] = vs, f.Source
	}
	return q.Clean(answers), sources
}
