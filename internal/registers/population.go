package registers

import (
	"context"
	"fmt"

	"github.com/luva-fi/luva/internal/errs"
)

// SourcePopulation is the Source of values from the Population Information
// System (Väestötietojärjestelmä) kept by the Digital and Population Data
// Services Agency (DVV).
const SourcePopulation = "population"

// populationLabel names the Population Information System in fi, sv and en.
func populationLabel() map[string]string {
	return map[string]string{
		"fi": "Väestötietojärjestelmä",
		"sv": "Befolkningsdatasystemet",
		"en": "Population Information System",
	}
}

// Resident is what the population register holds of a person that a form
// may ask for.
type Resident struct {
	FirstNames   string  // all first names, "Maija Liisa"
	LastName     string  // the family name
	Address      Address // the permanent home address
	Municipality string  // the municipality of residence, three digits
	Language     string  // the registered mother tongue or contact language, "" if none
}

// PersonLookup finds a person in the population register by personal
// identity code (henkilötunnus), as DVV's services do. A person the register
// does not hold is an error of kind errs.NotFound.
type PersonLookup interface {
	Resident(ctx context.Context, personalID string) (Resident, error)
}

// PersonalIDs gives the personal identity code luva holds for one of its
// persons, "" when it holds none (an authority's user signed in by password,
// say). An unknown person is an error of kind errs.NotFound.
type PersonalIDs interface {
	PersonalID(ctx context.Context, personID string) (string, error)
}

// PersonalIDFunc adapts a function to PersonalIDs, such as one reading the
// identity store's person.
type PersonalIDFunc func(ctx context.Context, personID string) (string, error)

// PersonalID calls f.
func (f PersonalIDFunc) PersonalID(ctx context.Context, personID string) (string, error) {
	return f(ctx, personID)
}

// PopulationFiller gives the signed-in person's own values from the
// population register: it finds their personal identity code in IDs and asks
// Lookup.
type PopulationFiller struct {
	IDs    PersonalIDs
	Lookup PersonLookup
}

// Fill gives the person.* values. A subject without a person, a person
// without a personal identity code and one the register does not hold give
// no values. Errors name the luva person id, never the identity code.
func (f PopulationFiller) Fill(ctx context.Context, s Subject) ([]Value, error) {
	if s.PersonID == "" {
		return nil, nil
	}
	pid, err := f.IDs.PersonalID(ctx, s.PersonID)
	if errs.KindOf(err) == errs.NotFound || (err == nil && pid == "") {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("prefill person %s: personal identity code: %w", s.PersonID, err)
	}
	r, err := f.Lookup.Resident(ctx, pid)
	if errs.KindOf(err) == errs.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("prefill person %s from the population register: %w", s.PersonID, err)
	}
	return r.values(), nil
}

// values returns the person.* values of r, leaving out what is empty.
func (r Resident) values() []Value {
	label := populationLabel()
	var out []Value
	add := func(key string, v any) {
		out = append(out, Value{Key: key, Value: v, Source: SourcePopulation, SourceLabel: label})
	}
	name := r.FirstNames
	if r.LastName != "" {
		if name != "" {
			name += " "
		}
		name += r.LastName
	}
	for _, kv := range []struct{ key, value string }{
		{"person.name", name}, {"person.first_names", r.FirstNames}, {"person.last_name", r.LastName},
	} {
		if kv.value != "" {
			add(kv.key, kv.value)
		}
	}
	if r.Address != (Address{}) {
		add("person.address", r.Address.value())
	}
	if r.Municipality != "" {
		add("person.municipality", r.Municipality)
	}
	if r.Language != "" {
		add("person.language", r.Language)
	}
	return out
}
