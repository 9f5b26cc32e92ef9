package analyser_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/errs"
)

// sample is a small event questionnaire with one question of every type.
func sample() analyser.Questionnaire {
	fi := func(s string) analyser.Texts { return analyser.Texts{"fi": s, "en": s} }
	return analyser.Questionnaire{
		ID: "q1", Bundle: "Ta", OwnerOrg: "hki", State: analyser.StatePublished, Version: 1, Titles: fi("Tapahtuma"),
		Areas: []analyser.Area{{ID: "event", Titles: fi("Tapahtuma")}},
		Questions: []analyser.Question{
			{ID: "kind", Area: "event", Type: analyser.Single, Labels: fi("Laji"), Options: []analyser.Option{{Value: "festival", Labels: fi("Festivaali")}, {Value: "market", Labels: fi("Markkinat")}}},
			{ID: "activities", Area: "event", Type: analyser.Multi, Labels: fi("Toiminta"), Options: []analyser.Option{{Value: "fireworks", Labels: fi("Ilotulitus")}, {Value: "food", Labels: fi("Ruoka")}}},
			{ID: "attendance", Area: "event", Type: analyser.Number, Labels: fi("Yleisömäärä")},
			{ID: "start", Area: "event", Type: analyser.Date, Labels: fi("Alkaa")},
			{ID: "municipality", Area: "event", Type: analyser.Municipality, Labels: fi("Kunta")},
			{ID: "public", Area: "event", Type: analyser.YesNo, Labels: fi("Yleisötilaisuus"), Required: true},
		},
		Rules: []analyser.Rule{
			{ID: "notice", Expr: "public", Service: "ta-public-event-notice", Certainty: analyser.Certain, Reasons: fi("Yleisötilaisuus")},
			{ID: "rescue_big", Expr: "attendance >= 200", Service: "ta-rescue-plan", Certainty: analyser.Certain, Reasons: fi("Yli 200")},
			{ID: "rescue_fire", Expr: "'fireworks' in activities", Service: "ta-rescue-plan", Certainty: analyser.Possible, Reasons: fi("Ilotulitus")},
			{ID: "rescue_unknown", Expr: "!answered('attendance')", Service: "ta-rescue-plan", Certainty: analyser.Possible, Reasons: fi("Koko ei tiedossa")},
			{ID: "summer", Expr: "answered('start') && start >= timestamp('2026-06-01T00:00:00Z')", Service: "ta-noise-notification", Certainty: analyser.Possible, Reasons: fi("Kesä")},
			{ID: "hki", Expr: "municipality == '091' && kind == 'festival'", Service: "ta-public-area-use", Certainty: analyser.Possible, Reasons: fi("Helsinki")},
		},
	}
}

func TestARuleThatDoesNotCompileIsRefusedWithItsPosition(t *testing.T) {
	tests := []struct {
		name, expr, key string
		line, column    int
		detail          string
	}{
		{"an unknown question", "attendance >= 200 && fireworkz", "analyser.problem.compile", 1, 22, "undeclared reference to 'fireworkz'"},
		{"a syntax error on the second line", "public &&\n  (attendance >", "analyser.problem.compile", 2, 16, "mismatched input"},
		{"a type mismatch", "attendance == 'many'", "analyser.problem.compile", 1, 12, "no matching overload"},
		{"an expression that is not a condition", "attendance + 1", "analyser.problem.not_bool", 1, 1, "int, not bool"},
		{"answered() naming no question", "answered('nosuch')", "analyser.problem.compile", 1, 10, "answered() takes the id of a question"},
		{"an empty expression", "  ", "analyser.problem.expr_required", 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := sample()
			q.Rules[1].Expr = tt.expr
			ps := q.Check()
			if len(ps) != 1 {
				t.Fatalf("problems %v, want one", ps)
			}
			p := ps[0]
			if p.Field() != "rule1_expr" || p.Path() != "rules[1].expr" || p.Key != tt.key || p.Line != tt.line || p.Column != tt.column || !strings.Contains(p.Detail, tt.detail) {
				t.Errorf("problem %+v, want %s at %d:%d saying %q", p, tt.key, tt.line, tt.column, tt.detail)
			}
			err := ps.Err()
			if e, ok := errs.As(err); !ok || e.Kind != errs.Invalid || e.Fields["rule1_expr"] != tt.key {
				t.Errorf("error %v, want invalid with the field", err)
			}
			if got := analyser.ProblemsOf(err); len(got) != 1 || got[0] != p {
				t.Errorf("ProblemsOf = %v", got)
			}
		})
	}
}

