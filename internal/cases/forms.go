package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/forms"
)

// GeneralForm is the form of services that have none of their own.
const GeneralForm = "generic"

// Form states.
const (
	FormDraft      = "draft"
	FormPublished  = "published"
	FormSuperseded = "superseded"
	FormWithdrawn  = "withdrawn"
)

// FormVersion is one version of a form definition.
type FormVersion struct {
	FormID      string     `json:"form_id"`
	Version     int        `json:"version"`
	State       string     `json:"state"`
	Definition  []byte     `json:"-"`
	OwnerOrg    string     `json:"owner_org,omitempty"`
	AuthorName  string     `json:"author_name,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
}

// Forms keeps form versions and compiles them once: a version that is
// published never changes, so its compiled form is cached for good.
type Forms struct {
	db    *db.DB
	mu    sync.Mutex
	cache map[string]*forms.Compiled // "id@version"
}

// NewForms returns the form store on d.
func NewForms(d *db.DB) *Forms { return &Forms{db: d, cache: map[string]*forms.Compiled{}} }

// Compiled returns the compiled form version and its state.
func (f *Forms) Compiled(ctx context.Context, id string, version int) (*forms.Compiled, string, error) {
	v, err := f.Version(ctx, id, version)
	if err != nil {
		return nil, "", err
	}
	key := fmt.Sprintf("%s@%d", id, version)
	f.mu.Lock()
	c, ok := f.cache[key]
	f.mu.Unlock()
	if ok && v.State != FormDraft {
		return c, v.State, nil
	}
	def, err := forms.Parse(v.Definition)
	if err != nil {
		return nil, "", fmt.Errorf("form %s v%d: %w", id, version, err)
	}
	if c, err = forms.Compile(def); err != nil {
		return nil, "", fmt.Errorf("form %s v%d: %w", id, version, err)
	}
	if v.State != FormDraft {
		f.mu.Lock()
		f.cache[key] = c
		f.mu.Unlock()
	}
	return c, v.State, nil
}

const formColumns = `form_id, version, state, definition, owner_org, author_name, created_at, published_at`

func scanForm(row scanner) (FormVersion, error) {
	var v FormVersion
	var def string
	var published sql.NullTime
	if err := row.Scan(&v.FormID, &v.Version, &v.State, &def, &v.OwnerOrg, &v.AuthorName, &v.CreatedAt, &published); err != nil {
		return FormVersion{}, err
	}
	v.Definition = []byte(def)
	if published.Valid {
		t := published.Time
		v.PublishedAt = &t
	}
	return v, nil
}

// Version reads one version of a form.
func (f *Forms) Version(ctx context.Context, id string, version int) (FormVersion, error) {
	v, err := scanForm(f.db.Read.QueryRowContext(ctx, `SELECT `+formColumns+` FROM form_versions WHERE form_id = $1 AND version = $2`, id, version))
	if errors.Is(err, sql.ErrNoRows) {
		return FormVersion{}, errs.E(errs.NotFound, "no such form version")
	}
	if err != nil {
		return FormVersion{}, fmt.Errorf("read form %s v%d: %w", id, version, err)
	}
	return v, nil
}

// Versions lists every version of a form, newest first.
func (f *Forms) Versions(ctx context.Context, id string) ([]FormVersion, error) {
	return f.list(ctx, `SELECT `+formColumns+` FROM form_versions WHERE form_id = $1 ORDER BY version DESC`, id)
}

// Newest lists the newest version of every form.
func (f *Forms) Newest(ctx context.Context) ([]FormVersion, error) {
	return f.list(ctx, `SELECT `+formColumns+` FROM form_versions v
WHERE version = (SELECT max(version) FROM form_versions WHERE form_id = v.form_id) ORDER BY form_id`)
}

func (f *Forms) list(ctx context.Context, query string, args ...any) ([]FormVersion, error) {
	rows, err := f.db.Read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list forms: %w", err)
	}
	defer rows.Close()
	var out []FormVersion
	for rows.Next() {
		v, err := scanForm(rows)
		if err != nil {
			return nil, fmt.Errorf("scan form: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Published returns the newest published version of a form.
func (f *Forms) Published(ctx context.Context, id string) (FormVersion, error) {
	v, err := scanForm(f.db.Read.QueryRowContext(ctx, `SELECT `+formColumns+` FROM form_versions
WHERE form_id = $1 AND state = 'published' ORDER BY version DESC LIMIT 1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return FormVersion{}, errs.E(errs.NotFound, "the form has no published version")
	}
	if err != nil {
		return FormVersion{}, fmt.Errorf("read form %s: %w", id, err)
	}
	return v, nil
}

// FormOf returns the id of the form a service is applied for with.
func (f *Forms) FormOf(ctx context.Context, serviceID string) (string, error) {
	var id string
	err := f.db.Read.QueryRowContext(ctx, `SELECT form_id FROM form_services WHERE service_id = $1`, serviceID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return GeneralForm, nil
	}
	if err != nil {
		return "", fmt.Errorf("read the form of service %s: %w", serviceID, err)
	}
	return id, nil
}

