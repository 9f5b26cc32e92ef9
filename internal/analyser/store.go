package analyser

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/errs"
)

// Store reads and writes questionnaires, analyses and undertakings.
type Store struct {
	db *db.DB
}

// NewStore returns the analyser's store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// definition is what a version's definition column holds.
type definition struct {
	Titles    Texts      `json:"titles"`
	Intros    Texts      `json:"intros"`
	Areas     []Area     `json:"areas"`
	Questions []Question `json:"questions"`
	Rules     []Rule     `json:"rules"`
}

const questionnaireColumns = `q.id, q.bundle_code, q.owner_org, v.version, v.state, v.definition, v.updated_at, v.published_at`

const fromVersions = ` FROM questionnaires q JOIN questionnaire_versions v ON v.questionnaire_id = q.id`

// newestPublished keeps each questionnaire's newest published version.
const newestPublished = fromVersions + ` AND v.version =
(SELECT max(version) FROM questionnaire_versions WHERE questionnaire_id = q.id AND state = 'published')`

// newestAny keeps each questionnaire's newest version in any state.
const newestAny = fromVersions + ` AND v.version = (SELECT max(version) FROM questionnaire_versions WHERE questionnaire_id = q.id)`

type scanner interface{ Scan(...any) error }

func scanQuestionnaire(row scanner) (Questionnaire, error) {
	var q Questionnaire
	var def string
	var published sql.NullTime
	if err := row.Scan(&q.ID, &q.Bundle, &q.OwnerOrg, &q.Version, &q.State, &def, &q.UpdatedAt, &published); err != nil {
		return Questionnaire{}, err
	}
	if published.Valid {
		q.PublishedAt = &published.Time
	}
	var d definition
	if err := json.Unmarshal([]byte(def), &d); err != nil {
		return Questionnaire{}, fmt.Errorf("definition of questionnaire %s v%d: %w", q.ID, q.Version, err)
	}
	q.Titles, q.Intros, q.Areas, q.Questions, q.Rules = d.Titles, d.Intros, d.Areas, d.Questions, d.Rules
	return q, nil
}

