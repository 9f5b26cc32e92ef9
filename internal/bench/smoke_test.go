package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
)

// TestSmokeQuickRunsEveryScenario runs quick mode small: a data set of 2,000
// cases, luva served in this process, two users for a second per scenario.
// It checks that every scenario does its work without errors and that the
// report prints and encodes; it asserts no speed, which is the report's to
// tell.
func TestSmokeQuickRunsEveryScenario(t *testing.T) {
	if testing.Short() {
		t.Skip("generates data and serves luva: not in -short")
	}
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect.String(), func(t *testing.T) { smokeQuick(t, dialect) })
	}
}

func smokeQuick(t *testing.T, dialect db.Dialect) {
	sizes := GenerateConfig{Cases: 2000, Customers: 200, Sites: 100, Events: 20_000, Years: 3, Seed: 1}
	var progress bytes.Buffer
	cfg := QuickConfig{DataDir: t.TempDir(), Users: 2, Duration: time.Second, Scenario: ScenarioAll, Sizes: sizes, Progress: &progress}
	profiles := t.TempDir()
	switch dialect {
	case db.Postgres:
		cfg.DatabaseURL = dbtest.PostgresURL()
	default:
		p, err := InProcessProfiler(profiles)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Profile = p
	}
	rep, err := Quick(context.Background(), cfg)
	if err != nil {
		t.Fatalf("quick: %v\n%s", err, progress.String())
	}
	if dialect == db.Postgres {
		// Quick mode works in a schema of its own and drops it.
		d, err := db.Open(context.Background(), db.Config{URL: dbtest.PostgresURL()})
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		var left int
		if rep.Schema == "" {
			t.Error("the report names no schema")
		}
		if err := d.Read.QueryRow(`SELECT count(*) FROM information_schema.schemata WHERE schema_name = $1`, rep.Schema).Scan(&left); err != nil || left != 0 {
			t.Errorf("schema %s left behind (%v)", rep.Schema, err)
		}
	} else {
		for _, sc := range Scenarios() {
			if fi, err := os.Stat(filepath.Join(profiles, "cpu-"+sc+".pprof")); err != nil || fi.Size() == 0 {
				t.Errorf("no CPU profile of scenario %s: %v", sc, err)
			}
		}
	}
	if d := rep.Data; d == nil || d.Cases != 2000 || d.Customers != 200 || d.Events < 15_000 || d.Decisions == 0 {
		t.Errorf("generated %+v, want 2,000 cases with their history and decisions", rep.Data)
	}
	if len(rep.Scenarios) != len(Scenarios()) {
		t.Fatalf("ran %d scenarios, want %d", len(rep.Scenarios), len(Scenarios()))
	}
	for _, s := range rep.Scenarios {
		if s.Errors > 0 {
			t.Errorf("scenario %s: %d errors: %v", s.Name, s.Errors, s.FirstErrs)
		}
		if s.Requests == 0 {
			t.Errorf("scenario %s made no requests", s.Name)
		}
		// A process takes a moment to start from the outbox; in a second
		// it may not have ended, so only the others must have finished
		// operations.
		if s.Ops == 0 && s.Name != ScenarioProcess {
			t.Errorf("scenario %s finished no operation", s.Name)
		}
		for _, n := range s.Notes {
			t.Errorf("scenario %s: %s", s.Name, n)
		}
	}
	if rep.Ceilings.HTTP == nil || rep.Ceilings.HTTP.Ops == 0 || rep.Ceilings.Commit == nil || rep.Ceilings.Commit.Ops == 0 {
		t.Errorf("ceilings %+v: want both measured", rep.Ceilings)
	}
	if len(rep.Targets) < 6 {
		t.Errorf("%d targets reported, want every one the run measured: %+v", len(rep.Targets), rep.Targets)
	}
	var table, js bytes.Buffer
	if err := rep.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"mixed", "process", "ceiling: bare net/http", "ceiling: 1-row commits", "search p99 <= 10 ms"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("the table has no %q:\n%s", want, table.String())
		}
	}
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back.Scenarios) != len(rep.Scenarios) {
		t.Errorf("the JSON does not read back: %v", err)
	}
	t.Logf("%s", table.String())
}
