package analyser_test

import (
	"slices"
	"testing"

	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/registers"
)

func TestPrefillAnswersOnlyWhatTheQuestionnaireAsks(t *testing.T) {
	q := analyser.Questionnaire{Questions: []analyser.Question{
		{ID: "municipality", Type: analyser.Municipality},
		{ID: "activities", Type: analyser.Multi, Options: []analyser.Option{{Value: "food_sales"}, {Value: "alcohol"}, {Value: "fireworks"}}},
		{ID: "public", Type: analyser.YesNo},
	}}
	facts := []registers.Fact{
		{Question: "municipality", Value: "091", Source: "prh"},
		{Question: "municipality", Value: "837", Source: "earlier"},
		{Question: "activities", Value: []string{"food_sales", "alcohol", "karaoke"}, Source: "prh"},
		{Question: "mining", Value: true, Source: "prh"},
	}
	answers, sources := q.Prefill(facts)
	if got := answers["municipality"]; !slices.Equal(got, []string{"091"}) || sources["municipality"] != "prh" {
		t.Errorf("municipality %v from %q; want the register's 091", got, sources["municipality"])
	}
	if got := answers["activities"]; !slices.Equal(got, []string{"food_sales", "alcohol"}) {
		t.Errorf("activities %v; want only the offered values", got)
	}
	if _, ok := answers["mining"]; ok {
		t.Error("a fact about a question not asked became an answer")
	}
	if answers.Answered("public") {
		t.Error("an unknown answer was filled in")
	}
}