func TestTheStructureIsChecked(t *testing.T) {
	q := sample()
	q.Questions[0].ID = "in" // a CEL keyword
	q.Questions[1].Area = "nosuch"
	q.Questions[2].Options = []analyser.Option{{Value: "x", Labels: analyser.Texts{"fi": "x"}}}
	q.Questions = append(q.Questions, analyser.Question{ID: "kind2", Area: "event", Type: analyser.Single, Labels: analyser.Texts{"fi": "x"}})
	q.Rules[2].Certainty = "maybe"
	q.Rules[3].ID = q.Rules[2].ID
	var fields []string
	for _, p := range q.Check() {
		fields = append(fields, p.Field()+"="+p.Key)
	}
	for _, want := range []string{"question0_id=analyser.problem.question_id", "question1_area=analyser.problem.area",
		"question2_options=analyser.problem.options_unused", "question6_options=analyser.problem.options",
		"rule2_certainty=analyser.problem.certainty", "rule3_id=analyser.problem.duplicate"} {
		if !slices.Contains(fields, want) {
			t.Errorf("problems %v lack %s", fields, want)
		}
	}
}

func TestUnansweredQuestionsDoNotBreakRules(t *testing.T) {
	q := sample()
	findings, failed, err := q.Evaluate(analyser.Answers{})
	if err != nil || len(failed) > 0 {
		t.Fatalf("evaluate with no answers: %v %v", err, failed)
	}
	// Only the rule about the unknown attendance fires.
	if len(findings) != 1 || findings[0].Service != "ta-rescue-plan" || findings[0].Certainty != analyser.Possible || findings[0].Reasons[0].Rule != "rescue_unknown" {
		t.Errorf("findings %+v, want only the possible rescue plan for the unknown attendance", findings)
	}
	// Answers that do not fit their question count as unanswered.
	findings, _, _ = q.Evaluate(analyser.Answers{"attendance": {"lots"}, "public": {"maybe"}, "start": {"32.13.2026"}})
	if len(findings) != 1 || findings[0].Reasons[0].Rule != "rescue_unknown" {
		t.Errorf("findings with unreadable answers %+v", findings)
	}
}

func TestCertainBeatsPossible(t *testing.T) {
	q := sample()
	a := analyser.Answers{"public": {"yes"}, "attendance": {"500"}, "activities": {"fireworks", "food"}, "start": {"2026-06-13"},
		"municipality": {"091"}, "kind": {"festival"}}
	findings, _, err := q.Evaluate(a)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]analyser.Finding{}
	var order []string
	for _, f := range findings {
		got[f.Service] = f
		order = append(order, f.Service)
	}
	want := []string{"ta-public-event-notice", "ta-rescue-plan", "ta-noise-notification", "ta-public-area-use"}
	if !slices.Equal(order, want) {
		t.Fatalf("services %v, want %v", order, want)
	}
	rescue := got["ta-rescue-plan"]
	if rescue.Certainty != analyser.Certain || len(rescue.Reasons) != 1 || rescue.Reasons[0].Rule != "rescue_big" || rescue.Reasons[0].Texts.In("sv") != "Yli 200" {
		t.Errorf("rescue plan %+v, want certain for the attendance alone", rescue)
	}
	if got["ta-public-area-use"].Certainty != analyser.Possible {
		t.Errorf("public area use %+v", got["ta-public-area-use"])
	}
	// A possible rule after a certain one leaves it certain.
	q.Rules = append(q.Rules, analyser.Rule{ID: "late", Expr: "true", Service: "ta-public-event-notice", Certainty: analyser.Possible, Reasons: analyser.Texts{"fi": "x"}})
	findings, _, _ = q.Evaluate(a)
	if findings[0].Certainty != analyser.Certain || len(findings[0].Reasons) != 1 {
		t.Errorf("after a later possible rule: %+v", findings[0])
	}
}

func TestAnswersAreCheckedAndConverted(t *testing.T) {
	q := sample()
	problems := analyser.Check(q.Questions, analyser.Answers{"kind": {"rave"}, "attendance": {"-3"}, "municipality": {"999"}, "start": {"2026-02-30"}})
	want := map[string]string{"kind": "analyser.answer.option", "attendance": "analyser.answer.number", "municipality": "analyser.answer.municipality",
		"start": "analyser.answer.date", "public": "analyser.answer.required"}
	for id, key := range want {
		if problems[id] != key {
			t.Errorf("%s: %q, want %q", id, problems[id], key)
		}
	}
	a, probs := q.FromJSON(map[string]any{"attendance": 250.0, "public": true, "activities": []any{"food"}, "start": "13.6.2026", "nosuch": 1.0})
	if probs["nosuch"] != "analyser.answer.unknown" || len(probs) != 1 {
		t.Errorf("problems %v", probs)
	}
	typed := q.Typed(a)
	if typed["attendance"] != int64(250) || typed["public"] != true || typed["start"] != "2026-06-13" || !slices.Equal(typed["activities"].([]string), []string{"food"}) {
		t.Errorf("typed %v", typed)
	}
}
