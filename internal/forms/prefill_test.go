package forms

import (
	"reflect"
	"testing"
)

func TestPrefillFillsOnlyEmptyFields(t *testing.T) {
	t.Parallel()
	c := festival(t)
	prh := Texts{"fi": "Kaupparekisteri", "en": "Trade Register"}
	vals := []Prefilled{
		{Key: "company.name", Value: "Festarit ry", Source: "prh", SourceLabel: prh},
		{Key: "company.business_id", Value: "0112038-9", Source: "prh", SourceLabel: prh},
		{Key: "person.address", Value: map[string]any{"street": "Katu 1"}, Source: "dvv"},
	}
	tests := []struct {
		name      string
		in        Answers
		wantName  any
		wantMarks []string
	}{
		{"empty fields are filled and marked", Answers{}, "Festarit ry", []string{"business_id", "org_name"}},
		{"what the customer typed is kept", Answers{"org_name": "Oma nimi"}, "Oma nimi", []string{"business_id"}},
		{"a field emptied to spaces counts as empty", Answers{"org_name": " "}, "Festarit ry", []string{"business_id", "org_name"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, marks := c.Prefill(tc.in, vals)
			if a["org_name"] != tc.wantName {
				t.Errorf("org_name = %v, want %v", a["org_name"], tc.wantName)
			}
			var got []string
			for id, m := range marks {
				got = append(got, id)
				if m.Source != "prh" || m.Label.In("en") != "Trade Register" {
					t.Errorf("mark of %s = %+v", id, m)
				}
			}
			if len(got) == 2 && got[0] > got[1] {
				got[0], got[1] = got[1], got[0]
			}
			if !reflect.DeepEqual(got, tc.wantMarks) {
				t.Errorf("marked %v, want %v", got, tc.wantMarks)
			}
		})
	}
	in := Answers{"org_name": "Oma"}
	c.Prefill(in, vals)
	if len(in) != 1 {
		t.Error("Prefill changed its input")
	}
}
