// Package catalog is luva's service catalogue: the service bundles (K, M, Ta, Te,
// S) and, as it grows, the services, guidance and the permit-need analyser.
package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/errs"
)

// Bundle is a service bundle in one language.
type Bundle struct {
	Code     string `json:"code"`
	Position int    `json:"position"`
	Lang     string `json:"lang"`
	Name     string `json:"name"`
	Summary  string `json:"summary"`
}

// BundleText is a bundle's name and summary in one language.
type BundleText struct {
	Name    string `json:"name"`
	Summary string `json:"summary"`
}

// Store reads and writes the catalogue.
type Store struct {
	db *db.DB
}

// NewStore returns a catalogue store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

const selectBundles = `SELECT b.code, b.position, t.lang, t.name, t.summary
FROM bundles b JOIN bundle_texts t ON t.bundle_code = b.code AND t.lang = $1`

// Bundles lists the bundles in lang, in their display order.
func (s *Store) Bundles(ctx context.Context, lang string) ([]Bundle, error) {
	rows, err := s.db.Read.QueryContext(ctx, selectBundles+` ORDER BY b.position, b.code`, lang)
	if err != nil {
		return nil, fmt.Errorf("list bundles: %w", err)
	}
	defer rows.Close()
	var out []Bundle
	for rows.Next() {
		var b Bundle
		if err := rows.Scan(&b.Code, &b.Position, &b.Lang, &b.Name, &b.Summary); err != nil {
			return nil, fmt.Errorf("scan bundle: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Bundle returns the bundle with the code in lang.
func (s *Store) Bundle(ctx context.Context, code, lang string) (Bundle, error) {
	var b Bundle
	err := s.db.Read.QueryRowContext(ctx, selectBundles+` WHERE b.code = $2`, lang, code).
		Scan(&b.Code, &b.Position, &b.Lang, &b.Name, &b.Summary)
	if errors.Is(err, sql.ErrNoRows) {
		return Bundle{}, errs.E(errs.NotFound, "no such service bundle")
	}
	if err != nil {
		return Bundle{}, fmt.Errorf("bundle %s: %w", code, err)
	}
	return b, nil
}

// PutBundle creates or replaces a bundle and its texts, keyed by language, in tx.
func PutBundle(ctx context.Context, tx *sql.Tx, code string, position int, texts map[string]BundleText) error {
	const upsert = `INSERT INTO bundles (code, position) VALUES ($1, $2)
ON CONFLICT (code) DO UPDATE SET position = excluded.position`
	if _, err := tx.ExecContext(ctx, upsert, code, position); err != nil {
		return fmt.Errorf("put bundle %s: %w", code, err)
	}
	const upsertText = `INSERT INTO bundle_texts (bundle_code, lang, name, summary) VALUES ($1, $2, $3, $4)
ON CONFLICT (bundle_code, lang) DO UPDATE SET name = excluded.name, summary = excluded.summary`
	for lang, t := range texts {
		if _, err := tx.ExecContext(ctx, upsertText, code, lang, t.Name, t.Summary); err != nil {
			return fmt.Errorf("put bundle %s text %s: %w", code, lang, err)
		}
	}
	return nil
}
