package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/search"
)

func TestSearchRebuildBuildsTheIndexInTheDataDirectory(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect.String(), func(t *testing.T) {
			ctx := context.Background()
			cfg := dbtest.Config(t, dialect)
			if cfg.DataDir == "" {
				cfg.DataDir = t.TempDir()
			}
			d, err := db.Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if _, err := d.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			args := []string{"search", "rebuild", "--data", cfg.DataDir, "--database-url", cfg.URL}

			var out syncBuffer
			if err := run(ctx, args, noEnv, &out, &out); err != nil {
				t.Fatalf("rebuild: %v", err)
			}
			if !strings.Contains(out.String(), "search index rebuilt: 0 documents") {
				t.Errorf("rebuild printed %q", out.String())
			}
			ix, err := search.Open(search.Path(cfg.DataDir))
			if err != nil {
				t.Fatalf("open the rebuilt index: %v", err)
			}
			defer ix.Close()
			if ix.NeedsRebuild() {
				t.Error("the rebuilt index still asks for a rebuild")
			}

			err = run(ctx, args, noEnv, &out, &out)
			if err == nil || !strings.Contains(err.Error(), "stop luva serve") {
				t.Errorf("rebuild while the index is open elsewhere: error %v, want one saying to stop luva serve", err)
			}
		})
	}
}

func TestSearchRebuildReplacesAnIndexThatDoesNotOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := db.Open(ctx, db.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	path := search.Path(dir)
	if err := os.MkdirAll(path, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(path, "index_meta.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}

	var out syncBuffer
	if err := run(ctx, []string{"search", "rebuild", "--data", dir}, noEnv, &out, &out); err != nil {
		t.Fatalf("rebuild over a broken index: %v", err)
	}
	if got := out.String(); !strings.Contains(got, "replacing it") || !strings.Contains(got, "search index rebuilt: 0 documents") {
		t.Errorf("printed %q", got)
	}
}

func TestSearchNamesItsSubcommands(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"an unknown subcommand lists rebuild", []string{"search", "reindex"}, "luva search rebuild"},
		{"a missing subcommand lists rebuild", []string{"search"}, "luva search rebuild"},
		{"a database without tables says to migrate", []string{"search", "rebuild", "--data", t.TempDir()}, "run luva migrate"},
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
