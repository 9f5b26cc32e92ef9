package cases

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/forms"
)

// Earlier returns the answers of the party's most recently sent application,
// for forms whose fields prefill from "earlier.<field id>" (function 22b):
// what a customer told once, they need not type again.
func (s *Service) Earlier(ctx context.Context, p access.Principal) ([]forms.Prefilled, error) {
	if err := applicant(p); err != nil {
		return nil, err
	}
	var raw, number string
	var err error
	if p.ActingFor != "" {
		err = s.db.Read.QueryRowContext(ctx, `SELECT answers, number FROM cases WHERE acting_for = $1 AND submitted_at IS NOT NULL
ORDER BY submitted_at DESC LIMIT 1`, p.ActingFor).Scan(&raw, &number)
	} else {
		err = s.db.Read.QueryRowContext(ctx, `SELECT answers, number FROM cases WHERE acting_for = '' AND person_id = $1 AND submitted_at IS NOT NULL
ORDER BY submitted_at DESC LIMIT 1`, p.PersonID).Scan(&raw, &number)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read earlier answers: %w", err)
	}
	var answers map[string]any
	if err := json.Unmarshal([]byte(raw), &answers); err != nil {
		return nil, fmt.Errorf("earlier answers of %s: %w", number, err)
	}
	label := forms.Texts{"fi": "Aiempi hakemuksesi " + number, "sv": "Din tidigare ansökan " + number, "en": "Your earlier application " + number}
	var out []forms.Prefilled
	for id, v := range answers {
		if _, isFile := v.([]any); isFile {
			continue // files and rows belong to their own application
		}
		out = append(out, forms.Prefilled{Key: "earlier." + id, Value: v, Source: "earlier", SourceLabel: label})
	}
	return out, nil
}

// MoveToNewestForm moves a draft whose form version was withdrawn (or
// superseded) to the newest published version of the same form, keeping
// every answer; the customer then checks the answers again.
func (s *Service) MoveToNewestForm(ctx context.Context, p access.Principal, id string) (Case, error) {
	return s.change(ctx, p, id, canApply, func(tx *sql.Tx, c *Case, now time.Time) error {
		if c.Sent() {
			return errs.E(errs.Conflict, "a sent application keeps its form version")
		}
		fv, err := s.Forms.Published(ctx, c.FormID)
		if err != nil {
			return err
		}
		if fv.Version == c.FormVersion {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET form_version = $1, updated_at = $2 WHERE id = $3`, fv.Version, now.UTC(), c.ID); err != nil {
			return fmt.Errorf("move case %s to form version %d: %w", c.ID, fv.Version, err)
		}
		c.FormVersion, c.UpdatedAt = fv.Version, now
		return nil
	})
}
