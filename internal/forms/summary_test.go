package forms

import (
	"strings"
	"testing"
)

func TestSummaryShowsVisibleAnswersForPeople(t *testing.T) {
	t.Parallel()
	c := festival(t)
	a := good()
	a["music_late"] = false
	a["late_reason"] = "hidden"
	pages := c.Summary(a, "fi")
	var titles []string
	rows := map[string]SummaryRow{}
	for _, p := range pages {
		titles = append(titles, p.Title)
		for _, r := range p.Rows {
			rows[r.FieldID] = r
		}
	}
	if strings.Join(titles, ",") != "Hakija,Tapahtuma,Liitteet" {
		t.Errorf("pages = %v, want the fireworks page left out", titles)
	}
	tests := []struct {
		id, text, key string
	}{
		{"music_late", "Ei", "form.no"},
		{"kind", "Konsertti", ""},
		{"activities", "Musiikki, Ruoka", ""},
		{"attendance", "2500", ""},
		{"event_dates", "10.6.2027\u201312.6.2027", ""},
		{"venue", "Mannerheimintie 1, 00100 Helsinki", ""},
		{"spot", "60,17 N, 24,94 E", ""},
		{"phone", "+358 40 1234567", ""},
		{"other_files", "Ei vastattu", "form.unanswered"},
	}
	for _, tc := range tests {
		r := rows[tc.id]
		if r.Text != tc.text || r.Key != tc.key {
			t.Errorf("%s shows %q (%q), want %q (%q)", tc.id, r.Text, r.Key, tc.text, tc.key)
		}
	}
	if _, ok := rows["late_reason"]; ok {
		t.Error("a hidden field is in the summary")
	}
	st := rows["stages"]
	if len(st.Rows) != 2 || st.Rows[1][0].Text != "Pieni" || st.Rows[1][1].Text != "800" {
		t.Errorf("stages rows = %+v", st.Rows)
	}
	if f := rows["site_plan"].Files; len(f) != 1 || f[0] != "att-1" {
		t.Errorf("site_plan files = %v", f)
	}
	if en := c.Summary(a, "en"); en[1].Rows[2].Text != "10 Jun 2027\u201312 Jun 2027" {
		t.Errorf("English date range = %q", en[1].Rows[2].Text)
	}
}

func TestDiffListsChangedAnswers(t *testing.T) {
	t.Parallel()
	c := festival(t)
	old := good()
	new := good()
	new["attendance"] = 3000.0
	new["music_late"] = false // also hides late_reason
	new["stages"] = []map[string]any{{"stage_name": "Iso", "power": 5000.0}}
	changes := Diff(c, old, new, "en")
	got := map[string]Change{}
	var order []string
	for _, ch := range changes {
		got[ch.FieldID] = ch
		order = append(order, ch.FieldID)
	}
	if strings.Join(order, ",") != "attendance,music_late,late_reason,stages" {
		t.Fatalf("changed fields = %v", order)
	}
	if ch := got["attendance"]; ch.Old != "2500" || ch.New != "3000" || ch.Label != "Attendance" {
		t.Errorf("attendance change = %+v", ch)
	}
	if ch := got["music_late"]; ch.Old != "Yes" || ch.New != "No" {
		t.Errorf("music_late change = %+v", ch)
	}
	if ch := got["late_reason"]; ch.New != "Not answered" {
		t.Errorf("late_reason change = %+v", ch)
	}
	if ch := got["stages"]; !strings.Contains(ch.Old, "Stage: Pieni; Power (W): 800") {
		t.Errorf("stages change = %+v", ch)
	}
	if len(Diff(c, old, good(), "fi")) != 0 {
		t.Error("equal answers differ")
	}
}
