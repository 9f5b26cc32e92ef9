// Command luva runs the luva permit and supervision service.
//
//	luva serve     run the web UI, the JSON API and the background workers
//	luva migrate   apply database migrations and exit
//	luva audit verify   check the audit log's hash chain
//	luva search rebuild re-create the search index from the database
//	luva bench     generate a national-scale data set and measure a running luva
//	luva version   print the version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "luva:", err)
		}
		os.Exit(2)
	}
}

const usage = `usage: luva <command> [flags]

commands:
  serve     run the web UI, the JSON API and the background workers
  migrate   apply database migrations and exit
  audit     verify the audit log's hash chain (luva audit verify)
  search    rebuild the search index from the database (luva search rebuild)
  bench     generate a large data set and measure luva under load (luva bench quick)
  version   print the version

Run "luva <command> -h" for the flags of a command.`

// run runs one command. Its error is one line: drivers report some failures over
// several lines, and an operator reads the first line only.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	err := dispatch(ctx, args, getenv, stdout, stderr)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return errors.New(strings.Join(strings.Fields(err.Error()), " "))
}

func dispatch(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return flag.ErrHelp
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, args[1:], getenv, stdout, stderr)
	case "audit":
		return audit(ctx, args[1:], getenv, stdout, stderr)
	case "search":
		return searchCmd(ctx, args[1:], getenv, stdout, stderr)
	case "bench":
		return benchCmd(ctx, args[1:], getenv, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "luva", version)
		return nil
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q (try: luva serve, luva migrate, luva version)", args[0])
}
