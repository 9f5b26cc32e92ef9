package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
)

// LoadCases puts the demo's applications on the case service: a year of
// decided noise notifications in Helsinki, so that estimates rest on history,
// Kesäjuhlat Oy's notification waiting for completion, and Maija's draft. It
// runs the real service on a clock of its own that walks through the year.
// Call it once, right after Load has loaded the data set.
func LoadCases(ctx context.Context, d *db.DB, cfg cases.Config, now time.Time) error {
	clk := clock.NewSettable(now.AddDate(-1, 0, 0))
	cfg.Clock = clk
	svc := cases.NewService(cfg)
	who, err := demoPrincipals(ctx, d)
	if err != nil {
		return err
	}
	req := access.Request{Route: "demo"}
	plan := sitePlan()
	send := func(p access.Principal, name string, answers map[string]any) (cases.Case, error) {
		c, err := svc.Start(ctx, p, req, cases.StartInput{Service: "ta-noise-notification", Municipality: "091", Lang: "fi"})
		if err != nil {
			return cases.Case{}, err
		}
		if _, err := svc.Files.Add(ctx, p, req, c.ID, "site_plan", "asemapiirros.png", "image/png", bytes.NewReader(plan)); err != nil {
			return cases.Case{}, err
		}
		if _, err := svc.SaveAnswers(ctx, p, c.ID, answers); err != nil {
			return cases.Case{}, err
		}
		return svc.Submit(ctx, p, req, c.ID, "")
	}
	handler := who["kasittelija"]
	customers := []string{"maija", "saga", "anna", "leena", "mikko", "sari", "eero"}
	// Processing times in working days: most within the target, some not.
	took := []int{12, 18, 9, 22, 15, 27, 14, 11, 19, 31, 16, 13, 24, 10, 17, 21, 14, 35, 12, 20, 16}
	for i, days := range took {
		clk.Set(now.AddDate(0, 0, -330+i*13))
		p := who[customers[i%len(customers)]]
		c, err := send(p, p.Name, noiseAnswers(p.Name, fmt.Sprintf("Pihatapahtuma %d", i+1), clk.Now()))
		if err != nil {
			return fmt.Errorf("demo case %d: %w", i, err)
		}
		clk.Set(svc.Calendar().AddWorkingDays(clk.Now(), 1).Add(9 * time.Hour))
		if _, err := svc.Take(ctx, handler, req, c.ID); err != nil {
			return err
		}
		clk.Set(svc.Calendar().AddWorkingDays(clk.Now(), days-1).Add(13 * time.Hour))
		if _, err := svc.Decide(ctx, handler, req, c.ID, cases.DecisionInput{Outcome: cases.Conditional, Obligations: demoObligations(i, now),
			Body:       "Ilmoitettu toiminta voidaan järjestää annetuin määräyksin. Melutaso lähimmässä häiriintyvässä kohteessa ei saa ylittää 65 dB LAeq,1h.",
			Conditions: []string{"Vahvistettu musiikki on lopetettava klo 22.00.", "Naapureille on tiedotettava tapahtumasta viimeistään viikkoa ennen."},
			Appeal:     "Päätökseen saa hakea muutosta valittamalla Helsingin hallinto-oikeuteen 30 päivän kuluessa päätöksen tiedoksisaannista."}); err != nil {
			return err
		}
	}

	// Kesäjuhlat Oy's festival notification: sent, taken, completion asked.
	eero := who["eero@Kesäjuhlat Oy"]
	clk.Set(svc.Calendar().AddWorkingDays(now, -8).Add(10 * time.Hour))
	c, err := send(eero, "Kesäjuhlat Oy", noiseAnswers("Kesäjuhlat Oy", "Kesäjuhlat 2027", now.AddDate(0, 7, 0)))
	if err != nil {
		return fmt.Errorf("demo festival case: %w", err)
	}
	clk.Set(svc.Calendar().AddWorkingDays(now, -6).Add(9 * time.Hour))
	if _, err := svc.Take(ctx, handler, req, c.ID); err != nil {
		return err
	}
	clk.Set(svc.Calendar().AddWorkingDays(now, -3).Add(14 * time.Hour))
	if _, err := svc.RequestCompletion(ctx, handler, req, c.ID,
		"Lisätkää hakemukseen lavojen sijainti ja äänentoiston suuntaus asemapiirrokseen sekä arvio melutasosta Kaivopuiston asuinrakennusten kohdalla.",
		now.AddDate(0, 0, 14)); err != nil {
		return err
	}

	// Maija's draft, started and left half way.
	clk.Set(now.AddDate(0, 0, -2))
	draft, err := svc.Start(ctx, who["maija"], req, cases.StartInput{Service: "ta-noise-notification", Municipality: "091", Lang: "fi"})
	if err != nil {
		return err
	}
	_, err = svc.SaveAnswers(ctx, who["maija"], draft.ID, map[string]any{"organiser_name": "Maija Meikäläinen", "contact_name": "Maija Meikäläinen",
		"contact_email": "maija.meikalainen@example.fi", "event_name": "Pihakonsertti Käpylässä"})
	return err
}

