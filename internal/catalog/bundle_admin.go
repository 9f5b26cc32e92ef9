package catalog

import (
	"context"
	"database/sql"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/i18n"
)

// UpdateBundle changes a bundle's name and summary in every language; only
// platform admins manage the bundles. Every language needs a name.
func (c *Content) UpdateBundle(ctx context.Context, p access.Principal, req access.Request, code string, texts map[string]BundleText) error {
	if err := access.Check(p, access.ManageBundles, access.Resource{}); err != nil {
		return err
	}
	if _, err := c.Bundle(ctx, code, i18n.Default); err != nil {
		return err
	}
	if texts == nil {
		texts = map[string]BundleText{}
	}
	fields := map[string]string{}
	for _, lang := range i18n.Langs() {
		t := texts[lang]
		t.Name, t.Summary = strings.TrimSpace(t.Name), strings.TrimSpace(t.Summary)
		texts[lang] = t
		if t.Name == "" {
			fields[code+"_name_"+lang] = "bundles.error.name"
		}
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "every language needs a name")
		e.Fields = fields
		return e
	}
	var position int
	if err := c.db.Read.QueryRowContext(ctx, `SELECT position FROM bundles WHERE code = $1`, code).Scan(&position); err != nil {
		return err
	}
	return c.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := PutBundle(ctx, tx, code, position, texts); err != nil {
			return err
		}
		return audit.Record(ctx, tx, c.db.Dialect, c.clock.Now(), p, req, "bundle.update", "bundle", code, "ok", nil)
	})
}
