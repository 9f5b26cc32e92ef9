// Package registers fills in application forms from public registers
// (functions 22a and 22b) and pre-answers the permit-need analyser (function
// 23b, see Fact). For forms, a field names a key; a Filler gives the values a
// register holds for a Subject, each tagged with the register it came from so
// the customer sees why it is there and can change it. Multi asks several
// registers at once, and a failing register never blocks the form.
//
// The keys, and the Filler that gives each:
//
//	key                   filler            value
//	company.name          PRHFiller         string: the current main name
//	company.business_id   PRHFiller         string: normalised, "3067891-2"
//	company.address       PRHFiller         address: visiting, else postal
//	company.municipality  PRHFiller         string: three-digit code, "091"
//	company.line          PRHFiller         string: main line of business in Finnish, "Ravintolat"
//	company.form          PRHFiller         string: company form in Finnish, "Osakeyhtiö"
//	person.name           PopulationFiller  string: first names and last name
//	person.first_names    PopulationFiller  string: all first names
//	person.last_name      PopulationFiller  string
//	person.address        PopulationFiller  address: the permanent home address
//	person.municipality   PopulationFiller  string: municipality of residence, three digits
//	person.language       PopulationFiller  string: "fi", "sv" or another code, only when registered
//	property.id           RealEstateFiller  string: normalised, "091-004-0005-0007"
//	property.name         RealEstateFiller  string: the registered name, "Kaivopuisto"
//	property.address      RealEstateFiller  address
//	property.municipality RealEstateFiller  string: three digits
//	property.area         RealEstateFiller  string: registered area in whole square metres, "2150"
//
// An address is a map[string]any with the string entries "street",
// "postcode" and "city". A register that holds nothing for a key gives no
// Value for it rather than an empty one. The population and real-estate
// registers have no open API: PopulationFiller and RealEstateFiller read
// through the small interfaces PersonLookup and PropertyLookup, which
// DemoPopulation and DemoRealEstate implement with demo data.
package registers

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/luva-fi/luva/internal/registers/prh"
)

// Subject is whom a form is being filled in for.
type Subject struct {
	PersonID   string // the signed-in person (luva person id)
	BusinessID string // the company they act for, "" for themself
	PropertyID string // a property the customer has named (kiinteistötunnus), "" if none yet
}

// Value is one prefilled value with where it came from.
type Value struct {
	Key         string            // such as "company.name"; see the table above
	Value       any               // a string, or map[string]any for an address {"street","postcode","city"}
	Source      string            // SourcePRH, SourcePopulation or SourceRealEstate
	SourceLabel map[string]string // the register's name in fi, sv and en
}

// Filler gives the values a register holds about a subject. A subject the
// register does not know gives no values and no error; an error means the
// register could not be asked or refused the question.
type Filler interface {
	Fill(ctx context.Context, s Subject) ([]Value, error)
}

// Address is a postal address as the registers give it.
type Address struct {
	Street   string // street, number, staircase and apartment: "Helsinginkatu 25 B 14"
	PostCode string // five digits
	City     string // the post office
}

// value is the address as a Value's value.
func (a Address) value() map[string]any {
	return map[string]any{"street": a.Street, "postcode": a.PostCode, "city": a.City}
}

// Multi returns a Filler that asks every filler at once and gives their
// values in the order the fillers were given. A failing register never
// blocks the form: Fill returns the values of those that answered together
// with the errors of those that failed, joined with errors.Join, so the
// caller shows what it has and logs the rest. Nil fillers are skipped.
func Multi(fillers ...Filler) Filler {
	var kept multi
	for _, f := range fillers {
		if f != nil {
			kept = append(kept, f)
		}
	}
	return kept
}

// multi is the Filler Multi returns.
type multi []Filler

// Fill asks each filler in its own goroutine and waits for them all.
func (m multi) Fill(ctx context.Context, s Subject) ([]Value, error) {
	values := make([][]Value, len(m))
	errs := make([]error, len(m))
	var wg sync.WaitGroup
	for i, f := range m {
		wg.Go(func() { values[i], errs[i] = f.Fill(ctx, s) })
	}
	wg.Wait()
	var out []Value
	for i := range m {
		out = append(out, values[i]...)
	}
	return out, errors.Join(errs...)
}

// PRHFiller gives a company's values from PRH's open data: the Trade Register
// and the Business Information System.
type PRHFiller struct {
	Client *prh.Client
}

// Fill looks the subject's company up. A subject acting for themself, or a
// company PRH does not know, gives no values; an invalid business ID or an
// unavailable register is an error.
func (f PRHFiller) Fill(ctx context.Context, s Subject) ([]Value, error) {
	if s.BusinessID == "" {
		return nil, nil
	}
	c, err := f.Client.Company(ctx, s.BusinessID)
	if errors.Is(err, prh.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("prefill from the business register: %w", err)
	}
	return ValuesFromCompany(c), nil
}

// ValuesFromCompany returns the company.* values of a company's register
// data, leaving out what the register did not give.
func ValuesFromCompany(c prh.Company) []Value {
	label := registerLabel(c)
	var out []Value
	add := func(key string, v any) {
		if s, ok := v.(string); ok && s == "" {
			return
		}
		out = append(out, Value{Key: key, Value: v, Source: SourcePRH, SourceLabel: label})
	}
	add("company.name", c.Name)
	add("company.business_id", c.BusinessID)
	if a, ok := companyAddress(c); ok {
		add("company.address", a.value())
	}
	add("company.municipality", c.Municipality)
	add("company.line", c.LineOfBusinessText["fi"])
	add("company.form", c.Form["fi"])
	return out
}

// companyAddress picks the visiting address, else the postal one, writing a
// post office box as "PL 123".
func companyAddress(c prh.Company) (Address, bool) {
	a := c.VisitingAddress
	if a.Street == "" && a.PostOfficeBox == "" {
		a = c.PostalAddress
	}
	if a.IsZero() {
		return Address{}, false
	}
	street := a.Street
	if street == "" && a.PostOfficeBox != "" {
		street = "PL " + a.PostOfficeBox
	}
	return Address{Street: street, PostCode: a.PostCode, City: a.City["fi"]}, true
}
