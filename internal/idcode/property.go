package idcode

import (
	"fmt"
	"strings"
)

// KindPropertyID is the kind of a property ID's errors.
const KindPropertyID Kind = "property_id"

func init() { kindText[KindPropertyID] = "property ID" }

func propertyErr(r Reason) error { return &Error{Kind: KindPropertyID, Reason: r} }

// PropertyID is a valid Finnish property ID (kiinteistötunnus): the numbers
// of the municipality, of the village or district within it, of the group
// (block, or estate group in the countryside) and of the unit within the
// group. The zero value is no ID: String returns "".
type PropertyID struct {
	municipality, village, group, unit int
}

// ParsePropertyID checks s and returns the property ID it holds. It accepts
// the hyphenated form with any leading zeros, long ("091-403-0001-0002") or
// short ("91-403-1-2"), with at most 3, 3, 4 and 4 digits in the parts, and
// the 14-digit form of the land register ("09140300010002"). Surrounding
// space is accepted. Municipality 000 does not exist. A rejected ID returns
// an *Error whose Reason is ReasonEmpty or ReasonFormat.
func ParsePropertyID(s string) (PropertyID, error) {
	c := strings.TrimSpace(s)
	if c == "" {
		return PropertyID{}, propertyErr(ReasonEmpty)
	}
	var parts []string
	switch {
	case strings.Contains(c, "-"):
		parts = strings.Split(c, "-")
	case len(c) == 14:
		parts = []string{c[:3], c[3:6], c[6:10], c[10:]}
	}
	width := [4]int{3, 3, 4, 4}
	if len(parts) != 4 {
		return PropertyID{}, propertyErr(ReasonFormat)
	}
	var n [4]int
	for i, p := range parts {
		if p == "" || len(p) > width[i] || !isDigits(p) {
			return PropertyID{}, propertyErr(ReasonFormat)
		}
		n[i] = atoi(p)
	}
	if n[0] == 0 {
		return PropertyID{}, propertyErr(ReasonFormat)
	}
	return PropertyID{municipality: n[0], village: n[1], group: n[2], unit: n[3]}, nil
}

// String returns the ID in the short hyphenated form without leading zeros,
// "91-403-1-2", as the National Land Survey (Maanmittauslaitos) shows it in
// its property information services and on extracts: the form to store,
// compare and show.
func (p PropertyID) String() string {
	if p.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d-%d-%d-%d", p.municipality, p.village, p.group, p.unit)
}

// Long returns the 14-digit form of the land register, "09140300010002",
// which sorts and exchanges well between systems.
func (p PropertyID) Long() string {
	if p.IsZero() {
		return ""
	}
	return fmt.Sprintf("%03d%03d%04d%04d", p.municipality, p.village, p.group, p.unit)
}

// Municipality returns the three-digit municipality number, such as "091"
// for Helsinki.
func (p PropertyID) Municipality() string {
	if p.IsZero() {
		return ""
	}
	return fmt.Sprintf("%03d", p.municipality)
}

// IsZero reports whether p holds no ID.
func (p PropertyID) IsZero() bool { return p.municipality == 0 }
