package forms

import (
	"slices"
	"testing"
)

func TestViewShowsVisibleFieldsWithValuesAndErrors(t *testing.T) {
	t.Parallel()
	c := festival(t)
	a := good()
	a["attendance"] = 5.5
	a["event_dates"] = map[string]any{"from": "2027-06-10", "to": "2027-06-09"}
	a["music_late"] = false
	a["stages"] = []map[string]any{{"power": 10.0}}
	errs := c.ValidatePage(1, a)
	marks := map[string]Mark{"event_name": {Source: "earlier", Label: Texts{"fi": "Aiempi hakemus"}}}
	pv := c.View(1, a, errs, marks, "fi")
	if pv.Title != "Tapahtuma" || len(pv.Sections) != 2 {
		t.Fatalf("page view = %+v", pv)
	}
	var ids []string
	for _, f := range pv.Sections[0].Fields {
		ids = append(ids, f.ID)
	}
	if slices.Contains(ids, "late_reason") || !slices.Contains(ids, "music_late") {
		t.Errorf("fields = %v, want late_reason hidden", ids)
	}
	att := pv.Field("attendance")
	if att.Value != "5,5" || att.ErrorKey != "form.error.rule" || att.ErrorText != "Vähintään 10 henkeä." || att.InputMode != "decimal" {
		t.Errorf("attendance view = %+v", att)
	}
	if att.DescribedBy != "attendance-error" {
		t.Errorf("DescribedBy = %q", att.DescribedBy)
	}
	dates := pv.Field("event_dates")
	if dates.Parts["to"] != "2027-06-09" || dates.ErrorPart != "to" || dates.ErrorKey != "form.error.daterange" {
		t.Errorf("event_dates view = %+v", dates)
	}
	ml := pv.Field("music_late")
	if len(ml.Options) != 2 || ml.Options[1].Key != "form.no" || !ml.Options[1].Checked || ml.Options[0].Checked || ml.Options[1].ID != "music_late--1" {
		t.Errorf("music_late options = %+v", ml.Options)
	}
	if act := pv.Field("activities"); !act.Options[0].Checked || !act.Options[1].Checked || act.Options[2].Checked {
		t.Errorf("activities options = %+v", act.Options)
	}
	if en := pv.Field("event_name"); en.Mark == nil || en.MarkLabel != "Aiempi hakemus" || en.MaxLength != 20 {
		t.Errorf("event_name view = %+v", en)
	}
	st := pv.Field("stages")
	if len(st.Rows) != 1 || len(st.Columns) != 2 || st.Rows[0][0].Name != "stages.0.stage_name" ||
		st.Rows[0][0].ErrorKey != "form.error.required" || st.Rows[0][1].Value != "10" || st.Error != nil || !st.CanAdd || st.CanRemove {
		t.Errorf("stages view = %+v", st)
	}
	if pf := pv.Field("performers"); len(pf.Rows) != 1 || pf.Rows[0][0].Row != 1 {
		t.Errorf("an empty group shows no row to fill in: %+v", pf.Rows)
	}
	if pv.Field("nothing") != nil {
		t.Error("Field found an unknown field")
	}
}

func TestErrorSummaryNamesFieldsPartsAndCells(t *testing.T) {
	t.Parallel()
	c := festival(t)
	errs := Errors{
		{Field: "org_name", Code: CodeRequired},
		{Field: "venue.postcode", Code: CodePostcode},
		{Field: "stages.1.power", Code: CodeMin, Limit: "0.5"},
		{Field: "attendance", Code: CodeRule, Message: Texts{"fi": "Liian vähän.", "en": "Too few."}},
	}
	got := c.ErrorSummary(errs, "en")
	want := []SummaryError{
		{Field: "org_name", Label: "Organiser", Key: "form.error.required"},
		{Field: "venue.postcode", Label: "Address", PartKey: "form.part.postcode", Key: "form.error.postcode"},
		{Field: "stages.1.power", Label: "Stages", Row: 2, Column: "Power (W)", Key: "form.error.min", Limit: "0.5"},
		{Field: "attendance", Label: "Attendance", Key: "form.error.rule", Text: "Too few."},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("ErrorSummary() =\n%+v\nwant\n%+v", got, want)
	}
	if fi := c.ErrorSummary(errs[2:3], "fi"); fi[0].Limit != "0,5" {
		t.Errorf("Finnish limit = %q", fi[0].Limit)
	}
}
