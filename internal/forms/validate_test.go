package forms

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
)

// good are complete, valid answers to the test form.
func good() Answers {
	return Answers{
		"org_name": "Festarit ry", "business_id": "0112038-9", "person_id": "131052-308T",
		"email": "info@festarit.fi", "phone": "+358 40 1234567",
		"event_name": "Kesäfestari", "attendance": 2500.0,
		"event_dates": map[string]any{"from": "2027-06-10", "to": "2027-06-12"}, "build_date": "2027-06-08",
		"kind": "concert", "activities": []string{"music", "food"}, "music_late": true, "late_reason": "Pääesiintyjä.",
		"venue":      map[string]any{"street": "Mannerheimintie 1", "postcode": "00100", "city": "Helsinki"},
		"spot":       map[string]any{"lat": 60.17, "lon": 24.94},
		"property":   "91-403-1-2",
		"stages":     []map[string]any{{"stage_name": "Iso", "power": 5000.0}, {"stage_name": "Pieni", "power": 800.0}},
		"performers": []map[string]any{{"performer_name": "Anna", "performer_phone": "040 123 4567"}},
		"site_plan":  []string{"att-1"},
	}
}

func TestGoodAnswersHaveNoErrors(t *testing.T) {
	t.Parallel()
	c := festival(t)
	if errs := c.Validate(good()); len(errs) > 0 {
		t.Fatalf("Validate(good) = %v", codes(errs))
	}
	// The same answers read back from JSON are understood the same way.
	b, _ := json.Marshal(good())
	var back Answers
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if errs := c.Validate(back); len(errs) > 0 {
		t.Fatalf("Validate(JSON of good) = %v", codes(errs))
	}
}

func TestValidateReportsEachBadAnswer(t *testing.T) {
	t.Parallel()
	c := festival(t)
	tests := []struct {
		name string
		id   string
		val  any // nil removes the answer
		want string
	}{
		{"a required text left empty", "org_name", nil, "org_name:required"},
		{"a required text of spaces", "org_name", "   ", "org_name:required"},
		{"a text over max_length", "event_name", "Kesäfestari Helsingissä 2027", "event_name:maxlength"},
		{"a number with a letter", "attendance", "12a", "attendance:number"},
		{"a number below min", "attendance", -1.0, "attendance:min"},
		{"a number above max", "attendance", 100001.0, "attendance:max"},
		{"a number that breaks its rule", "attendance", 5.0, "attendance:rule"},
		{"a date that does not exist", "build_date", "31.2.2027", "build_date:date"},
		{"a date range without its end", "event_dates", map[string]any{"from": "2027-06-10"}, "event_dates.to:required"},
		{"a date range that ends before it starts", "event_dates", map[string]any{"from": "2027-06-10", "to": "2027-06-09"}, "event_dates.to:daterange"},
		{"a date range with a bad date", "event_dates", map[string]any{"from": "10.13.2027", "to": "2027-06-09"}, "event_dates.from:date"},
		{"a date range that breaks its rule", "event_dates", map[string]any{"from": "2027-06-09", "to": "2027-06-30"}, "event_dates:rule"},
		{"a rule comparing with another field", "build_date", "2027-06-11", "build_date:rule"},
		{"a tampered choice", "kind", "rave", "kind:choice"},
		{"a tampered multichoice", "activities", []string{"music", "bungee"}, "activities:choice"},
		{"a yes/no that is neither", "music_late", "maybe", "music_late:choice"},
		{"a bad email", "email", "info@festarit", "email:email"},
		{"an email with a name", "email", "Info <info@festarit.fi>", "email:email"},
		{"a bad phone", "phone", "12345", "phone:phone"},
		{"a bad personal identity code", "person_id", "131052-308U", "person_id:hetu"},
		{"a bad business ID", "business_id", "0112038-8", "business_id:businessid"},
		{"a bad property ID", "property", "091-403-1", "property:propertyid"},
		{"an address without a city", "venue", map[string]any{"street": "Katu 1", "postcode": "00100"}, "venue.city:required"},
		{"an address with a bad postcode", "venue", map[string]any{"street": "Katu 1", "postcode": "100", "city": "Helsinki"}, "venue.postcode:postcode"},
		{"a location outside Finland", "spot", map[string]any{"lat": 58.5, "lon": 24.94}, "spot.lat:location"},
		{"a location that is not a number", "spot", map[string]any{"lat": 60.17, "lon": "x"}, "spot.lon:location"},
		{"a required table without rows", "stages", nil, "stages:required"},
		{"a table cell left empty", "stages", []map[string]any{{"power": 5.0}}, "stages.0.stage_name:required"},
		{"a table cell that is no number", "stages", []map[string]any{{"stage_name": "Iso"}, {"stage_name": "B", "power": "lots"}}, "stages.1.power:number"},
		{"a table cell that breaks a rule about its row", "stages", []map[string]any{{"stage_name": "Pieni", "power": 5000.0}}, "stages.0.power:rule"},
		{"a group with too many rows", "performers", []map[string]any{{"performer_name": "A"}, {"performer_name": "B"}, {"performer_name": "C"}, {"performer_name": "D"}}, "performers:rows_max"},
		{"a required attachment missing", "site_plan", nil, "site_plan:required"},
		{"too many files", "site_plan", []string{"a", "b", "c"}, "site_plan:rows_max"},
		{"a required field that a yes shows", "late_reason", nil, "late_reason:required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := good()
			if tc.val == nil {
				delete(a, tc.id)
			} else {
				a[tc.id] = tc.val
			}
			got := codes(c.Validate(a))
			if !slices.Equal(got, []string{tc.want}) {
				t.Fatalf("Validate() = %v, want [%s]", got, tc.want)
			}
		})
	}
}

