package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/search"
)

const searchUsage = `usage: luva search <subcommand> [flags]

subcommands:
  rebuild   re-create the search index of the data directory from the database
            (stop luva serve on that data directory first)`

// searchCmd runs the search subcommands; rebuild is the only one.
func searchCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("search: missing subcommand (try: luva search rebuild)")
	}
	switch args[0] {
	case "rebuild":
		return searchRebuild(ctx, args[1:], getenv, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(stdout, searchUsage)
		return nil
	}
	return fmt.Errorf("search: unknown subcommand %q (try: luva search rebuild)", args[0])
}

// searchRebuild throws the index away and builds it again from the database.
// The index is derived data, so an index that no longer opens is replaced
// rather than reported.
func searchRebuild(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	d, cfg, err := openMigrated(ctx, "search rebuild", args, getenv, stderr)
	if err != nil {
		return err
	}
	defer d.Close()

	path := search.Path(cfg.DataDir)
	ix, err := search.Open(path)
	if errors.Is(err, search.ErrInUse) {
		return fmt.Errorf("search index %s is in use: stop luva serve on this data directory first", path)
	}
	if err != nil {
		fmt.Fprintf(stderr, "search index %s does not open (%v); replacing it\n", path, err)
		if err := os.RemoveAll(path); err != nil {
			return fmt.Errorf("remove broken search index: %w", err)
		}
		if ix, err = search.Open(path); err != nil {
			return err
		}
	}
	defer ix.Close()
	n, err := ix.Rebuild(ctx, searchSources(d)...)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "search index rebuilt: %d documents\n", n)
	return nil
}

// searchSources lists what the search index is made of: the same sources
// luva serve follows through the outbox.
func searchSources(d *db.DB) []search.Source {
	return app.SearchSources(d)
}
