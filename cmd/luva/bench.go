package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/bench"
	"github.com/luva-fi/luva/internal/db"
)

const benchUsage = `usage: luva bench <subcommand> [flags]

subcommands:
  generate  write a national-scale data set (demo data, customers, cases with
            their history) into a new database
  run       drive a running luva serve with concurrent users and report the
            figures beside this machine's ceilings and the targets of issue #7
  quick     generate a small data set, serve it in this process and run every
            scenario: the whole benchmark in one command, within a minute

Run "luva bench <subcommand> -h" for its flags; docs/BENCHMARKS.md has examples.`

// benchCmd runs the load tool's subcommands.
func benchCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("bench: missing subcommand (try: luva bench quick)")
	}
	switch args[0] {
	case "generate":
		return benchGenerate(ctx, args[1:], getenv, stdout, stderr)
	case "run":
		return benchRun(ctx, args[1:], getenv, stdout, stderr)
	case "quick":
		return benchQuick(ctx, args[1:], getenv, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(stdout, benchUsage)
		return nil
	}
	return fmt.Errorf("bench: unknown subcommand %q (try: luva bench generate, run or quick)", args[0])
}

// benchFlags is a subcommand's flag set with luva's conventions: errors
// are one line naming the flag, -h prints the flags.
type benchFlags struct {
	*flag.FlagSet
	name   string
	stderr io.Writer
}

func newBenchFlags(name string, stderr io.Writer) benchFlags {
	fs := flag.NewFlagSet("luva bench "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return benchFlags{FlagSet: fs, name: name, stderr: stderr}
}

func (f benchFlags) parse(args []string) error {
	if err := f.Parse(args); err != nil {
		if err == flag.ErrHelp {
			f.SetOutput(f.stderr)
			fmt.Fprintf(f.stderr, "usage: luva bench %s [flags]\n\n", f.name)
			f.PrintDefaults()
			return err
		}
		return fmt.Errorf("bench %s: %v (see luva bench %s -h)", f.name, err, f.name)
	}
	if f.NArg() > 0 {
		return fmt.Errorf("bench %s: unexpected argument %q (see luva bench %s -h)", f.name, f.Arg(0), f.name)
	}
	return nil
}

// sizes adds the data set's size flags, defaulting to def.
func (f benchFlags) sizes(def bench.GenerateConfig) *bench.GenerateConfig {
	g := def
	f.IntVar(&g.Cases, "cases", def.Cases, "cases to generate, each with its sent version, history and decision")
	f.IntVar(&g.Customers, "customers", def.Customers, "customers (persons) the cases belong to")
	f.IntVar(&g.Sites, "sites", def.Sites, "venue sites the cases' answers name (addresses; luva has no table of sites)")
	f.IntVar(&g.Events, "events", def.Events, "case history entries (changes of state) to write, about")
	f.Uint64Var(&g.Seed, "seed", def.Seed, "random seed: the same seed makes the same data")
	return &g
}

// store adds --data and --database-url, read from LUVA_DATA and
// LUVA_DATABASE_URL as luva serve reads them.
func (f benchFlags) store(getenv func(string) string, dataDefault string) (dataDir, dbURL *string) {
	dataDir, dbURL = new(string), new(string)
	f.StringVar(dataDir, "data", envOr(getenv("LUVA_DATA"), dataDefault), "data directory: SQLite database, files, search index (LUVA_DATA)")
	f.StringVar(dbURL, "database-url", getenv("LUVA_DATABASE_URL"), "PostgreSQL URL; empty means SQLite in the data directory (LUVA_DATABASE_URL)")
	return dataDir, dbURL
}

// nationalScale is the data set.
var nationalScale = bench.GenerateConfig{Cases: 1_000_000, Customers: 200_000, Sites: 100_000, Events: 10_000_000, Years: 3, Seed: 1}

func benchGenerate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	f := newBenchFlags("generate", stderr)
	dataDir, dbURL := f.store(getenv, "./luva-data")
	sizes := f.sizes(nationalScale)
	index := f.Bool("index", true, "rebuild the search index afterwards, so that the generated cases can be found")
	if err := f.parse(args); err != nil {
		return err
	}
	g, err := bench.Prepare(ctx, app.Config{DataDir: *dataDir, DatabaseURL: *dbURL, Version: version}, *sizes, *index, stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "generated %d cases, %d customers (%d with accounts bench-customer-N, password %s), %d sites, %d history entries, %d decisions: %d rows in %s, %.0f rows/s\n",
		g.Cases, g.Customers, g.Accounts, bench.Password, g.Sites, g.Events, g.Decisions, g.Rows, g.Took.Round(time.Millisecond), g.RowsPerSecond())
	return nil
}

