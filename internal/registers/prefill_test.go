package registers

import (
	"reflect"
	"testing"

	"github.com/luva-fi/luva/internal/registers/prh"
)

// answers reduces facts to question -> value for comparing.
func answers(facts []Fact) map[string]any {
	m := make(map[string]any, len(facts))
	for _, f := range facts {
		m[f.Question] = f.Value
	}
	return m
}

func TestFactsFromCompanyReadsTheLineOfBusiness(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tol  string
		want map[string]any
	}{
		{"a restaurant sells food", "56101", map[string]any{"activities": []string{"food"}}},
		{"event catering sells food", "56210", map[string]any{"activities": []string{"food"}}},
		{"a bar sells food and serves alcohol", "56301", map[string]any{"activities": []string{"food", "alcohol"}}},
		{"a grain farm is a farm without animals", "01110", map[string]any{"farm": true}},
		{"a dairy farm keeps animals", "01410", map[string]any{"farm": true, "animals": true}},
		{"a pig farm keeps animals", "01460", map[string]any{"farm": true, "animals": true}},
		{"a metal ore mine is mining", "07290", map[string]any{"mining": true}},
		{"a gravel pit is mining", "08120", map[string]any{"mining": true}},
		{"support for mining is mining", "09900", map[string]any{"mining": true}},
		{"a bakery is an industrial plant", "10710", map[string]any{"industrial_plant": true}},
		{"a paint factory is an industrial plant handling chemicals", "20300", map[string]any{"industrial_plant": true, "chemicals": true}},
		{"a steel works is an industrial plant", "24100", map[string]any{"industrial_plant": true}},
		{"machinery repair is the last class of manufacturing", "33120", map[string]any{"industrial_plant": true}},
		{"a power plant is not manufacturing", "35111", map[string]any{}},
		{"a festival organiser holds festivals", "90040", map[string]any{"kind": "festival"}},
		{"a trade fair organiser holds festival-like events", "82300", map[string]any{"kind": "festival"}},
		{"an amusement park holds festival-like events", "93210", map[string]any{"kind": "festival"}},
		{"a gym holds no events by its trade", "93130", map[string]any{}},
		{"a care home gives social services", "87300", map[string]any{"social_services": true}},
		{"day care gives social services", "88910", map[string]any{"social_services": true}},
		{"a dental practice gives health services", "86230", map[string]any{"health_services": true}},
		{"software publishing answers nothing", "62010", map[string]any{}},
		{"a two-digit division code is enough", "56", map[string]any{"activities": []string{"food"}}},
		{"an odd one-digit code answers nothing", "5", map[string]any{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := answers(FactsFromCompany(prh.Company{LineOfBusiness: tc.tol, TradeRegisterStatus: "1"}))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("FactsFromCompany(TOL %s) = %v, want %v", tc.tol, got, tc.want)
			}
		})
	}
}

func TestFactsFromCompanySaysWhereEachAnswerCameFrom(t *testing.T) {
	t.Parallel()
	c := prh.Company{
		BusinessID: "3067891-2", Municipality: "091", TradeRegisterStatus: "1",
		LineOfBusiness:     "56101",
		LineOfBusinessText: map[string]string{"fi": "Ravintolat", "sv": "Restauranger", "en": "Restaurants"},
		VisitingAddress: prh.Address{Street: "Eteläranta 14 A 3", PostCode: "00130", MunicipalityCode: "091",
			City: map[string]string{"fi": "HELSINKI", "sv": "HELSINGFORS"}},
	}
	facts := FactsFromCompany(c)
	if len(facts) != 2 || facts[0].Question != "municipality" || facts[0].Value != "091" || facts[1].Question != "activities" {
		t.Fatalf("facts = %+v, want municipality 091 then activities", facts)
	}
	checks := []struct {
		what, got, want string
	}{
		{"source", facts[1].Source, "prh"},
		{"Finnish source label", facts[0].SourceLabel["fi"], "Kaupparekisteri"},
		{"Swedish source label", facts[0].SourceLabel["sv"], "Handelsregistret"},
		{"English source label", facts[1].SourceLabel["en"], "Trade Register"},
		{"Finnish address basis", facts[0].Basis["fi"], "Käyntiosoite Eteläranta 14 A 3, 00130 HELSINKI"},
		{"Swedish address basis", facts[0].Basis["sv"], "Besöksadress Eteläranta 14 A 3, 00130 HELSINGFORS"},
		{"English address basis falls back to the Finnish city", facts[0].Basis["en"], "Visiting address Eteläranta 14 A 3, 00130 HELSINKI"},
		{"English line basis", facts[1].Basis["en"], "Main line of business 56101 Restaurants"},
		{"Swedish line basis", facts[1].Basis["sv"], "Huvudbransch 56101 Restauranger"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
}

func TestFactsFromCompanyOutsideTheTradeRegisterNamesYTJ(t *testing.T) {
	t.Parallel()
	c := prh.Company{Municipality: "837", LineOfBusiness: "01410",
		PostalAddress: prh.Address{PostOfficeBox: "44", PostCode: "33101", MunicipalityCode: "837", City: map[string]string{"fi": "TAMPERE"}}}
	facts := FactsFromCompany(c)
	if len(facts) != 3 {
		t.Fatalf("facts = %+v, want municipality, farm and animals", facts)
	}
	if got := facts[0].SourceLabel["fi"]; got != "Yritys- ja yhteisötietojärjestelmä (YTJ)" {
		t.Errorf("label = %q, want YTJ", got)
	}
	if got := facts[0].Basis["en"]; got != "Postal address PO Box 44, 33101 TAMPERE" {
		t.Errorf("basis = %q, want the postal address", got)
	}
	if got := facts[0].Basis["fi"]; got != "Postiosoite PL 44, 33101 TAMPERE" {
		t.Errorf("basis = %q, want the postal address", got)
	}
}

func TestFactsFromCompanyWithNothingKnownIsEmpty(t *testing.T) {
	t.Parallel()
	if facts := FactsFromCompany(prh.Company{BusinessID: "3067891-2", Name: "Tyhjä Oy"}); len(facts) != 0 {
		t.Errorf("facts = %+v, want none", facts)
	}
}
