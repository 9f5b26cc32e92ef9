package idcode

import "testing"

func TestMaskedHidesTheIndividualNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"a 1900s code keeps its date and hyphen", "131052-308T", "131052-****"},
		{"a new century sign is kept", "290224B568U", "290224B****"},
		{"a lower-case code is masked in its normal form", " 010101a123n ", "010101A****"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := ParsePersonalID(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Masked(); got != tc.want {
				t.Errorf("Masked() = %q, want %q", got, tc.want)
			}
			if got := MaskPersonalID(tc.in); got != tc.want {
				t.Errorf("MaskPersonalID(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	if got := (PersonalID{}).Masked(); got != "" {
		t.Errorf("the zero PersonalID masks to %q, want empty", got)
	}
}

func TestMaskPersonalIDMasksStoredJunk(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"a code with a wrong check keeps only its six digits", "131052-308U", "131052*****"},
		{"a code with an unknown sign hides the sign too", "131052Q308T", "131052*****"},
		{"a long digit string keeps only six digits", "13105230812345", "131052*****"},
		{"six digits alone are hidden entirely", "131052", "******"},
		{"a short string is hidden entirely", "12", "******"},
		{"an empty string is hidden", "", "******"},
		{"letters at the start are hidden entirely", "abcdef-ghij", "******"},
		{"multi-byte characters do not break masking", "ääääää-öööö", "******"},
		{"digits after a multi-byte start are not shown", "ä131052-308T", "******"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := MaskPersonalID(tc.in); got != tc.want {
				t.Errorf("MaskPersonalID(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
