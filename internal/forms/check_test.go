package forms

import (
	"errors"
	"strings"
	"testing"
)

// minimal is a sound form with one page, one section and one text field.
func minimal() Form {
	return Form{
		ID: "minimal", Services: []string{"*"}, Title: Texts{"fi": "Lomake"},
		Pages: []Page{{ID: "p1", Title: Texts{"fi": "Sivu"}, Sections: []Section{{ID: "s1", Fields: []Field{
			{ID: "name", Type: Text, Label: Texts{"fi": "Nimi"}},
		}}}}},
	}
}

func ptr(f float64) *float64 { return &f }

func TestParseIsStrict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, json string
	}{
		{"a misspelt attribute is an error", `{"id":"x","pages":[{"id":"p","sections":[{"id":"s","fields":[{"id":"a","type":"text","requried":true}]}]}]}`},
		{"data after the form is an error", `{"id":"x"} {"id":"y"}`},
		{"a wrong type is an error", `{"id":1}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := Parse([]byte(tc.json)); err == nil {
				t.Fatal("Parse accepted it")
			}
		})
	}
}

func TestCheckReportsEveryProblemWithItsPath(t *testing.T) {
	t.Parallel()
	field := func(f *Form) *Field { return &f.Pages[0].Sections[0].Fields[0] }
	const f0 = "pages[0].sections[0].fields[0]"
	tests := []struct {
		name   string
		change func(f *Form)
		path   string
		reason string
	}{
		{"a form id with capitals is refused", func(f *Form) { f.ID = "Noise" }, "id", ReasonFormID},
		{"a form without services is refused", func(f *Form) { f.Services = nil }, "services", ReasonServices},
		{"a form without a Finnish title is refused", func(f *Form) { f.Title = Texts{"en": "Form"} }, "title", ReasonTitle},
		{"a form without pages is refused", func(f *Form) { f.Pages = nil }, "pages", ReasonNoPages},
		{"a page without sections is refused", func(f *Form) { f.Pages[0].Sections = nil }, "pages[0].sections", ReasonNoPages},
		{"a field id with a hyphen is refused", func(f *Form) { field(f).ID = "event-name" }, f0 + ".id", ReasonID},
		{"a reserved word as id is refused", func(f *Form) { field(f).ID = "value" }, f0 + ".id", ReasonID},
		{"two pages with one id are duplicates", func(f *Form) { f.Pages = append(f.Pages, f.Pages[0]) }, "pages[1].id", ReasonDuplicate},
		{"a column with the id of a field is a duplicate", func(f *Form) {
			f.Pages[0].Sections[0].Fields = append(f.Pages[0].Sections[0].Fields, Field{ID: "g", Type: Group, Label: Texts{"fi": "G"},
				Fields: []Field{{ID: "name", Type: Text, Label: Texts{"fi": "N"}}}})
		}, "pages[0].sections[0].fields[1].fields[0].id", ReasonDuplicate},
		{"an unknown type is refused", func(f *Form) { field(f).Type = "colour" }, f0 + ".type", ReasonType},
		{"a field without a Finnish label is refused", func(f *Form) { field(f).Label = Texts{"sv": "Namn"} }, f0 + ".label", ReasonLabel},
		{"a choice without options is refused", func(f *Form) { field(f).Type = Choice }, f0 + ".options", ReasonOptions},
		{"options on a text field are refused", func(f *Form) { field(f).Options = []Option{{Value: "a", Label: Texts{"fi": "A"}}} }, f0 + ".options", ReasonOptions},
		{"a repeated option is refused", func(f *Form) {
			field(f).Type = MultiChoice
			field(f).Options = []Option{{Value: "a", Label: Texts{"fi": "A"}}, {Value: "a", Label: Texts{"fi": "B"}}}
		}, f0 + ".options[1]", ReasonOption},
		{"a group without fields is refused", func(f *Form) { field(f).Type = Group }, f0 + ".fields", ReasonNoFields},
		{"a table inside a group is refused", func(f *Form) {
			field(f).Type = Group
			field(f).Fields = []Field{{ID: "t", Type: Table, Label: Texts{"fi": "T"}, Fields: []Field{{ID: "c", Type: Text, Label: Texts{"fi": "C"}}}}}
		}, f0 + ".fields[0].type", ReasonColumn},
		{"a condition on a column is refused", func(f *Form) {
			field(f).Type = Table
			field(f).Fields = []Field{{ID: "c", Type: Text, Label: Texts{"fi": "C"}, Visible: "true"}}
		}, f0 + ".fields[0].visible", ReasonColumnVisible},
		{"min above max is refused", func(f *Form) { field(f).Type = Number; field(f).Min, field(f).Max = ptr(5), ptr(1) }, f0 + ".min", ReasonMinMax},
		{"min on text is refused", func(f *Form) { field(f).Min = ptr(1) }, f0 + ".min", ReasonUnused},
		{"min_rows above max_rows is refused", func(f *Form) {
			field(f).Type, field(f).MinRows, field(f).MaxRows = Table, 3, 2
			field(f).Fields = []Field{{ID: "c", Type: Text, Label: Texts{"fi": "C"}}}
		}, f0 + ".min_rows", ReasonRows},
		{"an attachment without a size limit is refused", func(f *Form) { field(f).Type = Attachment }, f0 + ".max_bytes", ReasonMaxBytes},
		{"an accepted type that is no MIME type is refused", func(f *Form) {
			field(f).Type, field(f).MaxBytes, field(f).Accept = Attachment, 1000, []string{".pdf"}
		}, f0 + ".accept[0]", ReasonAccept},
		{"a prefill key without a source is refused", func(f *Form) { field(f).Prefill = "name" }, f0 + ".prefill", ReasonPrefill},
		{"a rule without an expression is refused", func(f *Form) { field(f).Rules = []Rule{{Message: Texts{"fi": "x"}}} }, f0 + ".rules[0].expr", ReasonExpr},
		{"a rule without a Finnish message is refused", func(f *Form) { field(f).Rules = []Rule{{Expr: "true"}} }, f0 + ".rules[0].message", ReasonMessage},
		{"a condition that does not compile is refused", func(f *Form) { field(f).Visible = "name ==" }, f0 + ".visible", ReasonCompile},
		{"a condition on an unknown field is refused", func(f *Form) { f.Pages[0].Visible = "colour == 'red'" }, "pages[0].visible", ReasonCompile},
		{"answered() of an unknown field is refused", func(f *Form) { f.Pages[0].Sections[0].Visible = "answered('colour')" }, "pages[0].sections[0].visible", ReasonCompile},
		{"a condition that gives a string is refused", func(f *Form) { field(f).Visible = "'yes'" }, f0 + ".visible", ReasonNotBool},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := minimal()
			tc.change(&f)
			err := Check(f)
			ps := ProblemsOf(err)
			for _, p := range ps {
				if p.Path == tc.path && p.Reason == tc.reason {
					return
				}
			}
			t.Fatalf("Check() = %v, want %s at %s", err, tc.reason, tc.path)
		})
	}
}

func TestCheckSaysWhereAnExpressionFails(t *testing.T) {
	t.Parallel()
	f := minimal()
	f.Pages[0].Sections[0].Fields[0].Visible = "true &&\n  name = 'x'"
	ps := ProblemsOf(Check(f))
	if len(ps) != 1 || ps[0].Line != 2 || ps[0].Column == 0 || ps[0].Detail == "" {
		t.Fatalf("problems = %#v, want one at line 2 with a column", ps)
	}
	if !strings.Contains(ps[0].Error(), "at 2:") {
		t.Errorf("Error() = %q does not say where", ps[0].Error())
	}
	_, err := Compile(f)
	var got Problems
	if !errors.As(err, &got) || len(got) != 1 {
		t.Errorf("Compile() = %v, want the problems", err)
	}
	if err := Check(minimal()); err != nil {
		t.Errorf("Check(minimal) = %v", err)
	}
}
