package e2e

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// installHint tells what to do when a browser test dependency is missing.
const installHint = "run scripts/install-test-deps.sh (or set LUVA_TEST_BROWSER=off to skip the browser tests)"

// axePath is where scripts/install-test-deps.sh puts axe-core, relative to the
// repository root.
var axePath = filepath.Join("tools", "npm", "node_modules", "axe-core", "axe.min.js")

// missingDependency fails the test because err says a dependency is missing,
// or skips it when LUVA_TEST_BROWSER=off.
func missingDependency(t *testing.T, err error) {
	t.Helper()
	if os.Getenv("LUVA_TEST_BROWSER") == "off" {
		t.Skipf("%v; skipped because LUVA_TEST_BROWSER=off", err)
	}
	t.Fatalf("%v: %s", err, installHint)
}

// chromiumPath returns the browser to start: LUVA_CHROMIUM, or the first of
// chromium, chromium-browser and google-chrome found in PATH.
func chromiumPath() (string, error) {
	if p := os.Getenv("LUVA_CHROMIUM"); p != "" {
		found, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("LUVA_CHROMIUM=%s cannot be run: %w", p, err)
		}
		return found, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if found, err := exec.LookPath(name); err == nil {
			return found, nil
		}
	}
	return "", errors.New("no Chromium found in PATH (looked for chromium, chromium-browser, google-chrome)")
}

// repoRoot returns the nearest directory at or above the working directory
// that holds go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("working directory: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod at or above the working directory")
		}
		dir = parent
	}
}

// axeSource returns the text of axe.min.js from the repository.
func axeSource(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, axePath))
	if err != nil {
		return "", fmt.Errorf("axe-core not found: %w", err)
	}
	return string(b), nil
}
