package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	neturl "net/url"
	"os"
	"sync"
	"time"

	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/db"
)

// QuickSizes is quick mode's data set: large enough that lists page and
// indexes matter, small enough to write in seconds.
var QuickSizes = GenerateConfig{Cases: 20_000, Customers: 4_000, Sites: 2_000, Events: 200_000, Years: 3, Seed: 1}

// QuickDuration is how long each scenario and ceiling runs in quick mode:
// with the data set's 15 seconds, nine scenarios and two ceilings finish
// within a minute.
const QuickDuration = 3 * time.Second

// Prepare makes a data set to serve: luva opened as luva serve --demo does
// (migrations, demo data, forms and processes), the generated data written
// beside the demo's, and the search index rebuilt so that the generated
// cases can be found. Nothing is left running.
func Prepare(ctx context.Context, cfg app.Config, gen GenerateConfig, index bool, progress io.Writer) (Generated, error) {
	cfg.Demo = true
	say := func(format string, args ...any) {
		if progress != nil {
			fmt.Fprintf(progress, format+"\n", args...)
		}
	}
	say("opening luva with its demo data in %s", target(cfg))
	a, err := app.Open(ctx, cfg)
	if err != nil {
		return Generated{}, err
	}
	gen.Progress = progress
	say("generating %d cases, %d customers, %d sites, about %d history entries", gen.Cases, gen.Customers, gen.Sites, gen.Events)
	g, err := Generate(ctx, a.DB, gen)
	if err != nil {
		return Generated{}, errors.Join(err, a.Close(context.WithoutCancel(ctx)))
	}
	say("wrote %d rows in %s: %.0f rows/s", g.Rows, g.Took.Round(time.Millisecond), g.RowsPerSecond())
	if index {
		began := time.Now()
		n, err := a.Search.Rebuild(ctx, app.SearchSources(a.DB)...)
		if err != nil {
			return g, errors.Join(fmt.Errorf("rebuild the search index: %w", err), a.Close(context.WithoutCancel(ctx)))
		}
		took := time.Since(began)
		say("search index rebuilt: %d documents in %s (%.0f documents/s)", n, took.Round(time.Millisecond), float64(n)/took.Seconds())
	}
	return g, a.Close(context.WithoutCancel(ctx))
}

func target(cfg app.Config) string {
	if cfg.DatabaseURL != "" {
		return "PostgreSQL (data directory " + cfg.DataDir + ")"
	}
	return cfg.DataDir
}

// QuickConfig is one command's whole benchmark: generate, serve, run.
type QuickConfig struct {
	// DataDir holds the data; "" means a temporary directory removed
	// afterwards. DatabaseURL is PostgreSQL's, "" for SQLite in DataDir.
	DataDir, DatabaseURL string
	Users                int
	Duration             time.Duration
	Scenario             string
	Sizes                GenerateConfig
	Progress             io.Writer
	// Profile, when set, profiles each scenario (see InProcessProfiler).
	Profile Profiler
}

// Quick generates a data set, serves it with luva in this process on a free
// loopback port, and runs the scenarios and ceilings against it.
func Quick(ctx context.Context, cfg QuickConfig) (*Report, error) {
	rep := &Report{}
	if cfg.DataDir == "" {
		dir, err := os.MkdirTemp("", "luva-bench-")
		if err != nil {
			return nil, fmt.Errorf("temporary data directory: %w", err)
		}
		defer os.RemoveAll(dir)
		cfg.DataDir = dir
	}
	if cfg.DatabaseURL != "" {
		url, schema, drop, err := temporarySchema(ctx, cfg.DatabaseURL)
		if err != nil {
			return nil, err
		}
		defer func() {
			if err := drop(); err != nil && cfg.Progress != nil {
				fmt.Fprintf(cfg.Progress, "could not drop the benchmark's schema: %v\n", err)
			}
		}()
		cfg.DatabaseURL, rep.Schema = url, schema
	}
	// Requests are logged as luva serve logs them, to nowhere: the
	// formatting is part of serving.
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	appCfg := app.Config{DataDir: cfg.DataDir, DatabaseURL: cfg.DatabaseURL, Logger: log, Version: "bench"}
	g, err := Prepare(ctx, appCfg, cfg.Sizes, true, cfg.Progress)
	if err != nil {
		return nil, err
	}
	rep.Data = &g

	began := time.Now()
	a, err := app.Open(ctx, appCfg)
	if err != nil {
		return nil, err
	}
	closeApp := sync.OnceValue(func() error { return a.Close(context.WithoutCancel(ctx)) })
	defer closeApp() //nolint:errcheck // closed and checked below; this is for the early returns
	if err := a.Start(ctx); err != nil {
		return nil, err
	}
	rep.StartSeconds = time.Since(began).Seconds()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	url := "http://" + ln.Addr().String()
	if err := serverReady(ctx, url, 30*time.Second); err != nil {
		return nil, errors.Join(err, srv.Close())
	}
	direct, err := db.Open(ctx, db.Config{URL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		return nil, errors.Join(err, srv.Close())
	}
	runErr := Run(ctx, RunConfig{URL: url, Users: cfg.Users, Duration: cfg.Duration, Scenario: cfg.Scenario, DB: direct,
		ServerPID: os.Getpid(), Progress: cfg.Progress, Profile: cfg.Profile}, rep)
	if rep.Memory != nil {
		rep.Memory.Note = "server and load generator in one process"
		rep.judge()
	}
	rep.Notes = append(rep.Notes, "quick mode: luva and the load generator ran in one process and shared the CPUs")
	err = errors.Join(runErr, direct.Close(), srv.Shutdown(context.WithoutCancel(ctx)), closeApp())
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return rep, err
}

// temporarySchema creates an empty schema in the PostgreSQL database at
// rawURL and returns a URL whose connections use it, so that quick mode
// runs against any database, even one holding data, and leaves nothing
// behind: drop removes the schema.
func temporarySchema(ctx context.Context, rawURL string) (url, schema string, drop func() error, err error) {
	u, err := neturl.Parse(rawURL)
	if err != nil {
		return "", "", nil, fmt.Errorf("database URL: %w", err)
	}
	admin, err := db.Open(ctx, db.Config{URL: rawURL})
	if err != nil {
		return "", "", nil, err
	}
	defer admin.Close()
	schema = fmt.Sprintf("luva_bench_%d", time.Now().UnixNano())
	if _, err := admin.Write.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		return "", "", nil, fmt.Errorf("create schema %s for the benchmark: %w", schema, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	drop = func() error {
		d, err := db.Open(context.WithoutCancel(ctx), db.Config{URL: rawURL})
		if err != nil {
			return err
		}
		_, err = d.Write.ExecContext(context.WithoutCancel(ctx), "DROP SCHEMA "+schema+" CASCADE")
		return errors.Join(err, d.Close())
	}
	return u.String(), schema, drop, nil
}
