package forms

import (
	"net/url"
	"reflect"
	"testing"
)

func TestReadPageReadsEveryType(t *testing.T) {
	t.Parallel()
	c := festival(t)
	tests := []struct {
		name string
		page int
		post url.Values
		id   string
		want any
	}{
		{"text is trimmed", 0, post("org_name", "  Festarit ry "), "org_name", "Festarit ry"},
		{"a business ID is stored in its normal form", 0, post("business_id", " 112038-9"), "business_id", "0112038-9"},
		{"a personal identity code is stored in upper case", 0, post("person_id", "131052-308t"), "person_id", "131052-308T"},
		{"a wrong business ID is kept as typed", 0, post("business_id", "0112038-8"), "business_id", "0112038-8"},
		{"a number with a decimal comma and spaces is a number", 1, post("attendance", "1 500,5"), "attendance", 1500.5},
		{"a number with a letter is kept as typed", 1, post("attendance", "12a"), "attendance", "12a"},
		{"a Finnish date is stored as ISO", 1, post("build_date", "1.6.2027"), "build_date", "2027-06-01"},
		{"an ISO date is kept", 1, post("build_date", "2027-06-01"), "build_date", "2027-06-01"},
		{"a date range is read from its parts", 1, post("event_dates.from", "2027-06-10", "event_dates.to", "12.6.2027"),
			"event_dates", map[string]any{"from": "2027-06-10", "to": "2027-06-12"}},
		{"a choice is its value", 1, post("kind", "concert"), "kind", "concert"},
		{"multichoice keeps each value once", 1, post("activities", "music", "activities", "food", "activities", "music"),
			"activities", []string{"music", "food"}},
		{"yes is true", 1, post("music_late", "yes"), "music_late", true},
		{"no is false", 1, post("music_late", "no"), "music_late", false},
		{"a yes/no that is neither is kept as typed", 1, post("music_late", "maybe"), "music_late", "maybe"},
		{"an address is read from its parts", 1, post("venue.street", "Mannerheimintie 1", "venue.postcode", "00100", "venue.city", "Helsinki"),
			"venue", map[string]any{"street": "Mannerheimintie 1", "postcode": "00100", "city": "Helsinki"}},
		{"a location is two numbers", 1, post("spot.lat", "60,1699", "spot.lon", "24.9384"), "spot", map[string]any{"lat": 60.1699, "lon": 24.9384}},
		{"a property ID is stored in its short form", 1, post("property", "091-403-0001-0002"), "property", "91-403-1-2"},
		{"table rows are read by index, empty rows dropped", 1, post("kind", "concert", "stages.count", "3",
			"stages.0.stage_name", "Iso", "stages.0.power", "5000", "stages.2.stage_name", "Pieni"),
			"stages", []map[string]any{{"stage_name": "Iso", "power": 5000.0}, {"stage_name": "Pieni"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := c.ReadPage(tc.page, tc.post, Answers{})
			if !reflect.DeepEqual(a[tc.id], tc.want) {
				t.Fatalf("%s = %#v, want %#v", tc.id, a[tc.id], tc.want)
			}
		})
	}
}

func TestReadPageKeepsOtherPagesAndClearsWhatWasEmptied(t *testing.T) {
	t.Parallel()
	c := festival(t)
	prev := Answers{"org_name": "Festarit ry", "activities": []string{"music"}, "event_name": "Kesä", "site_plan": []string{"f1"}}
	a := c.ReadPage(1, post("event_name", ""), prev)
	if a["org_name"] != "Festarit ry" {
		t.Error("an answer on another page was lost")
	}
	if _, ok := a["activities"]; ok {
		t.Error("a multichoice with nothing ticked kept its answer")
	}
	if _, ok := a["event_name"]; ok {
		t.Error("an emptied text field kept its answer")
	}
	if prev["event_name"] != "Kesä" {
		t.Error("ReadPage changed prev")
	}
	hidden := Answers{"music_late": false, "late_reason": "kept"}
	if a := c.ReadPage(1, post("music_late", "no"), hidden); a["late_reason"] != "kept" {
		t.Error("a hidden field that was not posted lost its answer before Clean")
	}
	if a := c.ReadPage(3, post("site_plan", "x"), prev); !reflect.DeepEqual(a["site_plan"], []string{"f1"}) {
		t.Error("an attachment slot was read from the post")
	}
}

func TestRowButtonsAddAndRemoveRows(t *testing.T) {
	t.Parallel()
	c := festival(t)
	base := func(pairs ...string) url.Values {
		return post(append([]string{"kind", "concert", "performers.count", "2",
			"performers.0.performer_name", "Anna", "performers.1.performer_name", "Ben"}, pairs...)...)
	}
	tests := []struct {
		name string
		post url.Values
		want []string
	}{
		{"without a button the rows are read", base(), []string{"Anna", "Ben"}},
		{"add appends an empty row", base("_row", "add:performers"), []string{"Anna", "Ben", ""}},
		{"remove takes out that row", base("_row", "remove:performers:0"), []string{"Ben"}},
		{"remove of a row that is not there changes nothing", base("_row", "remove:performers:7"), []string{"Anna", "Ben"}},
		{"a button of another group leaves the rows", base("_row", "add:stages"), []string{"Anna", "Ben"}},
		{"add stops at max_rows", post("kind", "concert", "performers.count", "3", "performers.0.performer_name", "A",
			"performers.1.performer_name", "B", "performers.2.performer_name", "C", "_row", "add:performers"), []string{"A", "B", "C"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := c.ReadPage(1, tc.post, Answers{})
			rows, _ := asRows(a["performers"])
			var names []string
			for _, r := range rows {
				s, _ := r["performer_name"].(string)
				names = append(names, s)
			}
			if !reflect.DeepEqual(names, tc.want) {
				t.Fatalf("performers = %v, want %v", names, tc.want)
			}
		})
	}
	if g, add, _, ok := RowAction(post("_row", "add:performers")); !ok || !add || g != "performers" {
		t.Errorf("RowAction(add) = %q, %v, %v", g, add, ok)
	}
	if g, add, k, ok := RowAction(post("_row", "remove:performers:2")); !ok || add || g != "performers" || k != 2 {
		t.Errorf("RowAction(remove) = %q, %v, %d, %v", g, add, k, ok)
	}
	for _, bad := range []string{"", "add:", "remove:performers", "remove:performers:-1", "remove:performers:x", "delete:x"} {
		if _, _, _, ok := RowAction(post("_row", bad)); ok {
			t.Errorf("RowAction(%q) was accepted", bad)
		}
	}
}

func TestReadPageCapsCraftedRowCounts(t *testing.T) {
	t.Parallel()
	c := festival(t)
	a := c.ReadPage(1, post("kind", "concert", "performers.count", "1000000", "performers.999999.performer_name", "X"), Answers{})
	if _, ok := a["performers"]; ok {
		t.Errorf("performers = %v, want no rows beyond max_rows", a["performers"])
	}
}
