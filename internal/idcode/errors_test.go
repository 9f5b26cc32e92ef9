package idcode

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorSaysWhatIsWrongWithoutTheInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"a personal code with a bad check", personalErr(ReasonCheckCharacter), "personal identity code has the wrong check character"},
		{"a personal code with a bad date", personalErr(ReasonDate), "personal identity code has a birth date that does not exist"},
		{"a business ID with a bad check", businessErr(ReasonCheckDigit), "business ID has the wrong check digit"},
		{"a business ID that cannot exist", businessErr(ReasonNoSuchID), "business ID has digits that no business ID can have"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("Error() = %q, want %q", got, tc.want)
			}
		})
	}
	_, err := ParsePersonalID("131052-308U")
	wrapped := fmt.Errorf("register applicant: %w", err)
	if r, ok := ReasonOf(wrapped); !ok || r != ReasonCheckCharacter {
		t.Errorf("ReasonOf(wrapped) = %q, %v; want %q, true", r, ok, ReasonCheckCharacter)
	}
	if _, ok := ReasonOf(errors.New("other")); ok {
		t.Error("ReasonOf found a reason in an unrelated error")
	}
}
