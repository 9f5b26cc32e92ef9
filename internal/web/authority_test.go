package web

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/cases"
)

func postDecision(v url.Values) decisionForm {
	r := httptest.NewRequest("POST", "/fi/authority/cases/x/decision", strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return readDecisionForm(r)
}

func TestDecisionFormTellsWhatIsMissingBeforeTheConfirmation(t *testing.T) {
	base := url.Values{"outcome": {"granted"}, "body": {"Perustelut."}, "appeal": {"Valitusosoitus."}}
	with := func(kv ...string) url.Values {
		v := url.Values{}
		for k, vs := range base {
			v[k] = vs
		}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	tests := []struct {
		name string
		post url.Values
		want map[string]string
	}{
		{"a complete decision has no errors", base, map[string]string{}},
		{"an unknown outcome is refused", with("outcome", "maybe"), map[string]string{"outcome": "cases.error.outcome"}},
		{"a decision without reasons is refused", with("body", "  "), map[string]string{"body": "cases.error.body"}},
		{"conditions are needed when the outcome has them", with("outcome", "conditional", "conditions", "\n \n"), map[string]string{"conditions": "cases.error.conditions"}},
		{"an obligation needs a title", with("ob_due_1", "2030-07-01"), map[string]string{"ob_title_1": "authority.error.ob_title"}},
		{"an obligation needs a due date", with("ob_title_0", "Raportti"), map[string]string{"ob_due_0": "authority.error.ob_due"}},
		{"a due date must be a date", with("ob_title_0", "Raportti", "ob_due_0", "ensi kesänä"), map[string]string{"ob_due_0": "authority.error.date"}},
		{"an empty row with yearly ticked is no obligation", with("ob_yearly_2", "on"), map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errors := postDecision(tt.post).input()
			if len(errors) != len(tt.want) {
				t.Fatalf("errors %v, want %v", errors, tt.want)
			}
			for k, v := range tt.want {
				if errors[k] != v {
					t.Errorf("errors[%s] = %q, want %q", k, errors[k], v)
				}
			}
		})
	}
}

func TestDecisionFormBecomesTheDecision(t *testing.T) {
	f := postDecision(url.Values{"outcome": {"conditional"}, "body": {" Perustelut. "}, "appeal": {"Valitusosoitus."},
		"conditions": {"Musiikki päättyy klo 22.\r\n\r\n Melu enintään 65 dB. "}, "rows": {"4"},
		"ob_title_3": {"Mittausraportti"}, "ob_due_3": {"1.7.2030"}, "ob_yearly_3": {"on"}})
	in, errors := f.input()
	if len(errors) > 0 {
		t.Fatalf("errors %v", errors)
	}
	if in.Body != "Perustelut." || len(in.Conditions) != 2 || in.Conditions[1] != "Melu enintään 65 dB." {
		t.Errorf("decision %+v", in)
	}
	if len(in.Obligations) != 1 || in.Obligations[0].Recurrence != "yearly" || in.Obligations[0].Due.Format(time.DateOnly) != "2030-07-01" {
		t.Errorf("obligations %+v, want the yearly report of the fourth row", in.Obligations)
	}
	again := postDecision(url.Values(hiddenValues(f.hidden())))
	if in2, _ := again.input(); in2.Body != in.Body || len(in2.Obligations) != 1 || again.rows != 4 {
		t.Errorf("the confirmation's hidden fields give %+v with %d rows", in2, again.rows)
	}
}

func hiddenValues(fields []hiddenField) url.Values {
	v := url.Values{}
	for _, f := range fields {
		v.Add(f.Name, f.Value)
	}
	return v
}

func TestDueSaysHowARunningCaseStands(t *testing.T) {
	c := cases.Case{TargetDays: 20, StatutoryDays: 30}
	tests := []struct {
		days int
		want string
	}{
		{0, "on_time"}, {15, "on_time"}, {16, "near_target"}, {20, "near_target"}, {21, "over_target"}, {31, "over_statutory"},
	}
	for _, tt := range tests {
		if got := authorityDue(c, tt.days); got != tt.want {
			t.Errorf("%d working days of 20 and 30: %q, want %q", tt.days, got, tt.want)
		}
	}
	if got := authorityDue(cases.Case{}, 100); got != "" {
		t.Errorf("a service without times: %q, want none", got)
	}
}
