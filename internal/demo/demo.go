// Package demo loads luva's demo data set into an empty database, so that a
// newcomer can click around a working service. Loading is recorded, so running it
// again changes nothing.
package demo

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/identity"
)

// seedName marks this demo data set in demo_seeds.
const seedName = "demo-2026"

// Account is a demo sign-in printed at start.
type Account struct {
	Username, Password, Role string
}

// Result says what Load did.
type Result struct {
	Loaded   bool // false when the data set was already there
	Bundles  int
	Services int
	Accounts []Account
}

// Load loads the demo data set unless it is already loaded, in one transaction.
func Load(ctx context.Context, d *db.DB, now time.Time) (Result, error) {
	res := Result{Accounts: Accounts()}
	// Authority areas refer to the municipalities.
	if err := identity.SyncMunicipalities(ctx, d); err != nil {
		return Result{}, err
	}
	err := d.InTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM demo_seeds WHERE name = $1`, seedName).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		for i, b := range bundles() {
			if err := catalog.PutBundle(ctx, tx, b.code, i+1, b.texts); err != nil {
				return err
			}
			res.Bundles++
		}
		authorities, err := loadPeople(ctx, tx, now)
		if err != nil {
			return err
		}
		if res.Services, err = loadCatalogue(ctx, tx, now, authorities); err != nil {
			return err
		}
		if err := loadQuestionnaires(ctx, tx, now, authorities); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO demo_seeds (name, loaded_at) VALUES ($1, $2)`, seedName, now.UTC()); err != nil {
			return err
		}
		res.Loaded = true
		return nil
	})
	if err != nil {
		return Result{}, fmt.Errorf("load demo data: %w", err)
	}
	return res, nil
}
