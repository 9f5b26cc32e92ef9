package demo

import (
	"context"
	"database/sql"
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/luva-fi/luva/internal/catalog"
)

//go:embed catalogue/services.json
var servicesJSON []byte

// serviceSeed is one service of catalogue/services.json.
type serviceSeed struct {
	ID             string             `json:"id"`
	Kind           string             `json:"kind"`
	Bundles        []string           `json:"bundles"`
	AuthorityType  string             `json:"authority_type"`
	NationalAgency string             `json:"national_agency"`
	Unit           map[string]string  `json:"unit"`
	LegalBasis     []catalog.LegalRef `json:"legal_basis"`
	LeadTime       catalog.LeadTime   `json:"lead_time"`
	StatutoryDays  int                `json:"statutory_days"`
	TargetDays     int                `json:"target_days"`
	FeeEUR         *int               `json:"fee_eur"`
	Handling       string             `json:"handling"`
	Texts          catalog.Texts      `json:"texts"`
}

// ServiceSeeds returns the demo catalogue.
func ServiceSeeds() ([]serviceSeed, error) {
	var seeds []serviceSeed
	if err := json.Unmarshal(servicesJSON, &seeds); err != nil {
		return nil, fmt.Errorf("demo catalogue: %w", err)
	}
	return seeds, nil
}

// ownerKey is the demo authority whose content editors edit a service's
// guidance: the national agency it names, or the Helsinki authority of its kind.
func ownerKey(s serviceSeed) string {
	if s.NationalAgency != "" {
		return s.NationalAgency
	}
	return map[string]string{
		"municipality": "helsinki", "police_department": "police", "rescue_department": "rescue",
		"avi": "avi", "ely_centre": "ely", "wellbeing_county": "wellbeing",
	}[s.AuthorityType]
}

// loadCatalogue writes the demo services, each with a published first version.
func loadCatalogue(ctx context.Context, tx *sql.Tx, now time.Time, authorities map[string]string) (int, error) {
	seeds, err := ServiceSeeds()
	if err != nil {
		return 0, err
	}
	for _, s := range seeds {
		for lang, unit := range s.Unit {
			t := s.Texts[lang]
			t.Unit = unit
			s.Texts[lang] = t
		}
		svc := catalog.Service{ID: s.ID, Kind: s.Kind, Bundles: s.Bundles, AuthorityType: s.AuthorityType, NationalAgency: s.NationalAgency,
			OwnerOrg: authorities[ownerKey(s)], LegalBasis: s.LegalBasis, LeadTime: s.LeadTime, StatutoryDays: s.StatutoryDays,
			TargetDays: s.TargetDays, FeeEUR: s.FeeEUR, Handling: s.Handling, State: "published"}
		if err := catalog.PutService(ctx, tx, now, svc); err != nil {
			return 0, err
		}
		v := catalog.Version{ServiceID: s.ID, Version: 1, State: catalog.VersionPublished, Texts: s.Texts,
			AuthorName: "luva demo", CreatedAt: now, PublishedAt: &now, PublishedBy: "luva demo"}
		if err := catalog.InsertVersion(ctx, tx, v); err != nil {
			return 0, err
		}
	}
	return len(seeds), nil
}
