package idcode

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParsePersonalIDAcceptsValidCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		in        string
		want      string
		birth     time.Time
		temporary bool
	}{
		{"the classic example 131052-308T is valid", "131052-308T", "131052-308T", date(1952, 10, 13), false},
		{"a plus sign means the 1800s", "010100+002H", "010100+002H", date(1800, 1, 1), false},
		{"the last day of the 1800s with individual number 899 is valid", "311299+8997", "311299+8997", date(1899, 12, 31), false},
		{"the new 1900s sign Y is accepted", "131052Y309U", "131052Y309U", date(1952, 10, 13), false},
		{"the new 1900s sign X is accepted", "150376X124P", "150376X124P", date(1976, 3, 15), false},
		{"the new 1900s sign W is accepted", "290296W455S", "290296W455S", date(1996, 2, 29), false},
		{"the new 1900s sign V is accepted", "010190V002R", "010190V002R", date(1990, 1, 1), false},
		{"the new 1900s sign U is accepted", "120588U901J", "120588U901J", date(1988, 5, 12), true},
		{"the sign A means the 2000s", "010101A123N", "010101A123N", date(2001, 1, 1), false},
		{"the new 2000s sign B is accepted", "290224B568U", "290224B568U", date(2024, 2, 29), false},
		{"the new 2000s sign C is accepted", "310525C247E", "310525C247E", date(2025, 5, 31), false},
		{"the new 2000s sign D is accepted with a temporary number", "070707D9022", "070707D9022", date(2007, 7, 7), true},
		{"the new 2000s sign E is accepted", "150612E333B", "150612E333B", date(2012, 6, 15), false},
		{"the new 2000s sign F is accepted", "311223F444X", "311223F444X", date(2023, 12, 31), false},
		{"29 February 2000 exists because 2000 is a leap year", "290200A2468", "290200A2468", date(2000, 2, 29), false},
		{"29 February 1896 exists", "290296+1232", "290296+1232", date(1896, 2, 29), false},
		{"29 February 2024 exists", "290224A123F", "290224A123F", date(2024, 2, 29), false},
		{"the lowest individual number in use, 002, is valid", "131052-002X", "131052-002X", date(1952, 10, 13), false},
		{"individual number 999 is a valid temporary number", "010101A999X", "010101A999X", date(2001, 1, 1), true},
		{"lower-case letters are normalised to upper case", "131052-308t", "131052-308T", date(1952, 10, 13), false},
		{"a lower-case century sign is normalised", "010101a123n", "010101A123N", date(2001, 1, 1), false},
		{"surrounding space and a line break are trimmed", "  131052-308T\n", "131052-308T", date(1952, 10, 13), false},
		{"a no-break space pasted from a document is trimmed", "\u00a0131052-308T", "131052-308T", date(1952, 10, 13), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// The table's codes are typed by hand; make sure each is right
			// by the reference computation before trusting the verdict.
			if got := refPersonalID(tc.want[:6], tc.want[6], tc.want[7:10]); got != tc.want {
				t.Fatalf("table code %s should be %s by the reference computation", tc.want, got)
			}
			p, err := ParsePersonalID(tc.in)
			if err != nil {
				t.Fatalf("ParsePersonalID(%q) = %v, want no error", tc.in, err)
			}
			if p.String() != tc.want {
				t.Errorf("String() = %q, want %q", p.String(), tc.want)
			}
			if !p.BirthDate().Equal(tc.birth) {
				t.Errorf("BirthDate() = %v, want %v", p.BirthDate(), tc.birth)
			}
			if p.Temporary() != tc.temporary {
				t.Errorf("Temporary() = %v, want %v", p.Temporary(), tc.temporary)
			}
			if p.IsZero() {
				t.Error("IsZero() = true for a parsed code")
			}
		})
	}
}

