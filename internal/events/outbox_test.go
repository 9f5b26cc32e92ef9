package events_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/events"
)

var t0 = time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)

func appendEvents(t *testing.T, d *db.DB, ids ...string) {
	t.Helper()
	appendEventsBehind(t, d, ids...)
	// On PostgreSQL an event becomes visible to consumers only when every
	// older transaction in the cluster has ended; tests of other packages
	// share the cluster, so wait for theirs.
	var total int
	if err := d.Read.QueryRowContext(context.Background(), `SELECT count(*) FROM events`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	waitVisible(t, d, total)
}

// appendEventsBehind appends without waiting, for tests that hold an older
// transaction open on purpose.
func appendEventsBehind(t *testing.T, d *db.DB, ids ...string) {
	t.Helper()
	err := d.InTx(context.Background(), func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := events.Append(context.Background(), tx, t0, events.New{Topic: "case.created", AggregateType: "case", AggregateID: id, Payload: map[string]string{"id": id}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// drain runs rounds until want events were handled or time runs out; on
// PostgreSQL an unrelated open transaction may hold events back for a moment.
func drain(t *testing.T, c *events.Consumer, want int) {
	t.Helper()
	got := 0
	for deadline := time.Now().Add(10 * time.Second); got < want && time.Now().Before(deadline); {
		n, err := c.Round(context.Background())
		if err != nil {
			t.Fatalf("round: %v", err)
		}
		got += n
		if n == 0 {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if got != want {
		t.Fatalf("handled %d events, want %d", got, want)
	}
}

func recorder(seen *[]string) events.Handler {
	return func(_ context.Context, e events.Event) error {
		*seen = append(*seen, e.AggregateID)
		return nil
	}
}

func TestConsumerSeesCommittedEventsInOrderAndNeverRolledBackOnes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		appendEvents(t, d, "a", "b")
		err := d.InTx(ctx, func(tx *sql.Tx) error {
			if _, err := events.Append(ctx, tx, t0, events.New{Topic: "case.created", AggregateType: "case", AggregateID: "ghost"}); err != nil {
				return err
			}
			return errors.New("the change fails after its event was written")
		})
		if err == nil {
			t.Fatal("want the transaction to fail")
		}
		appendEvents(t, d, "c")

		var seen []string
		c := events.NewConsumer(d, clock.NewSettable(t0), "test", "node-1", recorder(&seen))
		drain(t, c, 3)
		if fmt.Sprint(seen) != "[a b c]" {
			t.Errorf("seen %v, want [a b c]", seen)
		}
		if n, err := c.Round(ctx); err != nil || n != 0 {
			t.Errorf("another round handled %d (err %v), want nothing new", n, err)
		}
	})
}

func TestEachConsumerKeepsItsOwnCursor(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		appendEvents(t, d, "a", "b")
		clk := clock.NewSettable(t0)
		var one, two []string
		first := events.NewConsumer(d, clk, "search-index", "node-1", recorder(&one))
		drain(t, first, 2)
		appendEvents(t, d, "c")
		second := events.NewConsumer(d, clk, "notifications", "node-1", recorder(&two))
		drain(t, second, 3)
		drain(t, first, 1)
		if fmt.Sprint(one) != "[a b c]" || fmt.Sprint(two) != "[a b c]" {
			t.Errorf("first saw %v, second %v; want [a b c] each", one, two)
		}
	})
}

func TestConsumerThatDiesMidBatchResumesAfterRestart(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect.String(), func(t *testing.T) {
			ctx := context.Background()
			cfg := dbtest.Config(t, dialect)
			d, err := db.Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := d.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			appendEvents(t, d, "a", "b", "c", "d", "e")
			clk := clock.NewSettable(t0)
			var seen []string
			crashing := events.NewConsumer(d, clk, "mailer", "node-1", func(_ context.Context, e events.Event) error {
				if e.AggregateID == "c" {
					return errors.New("process killed while handling c")
				}
				seen = append(seen, e.AggregateID)
				return nil
			})
			if n, err := crashing.Round(ctx); err == nil || n != 2 {
				t.Fatalf("crashing round handled %d with err %v; want 2 and an error", n, err)
			}
			d.Close()

			// Another node starts on the same database.
			d, err = db.Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			restarted := events.NewConsumer(d, clk, "mailer", "node-2", recorder(&seen))
			if _, err := restarted.Round(ctx); !errors.Is(err, events.ErrLeaseHeld) {
				t.Fatalf("before the lease expires: err %v, want ErrLeaseHeld", err)
			}
			clk.Advance(time.Minute)
			drain(t, restarted, 3)
			if fmt.Sprint(seen) != "[a b c d e]" {
				t.Errorf("seen %v, want [a b c d e]: each event once, resuming at c", seen)
			}
		})
	}
}