// output adds the run's flags shared by run and quick.
type output struct {
	users    *int
	duration *time.Duration
	scenario *string
	json     *string
}

func (f benchFlags) output(scenario string, duration time.Duration) output {
	return output{
		users:    f.Int("users", 16, "concurrent virtual users"),
		duration: f.Duration("duration", duration, "how long each scenario and each ceiling runs"),
		scenario: f.String("scenario", scenario, "mixed, status, overview, create, document, folder, search, queue, process or all"),
		json:     f.String("json", "", "also write the report as JSON to this file"),
	}
}

// report prints the table and writes the JSON.
func (o output) report(rep *bench.Report, stdout io.Writer) error {
	if err := rep.WriteTable(stdout); err != nil {
		return err
	}
	if *o.json == "" {
		return nil
	}
	f, err := os.Create(*o.json)
	if err != nil {
		return fmt.Errorf("write the report: %w", err)
	}
	return errors.Join(rep.WriteJSON(f), f.Close())
}

func benchRun(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	f := newBenchFlags("run", stderr)
	url := f.String("url", "http://127.0.0.1:8080", "base URL of the running luva serve")
	out := f.output(bench.ScenarioMixed, 30*time.Second)
	quick := f.Bool("quick", false, "run each scenario for 3 s instead of --duration")
	dataDir := f.String("data", "", "the server's data directory, opened directly for the commit ceiling; empty leaves the ceiling out unless --database-url is given")
	dbURL := f.String("database-url", "", "the server's PostgreSQL URL, for the commit ceiling")
	pid := f.Int("server-pid", 0, "the server's process id, to report its resident memory (Linux)")
	debugURL := f.String("debug-url", "", "the server's profiler (luva serve --debug-addr), http://127.0.0.1:6060, to fetch a CPU profile per scenario into --profile")
	profileDir := f.String("profile", "", "write a CPU profile of the server per scenario into this directory (needs --debug-url)")
	if err := f.parse(args); err != nil {
		return err
	}
	if (*profileDir == "") != (*debugURL == "") {
		return errors.New("bench run: --profile and --debug-url go together (start luva serve with --debug-addr)")
	}
	if *quick {
		*out.duration = bench.QuickDuration
	}
	cfg := bench.RunConfig{URL: *url, Users: *out.users, Duration: *out.duration, Scenario: *out.scenario, ServerPID: *pid, Progress: stderr}
	if *profileDir != "" {
		p, err := bench.RemoteProfiler(strings.TrimSuffix(*debugURL, "/"), *profileDir, *out.duration)
		if err != nil {
			return err
		}
		cfg.Profile = p
	}
	if *dataDir != "" || *dbURL != "" {
		d, err := db.Open(ctx, db.Config{URL: *dbURL, DataDir: *dataDir})
		if err != nil {
			return fmt.Errorf("open the server's database for the commit ceiling: %w", err)
		}
		defer d.Close()
		cfg.DB = d
	}
	rep := &bench.Report{}
	if err := bench.Run(ctx, cfg, rep); err != nil {
		return err
	}
	return out.report(rep, stdout)
}

func benchQuick(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	f := newBenchFlags("quick", stderr)
	dataDir := f.String("data", "", "data directory to generate into; empty means a temporary one, removed afterwards")
	dbURL := f.String("database-url", getenv("LUVA_DATABASE_URL"), "PostgreSQL URL: the benchmark runs in a schema of its own there, dropped afterwards; empty means SQLite (LUVA_DATABASE_URL)")
	out := f.output(bench.ScenarioAll, bench.QuickDuration)
	sizes := f.sizes(bench.QuickSizes)
	profileDir := f.String("profile", "", "write a CPU profile per scenario (luva and the load generator, one process) into this directory")
	if err := f.parse(args); err != nil {
		return err
	}
	cfg := bench.QuickConfig{DataDir: *dataDir, DatabaseURL: *dbURL, Users: *out.users, Duration: *out.duration,
		Scenario: *out.scenario, Sizes: *sizes, Progress: stderr}
	if *profileDir != "" {
		p, err := bench.InProcessProfiler(*profileDir)
		if err != nil {
			return err
		}
		cfg.Profile = p
	}
	rep, err := bench.Quick(ctx, cfg)
	if err != nil {
		return err
	}
	return out.report(rep, stdout)
}
