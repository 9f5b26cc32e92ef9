package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	// Aliased: the name audit is taken by the command function main.go calls.
	auditlog "github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/db"
)

const auditUsage = `usage: luva audit <subcommand> [flags]

subcommands:
  verify   check the audit log's hash chain and name the first broken entry`

// audit runs the audit subcommands; verify is the only one.
func audit(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("audit: missing subcommand (try: luva audit verify)")
	}
	switch args[0] {
	case "verify":
		return auditVerify(ctx, args[1:], getenv, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(stdout, auditUsage)
		return nil
	}
	return fmt.Errorf("audit: unknown subcommand %q (try: luva audit verify)", args[0])
}

// auditVerify checks the chain. A broken chain is an error, so that the exit
// status tells a cron job or a monitoring check what the line says.
func auditVerify(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	d, _, err := openMigrated(ctx, "audit verify", args, getenv, stderr)
	if err != nil {
		return err
	}
	defer d.Close()
	res, err := auditlog.Verify(ctx, d)
	if err != nil {
		return err
	}
	if !res.OK() {
		return fmt.Errorf("audit log broken: %s", res.Reason)
	}
	fmt.Fprintf(stdout, "audit log intact: %d entries checked\n", res.Checked)
	return nil
}

// openMigrated parses a maintenance command's flags and opens its database,
// which must already hold luva's tables: a database without them would fail
// later with "no such table", so say what to do instead.
func openMigrated(ctx context.Context, name string, args []string, getenv func(string) string, stderr io.Writer) (*db.DB, config, error) {
	cfg, err := parseConfig(name, args, getenv, stderr, false)
	if err != nil {
		return nil, cfg, err
	}
	d, err := db.Open(ctx, db.Config{URL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		return nil, cfg, openHint(err, cfg)
	}
	if _, err := d.Pending(ctx); err != nil {
		d.Close()
		return nil, cfg, fmt.Errorf("%s database %s has no luva tables yet (check --data or --database-url, or run luva migrate)", d.Dialect, d.Target)
	}
	return d, cfg, nil
}
