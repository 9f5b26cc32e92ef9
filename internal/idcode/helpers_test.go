package idcode

import "strings"

// The helpers here compute check characters and digits a second way, from
// the published rules rather than from the package's code, so that a test
// comparing the two catches a mistake in either.

// refCheckChars is the check character alphabet built from its definition:
// the digits, then the letters A–Y without G, I, O and Q (Z is past Y).
func refCheckChars() string {
	var b strings.Builder
	b.WriteString("0123456789")
	for c := 'A'; c <= 'Y'; c++ {
		if !strings.ContainsRune("GIOQ", c) {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// refPersonalCheck returns the check character for the nine digits DDMMYY
// and ZZZ by long division, one digit at a time.
func refPersonalCheck(date, individual string) byte {
	r := 0
	for _, c := range date + individual {
		r = (r*10 + int(c-'0')) % 31
	}
	return refCheckChars()[r]
}

// refPersonalID builds a code with the right check character.
func refPersonalID(date string, sign byte, individual string) string {
	return date + string(sign) + individual + string(refPersonalCheck(date, individual))
}

// refBusinessCheck returns the check digit of seven digits, or -1 when the
// digits can have none.
func refBusinessCheck(digits string) int {
	weights := []int{7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += w * int(digits[i]-'0')
	}
	check := (11 - sum%11) % 11
	if check == 10 {
		return -1
	}
	return check
}
