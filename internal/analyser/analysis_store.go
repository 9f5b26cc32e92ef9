package analyser

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/luva-fi/luva/internal/errs"
)

// Analysis is a customer's saved answers to a questionnaire version, what the
// rules found and the services picked by hand.
type Analysis struct {
	ID            string    `json:"id"`
	PersonID      string    `json:"person_id"`
	ActingFor     string    `json:"acting_for,omitempty"`
	Questionnaire string    `json:"questionnaire"`
	Version       int       `json:"questionnaire_version"`
	Bundle        string    `json:"bundle"`
	Municipality  string    `json:"municipality"`
	Start         string    `json:"start_date"` // YYYY-MM-DD, "" when not given
	Answers       Answers   `json:"answers"`
	Findings      []Finding `json:"findings"`
	Picked        []string  `json:"picked"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Undertaking is a customer's project: the services it needs, which later
// become applications.
type Undertaking struct {
	ID           string               `json:"id"`
	PersonID     string               `json:"person_id"`
	ActingFor    string               `json:"acting_for,omitempty"`
	Name         string               `json:"name"`
	Bundle       string               `json:"bundle"`
	Municipality string               `json:"municipality"`
	Start        string               `json:"start_date"`
	AnalysisID   string               `json:"analysis_id,omitempty"`
	Services     []UndertakingService `json:"services"`
	CreatedAt    time.Time            `json:"created_at"`
}

// UndertakingService is one service an undertaking needs, and how it was found.
type UndertakingService struct {
	Service   string `json:"service"`
	Certainty string `json:"certainty"` // certain, possible or picked
}

const analysisColumns = `id, person_id, acting_for, questionnaire_id, questionnaire_version, bundle_code, municipality, start_date,
answers, results, picked, created_at, updated_at`

func scanAnalysis(row scanner) (Analysis, error) {
	var a Analysis
	var answers, results, picked string
	if err := row.Scan(&a.ID, &a.PersonID, &a.ActingFor, &a.Questionnaire, &a.Version, &a.Bundle, &a.Municipality, &a.Start,
		&answers, &results, &picked, &a.CreatedAt, &a.UpdatedAt); err != nil {
		return Analysis{}, err
	}
	for _, f := range []struct {
		src string
		dst any
	}{{answers, &a.Answers}, {results, &a.Findings}, {picked, &a.Picked}} {
		if err := json.Unmarshal([]byte(f.src), f.dst); err != nil {
			return Analysis{}, fmt.Errorf("analysis %s: %w", a.ID, err)
		}
	}
	return a, nil
}

func insertAnalysis(ctx context.Context, tx *sql.Tx, a Analysis) error {
	enc := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	if a.Findings == nil {
		a.Findings = []Finding{}
	}
	if a.Picked == nil {
		a.Picked = []string{}
	}
	const ins = `INSERT INTO analyses (` + analysisColumns + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`
	_, err := tx.ExecContext(ctx, ins, a.ID, a.PersonID, a.ActingFor, a.Questionnaire, a.Version, a.Bundle, a.Municipality, a.Start,
		enc(a.Answers), enc(a.Findings), enc(a.Picked), a.CreatedAt.UTC(), a.UpdatedAt.UTC())
	if err != nil {
		return fmt.Errorf("insert analysis: %w", err)
	}
	return nil
}

// Analysis reads an analysis by id, whoever owns it.
func (s *Store) Analysis(ctx context.Context, id string) (Analysis, error) {
	a, err := scanAnalysis(s.db.Read.QueryRowContext(ctx, `SELECT `+analysisColumns+` FROM analyses WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Analysis{}, errs.E(errs.NotFound, "no such analysis")
	}
	if err != nil {
		return Analysis{}, fmt.Errorf("read analysis %s: %w", id, err)
	}
	return a, nil
}

// AnalysesOf lists a party's analyses, newest first: an organisation's when
// actingFor is set, else the person's own.
func (s *Store) AnalysesOf(ctx context.Context, personID, actingFor string) ([]Analysis, error) {
	where, args := partyWhere(personID, actingFor)
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+analysisColumns+` FROM analyses WHERE `+where+` ORDER BY created_at DESC, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list analyses: %w", err)
	}
	defer rows.Close()
	var out []Analysis
	for rows.Next() {
		a, err := scanAnalysis(rows)
		if err != nil {
			return nil, fmt.Errorf("scan analysis: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// partyWhere selects what a party owns: everything done for the organisation,
// or what the person did for themself.
func partyWhere(personID, actingFor string) (string, []any) {
	if actingFor != "" {
		return `acting_for = $1`, []any{actingFor}
	}
	return `acting_for = '' AND person_id = $1`, []any{personID}
}

const undertakingColumns = `id, person_id, acting_for, name, bundle_code, municipality, start_date, analysis_id, services, created_at`

func scanUndertaking(row scanner) (Undertaking, error) {
	var u Undertaking
	var analysis sql.NullString
	var services string
	if err := row.Scan(&u.ID, &u.PersonID, &u.ActingFor, &u.Name, &u.Bundle, &u.Municipality, &u.Start, &analysis, &services, &u.CreatedAt); err != nil {
		return Undertaking{}, err
	}
	u.AnalysisID = analysis.String
	if err := json.Unmarshal([]byte(services), &u.Services); err != nil {
		return Undertaking{}, fmt.Errorf("undertaking %s: %w", u.ID, err)
	}
	return u, nil
}

func insertUndertaking(ctx context.Context, tx *sql.Tx, u Undertaking) error {
	services, err := json.Marshal(u.Services)
	if err != nil {
		return fmt.Errorf("encode services: %w", err)
	}
	var analysis any
	if u.AnalysisID != "" {
		analysis = u.AnalysisID
	}
	const ins = `INSERT INTO undertakings (` + undertakingColumns + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`
	if _, err := tx.ExecContext(ctx, ins, u.ID, u.PersonID, u.ActingFor, u.Name, u.Bundle, u.Municipality, u.Start, analysis,
		string(services), u.CreatedAt.UTC()); err != nil {
		return fmt.Errorf("insert undertaking: %w", err)
	}
	return nil
}

// Undertaking reads an undertaking by id, whoever owns it.
func (s *Store) Undertaking(ctx context.Context, id string) (Undertaking, error) {
	u, err := scanUndertaking(s.db.Read.QueryRowContext(ctx, `SELECT `+undertakingColumns+` FROM undertakings WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Undertaking{}, errs.E(errs.NotFound, "no such undertaking")
	}
	if err != nil {
		return Undertaking{}, fmt.Errorf("read undertaking %s: %w", id, err)
	}
	return u, nil
}

// UndertakingsOf lists a party's undertakings, newest first.
func (s *Store) UndertakingsOf(ctx context.Context, personID, actingFor string) ([]Undertaking, error) {
	where, args := partyWhere(personID, actingFor)
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+undertakingColumns+` FROM undertakings WHERE `+where+` ORDER BY created_at DESC, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list undertakings: %w", err)
	}
	defer rows.Close()
	var out []Undertaking
	for rows.Next() {
		u, err := scanUndertaking(rows)
		if err != nil {
			return nil, fmt.Errorf("scan undertaking: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
