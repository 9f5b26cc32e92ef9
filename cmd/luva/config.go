package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// config is what luva serve and luva migrate are told, by flag or by the LUVA_*
// variable of the same name; a flag wins over the environment.
type config struct {
	Addr            string
	DataDir         string
	DatabaseURL     string
	BlobURL         string
	OIDCConfig      string
	PRHURL          string
	ClamdAddress    string
	SMTPURL         string
	MailFrom        string
	PublicURL       string
	DebugAddr       string
	Demo            bool
	LogFormat       string
	ShutdownTimeout time.Duration
}

// parseConfig reads the flags of a subcommand. Flag errors come back as one line
// naming the flag; -h prints the flags and their variables.
func parseConfig(name string, args []string, getenv func(string) string, stderr io.Writer, serveFlags bool) (config, error) {
	var c config
	fs := flag.NewFlagSet("luva "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	str := func(p *string, flagName, def, help string) {
		env := envName(flagName)
		fs.StringVar(p, flagName, envOr(getenv(env), def), help+" ("+env+")")
	}
	str(&c.DataDir, "data", "./luva-data", "data directory: SQLite database, files, indexes")
	str(&c.DatabaseURL, "database-url", "", "PostgreSQL URL (postgres://…); empty means SQLite in the data directory")
	str(&c.LogFormat, "log-format", "text", "log format: text or json")
	var demoErr, timeoutErr error
	if serveFlags {
		str(&c.Addr, "addr", "127.0.0.1:8080", "address to listen on")
		str(&c.BlobURL, "blob-url", "", "file store URL (file://, s3://…); empty means the files folder of the data directory")
		str(&c.PRHURL, "prh-url", "", "base URL of the business register's open data API v3; empty means PRH's own")
		str(&c.ClamdAddress, "clamd", "", "clamd to scan attachments with, tcp:host:port or unix:/path; empty stores them marked unscanned")
		str(&c.SMTPURL, "smtp-url", "", "mail server for email notifications, smtp://[user:password@]host:port or smtps://…; empty sends notifications in the app only")
		str(&c.MailFrom, "mail-from", "luva@localhost", "sender address of email notifications")
		str(&c.PublicURL, "public-url", "", "luva's public address (https://…), for absolute links in emails")
		str(&c.DebugAddr, "debug-addr", "", "address for Go's profiler (/debug/pprof/), e.g. 127.0.0.1:6060; keep it off public networks; empty means none")
		str(&c.OIDCConfig, "oidc-config", "", "JSON file listing the OpenID Connect sign-in providers (see docs/OIDC.md); empty means none")
		c.Demo, demoErr = envBool(getenv("LUVA_DEMO"))
		fs.BoolVar(&c.Demo, "demo", c.Demo, "load the demo data set when the database is empty (LUVA_DEMO)")
		c.ShutdownTimeout, timeoutErr = envDuration(getenv("LUVA_SHUTDOWN_TIMEOUT"), 30*time.Second)
		fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "how long to wait for requests and jobs in flight on shutdown (LUVA_SHUTDOWN_TIMEOUT)")
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fs.SetOutput(stderr)
			fmt.Fprintf(stderr, "usage: luva %s [flags]\n\n", name)
			fs.PrintDefaults()
			return c, err
		}
		return c, fmt.Errorf("%s: %v (see luva %s -h)", name, err, name)
	}
	switch {
	case demoErr != nil:
		return c, fmt.Errorf("LUVA_DEMO: %v (use true or false)", demoErr)
	case timeoutErr != nil:
		return c, fmt.Errorf("LUVA_SHUTDOWN_TIMEOUT: %v (use a duration such as 30s)", timeoutErr)
	case fs.NArg() > 0:
		return c, fmt.Errorf("%s: unexpected argument %q (see luva %s -h)", name, fs.Arg(0), name)
	case c.LogFormat != "text" && c.LogFormat != "json":
		return c, fmt.Errorf("--log-format must be text or json, not %q", c.LogFormat)
	}
	return c, nil
}

// envName turns a flag name into its variable: database-url -> LUVA_DATABASE_URL.
func envName(flagName string) string {
	return "LUVA_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func envOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func envBool(v string) (bool, error) {
	if v == "" {
		return false, nil
	}
	return strconv.ParseBool(v)
}

func envDuration(v string, def time.Duration) (time.Duration, error) {
	if v == "" {
		return def, nil
	}
	return time.ParseDuration(v)
}
