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
	cfg, err := parseConfig("audit verify", args, getenv, stderr, false)
	if err != nil {
		return err
	}
	d, err := db.Open(ctx, db.Config{URL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		return openHint(err, cfg)
	}
	defer d.Close()
	// A database without luva's tables would fail below with "no such table";
	// say what to do instead.
	if _, err := d.Pending(ctx); err != nil {
		return fmt.Errorf("%s database %s has no luva tables yet (check --data or --database-url, or run luva migrate)", d.Dialect, d.Target)
	}
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
