package ops

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Check is one readiness condition; it returns nil when ready.
type Check struct {
	Name string
	Fn   func(ctx context.Context) error
}

// Health answers the liveness and readiness probes.
type Health struct {
	checks []Check
}

// NewHealth returns probes that run checks for readiness.
func NewHealth(checks ...Check) *Health { return &Health{checks: checks} }

// Healthz answers 200 while the process is up.
func (h *Health) Healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// Readyz answers 200 when every check passes, and 503 naming the first that
// fails. Each round asks afresh, so readiness returns by itself when the
// database does.
func (h *Health) Readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	for _, c := range h.checks {
		if err := c.Fn(ctx); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "check": c.Name, "reason": err.Error()})
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// MigratedCheck fails while the database does not answer or has pending
// migrations.
func MigratedCheck(name string, pending func(ctx context.Context) (int, error)) Check {
	return Check{Name: name, Fn: func(ctx context.Context) error {
		n, err := pending(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%d migrations pending", n)
		}
		return nil
	}}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v) //nolint:errcheck // the client went away
}
