package registers

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/errs"
)

// demoIDs maps luva person ids to the demo persons' identity codes, as the
// identity store would.
func demoIDs() PersonalIDFunc {
	ids := map[string]string{
		"maija": "150385-912E", "saga": "010103a974m", "kasittelija": "",
		"ghost": "010101-999X", // valid, but nobody in the demo register
	}
	return func(_ context.Context, personID string) (string, error) {
		id, ok := ids[personID]
		if !ok {
			return "", errs.E(errs.NotFound, "no such person")
		}
		return id, nil
	}
}

func TestPopulationFillerFillsAPersonsOwnValues(t *testing.T) {
	t.Parallel()
	f := PopulationFiller{IDs: demoIDs(), Lookup: DemoPopulation{}}
	got, err := f.Fill(context.Background(), Subject{PersonID: "maija", BusinessID: "3012345-8"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Value{
		{Key: "person.name", Value: "Maija Liisa Meikäläinen"},
		{Key: "person.first_names", Value: "Maija Liisa"},
		{Key: "person.last_name", Value: "Meikäläinen"},
		{Key: "person.address", Value: map[string]any{"street": "Helsinginkatu 25 B 14", "postcode": "00510", "city": "Helsinki"}},
		{Key: "person.municipality", Value: "091"},
		{Key: "person.language", Value: "fi"},
	}
	for i := range want {
		want[i].Source, want[i].SourceLabel = SourcePopulation, populationLabel()
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Fill =\n%v\nwant\n%v", got, want)
	}
	if l := got[0].SourceLabel; l["fi"] != "Väestötietojärjestelmä" || l["sv"] != "Befolkningsdatasystemet" || l["en"] != "Population Information System" {
		t.Errorf("label = %v", l)
	}
}

func TestPopulationFillerNormalisesTheIdentityCode(t *testing.T) {
	t.Parallel()
	got, err := PopulationFiller{IDs: demoIDs(), Lookup: DemoPopulation{}}.Fill(context.Background(), Subject{PersonID: "saga"})
	if err != nil {
		t.Fatal(err)
	}
	vs := byKey(t, got)
	if vs["person.municipality"].Value != "091" || vs["person.language"].Value != "sv" {
		t.Errorf("got %v, want Saga in Helsinki speaking Swedish", got)
	}
}

func TestPopulationFillerGivesNothingForAnUnknownSubject(t *testing.T) {
	t.Parallel()
	f := PopulationFiller{IDs: demoIDs(), Lookup: DemoPopulation{}}
	for name, id := range map[string]string{
		"no person signed in":                          "",
		"a person luva does not know":                  "nobody",
		"a person without an identity code":            "kasittelija",
		"a person the population register has no file": "ghost",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := f.Fill(context.Background(), Subject{PersonID: id})
			if err != nil || len(got) != 0 {
				t.Errorf("Fill = %v, %v; want nothing and no error", got, err)
			}
		})
	}
}

func TestPopulationFillerReportsAFailureWithoutTheIdentityCode(t *testing.T) {
	t.Parallel()
	down := errors.New("connection refused")
	f := PopulationFiller{IDs: demoIDs(), Lookup: failingLookup{down}}
	_, err := f.Fill(context.Background(), Subject{PersonID: "maija"})
	if !errors.Is(err, down) {
		t.Fatalf("err = %v, want the lookup's", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "maija") || strings.Contains(msg, "150385") {
		t.Errorf("err = %q, want the person id and not the identity code", msg)
	}
}

type failingLookup struct{ err error }

func (l failingLookup) Resident(context.Context, string) (Resident, error) { return Resident{}, l.err }
