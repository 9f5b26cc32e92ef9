package idcode

// businessWeights are the weights of the seven digits of a business ID in
// its check digit sum.
var businessWeights = [7]int{7, 9, 10, 5, 8, 4, 2}

// BusinessID is a valid Finnish business ID (Y-tunnus), seven digits, a
// hyphen and a check digit, such as 0112038-9. The zero value is no ID:
// String returns "".
type BusinessID struct {
	code string // normalised, 9 ASCII characters
}

// ParseBusinessID checks s and returns the business ID it holds. Surrounding
// space is accepted, and so is the old six-digit form, which is padded with a
// leading zero ("123456-2" becomes "0123456-2") as the Finnish Patent and
// Registration Office does. A rejected ID returns an *Error whose Reason says
// what is wrong.
func ParseBusinessID(s string) (BusinessID, error) {
	c := normalise(s)
	if c == "" {
		return BusinessID{}, businessErr(ReasonEmpty)
	}
	if len(c) == 8 {
		c = "0" + c
	}
	if len(c) != 9 || c[7] != '-' || !isDigits(c[:7]) || !isDigits(c[8:]) {
		return BusinessID{}, businessErr(ReasonFormat)
	}
	check, ok := businessCheckDigit(c[:7])
	if !ok {
		return BusinessID{}, businessErr(ReasonNoSuchID)
	}
	if c[8] != check {
		return BusinessID{}, businessErr(ReasonCheckDigit)
	}
	return BusinessID{code: c}, nil
}

// businessCheckDigit returns the check digit of seven digits, or false when
// the weighted sum leaves remainder 1: 11 − 1 = 10 is not a digit, so such
// numbers are never given out.
func businessCheckDigit(digits string) (byte, bool) {
	sum := 0
	for i, w := range businessWeights {
		sum += int(digits[i]-'0') * w
	}
	switch r := sum % 11; r {
	case 0:
		return '0', true
	case 1:
		return 0, false
	default:
		return byte('0' + 11 - r), true
	}
}

// String returns the normalised ID, the form to store and compare.
func (b BusinessID) String() string { return b.code }

// IsZero reports whether b holds no ID.
func (b BusinessID) IsZero() bool { return b.code == "" }
