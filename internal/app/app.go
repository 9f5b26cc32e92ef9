// Package app assembles a running luva from its parts: the database, jobs, blob
// store, catalogue, web pages, API and operations endpoints. cmd/luva and the
// end-to-end tests both start luva through it, so they test what runs.
package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/api"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/blob"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/demo"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/i18n"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/integration"
	"github.com/luva-fi/luva/internal/jobs"
	"github.com/luva-fi/luva/internal/messaging"
	"github.com/luva-fi/luva/internal/obligations"
	"github.com/luva-fi/luva/internal/process"
	"github.com/luva-fi/luva/internal/search"
	"github.com/luva-fi/luva/internal/workdays"
)

// Config is everything a luva instance is configured with.
type Config struct {
	DataDir     string // SQLite database, files, indexes
	DatabaseURL string // empty: SQLite in DataDir
	BlobURL     string // empty: DataDir/files
	Demo        bool   // load the demo data set into an empty database
	Version     string
	Logger      *slog.Logger
	Clock       clock.Clock
	// OIDC lists the OpenID Connect providers people can sign in with.
	OIDC []auth.OIDCProvider
	// PRHURL is the base URL of the business register's open data API;
	// empty means PRH's own.
	PRHURL string
	// ClamdAddress is where clamd listens ("tcp:host:port" or "unix:/path");
	// empty means attachments are stored unscanned and marked so.
	ClamdAddress string
	// SMTPURL is the mail server notifications are sent through
	// (smtp://[user:password@]host:port or smtps://…); empty means emails
	// fail at once, visibly, and only in-app notifications arrive.
	SMTPURL string
	// MailFrom is the sender of the emails; PublicURL is luva's public
	// address, which makes the links in emails absolute.
	MailFrom, PublicURL string
}

// App is an open luva instance.
type App struct {
	DB      *db.DB
	Blobs   *blob.Store
	Jobs    *jobs.Queue
	Text    *i18n.Catalog
	API     *api.API
	Demo    demo.Result
	People  *identity.Service
	Auth    *auth.Service
	OIDC    *auth.OIDC
	Search  *search.Index
	Cases   *cases.Service
	handler http.Handler
	// follow keeps the search index in step with the outbox while running.
	follow     *events.Consumer
	stopFollow context.CancelFunc
	followDone chan struct{}
	rules      []access.RouteRule
	log        *slog.Logger

	// Integration runs the webhooks to the authorities' own systems.
	Integration *integration.Service
	webhooks    webhooks

	// Obligations keeps duties after decisions and reminds of them.
	Obligations *obligations.Service
	reminders   reminders

	// Messaging sends notifications and runs the authorities' triggers.
	Messaging *messaging.Service
	mailer    *messaging.Mailer
	triggers  outboxRunner

	// Process runs the BPMN processes of the cases.
	Process   *process.Engine
	processes processes
}

