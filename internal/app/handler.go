package app

import (
	"context"
	"net/http"
	"time"

	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/api"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/jobs"
	"github.com/luva-fi/luva/internal/ops"
	"github.com/luva-fi/luva/internal/registers"
	"github.com/luva-fi/luva/internal/registers/prh"
	"github.com/luva-fi/luva/internal/web"
)

func (a *App) buildHandler(cfg Config) error {
	bundles := catalog.NewStore(a.DB)
	var providers []web.Provider
	for _, p := range cfg.OIDC {
		providers = append(providers, web.Provider{Name: p.Name, Label: p.Label})
	}
	content := catalog.NewContent(bundles, cfg.Clock)
	analyse := analyser.NewService(a.DB, bundles, cfg.Clock)
	persons := identity.NewStore(a.DB)
	prhClient := prh.New(cfg.PRHURL, &http.Client{Timeout: 10 * time.Second})
	// The population and real-estate registers have no open interface; their
	// demo adapters stand in behind the same Filler as the business register.
	fill := registers.Multi(
		registers.PRHFiller{Client: prhClient},
		registers.PopulationFiller{IDs: registers.PersonalIDFunc(func(ctx context.Context, id string) (string, error) {
			p, err := persons.Person(ctx, id)
			return p.PersonalID, err
		}), Lookup: registers.DemoPopulation{}},
		registers.RealEstateFiller{Lookup: registers.DemoRealEstate{}},
		profileFiller{people: persons},
	)
	work := a.openWork(cfg)
	pages, err := web.New(web.Deps{Log: cfg.Logger, Text: a.Text, Bundles: bundles, Auth: a.Auth, People: a.People,
		Audit: audit.NewLog(a.DB, cfg.Clock), Providers: providers, Catalog: bundles, Content: content, Analyser: analyse, Search: a.Search,
		Registers: registers.NewPRH(prhClient), Cases: a.Cases, Fill: fill, Persons: persons, Integration: a.Integration, Obligations: a.Obligations, Messaging: a.Messaging, Work: work, Process: a.Process})
	if err != nil {
		return err
	}
	a.API = api.New(api.Deps{Log: cfg.Logger, Text: a.Text, Bundles: bundles, Auth: a.Auth, People: a.People,
		Audit: audit.NewLog(a.DB, cfg.Clock), Version: cfg.Version, Catalog: bundles, Content: content, Analyser: analyse, Search: a.Search, Cases: a.Cases, Integration: a.Integration, Obligations: a.Obligations, Messaging: a.Messaging, Work: work, Process: a.Process})
	metrics := ops.NewMetrics()
	health := ops.NewHealth(
		ops.Check{Name: "database", Fn: a.DB.Ping},
		ops.MigratedCheck("migrations", a.DB.Pending),
		ops.Check{Name: "job migrations", Fn: func(ctx context.Context) error {
			ok, err := jobs.Migrated(ctx, a.DB)
			if err == nil && !ok {
				err = errJobsNotMigrated
			}
			return err
		}},
	)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", health.Healthz)
	mux.HandleFunc("GET /readyz", health.Readyz)
	mux.Handle("GET /metrics", metrics.Handler())
	a.API.Register(mux)
	a.OIDC.Register(mux)
	pages.Register(mux)

	a.rules = append(append(pages.Rules(), a.API.Rules()...), a.OIDC.Rules()...)

	// The access log and metrics wrap the mux directly: they read the route
	// pattern that the mux records on the very request it is handed.
	var h http.Handler = metrics.Middleware(ops.AccessLog(cfg.Logger, mux))
	h = a.Auth.Middleware(h)
	h = pages.Recover(h)
	h = http.NewCrossOriginProtection().Handler(h)
	a.handler = ops.SecurityHeaders(h)
	return nil
}
