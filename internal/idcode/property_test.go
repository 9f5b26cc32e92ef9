package idcode

import (
	"errors"
	"strings"
	"testing"
)

func TestParsePropertyIDAcceptsValidIDs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, short, long string
	}{
		{"the long hyphenated form is accepted", "091-403-0001-0002", "91-403-1-2", "09140300010002"},
		{"the short form is accepted", "91-403-1-2", "91-403-1-2", "09140300010002"},
		{"the 14-digit form is accepted", "09140300010002", "91-403-1-2", "09140300010002"},
		{"surrounding space is trimmed", "  091-403-0001-0234\t", "91-403-1-234", "09140300010234"},
		{"a rural ID with a four-digit group is accepted", "698-412-0015-0007", "698-412-15-7", "69841200150007"},
		{"village and unit zero are accepted", "005-000-9901-0000", "5-0-9901-0", "00500099010000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := ParsePropertyID(tc.in)
			if err != nil {
				t.Fatalf("ParsePropertyID(%q) = %v, want no error", tc.in, err)
			}
			if p.String() != tc.short || p.Long() != tc.long {
				t.Errorf("String() = %q, Long() = %q; want %q, %q", p.String(), p.Long(), tc.short, tc.long)
			}
			if p.IsZero() {
				t.Error("IsZero() = true for a parsed ID")
			}
			if p.Municipality() != tc.long[:3] {
				t.Errorf("Municipality() = %q, want %q", p.Municipality(), tc.long[:3])
			}
		})
	}
}

func TestParsePropertyIDRejectsInvalidIDs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want Reason
	}{
		{"an empty string is empty", "", ReasonEmpty},
		{"only spaces are empty", "   ", ReasonEmpty},
		{"three parts are the wrong format", "091-403-0001", ReasonFormat},
		{"five parts are the wrong format", "091-403-0001-0002-1", ReasonFormat},
		{"a four-digit municipality is the wrong format", "0091-403-1-2", ReasonFormat},
		{"a five-digit unit is the wrong format", "091-403-1-00002", ReasonFormat},
		{"an empty part is the wrong format", "091--1-2", ReasonFormat},
		{"a letter is the wrong format", "091-40A-1-2", ReasonFormat},
		{"13 digits are the wrong format", "0914030001000", ReasonFormat},
		{"municipality 000 does not exist", "000-403-1-2", ReasonFormat},
		{"a 14-digit form with municipality 000 does not exist", "00040300010002", ReasonFormat},
		{"an en dash is the wrong format", "091–403–1–2", ReasonFormat},
		{"a sign is the wrong format", "+91-403-1-2", ReasonFormat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := ParsePropertyID(tc.in)
			var e *Error
			if !errors.As(err, &e) || e.Kind != KindPropertyID || e.Reason != tc.want {
				t.Fatalf("ParsePropertyID(%q) = %v, %v; want reason %q", tc.in, p, err, tc.want)
			}
			if !p.IsZero() || p.String() != "" || p.Long() != "" {
				t.Errorf("a rejected ID returned %q", p)
			}
			if strings.Contains(err.Error(), tc.in) && tc.in != "" {
				t.Errorf("Error() = %q repeats the input", err.Error())
			}
		})
	}
	if got := propertyErr(ReasonFormat).Error(); got != "property ID is not in the right format" {
		t.Errorf("Error() = %q", got)
	}
}

func FuzzParsePropertyID(f *testing.F) {
	for _, s := range []string{"091-403-0001-0002", "91-403-1-2", "09140300010002", "", "000-1-1-1", "1-1-1-1-1", "٠٩١-403-1-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePropertyID(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Kind != KindPropertyID || !knownReasons[e.Reason] {
				t.Fatalf("ParsePropertyID(%q) returned an unexpected error %#v", s, err)
			}
			if !p.IsZero() {
				t.Fatalf("ParsePropertyID(%q) failed but returned %q", s, p)
			}
			return
		}
		for _, form := range []string{p.String(), p.Long()} {
			again, err := ParsePropertyID(form)
			if err != nil || again != p {
				t.Fatalf("re-parsing %q (from %q) gave %v, %v; want the same ID", form, s, again, err)
			}
		}
		if len(p.Long()) != 14 || !isDigits(p.Long()) || p.Municipality() == "000" {
			t.Fatalf("Long() = %q for %q", p.Long(), s)
		}
	})
}
