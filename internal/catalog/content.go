package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/i18n"
)

// Content is how an authority's content editors change the guidance of their
// own services: a draft, a review, publishing. Customers see only published
// versions, and every version is kept.
type Content struct {
	*Store
	clock clock.Clock
}

// NewContent returns the content service.
func NewContent(st *Store, clk clock.Clock) *Content { return &Content{Store: st, clock: clk} }

// editable returns the service when the principal may do action on its content.
func (c *Content) editable(ctx context.Context, p access.Principal, action access.Action, id string) (Service, error) {
	s, err := c.Definition(ctx, id)
	if err != nil {
		return Service{}, err
	}
	if err := access.Check(p, action, access.Org(s.OwnerOrg)); err != nil {
		return Service{}, err
	}
	return s, nil
}

// Editable lists the services whose content the principal may edit or publish.
func (c *Content) Editable(ctx context.Context, p access.Principal) ([]Service, error) {
	var orgs []string
	for _, org := range p.Organisations() {
		if access.Allowed(p, access.EditContent, access.Org(org)) || access.Allowed(p, access.PublishContent, access.Org(org)) {
			orgs = append(orgs, org)
		}
	}
	return c.OwnedBy(ctx, orgs)
}

// SaveDraft stores texts as the service's draft: the open draft (or version in
// review, which goes back to draft) is changed, or a new draft version begins.
func (c *Content) SaveDraft(ctx context.Context, p access.Principal, req access.Request, id string, texts Texts, note string) (Version, error) {
	svc, err := c.editable(ctx, p, access.EditContent, id)
	if err != nil {
		return Version{}, err
	}
	p.ActingFor = svc.OwnerOrg // recorded as work for the owning organisation
	if err := validateTexts(texts); err != nil {
		return Version{}, err
	}
	now := c.clock.Now()
	v := Version{ServiceID: id, Version: 1, State: VersionDraft, Texts: texts, AuthorID: p.PersonID, AuthorName: p.Name, Note: note, CreatedAt: now}
	err = c.db.InTx(ctx, func(tx *sql.Tx) error {
		latest, state, err := c.lockLatest(ctx, tx, id)
		if err != nil {
			return err
		}
		if state == VersionDraft || state == VersionInReview {
			v.Version = latest
			enc, err := encodeJSON(texts)
			if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `UPDATE service_versions SET texts = $1, state = 'draft', author_id = $2, author_name = $3, note = $4, created_at = $5
WHERE service_id = $6 AND version = $7`, enc, p.PersonID, p.Name, note, now.UTC(), id, v.Version)
			if err != nil {
				return fmt.Errorf("update draft of %s: %w", id, err)
			}
		} else {
			v.Version = latest + 1
			if err := InsertVersion(ctx, tx, v); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, c.db.Dialect, now, p, req, "content.draft", "service", id, "ok", map[string]int{"version": v.Version})
	})
	return v, err
}

// Limits of one language's texts, generous for real guidance and small
// enough that no request can store a novel.
const (
	maxName        = 200
	maxSummary     = 1000
	maxGuidance    = 20000
	maxNote        = 500
	maxAttachments = 50
)

// validateTexts requires a name in each language that has any text, and a
// Finnish name at least, so that no half-empty language goes out by mistake;
// it refuses languages luva does not have and texts over the limits.
func validateTexts(t Texts) error {
	fields := map[string]string{}
	for lang := range t {
		if !i18n.Supported(lang) {
			fields["lang"] = "content.error.lang"
		}
	}
	for _, lang := range i18n.Langs() {
		x := t[lang]
		if strings.TrimSpace(x.Name) == "" && (lang == "fi" || x.Summary != "" || x.Guidance != "") {
			fields["name_"+lang] = "content.error.name"
		}
		tooLong := map[string]bool{
			"name_" + lang:        len(x.Name) > maxName,
			"summary_" + lang:     len(x.Summary) > maxSummary,
			"guidance_" + lang:    len(x.Guidance) > maxGuidance,
			"unit_" + lang:        len(x.Unit) > maxName,
			"fee_note_" + lang:    len(x.FeeNote) > maxNote,
			"attachments_" + lang: len(x.Attachments) > maxAttachments || slices.ContainsFunc(x.Attachments, func(a string) bool { return len(a) > maxName }),
		}
		for field, bad := range tooLong {
			if bad {
				fields[field] = "content.error.too_long"
			}
		}
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "the texts have errors")
		e.Fields = fields
		return e
	}
	return nil
}

