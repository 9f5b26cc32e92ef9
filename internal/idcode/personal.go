package idcode

import (
	"strings"
	"time"
)

// checkChars maps the remainder of DDMMYYZZZ divided by 31 to the check
// character; the letters G, I, O, Q and Z are left out as too easy to misread.
const checkChars = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// centuryBase gives the first year of the century that each century sign
// stands for. The signs Y, X, W, V, U and B–F came into use in 2023 when the
// supply of individual numbers ran low; many systems still reject them.
var centuryBase = map[byte]int{
	'+': 1800,
	'-': 1900, 'Y': 1900, 'X': 1900, 'W': 1900, 'V': 1900, 'U': 1900,
	'A': 2000, 'B': 2000, 'C': 2000, 'D': 2000, 'E': 2000, 'F': 2000,
}

// PersonalID is a valid Finnish personal identity code (henkilötunnus),
// DDMMYYCZZZQ: birth date, century sign, individual number and check
// character. The zero value is no code: String returns "".
type PersonalID struct {
	code       string // normalised, 11 ASCII characters
	birth      time.Time
	individual int
}

// ParsePersonalID checks s and returns the code it holds. Surrounding space
// and lower-case letters are accepted and normalised away. A rejected code
// returns an *Error whose Reason says what is wrong.
//
// A birth date in the future is not rejected: whether that is possible
// depends on today's date, which the caller's clock knows; compare BirthDate
// with it where it matters.
func ParsePersonalID(s string) (PersonalID, error) {
	c := normalise(s)
	switch {
	case c == "":
		return PersonalID{}, personalErr(ReasonEmpty)
	case len(c) != 11 || !isDigits(c[0:6]) || !isDigits(c[7:10]):
		return PersonalID{}, personalErr(ReasonFormat)
	}
	base, ok := centuryBase[c[6]]
	if !ok {
		return PersonalID{}, personalErr(ReasonCenturySign)
	}
	day, month, year := atoi(c[0:2]), atoi(c[2:4]), base+atoi(c[4:6])
	birth := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	// time.Date carries an impossible day over into the next month, so a
	// date that does not come back as given does not exist.
	if birth.Day() != day || int(birth.Month()) != month || birth.Year() != year {
		return PersonalID{}, personalErr(ReasonDate)
	}
	individual := atoi(c[7:10])
	if individual < 2 {
		return PersonalID{}, personalErr(ReasonIndividualNumber)
	}
	if c[10] != checkChars[atoi(c[0:6]+c[7:10])%31] {
		return PersonalID{}, personalErr(ReasonCheckCharacter)
	}
	return PersonalID{code: c, birth: birth, individual: individual}, nil
}

// String returns the normalised code, the form to store and compare.
func (p PersonalID) String() string { return p.code }

// IsZero reports whether p holds no code.
func (p PersonalID) IsZero() bool { return p.code == "" }

// BirthDate returns the birth date at midnight UTC; it is a calendar date,
// not an instant, so the time zone carries no meaning.
func (p PersonalID) BirthDate() time.Time { return p.birth }

// Temporary reports whether the individual number is 900–999, the range
// given as temporary codes (for example by hospitals before a person is in
// the population register). Such a code is valid but may later be replaced.
func (p PersonalID) Temporary() bool { return p.individual >= 900 }

// Masked returns the code with the individual number and check character
// hidden, such as "131052-****": enough for a person to recognise their own
// code on a page without showing it to anyone looking over their shoulder.
func (p PersonalID) Masked() string {
	if p.code == "" {
		return ""
	}
	return p.code[:7] + "****"
}

// MaskPersonalID masks a stored string that should be a personal identity
// code but may not be one. A valid code is masked as Masked does. Otherwise
// the first six characters are kept only if they are digits (a birth date
// part) and the rest becomes five asterisks; anything else becomes "******".
// It never panics and never shows what follows the birth date part.
func MaskPersonalID(s string) string {
	if p, err := ParsePersonalID(s); err == nil {
		return p.Masked()
	}
	c := normalise(s)
	if len(c) > 6 && isDigits(c[:6]) {
		return c[:6] + strings.Repeat("*", 5)
	}
	return "******"
}
