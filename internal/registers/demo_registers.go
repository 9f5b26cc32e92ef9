package registers

import (
	"context"
	"fmt"

	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/idcode"
)

// DemoPopulation is a PersonLookup over a made-up population register that
// holds the demo data set's customers. It stands in for DVV, whose
// Population Information System has no open API. The zero value is ready.
type DemoPopulation struct{}

var _ PersonLookup = DemoPopulation{}

// Resident returns the demo resident with the personal identity code.
func (DemoPopulation) Resident(_ context.Context, personalID string) (Resident, error) {
	id, err := idcode.ParsePersonalID(personalID)
	if err != nil {
		return Resident{}, errs.Wrap(errs.Invalid, "not a valid personal identity code",
			fmt.Errorf("demo population register: %w", err))
	}
	r, ok := demoResidents()[id.String()]
	if !ok {
		return Resident{}, errs.E(errs.NotFound, "no such person in the population register")
	}
	return r, nil
}

// demoResidents is the demo population register by personal identity code.
//
// The codes are those internal/demo/people.go gives its customers (personalID
// there, temporary individual numbers 900–999 that no real person has); the
// demo usernames are in the comments. The luva person ids of the demo persons
// are new UUIDs each time the data set is loaded, so the register is keyed,
// like DVV's, by identity code, and PopulationFiller finds the code of the
// signed-in person through PersonalIDs.
func demoResidents() map[string]Resident {
	return map[string]Resident{
		"150385-912E": {FirstNames: "Maija Liisa", LastName: "Meikäläinen", // maija
			Address: Address{"Helsinginkatu 25 B 14", "00510", "Helsinki"}, Municipality: "091", Language: "fi"},
		"020790-924Y": {FirstNames: "Eero Juhani", LastName: "Esimerkki", // eero, Kesäjuhlat Oy
			Address: Address{"Pyynikintie 12 A 3", "33230", "Tampere"}, Municipality: "837"},
		"110478-936M": {FirstNames: "Anna Kaarina", LastName: "Mäkelä", // anna, Mäkelän Maatila Oy
			Address: Address{"Terälahdentie 622", "34240", "Kämmenniemi"}, Municipality: "837"},
		"300169-948J": {FirstNames: "Mikko Antero", LastName: "Malminen", // mikko, Lapin Malmi Oy
			Address: Address{"Valtatie 42 B 5", "99100", "Kittilä"}, Municipality: "261"},
		"050582-9502": {FirstNames: "Sari Helena", LastName: "Teräs", // sari, Pohjolan Teräs Oy
			Address: Address{"Rantakatu 18 A 9", "92100", "Raahe"}, Municipality: "678"},
		"220895-9626": {FirstNames: "Leena Maria", LastName: "Lindholm", // leena, Hoivakoti Kotiranta Oy
			Address: Address{"Runebergsgatan 20 B 12", "06100", "Borgå"}, Municipality: "638", Language: "sv"},
		"010103A974M": {FirstNames: "Saga Elin", LastName: "Svensson", // saga, may view Kesäjuhlat Oy's matters
			Address: Address{"Bulevarden 24 A 7", "00120", "Helsingfors"}, Municipality: "091", Language: "sv"},
	}
}

// DemoRealEstate is a PropertyLookup over a made-up real-estate register of
// properties in Helsinki (091) and Tampere (837) owned by the demo data set's
// customers. It stands in for the National Land Survey's register. The zero
// value is ready.
type DemoRealEstate struct{}

var _ PropertyLookup = DemoRealEstate{}

// Property returns the demo property with the ID, which may be written in
// any form NormalisePropertyID accepts.
func (DemoRealEstate) Property(_ context.Context, id string) (Property, error) {
	n, err := NormalisePropertyID(id)
	if err != nil {
		return Property{}, errs.Wrap(errs.Invalid, "not a property ID", fmt.Errorf("demo real-estate register %q: %w", id, err))
	}
	for _, p := range DemoProperties() {
		if p.ID == n {
			return p, nil
		}
	}
	return Property{}, errs.E(errs.NotFound, "no such property in the real-estate register")
}

// DemoProperties lists the demo real-estate register, for the demo data set
// and for pages that offer a property to try.
func DemoProperties() []Property {
	return []Property{
		{"091-004-0005-0007", "Kaivopuisto", Address{"Puistokatu 4", "00140", "Helsinki"}, "091", 2150, "Kesäjuhlat Oy"},
		{"091-005-0046-0002", "Bulevardin Kulma", Address{"Bulevardi 24", "00120", "Helsinki"}, "091", 1240, "Saga Svensson"},
		{"091-008-0162-0001", "Katajanokan Laituri", Address{"Kanavaranta 7", "00160", "Helsinki"}, "091", 3680, "Kesäjuhlat Oy"},
		{"091-011-0291-0004", "Kallion Helmi", Address{"Helsinginkatu 25", "00510", "Helsinki"}, "091", 612, "Maija Meikäläinen"},
		{"091-403-0001-0002", "Kallahdenranta", Address{"Kallahdenniementie 10", "00980", "Helsinki"}, "091", 4120, "Kesäjuhlat Oy"},
		{"837-101-0112-0005", "Hämeenpuisto", Address{"Hämeenpuisto 21", "33210", "Tampere"}, "837", 3400, "Kesäjuhlat Oy"},
		{"837-105-0750-0001", "Ratina", Address{"Ratinan rantatie 1", "33100", "Tampere"}, "837", 9800, "Kesäjuhlat Oy"},
		{"837-113-0578-0002", "Pyynikin Kallio", Address{"Pyynikintie 12", "33230", "Tampere"}, "837", 845, "Eero Esimerkki"},
		{"837-417-0002-0031", "Mäkelä", Address{"Terälahdentie 620", "34240", "Kämmenniemi"}, "837", 412000, "Mäkelän Maatila Oy"},
		{"837-417-0002-0032", "Peltola", Address{"Terälahdentie 640", "34240", "Kämmenniemi"}, "837", 187500, "Mäkelän Maatila Oy"},
	}
}
