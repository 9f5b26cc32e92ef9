package integration_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/integration"
	"github.com/luva-fi/luva/internal/jobs"
)

// world is a migrated database with two authorities, the webhook service
// and, when started, a job queue that runs deliveries.
type world struct {
	db    *db.DB
	svc   *integration.Service
	queue *jobs.Queue
}

const helsinki, tampere = "org-helsinki", "org-tampere"

func admin(org string) access.Principal {
	return access.Principal{PersonID: "admin-" + org, Name: "Admin of " + org, Grants: []access.Grant{{OrganisationID: org, Role: access.OrgAdmin}}}
}

var req = access.Request{Route: "test", IP: "127.0.0.1"}

// newWorld prepares d. With run, deliveries are sent by a running queue whose
// worker waits only a moment between attempts.
func newWorld(t *testing.T, d *db.DB, run bool) *world {
	t.Helper()
	ctx := context.Background()
	if err := jobs.Migrate(ctx, d); err != nil {
		t.Fatal(err)
	}
	for _, org := range []string{helsinki, tampere} {
		if _, err := d.Write.ExecContext(ctx, `INSERT INTO organisations (id, kind, name, created_at) VALUES ($1, 'authority', $1, $2)`, org, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
	}
	cfg := jobs.Config{Logger: slog.New(slog.DiscardHandler), PollInterval: 50 * time.Millisecond}
	if run {
		w := integration.NewWorker(d, clock.Real{}, slog.New(slog.DiscardHandler))
		w.Backoff = func(int) time.Duration { return 10 * time.Millisecond }
		cfg.Workers = river.NewWorkers()
		river.AddWorker(cfg.Workers, w)
	}
	q, err := jobs.New(d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Error(err)
		}
	})
	return &world{db: d, svc: integration.NewService(d, clock.Real{}, q), queue: q}
}

func (w *world) subscribe(t *testing.T, org, url string, topics ...string) (integration.Subscription, string) {
	t.Helper()
	sub, secret, err := w.svc.Subscribe(context.Background(), admin(org), req, org, integration.NewSubscription{URL: url, Topics: topics})
	if err != nil {
		t.Fatalf("subscribe %s: %v", url, err)
	}
	return sub, secret
}

// caseEvent appends a case event of org's case to the outbox and returns it
// as a consumer would read it.
func (w *world) caseEvent(t *testing.T, org, topic string) events.Event {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	payload := map[string]any{"number": "LUVA-2026-000001", "service": "ta-noise-notification", "authority": org, "state": "submitted", "version": 1}
	var e events.Event
	err := w.db.InTx(ctx, func(tx *sql.Tx) error {
		id, err := events.Append(ctx, tx, now, events.New{Topic: topic, AggregateType: "case", AggregateID: "case-1", Payload: payload})
		e = events.Event{ID: id, Topic: topic, AggregateType: "case", AggregateID: "case-1", OccurredAt: now}
		e.Payload, _ = json.Marshal(payload)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (w *world) log(t *testing.T, org string) []integration.Delivery {
	t.Helper()
	page, err := w.svc.Deliveries(context.Background(), admin(org), org, "", integration.MaxPage)
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

// waitFor polls org's newest delivery until it leaves pending.
func (w *world) waitFor(t *testing.T, org string) integration.Delivery {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if log := w.log(t, org); len(log) > 0 && log[0].Status != integration.Pending {
			return log[0]
		}
	}
	t.Fatalf("the delivery of %s is still pending: %+v", org, w.log(t, org))
	return integration.Delivery{}
}

// received is one request a test receiver got.
type received struct {
	header http.Header
	body   []byte
	at     time.Time
}

// receiver answers the first failures requests with 500 and then 204.
func receiver(t *testing.T, failures int) (*httptest.Server, func() []received) {
	var mu sync.Mutex
	var got []received
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, received{header: r.Header.Clone(), body: body, at: time.Now()})
		n := len(got)
		mu.Unlock()
		if n <= failures {
			http.Error(w, "<html><body>down for maintenance</body></html>", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []received {
		mu.Lock()
		defer mu.Unlock()
		return append([]received(nil), got...)
	}
}
