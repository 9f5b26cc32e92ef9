package idcode

import (
	"errors"
	"strings"
	"testing"
)

var knownReasons = map[Reason]bool{
	ReasonEmpty: true, ReasonFormat: true, ReasonCenturySign: true, ReasonDate: true,
	ReasonIndividualNumber: true, ReasonCheckCharacter: true, ReasonCheckDigit: true,
	ReasonNoSuchID: true,
}

func FuzzParsePersonalID(f *testing.F) {
	for _, s := range []string{
		"131052-308T", "131052-308t", " 290224B568U ", "290200-2468", "131052-000V",
		"010100+002H", "120588U901J", "131052Q308T", "", "ä131052-308T", "1310523308T",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePersonalID(s)
		checkMaskHidesRest(t, s, MaskPersonalID(s))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Kind != KindPersonalID || !knownReasons[e.Reason] {
				t.Fatalf("ParsePersonalID(%q) returned an unexpected error %#v", s, err)
			}
			if !p.IsZero() {
				t.Fatalf("ParsePersonalID(%q) failed but returned %q", s, p)
			}
			return
		}
		code := p.String()
		if want := strings.ToUpper(strings.TrimSpace(s)); code != want {
			t.Fatalf("String() = %q, want the trimmed upper-case input %q", code, want)
		}
		again, err := ParsePersonalID(code)
		if err != nil || again != p {
			t.Fatalf("re-parsing %q gave %v, %v; want the same code", code, again, err)
		}
		if want := refPersonalCheck(code[:6], code[7:10]); code[10] != want {
			t.Fatalf("%q was accepted, but its check character should be %c", code, want)
		}
		if got := p.BirthDate().Format("020106"); got != code[:6] {
			t.Fatalf("BirthDate() of %q is %v", code, p.BirthDate())
		}
		if code[7:10] == "000" || code[7:10] == "001" {
			t.Fatalf("%q was accepted with an individual number not in use", code)
		}
		if m := p.Masked(); m != code[:7]+"****" || MaskPersonalID(s) != m {
			t.Fatalf("Masked() = %q and MaskPersonalID = %q for %q", m, MaskPersonalID(s), code)
		}
	})
}

// checkMaskHidesRest fails unless masked shows at most the first six
// characters of the normalised input and a century sign after them, with
// asterisks for everything else.
func checkMaskHidesRest(t *testing.T, in, masked string) {
	t.Helper()
	if len(masked) != 6 && len(masked) != 11 {
		t.Fatalf("MaskPersonalID(%q) = %q has an unexpected length", in, masked)
	}
	if masked == "******" {
		return
	}
	norm := strings.ToUpper(strings.TrimSpace(in))
	if !strings.HasPrefix(norm, masked[:6]) {
		t.Fatalf("MaskPersonalID(%q) = %q shows something that is not the input's start", in, masked)
	}
	if masked[7:] != "****" || (masked[6] != '*' && masked[6] != norm[6]) {
		t.Fatalf("MaskPersonalID(%q) = %q shows more than the birth date and century sign", in, masked)
	}
}

func FuzzParseBusinessID(f *testing.F) {
	for _, s := range []string{
		"0112038-9", "112038-9", " 0109862-8 ", "1000008-0", "0112038-8", "01120389", "", "FI01120389",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBusinessID(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Kind != KindBusinessID || !knownReasons[e.Reason] {
				t.Fatalf("ParseBusinessID(%q) returned an unexpected error %#v", s, err)
			}
			if !b.IsZero() {
				t.Fatalf("ParseBusinessID(%q) failed but returned %q", s, b)
			}
			return
		}
		id := b.String()
		trimmed := strings.TrimSpace(s)
		if id != trimmed && id != "0"+trimmed {
			t.Fatalf("String() = %q for input %q", id, s)
		}
		again, err := ParseBusinessID(id)
		if err != nil || again != b {
			t.Fatalf("re-parsing %q gave %v, %v; want the same ID", id, again, err)
		}
		if want := refBusinessCheck(id[:7]); want < 0 || int(id[8]-'0') != want {
			t.Fatalf("%q was accepted, but the reference check digit is %d", id, want)
		}
	})
}
