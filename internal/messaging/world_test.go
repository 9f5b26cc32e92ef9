package messaging_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/i18n"
	"github.com/luva-fi/luva/internal/jobs"
	"github.com/luva-fi/luva/internal/messaging"
)

// world is a migrated database with two authorities, a company, their
// people, the messaging service and, when started with a mailer, a job
// queue that sends emails.
type world struct {
	db    *db.DB
	svc   *messaging.Service
	clock *clock.Settable
	text  *i18n.Catalog
}

const (
	helsinki, tampere, company = "org-helsinki", "org-tampere", "org-kesajuhlat"
	// People: two Helsinki handlers, Helsinki's admin, Tampere's handler,
	// a private customer, and three people of the company: one who may
	// apply, one who may only manage mandates, one whose mandate expired.
	handlerA, handlerB, hkiAdmin, treHandler = "p-handler-a", "p-handler-b", "p-hki-admin", "p-tre-handler"
	maija, eero, manager, former             = "p-maija", "p-eero", "p-manager", "p-former"
)

var t0 = time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)

var req = access.Request{Route: "test", IP: "127.0.0.1"}

func admin(org string) access.Principal {
	return access.Principal{PersonID: "admin-of-" + org, Name: "Admin", Grants: []access.Grant{{OrganisationID: org, Role: access.OrgAdmin}}}
}

func person(id string) access.Principal { return access.Principal{PersonID: id, Name: id} }

// options change how newWorld builds the service.
type options struct {
	mailer  *messaging.Mailer
	run     bool // start a queue that runs the email jobs
	tasks   messaging.TaskCreator
	backoff time.Duration
}

