package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserFormAdmin drives the form editors' pages: a content editor
// opens the noise notification's form, saves a definition with an error and
// sees where it is with the text kept, saves a valid change as a draft,
// previews it as customers would see it and publishes it. Every page passes
// the axe scan.
func TestBrowserFormAdmin(t *testing.T) {
	s := newSuite(t)
	flows := []struct {
		name string
		run  func(t *testing.T, s *suite, ctx context.Context)
	}{
		{"a content editor changes a form, previews the draft and publishes it", editForm},
		{"a content editor begins a form of its own for a service", createForm},
	}
	for _, f := range flows {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			f.run(t, s, s.isolatedTab(t))
		})
	}
}

// editDefinition runs JavaScript on the editor's text: the test types as an
// editor pasting a changed definition would.
func editDefinition(ctx context.Context, t *testing.T, what, from, to string) {
	t.Helper()
	js := `(() => { const e = document.querySelector('#definition'); const v = e.value.replace(` + quoteJS(from) + `, ` + quoteJS(to) + `);
if (v === e.value) { return false; } e.value = v; return true; })()`
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
	if err != nil || !ok {
		t.Fatalf("%s: %q not found in the definition (%v)", what, from, err)
	}
}

// quoteJS writes s as a JavaScript string literal: JSON's strings are.
func quoteJS(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func editForm(t *testing.T, s *suite, ctx context.Context) {
	s.signInAs(ctx, t, "fi", "sisalto", "/fi/forms")
	contains(ctx, t, "main table", "Meluilmoitus tilapäisestä toiminnasta", "noise-notification", "Käytössä")
	s.screenshot(ctx, t, "formadmin-list-fi")
	s.scanAccessibility(ctx, t)

	editor := "/fi/forms/noise-notification"
	do(ctx, t, "open the noise notification's form", chromedp.Click(chromedp.CSS("main a[href='"+editor+"']")))
	waitPath(ctx, t, editor)
	s.scanAccessibility(ctx, t)

	// A field of an unknown type is refused with its place; the text stays.
	editDefinition(ctx, t, "break the first field's type", `"type": "text"`, `"type": "textbox"`)
	do(ctx, t, "save the broken definition", chromedp.Click(chromedp.CSS("form[action='"+editor+"'] button[type=submit]")))
	do(ctx, t, "wait for the problems", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#definition']")))
	contains(ctx, t, ".error-summary", "Määrittelyä ei tallennettu", "pages[0].sections[0].fields[0]", "organiser_name", "Tuntematon kenttätyyppi")
	contains(ctx, t, "#definition-error", "eikä sitä tallennettu")
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#definition"))); !strings.Contains(v, `"type": "textbox"`) {
		t.Errorf("the typed definition was not kept in the editor")
	}
	s.screenshot(ctx, t, "formadmin-edit-error-fi")
	s.scanAccessibility(ctx, t)

	// A valid change is saved as a draft, which customers do not see yet.
	editDefinition(ctx, t, "mend the type", `"type": "textbox"`, `"type": "text"`)
	editDefinition(ctx, t, "rename the organiser's name", `"fi": "Järjestäjän nimi"`, `"fi": "Järjestäjän virallinen nimi"`)
	do(ctx, t, "save the change", chromedp.Click(chromedp.CSS("form[action='"+editor+"'] button[type=submit]")))
	waitPath(ctx, t, "ok=saved")
	contains(ctx, t, "main", "tallennettiin luonnokseksi", "Versio 2", "Luonnos")
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#definition"))); !strings.Contains(v, "Järjestäjän virallinen nimi") {
		t.Errorf("the editor does not show the saved draft")
	}

	// The preview shows the draft's pages as customers will see them.
	do(ctx, t, "preview the draft", chromedp.Click(chromedp.CSS("main .button-row a[href$='/versions/2/preview']")))
	waitPath(ctx, t, "/fi/forms/noise-notification/versions/2/preview")
	contains(ctx, t, "main", "Järjestäjän virallinen nimi", "Järjestäjän postiosoite", "sivu 1/4")
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('main button[type=submit]').length`)); n != 0 {
		t.Errorf("the preview offers %d submit buttons, want none", n)
	}
	s.screenshot(ctx, t, "formadmin-preview-fi")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "go to the next page", chromedp.Click(chromedp.CSS("main a[rel=next]")))
	waitPath(ctx, t, "preview?page=2")
	contains(ctx, t, "main h1", "Tapahtuma")
	s.scanAccessibility(ctx, t)

	// Publishing asks first, then the draft is the version in use.
	s.open(ctx, t, editor)
	do(ctx, t, "ask to publish", chromedp.Click(chromedp.CSS("main a[href='"+editor+"/publish']")))
	waitPath(ctx, t, editor+"/publish")
	contains(ctx, t, "main", "Julkaistaanko versio 2?")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "confirm", chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	waitPath(ctx, t, "ok=published")
	contains(ctx, t, "main table", "Käytössä", "Korvattu uudemmalla")
	s.screenshot(ctx, t, "formadmin-published-fi")
	s.scanAccessibility(ctx, t)
	s.open(ctx, t, "/api/v1/services/ta-noise-notification/form")
	contains(ctx, t, "body", `"version":2`, "Järjestäjän virallinen nimi")
}

func createForm(t *testing.T, s *suite, ctx context.Context) {
	s.signInAs(ctx, t, "en", "sisalto", "/en/forms")
	do(ctx, t, "give a bad ID",
		chromedp.SetValue(chromedp.CSS("#id"), "Not an ID"),
		chromedp.Click(chromedp.CSS("form[action='/en/forms'] button[type=submit]")))
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#id']")))
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#id"))); v != "Not an ID" {
		t.Errorf("the typed ID was not kept: %q", v)
	}
	s.scanAccessibility(ctx, t)
	do(ctx, t, "give a good ID",
		chromedp.SetValue(chromedp.CSS("#id"), "e2e-own-form"),
		chromedp.Click(chromedp.CSS("form[action='/en/forms'] button[type=submit]")))
	waitPath(ctx, t, "/en/forms/e2e-own-form?ok=created")
	contains(ctx, t, "main", "created as a draft", "Version 1, Draft")
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#definition"))); !strings.Contains(v, `"id": "e2e-own-form"`) {
		t.Errorf("the new form's definition lacks its ID")
	}
	s.scanAccessibility(ctx, t)
}