func TestConsumerWaitsForEarlierTransactionsStillOpen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		if d.Dialect != db.Postgres {
			t.Skip("SQLite has one writer: there is never an earlier transaction still open")
		}
		ctx := context.Background()
		slow, err := d.Write.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer slow.Rollback()
		if _, err := events.Append(ctx, slow, t0, events.New{Topic: "case.created", AggregateType: "case", AggregateID: "slow"}); err != nil {
			t.Fatal(err)
		}
		appendEventsBehind(t, d, "fast")

		var seen []string
		c := events.NewConsumer(d, clock.NewSettable(t0), "ordered", "node-1", recorder(&seen))
		if n, err := c.Round(ctx); err != nil || n != 0 {
			t.Fatalf("while an earlier transaction is open: handled %d (err %v), want 0", n, err)
		}
		if err := slow.Commit(); err != nil {
			t.Fatal(err)
		}
		drain(t, c, 2)
		if fmt.Sprint(seen) != "[slow fast]" {
			t.Errorf("seen %v, want [slow fast]: nothing skipped", seen)
		}
	})
}

func TestSkipToLatestLeavesOnlyNewerEvents(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		appendEvents(t, d, "old-1", "old-2")
		var seen []string
		c := events.NewConsumer(d, clock.NewSettable(t0), "rebuilt", "node-1", recorder(&seen))
		if err := c.SkipToLatest(context.Background()); err != nil {
			t.Fatal(err)
		}
		appendEvents(t, d, "new")
		drain(t, c, 1)
		if fmt.Sprint(seen) != "[new]" {
			t.Errorf("seen %v, want [new]", seen)
		}
	})
}

// waitVisible waits until n events are visible to consumers.
func waitVisible(t *testing.T, d *db.DB, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var got int
		if err := d.Read.QueryRowContext(context.Background(), `SELECT count(*) FROM events WHERE true`+d.Dialect.VisibleEventsClause()).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d events visible after 20 s, want %d", got, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A running consumer handles an event a moment after the commit that wrote
// it, not at its next poll: the poll here is an hour. On PostgreSQL an
// event may still be held back at the moment of its commit by an older
// transaction of another test in the cluster, so the test goes on
// committing (each commit wakes the consumers again) until it is seen.
func TestARunningConsumerIsWokenByCommits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		seen := make(chan string, 10)
		c := events.NewConsumer(d, clock.Real{}, "waker", "node-1", func(_ context.Context, e events.Event) error {
			seen <- e.AggregateID
			return nil
		})
		if err := c.SkipToLatest(ctx); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			c.Run(ctx, time.Hour, slog.New(slog.DiscardHandler))
		}()
		// The consumer's first round finds nothing and then waits.
		time.Sleep(50 * time.Millisecond)
		appendEventsBehind(t, d, "woken")
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		deadline := time.After(20 * time.Second)
	wait:
		for {
			select {
			case id := <-seen:
				if id != "woken" {
					t.Fatalf("handled %q, want woken", id)
				}
				break wait
			case <-tick.C:
				if err := d.InTx(ctx, func(*sql.Tx) error { return nil }); err != nil {
					t.Fatal(err)
				}
			case <-deadline:
				t.Fatal("the event was not handled within 20 s of its commit; the consumer polls only once an hour")
			}
		}
		cancel()
		<-done
	})
}
