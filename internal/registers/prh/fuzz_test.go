package prh

import (
	"errors"
	"testing"
)

// FuzzParseCompany feeds the parser arbitrary bytes: it must never panic, and
// what it accepts must hold together. The seeds are whole recorded answers, so
// give the fuzzer a short -fuzzminimizetime (say 2s) or it spends a short run
// minimising them.
func FuzzParseCompany(f *testing.F) {
	for _, name := range []string{"restaurant_helsinki.json", "farm_pirkanmaa.json", "mining_lapland.json",
		"not_found.json", "error_400.json"} {
		f.Add(fixture(f, name))
	}
	f.Add([]byte(`{"companies":[{"businessId":{"value":"3067891-2"},"mainBusinessLine":{"type":1e400}}]}`))
	f.Add([]byte(`{"companies":[{"businessId":{"value":"3067891-2"},"addresses":[{"type":-1,"postOffices":[{}]}]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, id := range []string{"3067891-2", "3023456-1", "3034567-5"} {
			c, err := parseCompany(body, id)
			if err != nil {
				if !errors.Is(err, ErrNotFound) && c.BusinessID != "" {
					t.Fatalf("failed with %v but returned %+v", err, c)
				}
				continue
			}
			if c.BusinessID != id {
				t.Fatalf("asked for %s, got %q", id, c.BusinessID)
			}
			if m := c.Municipality; m != "" && !validMunicipality(m) {
				t.Fatalf("municipality %q is not three digits", m)
			}
			if c.LineOfBusiness != digits(c.LineOfBusiness) {
				t.Fatalf("line of business %q is not digits", c.LineOfBusiness)
			}
		}
	})
}