func (s *Store) list(ctx context.Context, query string, args ...any) ([]Questionnaire, error) {
	rows, err := s.db.Read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list questionnaires: %w", err)
	}
	defer rows.Close()
	var out []Questionnaire
	for rows.Next() {
		q, err := scanQuestionnaire(rows)
		if err != nil {
			return nil, fmt.Errorf("scan questionnaire: %w", err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

func (s *Store) one(ctx context.Context, query string, args ...any) (Questionnaire, error) {
	q, err := scanQuestionnaire(s.db.Read.QueryRowContext(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return Questionnaire{}, errs.E(errs.NotFound, "no such questionnaire")
	}
	if err != nil {
		return Questionnaire{}, fmt.Errorf("read questionnaire: %w", err)
	}
	return q, nil
}

// Published lists the newest published version of every questionnaire, or of
// the bundle's when bundle is given, most recently published first.
func (s *Store) Published(ctx context.Context, bundle string) ([]Questionnaire, error) {
	where, args := "", []any{}
	if bundle != "" {
		where, args = ` WHERE q.bundle_code = $1`, append(args, bundle)
	}
	return s.list(ctx, `SELECT `+questionnaireColumns+newestPublished+where+` ORDER BY v.published_at DESC, q.id`, args...)
}

// ForBundle returns the questionnaire that customers answer for the bundle:
// the most recently published one.
func (s *Store) ForBundle(ctx context.Context, bundle string) (Questionnaire, error) {
	qs, err := s.Published(ctx, bundle)
	if err != nil {
		return Questionnaire{}, err
	}
	if len(qs) == 0 {
		return Questionnaire{}, errs.E(errs.NotFound, "the bundle has no published questionnaire")
	}
	return qs[0], nil
}

// PublishedQuestionnaire returns the newest published version of a questionnaire.
func (s *Store) PublishedQuestionnaire(ctx context.Context, id string) (Questionnaire, error) {
	return s.one(ctx, `SELECT `+questionnaireColumns+newestPublished+` WHERE q.id = $1`, id)
}

// Version returns one version of a questionnaire, in whatever state.
func (s *Store) Version(ctx context.Context, id string, version int) (Questionnaire, error) {
	return s.one(ctx, `SELECT `+questionnaireColumns+fromVersions+` AND v.version = $2 WHERE q.id = $1`, id, version)
}

// Latest returns a questionnaire's newest version, draft or published.
func (s *Store) Latest(ctx context.Context, id string) (Questionnaire, error) {
	return s.one(ctx, `SELECT `+questionnaireColumns+newestAny+` WHERE q.id = $1`, id)
}

// LatestOwnedBy lists the newest version of the organisations' questionnaires,
// or of every questionnaire when all is set.
func (s *Store) LatestOwnedBy(ctx context.Context, orgs []string, all bool) ([]Questionnaire, error) {
	if all {
		return s.list(ctx, `SELECT `+questionnaireColumns+newestAny+` ORDER BY q.bundle_code, q.id`)
	}
	if len(orgs) == 0 {
		return nil, nil
	}
	marks := make([]string, len(orgs))
	args := make([]any, len(orgs))
	for i, o := range orgs {
		marks[i], args[i] = fmt.Sprintf("$%d", i+1), o
	}
	return s.list(ctx, `SELECT `+questionnaireColumns+newestAny+` WHERE q.owner_org IN (`+strings.Join(marks, ", ")+`) ORDER BY q.bundle_code, q.id`, args...)
}

func encodeDefinition(q Questionnaire) (string, error) {
	b, err := json.Marshal(definition{Titles: q.Titles, Intros: q.Intros, Areas: q.Areas, Questions: q.Questions, Rules: q.Rules})
	if err != nil {
		return "", fmt.Errorf("encode questionnaire %s: %w", q.ID, err)
	}
	return string(b), nil
}

// InsertQuestionnaire creates the questionnaire q.ID with q as its version
// q.Version in q.State, in tx. The demo data uses it too.
func InsertQuestionnaire(ctx context.Context, tx *sql.Tx, now time.Time, q Questionnaire, authorID, authorName string) error {
	const ins = `INSERT INTO questionnaires (id, bundle_code, owner_org, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`
	if _, err := tx.ExecContext(ctx, ins, q.ID, q.Bundle, q.OwnerOrg, now.UTC()); err != nil {
		return fmt.Errorf("insert questionnaire %s: %w", q.ID, err)
	}
	return insertVersion(ctx, tx, now, q, authorID, authorName)
}

func insertVersion(ctx context.Context, tx *sql.Tx, now time.Time, q Questionnaire, authorID, authorName string) error {
	def, err := encodeDefinition(q)
	if err != nil {
		return err
	}
	var published any
	publishedBy := ""
	if q.State == StatePublished {
		published, publishedBy = now.UTC(), authorName
	}
	const ins = `INSERT INTO questionnaire_versions (questionnaire_id, version, state, definition, author_id, author_name, created_at, updated_at, published_at, published_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9)`
	if _, err := tx.ExecContext(ctx, ins, q.ID, q.Version, q.State, def, authorID, authorName, now.UTC(), published, publishedBy); err != nil {
		return fmt.Errorf("insert version %d of questionnaire %s: %w", q.Version, q.ID, err)
	}
	return touch(ctx, tx, now, q.ID)
}

func updateDraft(ctx context.Context, tx *sql.Tx, now time.Time, q Questionnaire, authorID, authorName string) error {
	def, err := encodeDefinition(q)
	if err != nil {
		return err
	}
	const upd = `UPDATE questionnaire_versions SET definition = $1, author_id = $2, author_name = $3, updated_at = $4
WHERE questionnaire_id = $5 AND version = $6 AND state = 'draft'`
	if _, err := tx.ExecContext(ctx, upd, def, authorID, authorName, now.UTC(), q.ID, q.Version); err != nil {
		return fmt.Errorf("update draft %d of questionnaire %s: %w", q.Version, q.ID, err)
	}
	return touch(ctx, tx, now, q.ID)
}

func publishVersion(ctx context.Context, tx *sql.Tx, now time.Time, id string, version int, by string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE questionnaire_versions SET state = 'superseded' WHERE questionnaire_id = $1 AND state = 'published'`, id); err != nil {
		return fmt.Errorf("supersede questionnaire %s: %w", id, err)
	}
	const pub = `UPDATE questionnaire_versions SET state = 'published', published_at = $1, published_by = $2, updated_at = $1
WHERE questionnaire_id = $3 AND version = $4`
	if _, err := tx.ExecContext(ctx, pub, now.UTC(), by, id, version); err != nil {
		return fmt.Errorf("publish questionnaire %s v%d: %w", id, version, err)
	}
	return touch(ctx, tx, now, id)
}

func touch(ctx context.Context, tx *sql.Tx, now time.Time, id string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE questionnaires SET updated_at = $1 WHERE id = $2`, now.UTC(), id); err != nil {
		return fmt.Errorf("touch questionnaire %s: %w", id, err)
	}
	return nil
}