func TestParsePersonalIDAcceptsEveryCenturySign(t *testing.T) {
	t.Parallel()
	tests := []struct {
		signs string
		year  int
	}{
		{"+", 1865},
		{"-YXWVU", 1965},
		{"ABCDEF", 2005},
	}
	for _, tc := range tests {
		for i := 0; i < len(tc.signs); i++ {
			sign := tc.signs[i]
			t.Run(fmt.Sprintf("sign %c means the year %d for YY %02d", sign, tc.year, tc.year%100), func(t *testing.T) {
				t.Parallel()
				code := refPersonalID(fmt.Sprintf("1506%02d", tc.year%100), sign, "457")
				p, err := ParsePersonalID(code)
				if err != nil {
					t.Fatalf("ParsePersonalID(%q) = %v", code, err)
				}
				if want := date(tc.year, 6, 15); !p.BirthDate().Equal(want) {
					t.Errorf("BirthDate() = %v, want %v", p.BirthDate(), want)
				}
			})
		}
	}
}

func TestParsePersonalIDRejectsInvalidCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want Reason
	}{
		{"an empty string is empty", "", ReasonEmpty},
		{"only spaces are empty", "   \t", ReasonEmpty},
		{"a code one character short is the wrong format", "131052-308", ReasonFormat},
		{"a code one character long is the wrong format", "131052-308TT", ReasonFormat},
		{"a letter O in place of a zero is the wrong format", "131052-3O8T", ReasonFormat},
		{"a letter in the date is the wrong format", "13105Z-308T", ReasonFormat},
		{"full-width digits are the wrong format", "１３１０５２-308T", ReasonFormat},
		{"a space inside the code is the wrong format", "131052 -308T", ReasonFormat},
		{"a dotless i that upper-cases to I is not read as a letter", "131052-308ı", ReasonFormat},
		{"a digit as century sign is an unknown century sign", "1310523308T", ReasonCenturySign},
		{"the letter G is an unknown century sign", "131052G308T", ReasonCenturySign},
		{"a slash is an unknown century sign", "131052/308T", ReasonCenturySign},
		{"the letter Z is an unknown century sign", "131052Z308T", ReasonCenturySign},
		{"31 February does not exist", "310299-1234", ReasonDate},
		{"29 February 2023 does not exist", "290223A1237", ReasonDate},
		{"29 February 1900 does not exist because 1900 is not a leap year", "290200-2468", ReasonDate},
		{"29 February 1800 does not exist", "290200+1239", ReasonDate},
		{"month 13 does not exist", "011352-308T", ReasonDate},
		{"day zero does not exist", "001052-308T", ReasonDate},
		{"month zero does not exist", "130052-308T", ReasonDate},
		{"31 April does not exist", "310476-1234", ReasonDate},
		{"individual number 000 is not in use", "131052-000V", ReasonIndividualNumber},
		{"individual number 001 is not in use", "131052-001W", ReasonIndividualNumber},
		{"a wrong check letter is reported", "131052-308U", ReasonCheckCharacter},
		{"a check digit where a letter belongs is reported", "131052-3085", ReasonCheckCharacter},
		{"the letter G is never a check character", "131052-308G", ReasonCheckCharacter},
		{"swapped individual digits are caught by the check", "131052-380T", ReasonCheckCharacter},
		{"the same digits with an A sign still need the right check", "131052A308U", ReasonCheckCharacter},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := ParsePersonalID(tc.in)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ParsePersonalID(%q) = %v, %v; want an *Error", tc.in, p, err)
			}
			if e.Reason != tc.want || e.Kind != KindPersonalID {
				t.Errorf("error = %s/%s, want %s/%s", e.Kind, e.Reason, KindPersonalID, tc.want)
			}
			if !p.IsZero() {
				t.Errorf("a rejected code returned %q, want the zero value", p)
			}
		})
	}
}

func TestParsePersonalIDChecksEveryCheckCharacter(t *testing.T) {
	t.Parallel()
	// For one date and many individual numbers exactly one of the 31 check
	// characters, the reference one, may be accepted.
	alphabet := refCheckChars()
	for n := 2; n < 1000; n += 7 {
		ind := fmt.Sprintf("%03d", n)
		want := refPersonalCheck("300403", ind)
		for i := 0; i < len(alphabet); i++ {
			code := "300403A" + ind + string(alphabet[i])
			_, err := ParsePersonalID(code)
			if (err == nil) != (alphabet[i] == want) {
				t.Fatalf("ParsePersonalID(%q) = %v, want accepted only with check %c", code, err, want)
			}
		}
	}
}
