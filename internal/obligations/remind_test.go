package obligations_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/obligations"
)

func TestAReminderFiresOnceOnItsDayAndNotBefore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		o := w.add(t, w.maijaCase, obligations.Input{Kind: "annual_report", Due: "2026-04-30", EveryMonths: -1, RemindDays: -1})
		steps := []struct {
			day  string
			want int
		}{
			{"2026-03-01", 0}, {"2026-03-30", 0}, {"2026-03-31", 1}, {"2026-03-31", 0}, {"2026-04-15", 0},
		}
		for _, s := range steps {
			w.set(s.day)
			n, err := w.svc.Remind(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n != s.want {
				t.Errorf("on %s %d reminders went out, want %d", s.day, n, s.want)
			}
		}
		if n := count(t, d, `SELECT count(*) FROM obligation_notices WHERE obligation_id = $1`, o.ID); n != 1 {
			t.Errorf("%d reminders recorded, want 1", n)
		}
		y, _ := w.svc.ForParty(ctx, w.maija)
		if len(y.Open) != 1 || y.Open[0].RemindedAt == nil || obligations.Day(*y.Open[0].RemindedAt) != "2026-03-31" {
			t.Errorf("the annual clock does not tell when the reminder went out: %+v", y.Open)
		}

		// Done, the next year's report gets a reminder of its own a year on.
		if _, err := w.svc.Done(ctx, w.maija, req, o.ID, "2026-04-15"); err != nil {
			t.Fatal(err)
		}
		w.set("2027-03-30")
		if n, _ := w.svc.Remind(ctx); n != 0 {
			t.Errorf("the next occurrence was reminded of %d times a day early", n)
		}
		w.set("2027-03-31")
		if n, _ := w.svc.Remind(ctx); n != 1 {
			t.Errorf("the next occurrence was reminded of %d times on its day, want 1", n)
		}
	})
}

func TestADutyDoneBeforeItsReminderIsNotRemindedOf(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		o := w.add(t, w.villeCase, obligations.Input{Kind: "noise_measurement", Due: "2026-04-30", EveryMonths: -1, RemindDays: -1})
		if _, err := w.svc.Remind(ctx); err != nil { // schedules it
			t.Fatal(err)
		}
		if _, err := w.svc.Done(ctx, w.ville, req, o.ID, "2026-03-01"); err != nil {
			t.Fatal(err)
		}
		w.set("2026-04-29")
		if n, _ := w.svc.Remind(ctx); n != 0 {
			t.Errorf("%d reminders of a duty already done", n)
		}
	})
}

// countingNotifier records what it is asked to send, and fails while down.
type countingNotifier struct {
	mu   sync.Mutex
	sent map[string]int
	down bool
}

func (c *countingNotifier) Notify(ctx context.Context, tx *sql.Tx, r obligations.Reminder) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.down {
		return errors.New("mail server unreachable")
	}
	c.sent[r.Obligation.ID+"/"+r.Due]++
	return obligations.Recorder{}.Notify(ctx, tx, r)
}

func (c *countingNotifier) Channel() string { return "test" }

func TestTwoPollersNeverSendTheSameReminderTwice(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect.String(), func(t *testing.T) {
			ctx := context.Background()
			// Each poller is a node of its own: its own pool on the same
			// database, as two luva serve processes would have.
			cfg := dbtest.Config(t, dialect)
			var nodes []*db.DB
			for range 3 {
				d, err := db.Open(ctx, cfg)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { d.Close() })
				nodes = append(nodes, d)
			}
			if _, err := nodes[0].Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			w := newWorld(t, nodes[0])
			const duties = 30
			for range duties {
				w.add(t, w.maijaCase, obligations.Input{Kind: obligations.Other, Title: "Raportti", Due: "2026-03-05", EveryMonths: 0, RemindDays: 7})
			}
			n := &countingNotifier{sent: map[string]int{}}
			var wg sync.WaitGroup
			total := make([]int, 2*len(nodes))
			for i := range total {
				svc := obligations.NewService(obligations.Config{DB: nodes[i%len(nodes)], Clock: w.clock, Notifier: n})
				wg.Go(func() {
					for range 3 {
						got, err := svc.Remind(ctx)
						if err != nil {
							t.Errorf("poller %d: %v", i, err)
							return
						}
						total[i] += got
					}
				})
			}
			wg.Wait()
			sum := 0
			for _, got := range total {
				sum += got
			}
			if sum != duties || len(n.sent) != duties {
				t.Errorf("the pollers sent %d reminders of %d duties (%v), want %d", sum, len(n.sent), total, duties)
			}
			for k, times := range n.sent {
				if times != 1 {
					t.Errorf("reminder %s sent %d times", k, times)
				}
			}
		})
	}
}

func TestAFailedReminderIsTriedAgainLaterAndSentOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		n := &countingNotifier{sent: map[string]int{}, down: true}
		svc := obligations.NewService(obligations.Config{DB: d, Clock: w.clock, Notifier: n})
		o := w.add(t, w.maijaCase, obligations.Input{Kind: obligations.Other, Title: "Raportti", Due: "2026-03-05", EveryMonths: 0, RemindDays: 7})
		if got, err := svc.Remind(ctx); err != nil || got != 0 {
			t.Fatalf("while the notifier is down: %d sent, %v", got, err)
		}
		if e := count(t, d, `SELECT attempts FROM obligation_reminders WHERE obligation_id = $1`, o.ID); e != 1 {
			t.Errorf("%d attempts recorded, want 1", e)
		}
		n.down = false
		if got, _ := svc.Remind(ctx); got != 0 {
			t.Errorf("tried again at once, before its backoff (%d sent)", got)
		}
		w.clock.Advance(2 * time.Minute)
		if got, _ := svc.Remind(ctx); got != 1 {
			t.Errorf("after the backoff %d sent, want 1", got)
		}
		if got, _ := svc.Remind(ctx); got != 0 || n.sent[o.ID+"/2026-03-05"] != 1 {
			t.Errorf("sent again: %d, %v", got, n.sent)
		}
	})
}
