package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/luva-fi/luva/internal/clock"
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
	db      *db.DB
	clock   clock.Clock
	catalog Catalogue // who owns the services forms serve
	mu      sync.Mutex
	cache   map[string]*forms.Compiled // "id@version"
}

// NewForms returns the form store on d; the catalogue answers which
// organisation owns a service, which decides who edits its form.
func NewForms(d *db.DB, clk clock.Clock, cat Catalogue) *Forms {
	return &Forms{db: d, clock: clk, catalog: cat, cache: map[string]*forms.Compiled{}}
}

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

func invalidForm(err error) error {
	e := errs.Wrap(errs.Invalid, "the form definition has errors", err)
	e.Fields = map[string]string{"definition": err.Error()}
	return e
}

// lockNewest reads the newest version of form id for change; found is false
// when the form has none yet.
func lockNewest(ctx context.Context, tx *sql.Tx, d db.Dialect, id string) (FormVersion, bool, error) {
	v, err := scanForm(tx.QueryRowContext(ctx, `SELECT `+formColumns+` FROM form_versions WHERE form_id = $1 ORDER BY version DESC LIMIT 1`+d.ForUpdate(), id))
	if errors.Is(err, sql.ErrNoRows) {
		return FormVersion{}, false, nil
	}
	if err != nil {
		return FormVersion{}, false, fmt.Errorf("read form %s: %w", id, err)
	}
	return v, true, nil
}

// saveForm writes def over the newest version latest when that is a draft,
// else as a new draft after it.
func saveForm(ctx context.Context, tx *sql.Tx, latest FormVersion, found bool, id string, def []byte, ownerOrg, author string, now time.Time) (FormVersion, error) {
	v := FormVersion{FormID: id, Version: latest.Version + 1, State: FormDraft, Definition: def, OwnerOrg: ownerOrg, AuthorName: author, CreatedAt: now}
	var err error
	if found && latest.State == FormDraft {
		v.Version = latest.Version
		_, err = tx.ExecContext(ctx, `UPDATE form_versions SET definition = $1, author_name = $2, created_at = $3 WHERE form_id = $4 AND version = $5`,
			string(def), author, now.UTC(), id, latest.Version)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT INTO form_versions (form_id, version, state, definition, owner_org, author_name, created_at)
VALUES ($1, $2, 'draft', $3, $4, $5, $6)`, id, v.Version, string(def), ownerOrg, author, now.UTC())
	}
	if err != nil {
		return FormVersion{}, fmt.Errorf("save form %s: %w", id, err)
	}
	return v, nil
}

// publishForm publishes the draft v, whose parsed definition is def, and
// links the services it serves to the form.
func publishForm(ctx context.Context, tx *sql.Tx, v FormVersion, def forms.Form, now time.Time) (FormVersion, error) {
	id := v.FormID
	if _, err := tx.ExecContext(ctx, `UPDATE form_versions SET state = 'superseded' WHERE form_id = $1 AND state = 'published'`, id); err != nil {
		return FormVersion{}, fmt.Errorf("supersede form %s: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE form_versions SET state = 'published', published_at = $1 WHERE form_id = $2 AND version = $3`, now.UTC(), id, v.Version); err != nil {
		return FormVersion{}, fmt.Errorf("publish form %s: %w", id, err)
	}
	for _, svc := range def.Services {
		if svc == AllServices {
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

// Install saves and publishes a definition in one go, unless the same
// definition is already the published version: how demo and built-in forms
// are loaded at startup, by the platform rather than a person, so neither
// checked nor audited.
func (f *Forms) Install(ctx context.Context, def []byte, ownerOrg string, now time.Time) error {
	parsed, err := forms.Parse(def)
	if err != nil {
		return fmt.Errorf("install form: %w", err)
	}
	if _, err := forms.Compile(parsed); err != nil {
		return fmt.Errorf("install form %s: %w", parsed.ID, err)
	}
	if cur, err := f.Published(ctx, parsed.ID); err == nil && string(cur.Definition) == string(def) {
		return nil
	}
	return f.db.InTx(ctx, func(tx *sql.Tx) error {
		latest, found, err := lockNewest(ctx, tx, f.db.Dialect, parsed.ID)
		if err != nil {
			return err
		}
		v, err := saveForm(ctx, tx, latest, found, parsed.ID, def, ownerOrg, "luva", now)
		if err != nil {
			return err
		}
		_, err = publishForm(ctx, tx, v, parsed, now)
		return err
	})
}
