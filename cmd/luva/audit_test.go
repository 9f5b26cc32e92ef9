package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	auditlog "github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
)

func TestAuditVerifyPassesAnIntactLogAndNamesAChangedEntry(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect.String(), func(t *testing.T) {
			ctx := context.Background()
			cfg := dbtest.Config(t, dialect)
			args := []string{"audit", "verify", "--data", cfg.DataDir, "--database-url", cfg.URL}
			d, err := db.Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if _, err := d.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for i := range 3 {
				err := d.InTx(ctx, func(tx *sql.Tx) error {
					e, err := auditlog.Append(ctx, tx, d.Dialect, auditlog.Entry{
						At: time.Date(2026, 5, 4, 9, i, 0, 0, time.UTC), ActorID: "u1", Action: "person.read", TargetType: "person", TargetID: fmt.Sprint(i),
					})
					ids = append(ids, e.ID)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}

			var out syncBuffer
			if err := run(ctx, args, noEnv, &out, &out); err != nil {
				t.Fatalf("verify an intact log: %v", err)
			}
			if !strings.Contains(out.String(), "audit log intact: 3 entries checked") {
				t.Errorf("verify printed %q", out.String())
			}

			if _, err := d.Write.ExecContext(ctx, `UPDATE audit_log SET actor_id = 'u2' WHERE id = $1`, ids[1]); err != nil {
				t.Fatal(err)
			}
			err = run(ctx, args, noEnv, &out, &out)
			want := fmt.Sprintf("entry %d was changed", ids[1])
			if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("verify a changed log: error %v, want one line containing %q", err, want)
			}
		})
	}
}

func TestAuditNamesItsSubcommands(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"an unknown subcommand lists verify", []string{"audit", "check"}, "luva audit verify"},
		{"a missing subcommand lists verify", []string{"audit"}, "luva audit verify"},
		{"a database without tables says to migrate", []string{"audit", "verify", "--data", t.TempDir()}, "run luva migrate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out syncBuffer
			err := run(context.Background(), tt.args, noEnv, &out, &out)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}
