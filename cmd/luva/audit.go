package main

import (
	"context"
	"fmt"
	"io"
)

// audit runs the audit subcommands. (Being written: see internal/audit.)
func audit(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return fmt.Errorf("audit: not available yet")
}
