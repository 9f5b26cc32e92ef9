package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/luva-fi/luva/internal/db"
)

// RunConfig is one run of the scenarios against a running luva.
type RunConfig struct {
	// URL is the server's base URL, http://127.0.0.1:8080.
	URL string
	// Users is how many virtual users work at once.
	Users int
	// Duration is how long each scenario and ceiling runs.
	Duration time.Duration
	// Scenario is one of Scenarios() or "all".
	Scenario string
	// DB is the server's database, opened directly for the commit
	// ceiling; nil leaves that ceiling out.
	DB *db.DB
	// ServerPID is the server's process id, for its resident memory; 0
	// when unknown.
	ServerPID int
	// Progress gets a line as each part starts; nil for none.
	Progress io.Writer
	// Profile, when set, is called as each scenario starts, and the
	// function it returns as the scenario ends: a CPU profile of the
	// server while it served that scenario alone.
	Profile Profiler
}

// Profiler starts a profile of the server for one scenario and returns
// the function that ends and writes it.
type Profiler func(ctx context.Context, scenario string) (stop func() error, err error)

// Run runs the ceilings and the scenarios and reports them against the
// ceilings and the targets.
func Run(ctx context.Context, cfg RunConfig, rep *Report) error {
	if cfg.Users < 1 || cfg.Duration <= 0 {
		return errors.New("run: give at least one user and a positive duration")
	}
	scenarios := []string{cfg.Scenario}
	if cfg.Scenario == ScenarioAll {
		scenarios = Scenarios()
	} else if !slices.Contains(Scenarios(), cfg.Scenario) {
		return fmt.Errorf("unknown scenario %q (choose one of %v or all)", cfg.Scenario, Scenarios())
	}
	progress := func(format string, args ...any) {
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, format+"\n", args...)
		}
	}
	rep.URL, rep.Users, rep.Seconds, rep.Machine = cfg.URL, cfg.Users, cfg.Duration.Seconds(), machine()
	if rep.When.IsZero() {
		rep.When = time.Now().UTC()
	}
	tr := newTransport(cfg.Users)
	defer tr.CloseIdleConnections()
	var count Counter
	progress("signing in at %s", cfg.URL)
	w, err := setup(ctx, cfg.URL, cfg.Users, tr, &count)
	if err != nil {
		return err
	}

	progress("ceiling: a bare net/http handler, %d users, %s", cfg.Users, cfg.Duration)
	bare, err := bareCeiling(ctx, cfg.Users, cfg.Duration, tr)
	if err != nil {
		return err
	}
	rep.Ceilings.HTTP = &bare
	if cfg.DB != nil {
		progress("ceiling: single-row commits on %s, %d at once, %s", cfg.DB.Dialect, cfg.Users, cfg.Duration)
		commits, err := commitCeiling(ctx, cfg.DB, cfg.Users, cfg.Duration)
		if err != nil {
			return err
		}
		rep.Ceilings.Commit = &commits
		rep.Database = cfg.DB.Dialect.String()
	}

	for _, sc := range scenarios {
		progress("scenario %s: %d users, %s", sc, cfg.Users, cfg.Duration)
		steps := make([]step, cfg.Users)
		for i := range steps {
			if steps[i], err = w.user(i).step(sc); err != nil {
				return err
			}
		}
		var stopProfile func() error
		if cfg.Profile != nil {
			if stopProfile, err = cfg.Profile(ctx, sc); err != nil {
				return fmt.Errorf("profile scenario %s: %w", sc, err)
			}
		}
		res := ScenarioResult{Name: sc, Summary: drive(ctx, steps, cfg.Duration, &count)}
		if stopProfile != nil {
			if err := stopProfile(); err != nil {
				return fmt.Errorf("profile scenario %s: %w", sc, err)
			}
		}
		if sc == ScenarioProcess {
			state, err := w.checkProcessEnded(ctx)
			switch {
			case err != nil:
				res.Notes = append(res.Notes, "could not check that the processes ended: "+err.Error())
			case state != "" && state != "completed":
				res.Notes = append(res.Notes, "the last process whose task was completed is "+state+", not completed")
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rep.Scenarios = append(rep.Scenarios, res)
	}
	if cfg.ServerPID > 0 {
		rep.Memory = residentMemory(cfg.ServerPID)
	}
	rep.judge()
	return nil
}

// serverReady waits until the server answers /readyz.
func serverReady(ctx context.Context, url string, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		req, err := http.NewRequestWithContext(ctx, "GET", url+"/readyz", nil)
		if err != nil {
			return err
		}
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s is not ready after %s: %v", url, within, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