func newWorld(t *testing.T, d *db.DB, o options) *world {
	t.Helper()
	ctx := context.Background()
	if err := jobs.Migrate(ctx, d); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := d.Write.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, org := range [][2]string{{helsinki, "authority"}, {tampere, "authority"}, {company, "company"}} {
		exec(`INSERT INTO organisations (id, kind, name, created_at) VALUES ($1, $2, $1, $3)`, org[0], org[1], t0)
	}
	people := []struct {
		id, email, lang string
		inApp, mail     bool
	}{
		{handlerA, "a@helsinki.example", "fi", true, true}, {handlerB, "b@helsinki.example", "sv", true, false},
		{hkiAdmin, "admin@helsinki.example", "fi", true, true}, {treHandler, "t@tampere.example", "fi", true, true},
		{maija, "maija@example.fi", "en", true, true}, {eero, "eero@example.fi", "fi", true, true},
		{manager, "manager@example.fi", "fi", true, true}, {former, "former@example.fi", "fi", true, true},
	}
	for _, p := range people {
		exec(`INSERT INTO persons (id, given_names, family_name, email, lang, notify_in_app, notify_email, created_at, updated_at)
VALUES ($1, $1, 'Test', $2, $3, $4, $5, $6, $6)`, p.id, p.email, p.lang, p.inApp, p.mail, t0)
	}
	for i, g := range [][3]string{{handlerA, helsinki, "case_handler"}, {handlerB, helsinki, "case_handler"}, {hkiAdmin, helsinki, "org_admin"}, {treHandler, tampere, "case_handler"}} {
		exec(`INSERT INTO role_grants (id, person_id, organisation_id, role, granted_at) VALUES ($1, $2, $3, $4, $5)`, fmt.Sprint("g", i), g[0], g[1], g[2], t0)
	}
	for i, m := range []struct {
		person, rights string
		until          any
	}{{eero, "apply,view", nil}, {manager, "manage", nil}, {former, "apply", t0.Add(-time.Hour)}} {
		exec(`INSERT INTO mandates (id, person_id, organisation_id, rights, valid_until, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			fmt.Sprint("m", i), m.person, company, m.rights, m.until, t0)
	}
	text, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewSettable(t0)
	w := &world{db: d, clock: clk, text: text}
	cfg := jobs.Config{Logger: slog.New(slog.DiscardHandler), PollInterval: 50 * time.Millisecond}
	var queue *jobs.Queue
	w.svc = messaging.NewService(messaging.Config{DB: d, Clock: clk, Queue: lateQueue{&queue}, Text: text, Tasks: o.tasks})
	if o.run {
		worker := messaging.NewEmailWorker(w.svc, o.mailer, "https://luva.example.fi", slog.New(slog.DiscardHandler))
		backoff := o.backoff
		if backoff == 0 {
			backoff = 20 * time.Millisecond
		}
		worker.Backoff = func(int) time.Duration { return backoff }
		cfg.Workers = river.NewWorkers()
		river.AddWorker(cfg.Workers, worker)
	}
	if queue, err = jobs.New(d, cfg); err != nil {
		t.Fatal(err)
	}
	if err := queue.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := queue.Stop(ctx); err != nil {
			t.Error(err)
		}
	})
	return w
}

// lateQueue lets the service be made before the queue whose worker needs it.
type lateQueue struct{ q **jobs.Queue }

func (l lateQueue) Enqueue(ctx context.Context, tx *sql.Tx, args river.JobArgs, at time.Time) (int64, error) {
	return (*l.q).Enqueue(ctx, tx, args, at)
}

// newCase stores a submitted case of org from the customer (acting for the
// company when actingFor is set), handled by handler ("" for none yet).
func (w *world) newCase(t *testing.T, id, org, customer, actingFor, handler string) {
	t.Helper()
	_, err := w.db.Write.ExecContext(context.Background(), `INSERT INTO cases (id, number, service_id, authority_org, person_id, acting_for, form_id, form_version,
state, answers, handler_id, created_at, updated_at) VALUES ($1, $2, 'ta-noise-notification', $3, $4, $5, 'noise-notification', 1, 'submitted', '{}', $6, $7, $7)`,
		id, "LUVA-2026-"+id, org, customer, actingFor, handler, t0)
	if err != nil {
		t.Fatal(err)
	}
}

// event appends a case event to the outbox at the world's clock and
// returns it as a consumer reads it.
func (w *world) event(t *testing.T, caseID, org, topic string, extra map[string]any) events.Event {
	t.Helper()
	ctx := context.Background()
	payload := map[string]any{"number": "LUVA-2026-" + caseID, "service": "ta-noise-notification", "authority": org, "state": "submitted", "version": 1}
	for k, v := range extra {
		payload[k] = v
	}
	now := w.clock.Now().UTC()
	var e events.Event
	err := w.db.InTx(ctx, func(tx *sql.Tx) error {
		id, err := events.Append(ctx, tx, now, events.New{Topic: topic, AggregateType: "case", AggregateID: caseID, Payload: payload})
		e = events.Event{ID: id, Topic: topic, AggregateType: "case", AggregateID: caseID, OccurredAt: now}
		e.Payload, _ = json.Marshal(payload)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// handle hands e to the triggers.
func (w *world) handle(t *testing.T, e events.Event) {
	t.Helper()
	if err := w.svc.HandleEvent(context.Background(), e); err != nil {
		t.Fatalf("handle %s: %v", e.Topic, err)
	}
}

// sent lists every notification written, as "person channel title key",
// oldest first.
func (w *world) sent(t *testing.T) []string {
	t.Helper()
	rows, err := w.db.Read.QueryContext(context.Background(), `SELECT person_id, channel, title_key FROM notifications ORDER BY person_id, channel, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p, ch, key string
		if err := rows.Scan(&p, &ch, &key); err != nil {
			t.Fatal(err)
		}
		out = append(out, p+" "+ch+" "+key)
	}
	return out
}

// seed makes org's default rules exist before the events of a test, as
// they would have in a running service.
func (w *world) seed(t *testing.T, org string) []messaging.Trigger {
	t.Helper()
	rules, err := w.svc.Triggers(context.Background(), admin(org), org)
	if err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(time.Minute)
	return rules
}
