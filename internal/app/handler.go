package app

import (
	"context"
	"net/http"

	"github.com/luva-fi/luva/internal/api"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/jobs"
	"github.com/luva-fi/luva/internal/ops"
	"github.com/luva-fi/luva/internal/web"
)

func (a *App) buildHandler(cfg Config) error {
	bundles := catalog.NewStore(a.DB)
	pages, err := web.New(cfg.Logger, a.Text, bundles)
	if err != nil {
		return err
	}
	a.API = api.New(cfg.Logger, a.Text, bundles, cfg.Version)
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
	pages.Register(mux)

	var h http.Handler = metrics.Middleware(mux)
	h = pages.Recover(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = ops.SecurityHeaders(h)
	a.handler = ops.AccessLog(cfg.Logger, h)
	return nil
}
