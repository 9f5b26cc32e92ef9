package registers

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/errs"
)

func TestNormalisePropertyID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"the short form gets its zeros back", "91-403-1-2", "091-403-0001-0002"},
		{"the long form stays as it is", "091-403-0001-0002", "091-403-0001-0002"},
		{"fourteen digits get their dashes", "09140300010002", "091-403-0001-0002"},
		{"space around is trimmed", "  837-417-2-31\n", "837-417-0002-0031"},
		{"part-padded forms are accepted", "091-4-0005-7", "091-004-0005-0007"},
		{"three parts are refused", "91-403-1", ""},
		{"five parts are refused", "91-403-1-2-3", ""},
		{"an empty part is refused", "91--1-2", ""},
		{"a part too long is refused", "091-403-00001-2", ""},
		{"letters are refused", "91-403-1-2a", ""},
		{"a parcel (määräala) is not a property", "91-403-1-2-M601", ""},
		{"thirteen digits are refused", "0914030001000", ""},
		{"municipality 000 is refused", "0-1-1-1", ""},
		{"a sign is refused", "+91-403-1-2", ""},
		{"nothing is refused", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := NormalisePropertyID(tc.in)
			if tc.want == "" {
				if err == nil {
					t.Errorf("NormalisePropertyID(%q) = %q, want an error", tc.in, got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("NormalisePropertyID(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func FuzzNormalisePropertyID(f *testing.F) {
	for _, s := range []string{"91-403-1-2", "091-403-0001-0002", "09140300010002", "--", "9-9-9-9-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalisePropertyID(s)
		if err != nil {
			return
		}
		if len(got) != 17 || strings.Count(got, "-") != 3 {
			t.Fatalf("NormalisePropertyID(%q) = %q, not the long form", s, got)
		}
		if again, err := NormalisePropertyID(got); err != nil || again != got {
			t.Fatalf("normalising %q again gave %q, %v", got, again, err)
		}
		if digits := strings.ReplaceAll(got, "-", ""); mustNormalise(t, digits) != got {
			t.Fatalf("the digits of %q do not normalise to it", got)
		}
	})
}

func mustNormalise(t *testing.T, s string) string {
	t.Helper()
	got, err := NormalisePropertyID(s)
	if err != nil {
		t.Fatalf("NormalisePropertyID(%q): %v", s, err)
	}
	return got
}

func TestRealEstateFillerFindsAPropertyByAnyFormOfItsID(t *testing.T) {
	t.Parallel()
	f := RealEstateFiller{Lookup: DemoRealEstate{}}
	want := []Value{
		{Key: "property.id", Value: "091-403-0001-0002"},
		{Key: "property.name", Value: "Kallahdenranta"},
		{Key: "property.address", Value: map[string]any{"street": "Kallahdenniementie 10", "postcode": "00980", "city": "Helsinki"}},
		{Key: "property.municipality", Value: "091"},
		{Key: "property.area", Value: "4120"},
	}
	for i := range want {
		want[i].Source, want[i].SourceLabel = SourceRealEstate, realEstateLabel()
	}
	for _, id := range []string{"91-403-1-2", "091-403-0001-0002", "09140300010002"} {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			got, err := f.Fill(context.Background(), Subject{PersonID: "p1", PropertyID: id})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Fill =\n%v\nwant\n%v", got, want)
			}
		})
	}
}

func TestRealEstateFillerGivesNothingForAnUnknownProperty(t *testing.T) {
	t.Parallel()
	f := RealEstateFiller{Lookup: DemoRealEstate{}}
	for name, id := range map[string]string{
		"no property named":                   "",
		"only space":                          "  ",
		"a property the register has no file": "092-001-0001-0001",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := f.Fill(context.Background(), Subject{PersonID: "p1", PropertyID: id})
			if err != nil || len(got) != 0 {
				t.Errorf("Fill = %v, %v; want nothing and no error", got, err)
			}
		})
	}
}

func TestRealEstateFillerRefusesWhatIsNoPropertyID(t *testing.T) {
	t.Parallel()
	_, err := RealEstateFiller{Lookup: DemoRealEstate{}}.Fill(context.Background(), Subject{PropertyID: "Kaivopuisto"})
	if errs.KindOf(err) != errs.Invalid || !strings.Contains(err.Error(), "Kaivopuisto") {
		t.Errorf("err = %v, want an invalid error naming the input", err)
	}
}
