package identity

import (
	_ "embed" // for the municipality list
	"encoding/csv"
	"fmt"
	"strings"
)

// municipalitiesCSV is Statistics Finland's municipality classification
// (kunta_1_20260101, the same 308 municipalities as in 2025 after Pertunmaa
// joined Mäntyharju) with the Finnish and Swedish names. It is a string, not
// a byte slice, so nothing can change it.
//
//go:embed municipalities.csv
var municipalitiesCSV string

// Municipality is a Finnish municipality (kunta) with its official
// three-digit code, such as "091" for Helsinki.
type Municipality struct {
	Code   string
	NameFI string
	NameSV string // the Finnish name where there is no separate Swedish one
}

// Name returns the municipality's name in lang: Swedish for "sv" (and tags
// such as "sv-FI"), Finnish for any other language, since Finnish is the name
// used in English too.
func (m Municipality) Name(lang string) string {
	if (lang == "sv" || strings.HasPrefix(lang, "sv-")) && m.NameSV != "" {
		return m.NameSV
	}
	return m.NameFI
}

// Municipalities returns all municipalities sorted by code. Each call parses
// the embedded list afresh, so callers may change what they get without
// affecting anyone else.
func Municipalities() ([]Municipality, error) {
	r := csv.NewReader(strings.NewReader(municipalitiesCSV))
	r.FieldsPerRecord = 3
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read municipalities: %w", err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != "code,name_fi,name_sv" {
		return nil, fmt.Errorf("read municipalities: the header is not code,name_fi,name_sv")
	}
	out := make([]Municipality, 0, len(rows)-1)
	for _, row := range rows[1:] {
		m := Municipality{Code: row[0], NameFI: row[1], NameSV: row[2]}
		if !isMunicipalityCode(m.Code) || m.NameFI == "" {
			return nil, fmt.Errorf("read municipalities: bad row %q", row)
		}
		out = append(out, m)
	}
	return out, nil
}

func isMunicipalityCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