// Open opens the database, applies migrations, loads demo data when asked and
// builds the HTTP handler. Nothing runs in the background until Start.
func Open(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	if err := checkWritable(cfg.DataDir); err != nil {
		return nil, err
	}
	d, err := db.Open(ctx, db.Config{URL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		return nil, err
	}
	a := &App{DB: d, log: cfg.Logger}
	if err := a.open(ctx, cfg); err != nil {
		return nil, errors.Join(err, a.Close(ctx))
	}
	return a, nil
}

func (a *App) open(ctx context.Context, cfg Config) error {
	if err := Migrate(ctx, a.DB); err != nil {
		return err
	}
	if err := identity.SyncMunicipalities(ctx, a.DB); err != nil {
		return err
	}
	blobURL := cfg.BlobURL
	if blobURL == "" {
		var err error
		if blobURL, err = blob.DirURL(filepath.Join(cfg.DataDir, "files")); err != nil {
			return err
		}
	}
	tmp := filepath.Join(cfg.DataDir, "tmp")
	if err := os.MkdirAll(tmp, 0o750); err != nil {
		return fmt.Errorf("create temporary directory: %w", err)
	}
	var err error
	if a.Blobs, err = blob.Open(ctx, blobURL, tmp); err != nil {
		return err
	}
	if err := a.openMessaging(cfg); err != nil {
		return err
	}
	if a.Jobs, err = jobs.New(a.DB, jobs.Config{Workers: a.jobWorkers(cfg), Logger: cfg.Logger}); err != nil {
		return err
	}
	a.openIntegration(cfg)
	people := identity.NewStore(a.DB)
	a.People = identity.NewService(people, cfg.Clock)
	a.Auth = auth.NewService(a.DB, people, cfg.Clock)
	if a.OIDC, err = auth.NewOIDC(ctx, a.Auth, cfg.OIDC, cfg.Logger); err != nil {
		return err
	}
	casesCfg := cases.Config{DB: a.DB, Clock: cfg.Clock, Calendar: workdays.New(), Catalogue: catalog.NewStore(a.DB),
		Blobs: a.Blobs, Scanner: scanner(cfg.ClamdAddress)}
	a.Cases = cases.NewService(casesCfg)
	if cfg.Demo {
		if a.Demo, err = demo.Load(ctx, a.DB, cfg.Clock.Now()); err != nil {
			return err
		}
	}
	if err := installForms(ctx, a.Cases, cfg.Demo, cfg.Clock.Now()); err != nil {
		return err
	}
	if a.Demo.Loaded {
		if err := demo.LoadCases(ctx, a.DB, casesCfg, cfg.Clock.Now()); err != nil {
			return fmt.Errorf("load demo cases: %w", err)
		}
	}
	if err := a.openProcesses(ctx, cfg); err != nil {
		return err
	}
	if err := a.Messaging.SeedDefaults(ctx); err != nil {
		return err
	}
	a.wireProcessHooks()
	if err := a.openSearch(ctx, cfg); err != nil {
		return err
	}
	if a.Text, err = i18n.Load(); err != nil {
		return err
	}
	a.openObligations(cfg)
	return a.buildHandler(cfg)
}

// Migrate applies luva's migrations and then the job queue's.
func Migrate(ctx context.Context, d *db.DB) error {
	if _, err := d.Migrate(ctx); err != nil {
		return err
	}
	return jobs.Migrate(ctx, d)
}

// Rules lists every page and API route with the action the policy asks about.
func (a *App) Rules() []access.RouteRule { return a.rules }

// Handler is the whole HTTP surface: pages, API and operations endpoints.
func (a *App) Handler() http.Handler { return a.handler }

// Start starts the background work: durable jobs and outbox consumers.
func (a *App) Start(ctx context.Context) error {
	if err := a.Jobs.Start(ctx); err != nil {
		return err
	}
	followCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	a.stopFollow, a.followDone = cancel, make(chan struct{})
	go func() {
		defer close(a.followDone)
		a.follow.Run(followCtx, time.Second, a.log)
	}()
	a.webhooks.start(ctx, a.log)
	a.reminders.start(ctx, a.Obligations, a.log)
	a.processes.start(ctx, a.Process, a.log)
	return a.startMessaging(ctx)
}

// openSearch opens this node's search index, rebuilding it from the database
// when it is new or out of date, and prepares the consumer that keeps it so.
func (a *App) openSearch(ctx context.Context, cfg Config) error {
	ix, err := search.Open(search.Path(cfg.DataDir))
	if err != nil {
		return fmt.Errorf("open search index: %w", err)
	}
	a.Search = ix
	sources := SearchSources(a.DB)
	// Every node has its own index, so every node follows the outbox itself.
	name := "search-index/" + nodeName(cfg.DataDir)
	a.follow = events.NewConsumer(a.DB, cfg.Clock, name, name, ix.Handler(sources...))
	// The index takes a batch at a time far more cheaply than an event at
	// a time (each write is a segment to persist and merge), and a quarter
	// of a second is soon enough to find a new case.
	a.follow.Gather = 250 * time.Millisecond
	if !ix.NeedsRebuild() {
		return nil
	}
	// Skip first, then rebuild: events after the skip are replayed, which
	// only repeats what the rebuild already wrote.
	if err := a.follow.SkipToLatest(ctx); err != nil {
		return err
	}
	if _, err := ix.Rebuild(ctx, sources...); err != nil {
		return fmt.Errorf("build search index: %w", err)
	}
	return nil
}

// SearchSources lists what the search index is made of; luva serve follows
// them through the outbox and luva search rebuild reads them whole.
func SearchSources(d *db.DB) []search.Source {
	return []search.Source{catalog.SearchSource{Store: catalog.NewStore(d)}, cases.SearchSource{DB: d}}
}

// nodeName names this node for its own outbox consumers: the host and the
// data directory, which together hold one index.
func nodeName(dataDir string) string {
	host, _ := os.Hostname()
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		abs = dataDir
	}
	sum := sha256.Sum256([]byte(host + "\x00" + abs))
	return host + "-" + hex.EncodeToString(sum[:4])
}

// Close stops the background work, waiting for jobs in flight until ctx ends,
// and closes the stores.
func (a *App) Close(ctx context.Context) error {
	var err error
	if a.stopFollow != nil {
		a.stopFollow()
		<-a.followDone
	}
	a.webhooks.halt()
	a.reminders.halt()
	a.processes.halt()
	a.triggers.halt()
	if a.Jobs != nil {
		err = errors.Join(err, a.Jobs.Stop(ctx))
	}
	if a.Search != nil {
		err = errors.Join(err, a.Search.Close())
	}
	if a.Blobs != nil {
		err = errors.Join(err, a.Blobs.Close())
	}
	return errors.Join(err, a.DB.Close())
}

// checkWritable makes sure the data directory exists and takes new files.
func checkWritable(dir string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("data directory %s cannot be created: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return fmt.Errorf("data directory %s is not writable: %w", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

var errJobsNotMigrated = errors.New("job queue migrations pending")
