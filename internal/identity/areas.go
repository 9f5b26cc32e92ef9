package identity

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/luva-fi/luva/internal/db"
)

// SyncMunicipalities writes the municipalities that ship with luva into the
// database, so that authority areas can refer to them. It runs at every start;
// a new release with a changed list updates the names in place.
func SyncMunicipalities(ctx context.Context, d *db.DB) error {
	ms, err := Municipalities()
	if err != nil {
		return err
	}
	return d.InTx(ctx, func(tx *sql.Tx) error {
		const q = `INSERT INTO municipalities (code, name_fi, name_sv) VALUES ($1, $2, $3)
ON CONFLICT (code) DO UPDATE SET name_fi = excluded.name_fi, name_sv = excluded.name_sv`
		for _, m := range ms {
			if _, err := tx.ExecContext(ctx, q, m.Code, m.NameFI, m.NameSV); err != nil {
				return fmt.Errorf("sync municipality %s: %w", m.Code, err)
			}
		}
		return nil
	})
}
