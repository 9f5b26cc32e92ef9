package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"
)

// InProcessProfiler writes a CPU profile of this process per scenario to
// dir/cpu-<scenario>.pprof: for quick mode, where luva serves in the same
// process as the load generator (whose share the profile shows apart, in
// package bench).
func InProcessProfiler(dir string) (Profiler, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("profile directory: %w", err)
	}
	return func(_ context.Context, scenario string) (func() error, error) {
		f, err := os.Create(filepath.Join(dir, "cpu-"+scenario+".pprof"))
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, errors.Join(err, f.Close())
		}
		return func() error {
			pprof.StopCPUProfile()
			return f.Close()
		}, nil
	}, nil
}

// RemoteProfiler fetches a CPU profile per scenario from a luva serve
// started with --debug-addr (debugURL is its base, http://127.0.0.1:6060),
// covering the scenario's duration, into dir/cpu-<scenario>.pprof.
func RemoteProfiler(debugURL, dir string, d time.Duration) (Profiler, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("profile directory: %w", err)
	}
	seconds := int(math.Max(1, math.Round(d.Seconds())))
	return func(ctx context.Context, scenario string) (func() error, error) {
		url := fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", debugURL, seconds)
		req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
		if err != nil {
			return nil, err
		}
		done := make(chan error, 1)
		go func() { done <- fetchProfile(req, filepath.Join(dir, "cpu-"+scenario+".pprof")) }()
		return func() error { return <-done }, nil
	}, nil
}

func fetchProfile(req *http.Request, path string) error {
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("fetch the profile (is luva serve running with --debug-addr?): %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("fetch the profile: %s from %s", res.Status, req.URL)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, res.Body)
	return errors.Join(err, f.Close())
}
