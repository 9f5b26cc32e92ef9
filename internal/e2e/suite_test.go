package e2e

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/luva-fi/luva/internal/app"
)

// tabTimeout bounds everything one subtest does in its tab.
const tabTimeout = 30 * time.Second

// suite is what the browser tests share: the server under test, one browser,
// the axe-core source and the screenshot folder.
type suite struct {
	baseURL string
	// app is the running luva, for tests that prepare data through its
	// services rather than clicking through pages other tests cover.
	app         *app.App
	browser     context.Context // chromedp context that owns the browser
	axe         string
	screenshots string
}

// newSuite starts luva with the demo data and a headless Chromium. It fails
// the test, or skips it under LUVA_TEST_BROWSER=off, when Chromium or
// axe-core is missing.
func newSuite(t *testing.T) *suite {
	t.Helper()
	exe, err := chromiumPath()
	if err != nil {
		missingDependency(t, err)
	}
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	axe, err := axeSource(root)
	if err != nil {
		missingDependency(t, err)
	}
	url, a := startServer(t)
	return &suite{
		baseURL:     url,
		app:         a,
		browser:     startBrowser(t, exe),
		axe:         axe,
		screenshots: screenshotDir(t, root),
	}
}

// startServer opens the real application on a fresh SQLite database with the
// demo data and serves it over HTTP until the test ends.
func startServer(t *testing.T) (string, *app.App) {
	t.Helper()
	a, err := app.Open(t.Context(), app.Config{DataDir: t.TempDir(), Demo: true, Version: "test"})
	if err != nil {
		t.Fatalf("open luva: %v", err)
	}
	t.Cleanup(func() {
		if err := a.Close(context.Background()); err != nil {
			t.Errorf("close luva: %v", err)
		}
	})
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return srv.URL, a
}

// startBrowser starts headless Chromium with a fresh profile and no
// background traffic (the machine's network is closed), and stops it when the
// test ends.
func startBrowser(t *testing.T, exe string) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc() // waits for the browser to exit, before its profile is removed
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	return ctx
}

// tab opens a tab of its own for a subtest, so that subtests may run in
// parallel. The tab behaves as if focused, for keyboard tests, and closes when
// the subtest ends.
func (s *suite) tab(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(s.browser)
	t.Cleanup(cancel)
	// The first call opens the tab and binds it to ctx, so it runs without
	// the timeout; later calls get one.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, tabTimeout)
	t.Cleanup(cancelTimeout)
	return ctx
}
