package main

import (
	"context"
	"fmt"
	"io"
)

// searchCmd runs the search subcommands. (Being written: see internal/search.)
func searchCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return fmt.Errorf("search: not available yet")
}
