package audit

import (
	"context"
	"database/sql"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
)

// Log is the audit log as admins browse it.
type Log struct {
	db    *db.DB
	clock clock.Clock
}

// NewLog returns the browsable audit log on d.
func NewLog(d *db.DB, clk clock.Clock) *Log { return &Log{db: d, clock: clk} }

// Browse lists entries for the principal: the whole log for platform admins,
// and for an organisation's admins (orgID set) only what was done acting for
// that organisation. Browsing is itself audited.
func (l *Log) Browse(ctx context.Context, p access.Principal, req access.Request, orgID string, f Filter) ([]Entry, error) {
	if err := access.Check(p, access.ViewAudit, access.Org(orgID)); err != nil {
		return nil, err
	}
	if orgID != "" {
		f.ActingFor = orgID
	}
	entries, err := List(ctx, l.db, f)
	if err != nil {
		return nil, err
	}
	err = l.db.InTx(ctx, func(tx *sql.Tx) error {
		return Record(ctx, tx, l.db.Dialect, l.clock.Now(), p, req, "audit.read", "organisation", orgID, "ok", nil)
	})
	return entries, err
}

// MaxExport bounds one export; narrow the filter for more.
const MaxExport = 100_000

// Export returns every entry the filter selects that the principal may see,
// newest first, up to MaxExport, and audits the export.
func (l *Log) Export(ctx context.Context, p access.Principal, req access.Request, orgID string, f Filter) ([]Entry, error) {
	if err := access.Check(p, access.ViewAudit, access.Org(orgID)); err != nil {
		return nil, err
	}
	if orgID != "" {
		f.ActingFor = orgID
	}
	f.Limit = MaxLimit
	var out []Entry
	for len(out) < MaxExport {
		page, err := List(ctx, l.db, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < f.Limit {
			break
		}
		f.BeforeID = page[len(page)-1].ID
	}
	err := l.db.InTx(ctx, func(tx *sql.Tx) error {
		return Record(ctx, tx, l.db.Dialect, l.clock.Now(), p, req, "audit.export", "organisation", orgID, "ok", map[string]int{"entries": len(out)})
	})
	return out, err
}

// Denied records that the policy refused the principal an action, so that
// probing for other people's data leaves a trace.
func (l *Log) Denied(ctx context.Context, p access.Principal, req access.Request, action access.Action, res access.Resource) error {
	targetType, targetID := "person", res.PersonID
	if res.OrganisationID != "" {
		targetType, targetID = "organisation", res.OrganisationID
	}
	return l.db.InTx(ctx, func(tx *sql.Tx) error {
		return Record(ctx, tx, l.db.Dialect, l.clock.Now(), p, req, string(action), targetType, targetID, OutcomeDenied, nil)
	})
}
