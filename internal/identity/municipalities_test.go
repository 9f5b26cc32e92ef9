package identity

import (
	"strings"
	"testing"
)

// wantMunicipalities is the number of municipalities in Statistics Finland's
// classification for 2025 and for 2026 (kunta_1_20250101, kunta_1_20260101):
// 308, of which 16 in Åland, after Pertunmaa joined Mäntyharju on 1 January
// 2025.
const wantMunicipalities = 308

func TestMunicipalitiesListIsComplete(t *testing.T) {
	t.Parallel()
	ms, err := Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != wantMunicipalities {
		t.Errorf("got %d municipalities, want %d", len(ms), wantMunicipalities)
	}
	seen := map[string]bool{}
	for i, m := range ms {
		if !isMunicipalityCode(m.Code) {
			t.Errorf("code %q of %s is not three digits", m.Code, m.NameFI)
		}
		if seen[m.Code] {
			t.Errorf("code %s appears twice", m.Code)
		}
		seen[m.Code] = true
		if i > 0 && ms[i-1].Code >= m.Code {
			t.Errorf("code %s comes after %s: the list is not sorted", m.Code, ms[i-1].Code)
		}
		if m.NameFI == "" || m.NameSV == "" {
			t.Errorf("municipality %s lacks a name: %+v", m.Code, m)
		}
		if m.NameFI != strings.TrimSpace(m.NameFI) || m.NameSV != strings.TrimSpace(m.NameSV) {
			t.Errorf("municipality %s has space around a name: %+v", m.Code, m)
		}
	}
}

func TestMunicipalitiesHaveTheirOfficialCodesAndNames(t *testing.T) {
	t.Parallel()
	ms, err := Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]Municipality{}
	for _, m := range ms {
		byCode[m.Code] = m
	}
	tests := []struct {
		name string
		want Municipality
	}{
		{"Alajärvi is 005 with the same name in Swedish", Municipality{"005", "Alajärvi", "Alajärvi"}},
		{"Espoo is 049 and Esbo in Swedish", Municipality{"049", "Espoo", "Esbo"}},
		{"Helsinki is 091 and Helsingfors in Swedish", Municipality{"091", "Helsinki", "Helsingfors"}},
		{"Vantaa is 092 and Vanda in Swedish", Municipality{"092", "Vantaa", "Vanda"}},
		{"Maarianhamina is 478 and Mariehamn in Swedish", Municipality{"478", "Maarianhamina", "Mariehamn"}},
		{"Oulu is 564 and Uleåborg in Swedish", Municipality{"564", "Oulu", "Uleåborg"}},
		{"Tampere is 837 and Tammerfors in Swedish", Municipality{"837", "Tampere", "Tammerfors"}},
		{"Turku is 853 and Åbo in Swedish", Municipality{"853", "Turku", "Åbo"}},
		{"Kristiinankaupunki is 287 and Kristinestad in Swedish", Municipality{"287", "Kristiinankaupunki", "Kristinestad"}},
		{"Hartola's Swedish name has no trailing space", Municipality{"081", "Hartola", "Gustav Adolfs"}},
		{"Mäntyharju, which Pertunmaa joined, is 507", Municipality{"507", "Mäntyharju", "Mäntyharju"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := byCode[tc.want.Code]; got != tc.want {
				t.Errorf("municipality %s = %+v, want %+v", tc.want.Code, got, tc.want)
			}
		})
	}
	for _, gone := range []string{"588", "911", "099"} {
		if m, ok := byCode[gone]; ok {
			t.Errorf("merged municipality %s (%s) is still listed", gone, m.NameFI)
		}
	}
}

func TestMunicipalitiesReturnsAFreshCopy(t *testing.T) {
	t.Parallel()
	first, err := Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	first[0].NameFI = "changed"
	second, err := Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	if second[0].NameFI == "changed" {
		t.Error("a change to one result showed in the next")
	}
}

func TestMunicipalityNameFollowsLanguage(t *testing.T) {
	t.Parallel()
	helsinki := Municipality{"091", "Helsinki", "Helsingfors"}
	tests := []struct {
		name string
		m    Municipality
		lang string
		want string
	}{
		{"Swedish gives the Swedish name", helsinki, "sv", "Helsingfors"},
		{"a Swedish tag with a region gives the Swedish name", helsinki, "sv-FI", "Helsingfors"},
		{"Finnish gives the Finnish name", helsinki, "fi", "Helsinki"},
		{"English gives the Finnish name", helsinki, "en", "Helsinki"},
		{"an empty language gives the Finnish name", helsinki, "", "Helsinki"},
		{"a missing Swedish name falls back to Finnish", Municipality{"999", "Testi", ""}, "sv", "Testi"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.m.Name(tc.lang); got != tc.want {
				t.Errorf("Name(%q) = %q, want %q", tc.lang, got, tc.want)
			}
		})
	}
}
