package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// screenshotDir creates the folder for this run's screenshots and logs it:
// LUVA_SCREENSHOT_DIR, or test-results/screenshots/<YYYYMMDD-HHMMSS>/ in the
// repository.
func screenshotDir(t *testing.T, root string) string {
	t.Helper()
	dir := os.Getenv("LUVA_SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join(root, "test-results", "screenshots", time.Now().Format("20060102-150405"))
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatalf("screenshot folder: %v", err)
	}
	t.Logf("screenshots: %s", dir)
	return dir
}

// screenshot saves a full-page PNG of the tab as name.png in the screenshot
// folder.
func (s *suite) screenshot(ctx context.Context, t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(s.screenshots, name+".png"), png, 0o640); err != nil {
		t.Errorf("save screenshot %s: %v", name, err)
	}
}
