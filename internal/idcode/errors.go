// Package idcode checks Finnish identity codes that people type in: the
// personal identity code (henkilötunnus) and the business ID (Y-tunnus).
//
// Parsing normalises what it accepts (surrounding space trimmed, letters in
// upper case), so the String of a parsed code is the form to store and compare.
// A code that is rejected comes back with an *Error whose Reason says what is
// wrong, for the user interface to explain in the user's language.
package idcode

import (
	"errors"
	"fmt"
	"strings"
)

// Kind names the kind of identity code an Error is about.
type Kind string

// The kinds of code.
const (
	KindPersonalID Kind = "personal_id"
	KindBusinessID Kind = "business_id"
)

// Reason is a machine-readable word for what is wrong with a code. The user
// interface keys its translated messages on it, so the values never change.
type Reason string

// The reasons a code is rejected, in the order they are checked: the first
// that applies is reported.
const (
	// ReasonEmpty: nothing but space was given.
	ReasonEmpty Reason = "empty"
	// ReasonFormat: wrong length, or something other than a digit where a
	// digit belongs, or a missing hyphen in a business ID.
	ReasonFormat Reason = "format"
	// ReasonCenturySign: the seventh character of a personal identity code
	// is not one of + - Y X W V U A B C D E F.
	ReasonCenturySign Reason = "century_sign"
	// ReasonDate: the birth date part is not a date in the calendar, such as
	// 31 February or 29 February in a year that is not a leap year.
	ReasonDate Reason = "date"
	// ReasonIndividualNumber: the individual number is 000 or 001, which are
	// never given.
	ReasonIndividualNumber Reason = "individual_number"
	// ReasonCheckCharacter: the last character of a personal identity code
	// does not match the rest, usually a typing error.
	ReasonCheckCharacter Reason = "check_character"
	// ReasonCheckDigit: the last digit of a business ID does not match the
	// rest, usually a typing error.
	ReasonCheckDigit Reason = "check_digit"
	// ReasonNoSuchID: the seven digits of a business ID are ones for which
	// no check digit exists (the weighted sum leaves remainder 1), so no
	// business can have them whatever the last digit is.
	ReasonNoSuchID Reason = "no_such_id"
)

// Error says which kind of code was rejected and why. It never holds the
// input: personal identity codes must not end up in logs through error text.
type Error struct {
	Kind   Kind
	Reason Reason
}

var reasonText = map[Reason]string{
	ReasonEmpty:            "is empty",
	ReasonFormat:           "is not in the right format",
	ReasonCenturySign:      "has an unknown century sign",
	ReasonDate:             "has a birth date that does not exist",
	ReasonIndividualNumber: "has an individual number that is not in use",
	ReasonCheckCharacter:   "has the wrong check character",
	ReasonCheckDigit:       "has the wrong check digit",
	ReasonNoSuchID:         "has digits that no business ID can have",
}

var kindText = map[Kind]string{
	KindPersonalID: "personal identity code",
	KindBusinessID: "business ID",
}

// Error returns an English sentence fragment such as "business ID has the
// wrong check digit"; users should see a translated message chosen by Reason.
func (e *Error) Error() string {
	return fmt.Sprintf("%s %s", kindText[e.Kind], reasonText[e.Reason])
}

// ReasonOf returns the Reason of the first *Error in err's chain, so that a
// caller can find it after the error has been wrapped.
func ReasonOf(err error) (Reason, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason, true
	}
	return "", false
}

func personalErr(r Reason) error { return &Error{Kind: KindPersonalID, Reason: r} }
func businessErr(r Reason) error { return &Error{Kind: KindBusinessID, Reason: r} }

// normalise trims surrounding space and upper-cases ASCII letters only: a
// full Unicode upper-casing would turn look-alikes such as 'ſ' or 'ı' into
// ASCII letters and accept codes nobody typed.
func normalise(s string) string {
	b := []byte(strings.TrimSpace(s))
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi reads a string that isDigits has accepted.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