// demoObligations are the duties some of Maija's decisions set, so that her
// annual clock has something coming, something yearly and something late.
func demoObligations(i int, now time.Time) []cases.ObligationInput {
	switch i {
	case 0:
		return []cases.ObligationInput{{Title: "Melumittausten tulokset ympäristöpalveluille", Due: now.AddDate(0, 0, -5)}}
	case 7:
		return []cases.ObligationInput{{Title: "Vuosiraportti tapahtumien melusta", Due: now.AddDate(0, 2, 15), Recurrence: "yearly"}}
	case 14:
		return []cases.ObligationInput{{Title: "Naapuritiedotteen jäljennös", Due: now.AddDate(0, 0, 20)}}
	}
	return nil
}

// noiseAnswers is a complete noise notification for the demo form.
func noiseAnswers(organiser, event string, start time.Time) map[string]any {
	day := start.Format(time.DateOnly)
	end := start.AddDate(0, 0, 1).Format(time.DateOnly)
	return map[string]any{
		"organiser_name":    organiser,
		"organiser_address": map[string]any{"street": "Mannerheimintie 1", "postcode": "00100", "city": "Helsinki"},
		"contact_name":      organiser,
		"contact_email":     "tapahtumat@example.fi",
		"contact_phone":     "040 123 4567",
		"event_name":        event,
		"event_description": "Ulkoilmatapahtuma, jossa on elävää ja vahvistettua musiikkia yhdellä lavalla.",
		"attendance":        800.0,
		"venue_address":     map[string]any{"street": "Kaivopuisto", "postcode": "00140", "city": "Helsinki"},
		"event_dates":       map[string]any{"from": day, "to": end},
		"daily_hours": []any{
			map[string]any{"daily_hours_day": day, "daily_hours_start": "16:00", "daily_hours_end": "22:00"},
			map[string]any{"daily_hours_day": end, "daily_hours_start": "14:00", "daily_hours_end": "22:00"},
		},
		"noise_sources":          []any{"amplified_music", "live_music"},
		"sound_equipment":        "Linjaryhmäkaiuttimet 2 × 4 kW, subwooferit 4 × 2 kW, miksauspöytä yleisön keskellä.",
		"nearest_site":           "Asuinrakennukset, Itäinen Puistotie",
		"nearest_distance_m":     250.0,
		"noise_level_db":         65.0,
		"noise_assessment_basis": "estimate",
		"music_after_22":         false,
		"noise_measures":         "Lava suunnataan merelle päin, äänentoiston taso rajoitetaan ja sitä seurataan mittarilla miksauspaikalla.",
		"noise_monitoring":       true,
		"neighbour_info":         []any{"letters", "web"},
		"on_duty_phone":          "040 765 4321",
	}
}

// sitePlan is a small picture standing in for a site plan.
func sitePlan() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{R: uint8(200 - y), G: uint8(220 - x), B: 235, A: 255})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img) // writing to memory cannot fail
	return b.Bytes()
}

// demoPrincipals are the demo people the cases are sent and handled by,
// keyed by username, and "username@company" when acting for the company.
func demoPrincipals(ctx context.Context, d *db.DB) (map[string]access.Principal, error) {
	out := map[string]access.Principal{}
	rows, err := d.Read.QueryContext(ctx, `SELECT a.username, p.id, p.given_names || ' ' || p.family_name FROM local_accounts a JOIN persons p ON p.id = a.person_id`)
	if err != nil {
		return nil, fmt.Errorf("demo principals: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var username string
		var p access.Principal
		if err := rows.Scan(&username, &p.PersonID, &p.Name); err != nil {
			return nil, fmt.Errorf("demo principals: %w", err)
		}
		out[username] = p
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("demo principals: %w", err)
	}
	var helsinki, company string
	if err := d.Read.QueryRowContext(ctx, `SELECT id FROM organisations WHERE name = 'Helsingin kaupunki'`).Scan(&helsinki); err != nil {
		return nil, fmt.Errorf("demo authority: %w", err)
	}
	if err := d.Read.QueryRowContext(ctx, `SELECT id FROM organisations WHERE name = 'Kesäjuhlat Oy'`).Scan(&company); err != nil {
		return nil, fmt.Errorf("demo company: %w", err)
	}
	h := out["kasittelija"]
	h.Grants = []access.Grant{{OrganisationID: helsinki, Role: access.CaseHandler}}
	out["kasittelija"] = h
	e := out["eero"]
	e.ActingFor, e.ActingForName, e.MandateRights = company, "Kesäjuhlat Oy", []access.Right{access.RightApply, access.RightView}
	out["eero@Kesäjuhlat Oy"] = e
	return out, nil
}
