package bench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/luva-fi/luva/internal/db"
)

// The ceilings are what this machine does with nothing of luva in the way,
// measured in the same run with the same load generator and concurrency, so
// that every figure can be read as a share of what the hardware allows.

// bareBody is the bare handler's answer: a small JSON object, as an API
// answer is.
var bareBody = []byte(`{"status":"ok","service":"bare net/http handler"}` + "\n")

// bareCeiling serves a bare net/http handler on a free loopback port and
// drives it with users concurrent clients for d.
func bareCeiling(ctx context.Context, users int, d time.Duration, tr http.RoundTripper) (Summary, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Summary{}, fmt.Errorf("bare handler: listen: %w", err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(bareBody) //nolint:errcheck // the client went away
	}), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	var count Counter
	c := &client{base: "http://" + ln.Addr().String(), account: "bare", count: &count,
		http: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
	ops := make([]step, users)
	for i := range ops {
		ops[i] = measured(func(ctx context.Context) error { return c.get(ctx, "/", nil) })
	}
	s := drive(ctx, ops, d, &count)
	err = srv.Shutdown(context.WithoutCancel(ctx))
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if err != nil {
		return s, fmt.Errorf("bare handler: %w", err)
	}
	return s, nil
}

// commitKey is the rate_limits row a commit worker writes: that table's
// rows are single, small and written one per transaction by luva itself
// (sign-in limits), so the ceiling writes the same kind of row. The rows
// are removed afterwards.
const commitKey = "bench:commit:"

// commitCeiling commits single-row transactions on d from users goroutines
// for dur, each writing a row of its own so that no two wait for one row's
// lock: on SQLite they queue for the one writer, as luva's writes do.
func commitCeiling(ctx context.Context, d *db.DB, users int, dur time.Duration) (Summary, error) {
	var count Counter
	ops := make([]step, users)
	for i := range ops {
		key := fmt.Sprintf("%s%d", commitKey, i)
		ops[i] = measured(func(ctx context.Context) error {
			count.add(true)
			return d.InTx(ctx, func(tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
ON CONFLICT (key) DO UPDATE SET hits = rate_limits.hits + 1`, key, time.Now().UTC())
				return err
			})
		})
	}
	s := drive(ctx, ops, dur, &count)
	if _, err := d.Write.ExecContext(context.WithoutCancel(ctx), `DELETE FROM rate_limits WHERE key LIKE $1`, commitKey+"%"); err != nil {
		return s, fmt.Errorf("remove the commit ceiling's rows: %w", err)
	}
	return s, nil
}
