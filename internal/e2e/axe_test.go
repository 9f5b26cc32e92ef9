package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeRun runs axe-core on the whole document with the WCAG 2.1 A and AA rules
// and the best practices, and keeps of each violation what a report needs.
const axeRun = `axe.run(document, {
	runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}
}).then(r => r.violations.map(v => ({
	id: v.id,
	impact: v.impact,
	help: v.help,
	helpUrl: v.helpUrl,
	targets: v.nodes.map(n => JSON.stringify(n.target))
})))`

// axeViolation is one broken axe rule and the elements that break it.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	HelpURL string   `json:"helpUrl"`
	Targets []string `json:"targets"` // each a JSON list of selectors
}

// String formats the violation for a test failure.
func (v axeViolation) String() string {
	return fmt.Sprintf("%s (%s): %s\n    %s\n    at %s", v.ID, v.Impact, v.Help, v.HelpURL, strings.Join(v.Targets, "\n       "))
}

// scanAccessibility injects axe-core into the loaded page and fails the test on
// any violation. The injection goes through the DevTools protocol, which the
// page's Content-Security-Policy does not restrict.
func (s *suite) scanAccessibility(ctx context.Context, t *testing.T) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](s.axe)); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe-core: %v", err)
	}
	for _, v := range violations {
		t.Errorf("accessibility violation %s", v)
	}
}
