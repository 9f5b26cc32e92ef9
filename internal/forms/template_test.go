package forms

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/i18n"
)

// The web layer renders FieldView with templates/form-field.html; this test
// executes that template on real views, with stand-in functions, so that a
// renamed field or a broken link from the error summary shows up here.
func TestFormFieldTemplateRendersEveryFieldAccessibly(t *testing.T) {
	src, err := os.ReadFile("../web/templates/form-field.html")
	if err != nil {
		t.Fatal(err)
	}
	funcs := template.FuncMap{
		"t":    func(key string, _ ...any) string { return key },
		"n":    func(key string, _ int, _ ...any) string { return key },
		"list": func(items ...string) []string { return items },
	}
	tmpl, err := template.New("x").Funcs(funcs).Parse(string(src))
	if err != nil {
		t.Fatal(err)
	}
	c := festival(t)
	a := good()
	a["attendance"] = "12a"
	a["venue"] = map[string]any{"street": "Katu 1", "postcode": "1", "city": "Helsinki"}
	a["event_dates"] = map[string]any{"from": "2027-06-10", "to": "2027-06-01"}
	a["stages"] = []map[string]any{{"power": 10.0}, {"stage_name": "Iso"}}
	a["activities"] = []string{"music", "fireworks"}
	delete(a, "music_late")
	delete(a, "site_plan")
	for page := range c.Form().Pages {
		errs := c.ValidatePage(page, a)
		pv := c.View(page, a, errs, map[string]Mark{"org_name": {Source: "prh", Label: Texts{"fi": "PRH"}}}, "fi")
		if f := pv.Field("site_plan"); f != nil {
			f.Files = []FileView{{ID: "att-2", Name: "kartta.pdf", Size: 2048, Href: "/files/att-2"}}
		}
		var buf bytes.Buffer
		if err := tmpl.ExecuteTemplate(&buf, "form-error-summary", c.ErrorSummary(errs, "fi")); err != nil {
			t.Fatal(err)
		}
		for _, s := range pv.Sections {
			for _, f := range s.Fields {
				if err := tmpl.ExecuteTemplate(&buf, "form-field", f); err != nil {
					t.Fatalf("page %d field %s: %v", page, f.ID, err)
				}
			}
		}
		html := buf.String()
		if os.Getenv("DUMP") != "" {
			os.WriteFile(fmt.Sprintf("/tmp/page%d.html", page), buf.Bytes(), 0o644)
		}
		for _, e := range errs {
			if !strings.Contains(html, `href="#`+e.Field+`"`) || !strings.Contains(html, `id="`+e.Field+`"`) {
				t.Errorf("page %d: the summary's link to %s has no target", page, e.Field)
			}
		}
		if page == 1 {
			for _, want := range []string{
				`id="attendance" name="attendance" value="12a" inputmode="decimal" aria-describedby="attendance-error" aria-invalid="true"`,
				`name="stages.count" value="2"`, `value="remove:stages:1"`, `value="add:performers"`,
				`<th scope="col">Lava</th>`, `id="venue.postcode" name="venue.postcode" value="1"`,
				`<legend>Musiikkia klo 22 jälkeen?</legend>`, `type="radio" id="music_late--1" name="music_late" value="no"`,
				`type="checkbox" id="activities--2" name="activities" value="fireworks" checked`,
			} {
				if !strings.Contains(html, want) {
					t.Errorf("page 1 lacks %s", want)
				}
			}
		}
		if page == 3 && (!strings.Contains(html, `type="file" id="site_plan" name="site_plan" accept="application/pdf,image/png"`) ||
			!strings.Contains(html, `value="att-2"`)) {
			t.Errorf("the attachment slot renders wrong:\n%s", html)
		}
		if page == 0 && !strings.Contains(html, "form.prefilled") {
			t.Error("a prefilled field has no note")
		}
	}
}

// TestEveryMessageKeyIsInTheCatalogue covers the keys that views and
// summaries hand to templates, which the template test cannot see.
func TestEveryMessageKeyIsInTheCatalogue(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"form.yes", "form.no", "form.unanswered"}
	for _, code := range Codes() {
		keys = append(keys, "form.error."+code)
	}
	for _, parts := range [][]string{addressParts, dateParts, locationParts} {
		for _, p := range parts {
			keys = append(keys, partKey(p))
		}
	}
	for _, lang := range i18n.Langs() {
		for _, k := range keys {
			if !cat.Has(lang, k) {
				t.Errorf("%s is missing from the %s catalogue", k, lang)
			}
		}
	}
}
