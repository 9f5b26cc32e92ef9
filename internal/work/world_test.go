package work_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/blob"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/demo"
	demoprocesses "github.com/luva-fi/luva/internal/demo/processes"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/process"
	"github.com/luva-fi/luva/internal/work"
	"github.com/luva-fi/luva/internal/workdays"
)

// start is a Monday morning in Helsinki.
var start = time.Date(2026, 9, 7, 9, 0, 0, 0, time.UTC)

var req = access.Request{Route: "test", IP: "127.0.0.1"}

// testForm is a small form for the noise notification, whose demo process
// opens a review task for Helsinki's environmental services.
const testForm = `{
 "id": "work-test",
 "services": ["ta-noise-notification"],
 "title": {"fi": "Ilmoitus", "sv": "Anmälan", "en": "Notification"},
 "pages": [
  {"id": "event", "title": {"fi": "Tapahtuma", "sv": "Evenemang", "en": "Event"}, "sections": [
   {"id": "basics", "title": {"fi": "Perustiedot", "sv": "Grunduppgifter", "en": "Basics"}, "fields": [
    {"id": "event_name", "type": "text", "required": true, "label": {"fi": "Nimi", "sv": "Namn", "en": "Name"}},
    {"id": "attendance", "type": "number", "label": {"fi": "Yleisö", "sv": "Publik", "en": "Attendance"}}
   ]}
  ]}
 ]
}`

// world is the demo data with the demo processes deployed, the case
// service, the engine, the work service and the outbox consumer that feeds
// the engine and the queue rules as luva serve does. Helsinki has two case
// handlers more than the demo: Aino (first by name) and Ville (last).
type world struct {
	d       *db.DB
	clock   *clock.Settable
	cases   *cases.Service
	engine  *process.Engine
	work    *work.Service
	feed    *events.Consumer
	org     string            // Helsinki
	unit    string            // its environmental services
	persons map[string]string // username or given name -> person id
}

func newWorld(t testing.TB, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	clk := clock.NewSettable(start)
	if _, err := demo.Load(ctx, d, clk.Now()); err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.Open(ctx, "mem://", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	svc := cases.NewService(cases.Config{DB: d, Clock: clk, Calendar: workdays.New(), Catalogue: catalog.NewStore(d), Blobs: blobs})
	if err := svc.Forms.Install(ctx, []byte(testForm), "", clk.Now()); err != nil {
		t.Fatal(err)
	}
	eng := process.New(process.Config{DB: d, Clock: clk, Calendar: workdays.New(), Cases: svc})
	if err := demoprocesses.Deploy(ctx, eng); err != nil {
		t.Fatal(err)
	}
	w := &world{d: d, clock: clk, cases: svc, engine: eng, persons: map[string]string{}}
	w.work = work.New(work.Config{DB: d, Clock: clk, Engine: eng, People: identity.NewStore(d)})
	w.feed = events.NewConsumer(d, clk, process.ConsumerName, "test", func(ctx context.Context, ev events.Event) error {
		if err := eng.HandleEvent(ctx, ev); err != nil {
			return err
		}
		return w.work.HandleEvent(ctx, ev)
	})
	if err := w.feed.SkipToLatest(ctx); err != nil {
		t.Fatal(err)
	}
	w.scan(t, `SELECT id FROM organisations WHERE name = 'Helsingin kaupunki'`, &w.org)
	w.scan(t, `SELECT id FROM organisation_units WHERE organisation_id = $1 AND name = 'Ympäristöpalvelut'`, &w.unit, w.org)
	rows, err := d.Read.QueryContext(ctx, `SELECT username, person_id FROM local_accounts`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var u, id string
		if err := rows.Scan(&u, &id); err != nil {
			t.Fatal(err)
		}
		w.persons[u] = id
	}
	rows.Close()
	err = d.InTx(ctx, func(tx *sql.Tx) error {
		for _, given := range []string{"Aino", "Ville"} {
			p, err := identity.CreatePerson(ctx, tx, clk.Now(), identity.Person{GivenNames: given, FamilyName: "Käsittelijä", Email: given + "@hel.example.fi"})
			if err != nil {
				return err
			}
			if _, err := identity.GrantRole(ctx, tx, clk.Now(), identity.RoleGrant{PersonID: p.ID, OrganisationID: w.org, Role: access.CaseHandler}); err != nil {
				return err
			}
			w.persons[given] = p.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) scan(t testing.TB, q string, dst any, args ...any) {
	t.Helper()
	if err := w.d.Read.QueryRowContext(context.Background(), q, args...).Scan(dst); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// as is a Helsinki person in one role.
func (w *world) as(who string, role access.Role) access.Principal {
	return access.Principal{PersonID: w.persons[who], Name: who, Grants: []access.Grant{{OrganisationID: w.org, Role: role}}}
}

func (w *world) manager() access.Principal { return w.as("esihenkilo", access.Manager) }

// queue is the queue of the noise notification's review.
func (w *world) queue() process.Queue {
	return process.Queue{Organisation: w.org, Role: string(access.CaseHandler), Unit: w.unit}
}

// submit sends maija's noise notification in Helsinki, feeds the outbox
// until its review task is open, and returns the task.
func (w *world) submit(t testing.TB, name string) process.Task {
	t.Helper()
	ctx := context.Background()
	maija := access.Principal{PersonID: w.persons["maija"], Name: "maija"}
	c, err := w.cases.Start(ctx, maija, req, cases.StartInput{Service: "ta-noise-notification", Municipality: "091", Lang: "fi"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.cases.SaveAnswers(ctx, maija, c.ID, map[string]any{"event_name": name, "attendance": 100}); err != nil {
		t.Fatal(err)
	}
	if c, err = w.cases.Submit(ctx, maija, req, c.ID, ""); err != nil {
		t.Fatal(err)
	}
	var task process.Task
	w.until(t, "the review of "+name+" is open", func() bool {
		page, err := w.engine.QueryTasks(ctx, w.manager(), process.TaskQuery{Organisation: w.org, CaseNumber: c.Number})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Tasks) == 1 {
			task = page.Tasks[0]
			return true
		}
		return false
	})
	return task
}

// holder feeds the outbox until a rule has given the task to someone, and
// returns who: the rule acts on the event of the task's opening, which
// comes in a later round than the case's.
func (w *world) holder(t testing.TB, id string) string {
	t.Helper()
	var got string
	w.until(t, "task "+id+" is assigned", func() bool {
		task, err := w.engine.Task(context.Background(), w.manager(), id)
		if err != nil {
			t.Fatal(err)
		}
		got = task.AssigneeID
		return got != ""
	})
	return got
}

// until feeds the outbox until ok holds; on PostgreSQL an event becomes
// visible once every older transaction has ended.
func (w *world) until(t testing.TB, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; {
		if _, err := w.feed.Round(context.Background()); err != nil {
			t.Fatalf("feed the engine: %v", err)
		}
		if ok() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// drain feeds the outbox until a round finds nothing.
func (w *world) drain(t testing.TB) {
	t.Helper()
	for {
		n, err := w.feed.Round(context.Background())
		if err != nil {
			t.Fatalf("feed the engine: %v", err)
		}
		if n == 0 {
			return
		}
	}
}

// setRule sets the queue's rule as the manager.
func (w *world) setRule(t testing.TB, in work.RuleInput) {
	t.Helper()
	if _, _, err := w.work.SetRule(context.Background(), w.manager(), req, in); err != nil {
		t.Fatalf("set rule %s: %v", in.Kind, err)
	}
}