func TestHiddenFieldsAreNeitherRequiredNorKept(t *testing.T) {
	t.Parallel()
	c := festival(t)
	a := good()
	a["music_late"] = false
	a["late_reason"] = "" // required, but hidden
	a["kind"] = "market"  // hides the stages section
	a["stages"] = []map[string]any{{"power": "bad"}}
	if errs := c.Validate(a); len(errs) > 0 {
		t.Fatalf("Validate() = %v, want no errors for hidden fields", codes(errs))
	}
	a["late_reason"] = "old text"
	a["late_hours"] = "22-02" // visible only while late_reason counts
	clean := c.Clean(a)
	for _, id := range []string{"late_reason", "late_hours", "stages", "performers"} {
		if _, ok := clean[id]; ok {
			t.Errorf("Clean kept hidden %s", id)
		}
	}
	if c.FieldVisible("late_hours", a) {
		t.Error("a field that depends on a hidden field's answer is visible")
	}
	if c.FieldVisible("stage_name", a) || !c.FieldVisible("stage_name", good()) {
		t.Error("a column is not visible with its table")
	}
	if c.FieldVisible("no_such_field", a) {
		t.Error("an unknown field is visible")
	}
}

func TestAConditionalPageAppearsWithItsAnswer(t *testing.T) {
	t.Parallel()
	c := festival(t)
	a := good()
	if c.PageVisible(2, a) || len(c.ValidatePage(2, a)) > 0 {
		t.Fatal("the fireworks page shows without fireworks")
	}
	a["activities"] = []string{"fireworks"}
	if !c.PageVisible(2, a) {
		t.Fatal("the fireworks page is hidden with fireworks")
	}
	if got := codes(c.ValidatePage(2, a)); !slices.Equal(got, []string{"fireworks_count:required"}) {
		t.Errorf("ValidatePage(2) = %v", got)
	}
	if errs := c.Validate(a); len(errs) != 1 || errs[0].Page != 2 {
		t.Errorf("Validate() = %+v, want the error on page 2", errs)
	}
	if c.PageVisible(9, a) || c.ValidatePage(-1, a) != nil {
		t.Error("a page out of range is visible or has errors")
	}
}

func TestRuleErrorsCarryTheirMessageAndLimitsTheirLimit(t *testing.T) {
	t.Parallel()
	c := festival(t)
	a := good()
	a["attendance"] = 5.0
	errs := c.Validate(a)
	if len(errs) != 1 || errs[0].Message.In("sv") != "Minst 10 personer." {
		t.Fatalf("errors = %+v", errs)
	}
	a["attendance"] = 100001.0
	if errs := c.Validate(a); len(errs) != 1 || errs[0].Limit != "100000" {
		t.Fatalf("errors = %+v, want the limit 100000", errs)
	}
	if e := errs.For("attendance"); e == nil || e.Code != CodeRule {
		t.Errorf("For(attendance) = %v", e)
	}
	if errs.For("nothing") != nil {
		t.Error("For found an error of a field without one")
	}
}

func TestCleanDropsEmptyRowsAndUnknownFields(t *testing.T) {
	t.Parallel()
	c := festival(t)
	a := good()
	a["stages"] = []map[string]any{{"stage_name": "Iso", "colour": "red"}, {}}
	a["unknown"] = "x"
	got := c.Clean(a)
	if !reflect.DeepEqual(got["stages"], []map[string]any{{"stage_name": "Iso"}}) {
		t.Errorf("stages = %v", got["stages"])
	}
	if _, ok := got["unknown"]; ok {
		t.Error("Clean kept an unknown field")
	}
}
