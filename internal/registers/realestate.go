package registers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/luva-fi/luva/internal/errs"
)

// SourceRealEstate is the Source of values from the Real Estate Information
// System (Kiinteistötietojärjestelmä) kept by the National Land Survey of
// Finland (Maanmittauslaitos).
const SourceRealEstate = "realestate"

// realEstateLabel names the Real Estate Information System in fi, sv and en.
func realEstateLabel() map[string]string {
	return map[string]string{
		"fi": "Kiinteistötietojärjestelmä",
		"sv": "Fastighetsdatasystemet",
		"en": "Real Estate Information System",
	}
}

// Property is what the real-estate register holds of a property that a form
// may ask for.
type Property struct {
	ID           string  // normalised property ID, "091-004-0005-0007"
	Name         string  // the registered name (nimi), "Kaivopuisto"
	Address      Address // the street address of the main building or plot
	Municipality string  // three digits
	Area         int     // registered area in square metres
	Owner        string  // the registered owner's name; not given to forms
}

// PropertyLookup finds a property by its normalised ID, as
// NormalisePropertyID writes it. A property the register does not hold is an
// error of kind errs.NotFound.
type PropertyLookup interface {
	Property(ctx context.Context, id string) (Property, error)
}

// RealEstateFiller gives the values of the property the customer has named.
type RealEstateFiller struct {
	Lookup PropertyLookup
}

// Fill gives the property.* values. A subject without a property, or with
// one the register does not hold, gives no values; an ID that is not a
// property ID at all is an error of kind errs.Invalid.
func (f RealEstateFiller) Fill(ctx context.Context, s Subject) ([]Value, error) {
	if strings.TrimSpace(s.PropertyID) == "" {
		return nil, nil
	}
	id, err := NormalisePropertyID(s.PropertyID)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, "not a property ID", fmt.Errorf("prefill property %q: %w", s.PropertyID, err))
	}
	p, err := f.Lookup.Property(ctx, id)
	if errs.KindOf(err) == errs.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("prefill property %s from the real-estate register: %w", id, err)
	}
	label := realEstateLabel()
	var out []Value
	add := func(key string, v any) {
		out = append(out, Value{Key: key, Value: v, Source: SourceRealEstate, SourceLabel: label})
	}
	add("property.id", id)
	if p.Name != "" {
		add("property.name", p.Name)
	}
	if p.Address != (Address{}) {
		add("property.address", p.Address.value())
	}
	if p.Municipality != "" {
		add("property.municipality", p.Municipality)
	}
	if p.Area > 0 {
		add("property.area", strconv.Itoa(p.Area))
	}
	return out, nil
}

// errPropertyID says a string is not a property ID.
var errPropertyID = errors.New("want a property ID such as 091-004-0005-0007 or 91-4-5-7")

// NormalisePropertyID writes a property ID (kiinteistötunnus) in its long
// form "091-004-0005-0007". It accepts the short form with leading zeros
// dropped ("91-4-5-7"), the long form, and the fourteen digits without
// dashes ("09100400050007"), with space around.
func NormalisePropertyID(s string) (string, error) {
	// The widths of the four parts: municipality, village or district,
	// block or group, and unit.
	widths := [4]int{3, 3, 4, 4}
	s = strings.TrimSpace(s)
	var parts []string
	switch {
	case strings.Contains(s, "-"):
		parts = strings.Split(s, "-")
	case len(s) == 14:
		parts = []string{s[0:3], s[3:6], s[6:10], s[10:14]}
	}
	if len(parts) != len(widths) {
		return "", errPropertyID
	}
	for i, p := range parts {
		if p == "" || len(p) > widths[i] || strings.Trim(p, "0123456789") != "" {
			return "", errPropertyID
		}
		parts[i] = strings.Repeat("0", widths[i]-len(p)) + p
	}
	if parts[0] == "000" {
		return "", errPropertyID
	}
	return strings.Join(parts, "-"), nil
}