// Save checks a definition and saves it as the form's new draft version,
// replacing an earlier draft; published versions are never changed.
func (f *Forms) Save(ctx context.Context, def []byte, ownerOrg, author string, now time.Time) (FormVersion, error) {
	parsed, err := forms.Parse(def)
	if err != nil {
		return FormVersion{}, invalidForm(err)
	}
	if _, err := forms.Compile(parsed); err != nil {
		return FormVersion{}, invalidForm(err)
	}
	var v FormVersion
	err = f.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		v, err = saveForm(ctx, tx, f.db.Dialect, parsed.ID, def, ownerOrg, author, now)
		return err
	})
	return v, err
}

func invalidForm(err error) error {
	e := errs.Wrap(errs.Invalid, "the form definition has errors", err)
	e.Fields = map[string]string{"definition": err.Error()}
	return e
}

func saveForm(ctx context.Context, tx *sql.Tx, d db.Dialect, id string, def []byte, ownerOrg, author string, now time.Time) (FormVersion, error) {
	var latest int
	var state sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT version, state FROM form_versions WHERE form_id = $1 ORDER BY version DESC LIMIT 1`+d.ForUpdate(), id).Scan(&latest, &state)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return FormVersion{}, fmt.Errorf("read form %s: %w", id, err)
	}
	v := FormVersion{FormID: id, Version: latest + 1, State: FormDraft, Definition: def, OwnerOrg: ownerOrg, AuthorName: author, CreatedAt: now}
	if state.String == FormDraft {
		v.Version = latest
		_, err = tx.ExecContext(ctx, `UPDATE form_versions SET definition = $1, author_name = $2, created_at = $3 WHERE form_id = $4 AND version = $5`,
			string(def), author, now.UTC(), id, latest)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO form_versions (form_id, version, state, definition, owner_org, author_name, created_at)
VALUES ($1, $2, 'draft', $3, $4, $5, $6)`, id, v.Version, string(def), ownerOrg, author, now.UTC())
	}
	if err != nil {
		return FormVersion{}, fmt.Errorf("save form %s: %w", id, err)
	}
	return v, nil
}

// Publish publishes the form's draft: it supersedes the published version,
// and becomes the version new applications of its services start on. Running
// applications keep their version.
func (f *Forms) Publish(ctx context.Context, id string, now time.Time) (FormVersion, error) {
	var v FormVersion
	err := f.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		v, err = publishForm(ctx, tx, f.db.Dialect, id, now)
		return err
	})
	return v, err
}

func publishForm(ctx context.Context, tx *sql.Tx, d db.Dialect, id string, now time.Time) (FormVersion, error) {
	v, err := scanForm(tx.QueryRowContext(ctx, `SELECT `+formColumns+` FROM form_versions WHERE form_id = $1 ORDER BY version DESC LIMIT 1`+d.ForUpdate(), id))
	if errors.Is(err, sql.ErrNoRows) {
		return FormVersion{}, errs.E(errs.NotFound, "no such form")
	}
	if err != nil {
		return FormVersion{}, fmt.Errorf("read form %s: %w", id, err)
	}
	if v.State != FormDraft {
		return FormVersion{}, errs.E(errs.Conflict, "the form has no draft to publish")
	}
	def, err := forms.Parse(v.Definition)
	if err != nil {
		return FormVersion{}, invalidForm(err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE form_versions SET state = 'superseded' WHERE form_id = $1 AND state = 'published'`, id); err != nil {
		return FormVersion{}, fmt.Errorf("supersede form %s: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE form_versions SET state = 'published', published_at = $1 WHERE form_id = $2 AND version = $3`, now.UTC(), id, v.Version); err != nil {
		return FormVersion{}, fmt.Errorf("publish form %s: %w", id, err)
	}
	for _, svc := range def.Services {
		if svc == "*" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO form_services (service_id, form_id) VALUES ($1, $2)
ON CONFLICT (service_id) DO UPDATE SET form_id = excluded.form_id`, svc, id); err != nil {
			return FormVersion{}, fmt.Errorf("link form %s to service %s: %w", id, svc, err)
		}
	}
	v.State, v.PublishedAt = FormPublished, &now
	return v, nil
}

// Withdraw takes a published version out of use: drafts on it can no longer
// be sent and must move to the newest version.
func (f *Forms) Withdraw(ctx context.Context, id string, version int) error {
	res, err := f.db.Write.ExecContext(ctx, `UPDATE form_versions SET state = 'withdrawn' WHERE form_id = $1 AND version = $2 AND state <> 'draft'`, id, version)
	if err != nil {
		return fmt.Errorf("withdraw form %s v%d: %w", id, version, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "no such published form version")
	}
	return nil
}

// Install saves and publishes a definition in one go, unless the same
// definition is already the published version: how demo and built-in forms
// are loaded.
func (f *Forms) Install(ctx context.Context, def []byte, ownerOrg string, now time.Time) error {
	parsed, err := forms.Parse(def)
	if err != nil {
		return fmt.Errorf("install form: %w", err)
	}
	if cur, err := f.Published(ctx, parsed.ID); err == nil && string(cur.Definition) == string(def) {
		return nil
	}
	return f.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := saveForm(ctx, tx, f.db.Dialect, parsed.ID, def, ownerOrg, "luva", now); err != nil {
			return err
		}
		_, err := publishForm(ctx, tx, f.db.Dialect, parsed.ID, now)
		return err
	})
}
