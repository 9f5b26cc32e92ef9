package forms

import (
	"encoding/json"
	"net/url"
	"os"
	"testing"
)

// FuzzReadPage posts anything to every page and runs what follows a post:
// nothing may panic, and the answers must stay JSON.
func FuzzReadPage(f *testing.F) {
	f.Add("attendance=12a&kind=rave&_row=remove:stages:0")
	f.Add("stages.count=2&stages.1.power=1e400&stages.0.stage_name=x&event_dates.from=31.2.2027")
	f.Add("performers.count=-5&_row=add:performers&spot.lat=NaN&spot.lon=Inf&music_late=yes&activities=fireworks")
	f.Add("venue.street=%00&business_id=0112038-9&property=000-1-1-1&build_date=0000-01-01")
	c := festival(f)
	f.Fuzz(func(t *testing.T, query string) {
		post, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		a := Answers{}
		for i := range c.Form().Pages {
			a = c.ReadPage(i, post, a)
			c.View(i, a, c.ValidatePage(i, a), nil, "fi")
		}
		errs := c.Validate(a)
		c.ErrorSummary(errs, "sv")
		c.Summary(a, "en")
		Diff(c, a, c.Clean(a), "fi")
		if _, err := json.Marshal(a); err != nil {
			t.Fatalf("answers %v are no JSON: %v", a, err)
		}
	})
}

// FuzzCheck checks any definition: Parse and Check may refuse it, but not panic.
func FuzzCheck(f *testing.F) {
	b, err := os.ReadFile("testdata/festival.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"id":"x","services":["*"],"title":{"fi":"x"},"pages":[{"id":"p","title":{"fi":"p"},"visible":"answered(x)","sections":[{"id":"s","fields":[{"id":"x","type":"group","label":{"fi":"x"},"fields":[{"id":"x","type":"group","label":{"fi":"y"}}]}]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		form, err := Parse(data)
		if err != nil {
			return
		}
		if c, err := Compile(form); err == nil {
			a := Answers{}
			c.Validate(a)
			c.View(0, a, nil, nil, "fi")
			if _, err := JSONSchema(form, "fi"); err != nil {
				t.Fatalf("a compiled form has no schema: %v", err)
			}
		}
	})
}
