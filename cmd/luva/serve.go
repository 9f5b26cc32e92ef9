package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/db"
)

func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig("serve", args, getenv, stderr, true)
	if err != nil {
		return err
	}
	log := newLogger(cfg.LogFormat, stderr)
	providers, err := auth.LoadOIDCConfig(cfg.OIDCConfig, getenv)
	if err != nil {
		return fmt.Errorf("%v (check --oidc-config or LUVA_OIDC_CONFIG)", err)
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %v (choose another address with --addr or LUVA_ADDR)", cfg.Addr, unwrapOp(err))
	}
	defer ln.Close()

	a, err := app.Open(ctx, app.Config{
		DataDir: cfg.DataDir, DatabaseURL: cfg.DatabaseURL, BlobURL: cfg.BlobURL,
		Demo: cfg.Demo, Version: version, Logger: log, OIDC: providers, PRHURL: cfg.PRHURL, ClamdAddress: cfg.ClamdAddress,
		SMTPURL: cfg.SMTPURL, MailFrom: cfg.MailFrom, PublicURL: cfg.PublicURL,
	})
	if err != nil {
		return openHint(err, cfg)
	}
	if err := a.Start(ctx); err != nil {
		return errors.Join(err, a.Close(context.Background()))
	}

	if cfg.DebugAddr != "" {
		_, stop, err := serveDebug(cfg.DebugAddr, log)
		if err != nil {
			return errors.Join(err, a.Close(context.Background()))
		}
		defer stop()
	}

	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	printBanner(stdout, ln.Addr().String(), a, cfg)
	log.Info("luva started", "addr", ln.Addr().String(), "database", a.DB.Dialect.String(), "version", version)

	select {
	case err := <-served:
		return errors.Join(fmt.Errorf("server stopped: %w", err), a.Close(context.Background()))
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests and jobs in flight", "timeout", cfg.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	err = errors.Join(err, a.Close(shutdownCtx))
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("luva stopped")
	return nil
}

func printBanner(w io.Writer, addr string, a *app.App, cfg config) {
	host, port, _ := net.SplitHostPort(addr)
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	fmt.Fprintf(w, "luva %s is running at http://%s/ (database: %s)\n", version, net.JoinHostPort(host, port), a.DB.Target)
	if !cfg.Demo {
		return
	}
	if a.Demo.Loaded {
		fmt.Fprintf(w, "Demo data loaded: %d service bundles, %d accounts.\n", a.Demo.Bundles, len(a.Demo.Accounts))
	} else {
		fmt.Fprintln(w, "Demo data was already loaded; nothing changed.")
	}
	if len(a.Demo.Accounts) == 0 {
		return
	}
	fmt.Fprintf(w, "Demo accounts (sign in at http://%s/fi/sign-in):\n", net.JoinHostPort(host, port))
	for _, acc := range a.Demo.Accounts {
		fmt.Fprintf(w, "  %-24s password %-16s %s\n", acc.Username, acc.Password, acc.Role)
	}
}

// openHint adds to a startup error the setting that fixes it.
func openHint(err error, cfg config) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "data directory"):
		return fmt.Errorf("%v (choose another with --data or LUVA_DATA)", err)
	case cfg.DatabaseURL != "" && (strings.Contains(msg, "postgres") || strings.Contains(msg, "database URL")):
		return fmt.Errorf("%v (check --database-url or LUVA_DATABASE_URL)", err)
	}
	return err
}

// unwrapOp shortens "listen tcp 127.0.0.1:8080: bind: address already in use"
// to its cause.
func unwrapOp(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err
	}
	return err
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig("migrate", args, getenv, stderr, false)
	if err != nil {
		return err
	}
	d, err := db.Open(ctx, db.Config{URL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		return openHint(err, cfg)
	}
	defer d.Close()
	before, err := d.Pending(ctx)
	if err != nil {
		before = -1 // a new database has no migrations table yet
	}
	if err := app.Migrate(ctx, d); err != nil {
		return err
	}
	switch before {
	case 0:
		fmt.Fprintf(stdout, "%s database %s is up to date.\n", d.Dialect, d.Target)
	default:
		fmt.Fprintf(stdout, "%s database %s migrated.\n", d.Dialect, d.Target)
	}
	return nil
}
