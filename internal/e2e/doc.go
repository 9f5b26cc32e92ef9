// Package e2e holds luva's browser tests: they start the real application on
// SQLite with the demo data, drive headless Chromium through its pages with
// chromedp, scan every page with axe-core and keep a full-page screenshot of
// each.
//
// The tests need Chromium and the npm packages in tools/npm; run
// scripts/install-test-deps.sh once on a new machine. Environment:
//
//	LUVA_CHROMIUM        the browser to start (default: chromium, chromium-browser
//	                     or google-chrome from PATH)
//	LUVA_TEST_BROWSER    "off" skips the tests when the browser or axe-core is
//	                     missing, instead of failing them
//	LUVA_SCREENSHOT_DIR  where the screenshots go (default:
//	                     test-results/screenshots/<YYYYMMDD-HHMMSS>/ in the repository)
//
// The package has no code outside its tests.
package e2e
