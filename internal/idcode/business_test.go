package idcode

import (
	"errors"
	"fmt"
	"testing"
)

func TestParseBusinessIDAcceptsValidIDs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"Nokia Oyj's ID 0112038-9 is valid", "0112038-9", "0112038-9"},
		{"Kesko Oyj's ID 0109862-8 is valid", "0109862-8", "0109862-8"},
		{"an ID whose sum leaves no remainder has check digit 0", "1572860-0", "1572860-0"},
		{"another valid ID is accepted", "2331972-7", "2331972-7"},
		{"the old six-digit form gets its leading zero back", "112038-9", "0112038-9"},
		{"a six-digit form of another ID is padded too", "123456-2", "0123456-2"},
		{"surrounding space is trimmed", "  0109862-8\t", "0109862-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := refBusinessCheck(tc.want[:7]); fmt.Sprint(got) != tc.want[8:] {
				t.Fatalf("table ID %s should end in %d by the reference computation", tc.want, got)
			}
			b, err := ParseBusinessID(tc.in)
			if err != nil {
				t.Fatalf("ParseBusinessID(%q) = %v, want no error", tc.in, err)
			}
			if b.String() != tc.want {
				t.Errorf("String() = %q, want %q", b.String(), tc.want)
			}
			if b.IsZero() {
				t.Error("IsZero() = true for a parsed ID")
			}
		})
	}
}

func TestParseBusinessIDRejectsInvalidIDs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want Reason
	}{
		{"an empty string is empty", "", ReasonEmpty},
		{"only spaces are empty", "  ", ReasonEmpty},
		{"seven digits without a check digit are the wrong format", "0112038", ReasonFormat},
		{"an ID without its hyphen is the wrong format", "01120389", ReasonFormat},
		{"a hyphen with nothing after it is the wrong format", "0112038-", ReasonFormat},
		{"eight digits before the hyphen are the wrong format", "01120380-9", ReasonFormat},
		{"five digits before the hyphen are the wrong format", "12038-9", ReasonFormat},
		{"an en dash in place of the hyphen is the wrong format", "0112038–9", ReasonFormat},
		{"a letter in the digits is the wrong format", "01120A8-9", ReasonFormat},
		{"a letter as check digit is the wrong format", "0112038-X", ReasonFormat},
		{"a VAT number is not a business ID", "FI01120389", ReasonFormat},
		{"a wrong check digit is reported", "0112038-8", ReasonCheckDigit},
		{"swapped digits are caught by the check", "0121038-9", ReasonCheckDigit},
		{"a six-digit form with a wrong check digit is reported", "123456-3", ReasonCheckDigit},
		{"digits whose sum leaves remainder 1 can have no check digit", "1000008-0", ReasonNoSuchID},
		{"the same digits with another check digit are still no ID", "1000008-9", ReasonNoSuchID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b, err := ParseBusinessID(tc.in)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ParseBusinessID(%q) = %v, %v; want an *Error", tc.in, b, err)
			}
			if e.Reason != tc.want || e.Kind != KindBusinessID {
				t.Errorf("error = %s/%s, want %s/%s", e.Kind, e.Reason, KindBusinessID, tc.want)
			}
			if !b.IsZero() {
				t.Errorf("a rejected ID returned %q, want the zero value", b)
			}
		})
	}
}

func TestParseBusinessIDAcceptsExactlyTheReferenceCheckDigit(t *testing.T) {
	t.Parallel()
	// Over a run of numbers every check digit is tried: only the reference
	// one may pass, and numbers without one must fail with ReasonNoSuchID.
	for n := 0; n < 3000; n++ {
		digits := fmt.Sprintf("%07d", n*3331%10000000)
		want := refBusinessCheck(digits)
		for d := 0; d <= 9; d++ {
			id := fmt.Sprintf("%s-%d", digits, d)
			_, err := ParseBusinessID(id)
			switch r, _ := ReasonOf(err); {
			case want == -1 && r != ReasonNoSuchID:
				t.Fatalf("ParseBusinessID(%q) = %v, want %s", id, err, ReasonNoSuchID)
			case want == d && err != nil:
				t.Fatalf("ParseBusinessID(%q) = %v, want no error", id, err)
			case want != -1 && want != d && r != ReasonCheckDigit:
				t.Fatalf("ParseBusinessID(%q) = %v, want %s", id, err, ReasonCheckDigit)
			}
		}
	}
}
