package audit_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/db"
)

var t0 = time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)

// appendAll appends each entry in a transaction of its own and returns them as
// stored.
func appendAll(t testing.TB, d *db.DB, entries ...audit.Entry) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	for _, e := range entries {
		err := d.InTx(context.Background(), func(tx *sql.Tx) error {
			got, err := audit.Append(context.Background(), tx, d.Dialect, e)
			out = append(out, got)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// sample returns n entries a minute apart, alternating between two actors and
// two kinds of target.
func sample(n int) []audit.Entry {
	var es []audit.Entry
	for i := range n {
		es = append(es, audit.Entry{
			At:         t0.Add(time.Duration(i) * time.Minute),
			ActorID:    fmt.Sprintf("user-%d", i%2),
			ActorName:  fmt.Sprintf("User %d", i%2),
			Action:     []string{"person.read", "mandate.grant", "session.sign_in"}[i%3],
			TargetType: []string{"person", "case"}[i%2],
			TargetID:   fmt.Sprint(i),
			Route:      "GET /api/persons/{id}",
			IP:         "192.0.2.1",
			Detail:     fmt.Sprintf(`{"n":%d}`, i),
		})
	}
	return es
}

func exec(t *testing.T, d *db.DB, q string, args ...any) {
	t.Helper()
	if _, err := d.Write.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
