package messaging

import (
	"testing"
)

// FuzzCondition feeds the rule compiler and evaluator arbitrary conditions:
// a condition an admin types may be refused or fail, never crash the
// consumer or loop for long.
func FuzzCondition(f *testing.F) {
	for _, seed := range []string{`payload.side == "customer"`, `has(payload.fee) && payload.fee > 100`, `topic.startsWith("case.")`,
		`payload.version + 1`, `[1,2,3].all(x, x > 0)`, `payload.side ==`, `"a" * 1000`, `size(payload) > 2`} {
		f.Add(seed)
	}
	payload := map[string]any{"number": "LUVA-2026-000001", "side": "customer", "version": float64(2), "attachments": float64(0)}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > maxCondition {
			return
		}
		if _, err := compileCondition(src); err != nil {
			return
		}
		holds(src, "case.message", payload) //nolint:errcheck // only a crash fails
	})
}