// SubmitForReview marks the draft ready to be checked and published.
func (c *Content) SubmitForReview(ctx context.Context, p access.Principal, req access.Request, id string) error {
	return c.transition(ctx, p, req, access.EditContent, id, VersionDraft, VersionInReview, "content.submit")
}

// Discard throws the open draft away; the published version stays.
func (c *Content) Discard(ctx context.Context, p access.Principal, req access.Request, id string) error {
	err := c.transition(ctx, p, req, access.EditContent, id, VersionDraft, VersionDiscarded, "content.discard")
	if errs.KindOf(err) == errs.Conflict {
		err = c.transition(ctx, p, req, access.EditContent, id, VersionInReview, VersionDiscarded, "content.discard")
	}
	return err
}

// Publish makes the version in review what customers see, and announces it
// on the outbox (the search index follows).
func (c *Content) Publish(ctx context.Context, p access.Principal, req access.Request, id string) error {
	return c.transition(ctx, p, req, access.PublishContent, id, VersionInReview, VersionPublished, "content.publish")
}

func (c *Content) transition(ctx context.Context, p access.Principal, req access.Request, action access.Action, id, from, to, auditAction string) error {
	svc, err := c.editable(ctx, p, action, id)
	if err != nil {
		return err
	}
	p.ActingFor = svc.OwnerOrg // recorded as work for the owning organisation
	now := c.clock.Now().UTC()
	return c.db.InTx(ctx, func(tx *sql.Tx) error {
		version, state, err := c.lockLatest(ctx, tx, id)
		if err != nil {
			return err
		}
		if state != from {
			return errs.E(errs.Conflict, "no version in state "+from)
		}
		if to == VersionPublished {
			if _, err := tx.ExecContext(ctx, `UPDATE service_versions SET state = 'superseded' WHERE service_id = $1 AND state = 'published'`, id); err != nil {
				return fmt.Errorf("supersede %s: %w", id, err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE service_versions SET state = 'published', published_at = $1, published_by = $2 WHERE service_id = $3 AND version = $4`,
				now, p.Name, id, version); err != nil {
				return fmt.Errorf("publish %s: %w", id, err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE services SET state = 'published', updated_at = $1 WHERE id = $2 AND state = 'draft'`, now, id); err != nil {
				return fmt.Errorf("publish service %s: %w", id, err)
			}
			if _, err := events.Append(ctx, tx, now, events.New{Topic: "service.published", AggregateType: "service", AggregateID: id, Payload: map[string]int{"version": version}}); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `UPDATE service_versions SET state = $1 WHERE service_id = $2 AND version = $3`, to, id, version); err != nil {
			return fmt.Errorf("move %s v%d to %s: %w", id, version, to, err)
		}
		return audit.Record(ctx, tx, c.db.Dialect, now, p, req, auditAction, "service", id, "ok", map[string]int{"version": version})
	})
}

// Draft returns the open draft or version in review, if there is one.
func (c *Content) Draft(ctx context.Context, p access.Principal, id string) (Version, bool, error) {
	if _, err := c.editable(ctx, p, access.PublishContent, id); err != nil {
		if _, err2 := c.editable(ctx, p, access.EditContent, id); err2 != nil {
			return Version{}, false, err
		}
	}
	versions, err := c.Versions(ctx, id)
	if err != nil {
		return Version{}, false, err
	}
	// A discarded draft is gone: the texts to edit are the newest kept ones.
	for _, v := range versions {
		if v.State != VersionDiscarded {
			return v, v.State == VersionDraft || v.State == VersionInReview, nil
		}
	}
	return Version{}, false, nil
}

// lockLatest takes the service's row lock for the rest of tx (on PostgreSQL;
// SQLite has one writer) and returns its newest version and that version's
// state, so that two editors cannot both build on the same version.
func (c *Content) lockLatest(ctx context.Context, tx *sql.Tx, id string) (int, string, error) {
	var got string
	if err := tx.QueryRowContext(ctx, `SELECT id FROM services WHERE id = $1`+c.db.Dialect.ForUpdate(), id).Scan(&got); err != nil {
		return 0, "", fmt.Errorf("lock service %s: %w", id, err)
	}
	var version int
	var state string
	err := tx.QueryRowContext(ctx, `SELECT version, state FROM service_versions WHERE service_id = $1 ORDER BY version DESC LIMIT 1`, id).Scan(&version, &state)
	if err == sql.ErrNoRows {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("latest version of %s: %w", id, err)
	}
	return version, state, nil
}
