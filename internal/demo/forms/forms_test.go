package demoforms

import (
	"fmt"
	"net/url"
	"slices"
	"testing"

	"github.com/luva-fi/luva/internal/demo"
	"github.com/luva-fi/luva/internal/forms"
)

func TestDemoFormsCompileAndServeKnownServices(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	seeds, err := demo.ServiceSeeds()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{"*": true}
	for _, s := range seeds {
		known[s.ID] = true
	}
	var ids []string
	for _, f := range all {
		ids = append(ids, f.ID)
		if _, err := forms.Compile(f); err != nil {
			t.Errorf("%s: %v", f.ID, err)
		}
		for _, s := range f.Services {
			if !known[s] {
				t.Errorf("%s serves %q, which the demo catalogue does not have", f.ID, s)
			}
		}
		if _, err := forms.JSONSchema(f, "sv"); err != nil {
			t.Errorf("%s: %v", f.ID, err)
		}
	}
	if want := []string{"food-premises", "generic", "noise-notification", "public-event"}; !slices.Equal(ids, want) {
		t.Errorf("forms = %v, want %v", ids, want)
	}
}

func TestDemoFormsSpeakEveryLanguage(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range all {
		check := func(where string, tx forms.Texts, optional bool) {
			if optional && len(tx) == 0 {
				return
			}
			for _, lang := range []string{"fi", "sv", "en"} {
				if tx[lang] == "" {
					t.Errorf("%s %s has no %s text", f.ID, where, lang)
				}
			}
		}
		check("title", f.Title, false)
		var field func(where string, x forms.Field)
		field = func(where string, x forms.Field) {
			check(where+" label", x.Label, false)
			check(where+" help", x.Help, true)
			for i, o := range x.Options {
				check(fmt.Sprintf("%s option %d", where, i), o.Label, false)
			}
			for i, r := range x.Rules {
				check(fmt.Sprintf("%s rule %d", where, i), r.Message, false)
			}
			for _, col := range x.Fields {
				field(where+" column "+col.ID, col)
			}
		}
		for _, p := range f.Pages {
			check("page "+p.ID, p.Title, false)
			check("page "+p.ID+" intro", p.Intro, true)
			for _, s := range p.Sections {
				check("section "+s.ID, s.Title, true)
				check("section "+s.ID+" help", s.Help, true)
				for _, x := range s.Fields {
					field("field "+x.ID, x)
				}
			}
		}
	}
}

// TestNoiseNotificationAsksWhyMusicGoesOnLate follows a customer through the
// conditional part of the noise notification.
func TestNoiseNotificationAsksWhyMusicGoesOnLate(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(all, func(f forms.Form) bool { return f.ID == "noise-notification" })
	c, err := forms.Compile(all[i])
	if err != nil {
		t.Fatal(err)
	}
	page := slices.IndexFunc(all[i].Pages, func(p forms.Page) bool { return p.ID == "noise" })
	post := url.Values{"noise_sources": {"amplified_music"}, "sound_equipment": {"2 x 2 kW"},
		"nearest_site": {"Kerrostalo, Puistokatu 3"}, "nearest_distance_m": {"150"}, "noise_level_db": {"63,5"},
		"noise_assessment_basis": {"estimate"}, "music_after_22": {"no"}, "noise_measures": {"Kaiuttimet poispäin asunnoista."},
		"noise_monitoring": {"yes"}, "neighbour_info": {"letters"}, "on_duty_phone": {"040 123 4567"}}
	a := c.ReadPage(page, post, forms.Answers{})
	if errs := c.ValidatePage(page, a); len(errs) > 0 {
		t.Fatalf("errors = %+v", errs)
	}
	post.Set("music_after_22", "yes")
	a = c.ReadPage(page, post, a)
	errs := c.ValidatePage(page, a)
	if len(errs) != 1 || errs[0].Field != "late_explanation" || errs[0].Code != forms.CodeRequired {
		t.Fatalf("errors = %+v, want late_explanation required", errs)
	}
	post.Set("noise_level_db", "140")
	if e := c.ValidatePage(page, c.ReadPage(page, post, a)).For("noise_level_db"); e == nil || e.Code != forms.CodeMax {
		t.Errorf("a noise level of 140 dB gives %+v", e)
	}
}
