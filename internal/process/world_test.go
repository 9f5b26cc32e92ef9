package process_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
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
	"github.com/luva-fi/luva/internal/process"
	"github.com/luva-fi/luva/internal/workdays"
)

// start is a Monday in Helsinki with no public holiday in the six weeks
// after it, so that 30 working days are exactly six weeks.
var start = time.Date(2026, 9, 7, 9, 0, 0, 0, time.UTC)

var req = access.Request{Route: "test", IP: "127.0.0.1"}

// testForm is a small form for the services the test processes run.
const testForm = `{
 "id": "process-test",
 "services": ["ta-noise-notification", "ta-public-event-notice"],
 "title": {"fi": "Ilmoitus", "sv": "Anmälan", "en": "Notification"},
 "pages": [
  {"id": "event", "title": {"fi": "Tapahtuma", "sv": "Evenemang", "en": "Event"}, "sections": [
   {"id": "basics", "title": {"fi": "Perustiedot", "sv": "Grunduppgifter", "en": "Basics"}, "fields": [
    {"id": "event_name", "type": "text", "required": true, "label": {"fi": "Nimi", "sv": "Namn", "en": "Name"}},
    {"id": "db_level", "type": "number", "required": true, "min": 30, "max": 140, "label": {"fi": "Melutaso", "sv": "Bullernivå", "en": "Noise level"}},
    {"id": "attendance", "type": "number", "label": {"fi": "Yleisö", "sv": "Publik", "en": "Attendance"}}
   ]}
  ]}
 ]
}`

// world is the demo data set with the case service and a process engine on
// one database, and the outbox consumer that feeds the engine.
type world struct {
	d       *db.DB
	clock   *clock.Settable
	cases   *cases.Service
	engine  *process.Engine
	feed    *events.Consumer
	orgs    map[string]string // organisation name -> id
	persons map[string]string // username -> person id
}

// newWorld loads the demo data on d and builds the services.
func newWorld(t testing.TB, d *db.DB, clk *clock.Settable) *world {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, d, clk.Now()); err != nil {
		t.Fatal(err)
	}
	w := services(t, d, clk, "node-1")
	if err := w.cases.Forms.Install(ctx, []byte(testForm), "", clk.Now()); err != nil {
		t.Fatal(err)
	}
	return w
}

// services builds the case service and the engine on a database that has
// the demo data already, as a node that starts on it does.
func services(t testing.TB, d *db.DB, clk *clock.Settable, node string) *world {
	t.Helper()
	ctx := context.Background()
	blobs, err := blob.Open(ctx, "mem://", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	svc := cases.NewService(cases.Config{DB: d, Clock: clk, Calendar: workdays.New(), Catalogue: catalog.NewStore(d), Blobs: blobs})
	eng := process.New(process.Config{DB: d, Clock: clk, Calendar: workdays.New(), Cases: svc})
	w := &world{d: d, clock: clk, cases: svc, engine: eng, orgs: map[string]string{}, persons: map[string]string{}}
	w.feed = events.NewConsumer(d, clk, process.ConsumerName, node, eng.HandleEvent)
	rows, err := d.Read.QueryContext(ctx, `SELECT id, name FROM organisations`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			t.Fatal(err)
		}
		w.orgs[name] = id
	}
	rows.Close()
	rows, err = d.Read.QueryContext(ctx, `SELECT username, person_id FROM local_accounts`)
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
	return w
}

func (w *world) person(username string) access.Principal {
	return access.Principal{PersonID: w.persons[username], Name: username}
}

func (w *world) role(username, org string, role access.Role) access.Principal {
	p := w.person(username)
	p.Grants = []access.Grant{{OrganisationID: w.orgs[org], Role: role}}
	return p
}

const helsinki = "Helsingin kaupunki"

func (w *world) handler() access.Principal {
	return w.role("kasittelija", helsinki, access.CaseHandler)
}
func (w *world) manager() access.Principal { return w.role("esihenkilo", helsinki, access.Manager) }

var platform = access.Principal{Name: "test", PlatformAdmin: true}

// deploy deploys a definition from testdata or the demo processes for every
// authority.
func (w *world) deploy(t testing.TB, xml []byte) process.DefinitionInfo {
	t.Helper()
	info, err := w.engine.Deploy(context.Background(), platform, req, "", xml)
	if err != nil {
		t.Fatalf("deploy: %v", err)
	}
	return info
}

func testdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func demoProcess(t testing.TB, name string) []byte {
	t.Helper()
	all, err := demoprocesses.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range all {
		if f.Name == name {
			return f.XML
		}
	}
	t.Fatalf("no demo process %s", name)
	return nil
}

// submit sends maija's application for the service in Helsinki.
func (w *world) submit(t testing.TB, service string, answers map[string]any) cases.Case {
	t.Helper()
	ctx := context.Background()
	maija := w.person("maija")
	c, err := w.cases.Start(ctx, maija, req, cases.StartInput{Service: service, Municipality: "091", Lang: "fi"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.cases.SaveAnswers(ctx, maija, c.ID, answers); err != nil {
		t.Fatal(err)
	}
	c, err = w.cases.Submit(ctx, maija, req, c.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// until feeds the engine from the outbox until ok holds; on PostgreSQL an
// event becomes visible once every older transaction in the cluster ended.
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
		time.Sleep(20 * time.Millisecond)
	}
}

// count runs a count query.
func count(t testing.TB, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// instanceOf returns the one instance of the case, once the engine started it.
func (w *world) instanceOf(t testing.TB, caseID string) string {
	t.Helper()
	var id string
	err := w.d.Read.QueryRowContext(context.Background(), `SELECT id FROM process_instances WHERE case_id = $1`, caseID).Scan(&id)
	if err == sql.ErrNoRows {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// openTask returns the open task at the element of the case.
func (w *world) openTask(t testing.TB, caseID, element string) string {
	t.Helper()
	var id string
	err := w.d.Read.QueryRowContext(context.Background(), `SELECT id FROM process_tasks WHERE case_id = $1 AND element_id = $2 AND state = 'open'`,
		caseID, element).Scan(&id)
	if err != nil {
		t.Fatalf("open task %s of case %s: %v", element, caseID, err)
	}
	return id
}

func decision() cases.DecisionInput {
	return cases.DecisionInput{Outcome: cases.Granted, Body: "Ilmoitus hyväksytään.", Appeal: "Valitusosoitus liitteenä."}
}

// processFilter selects the open tasks of one case in the police's queue.
func processFilter(w *world, caseID string) process.TaskFilter {
	return process.TaskFilter{Organisation: w.orgs["Helsingin poliisilaitos"], CaseID: caseID}
}
