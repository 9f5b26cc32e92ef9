package registers

import (
	"context"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/idcode"
)

func TestDemoResidentsAreWellFormed(t *testing.T) {
	t.Parallel()
	for code, r := range demoResidents() {
		id, err := idcode.ParsePersonalID(code)
		if err != nil || id.String() != code || !id.Temporary() {
			t.Errorf("%s: want a normalised temporary identity code, got %v", code, err)
		}
		if r.FirstNames == "" || r.LastName == "" || len(r.Municipality) != 3 ||
			len(r.Address.PostCode) != 5 || r.Address.Street == "" || r.Address.City == "" {
			t.Errorf("%s: incomplete resident %+v", code, r)
		}
	}
}

func TestDemoPopulationLooksUpByIdentityCode(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r, err := DemoPopulation{}.Resident(ctx, " 220895-9626 ")
	if err != nil || r.LastName != "Lindholm" || r.Language != "sv" || r.Municipality != "638" {
		t.Errorf("Resident = %+v, %v; want Leena Lindholm in Porvoo speaking Swedish", r, err)
	}
	if _, err := (DemoPopulation{}).Resident(ctx, "010101-999X"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("unknown code: err = %v, want not found", err)
	}
	if _, err := (DemoPopulation{}).Resident(ctx, "010101-9990"); errs.KindOf(err) != errs.Invalid {
		t.Errorf("bad check character: err = %v, want invalid", err)
	}
}

func TestDemoPropertiesAreWellFormed(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, p := range DemoProperties() {
		n, err := NormalisePropertyID(p.ID)
		if err != nil || n != p.ID {
			t.Errorf("%s: not in the long form (%q, %v)", p.ID, n, err)
		}
		if seen[p.ID] {
			t.Errorf("%s listed twice", p.ID)
		}
		seen[p.ID] = true
		if !strings.HasPrefix(p.ID, p.Municipality+"-") || (p.Municipality != "091" && p.Municipality != "837") {
			t.Errorf("%s: municipality %s, want 091 or 837 matching the ID", p.ID, p.Municipality)
		}
		if p.Name == "" || p.Owner == "" || p.Area <= 0 || len(p.Address.PostCode) != 5 {
			t.Errorf("%s: incomplete property %+v", p.ID, p)
		}
	}
}

func TestDemoRealEstateLooksUpByAnyFormOfTheID(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, id := range []string{"91-4-5-7", "091-004-0005-0007", "09100400050007"} {
		p, err := DemoRealEstate{}.Property(ctx, id)
		if err != nil || p.Name != "Kaivopuisto" || p.Owner != "Kesäjuhlat Oy" {
			t.Errorf("Property(%q) = %+v, %v; want Kaivopuisto", id, p, err)
		}
	}
	if _, err := (DemoRealEstate{}).Property(ctx, "837-999-0001-0001"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("unknown property: err = %v, want not found", err)
	}
	if _, err := (DemoRealEstate{}).Property(ctx, "Ratina"); errs.KindOf(err) != errs.Invalid {
		t.Errorf("a name for an ID: err = %v, want invalid", err)
	}
}
