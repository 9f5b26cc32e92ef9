package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	auditlog "github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/blob"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
)

// clusterCases is how many noise notifications the cluster test sends.
const clusterCases = 20

// TestTwoNodesRunEachTimerAndCompletionOnce runs two real luva serve
// processes on one PostgreSQL schema (issue #6): a form editor deploys a
// process whose review task has a three-second non-interrupting timer, a
// customer sends noise notifications through both nodes, both nodes poll
// the timers while they fall due, and a case handler completes every review
// through both nodes at the same moment. The database must then hold every
// timer fired once, every task completed once with one exit, every instance
// ended once, the messages the timer and the completion send once each, and
// no outbox event twice.
func TestTwoNodesRunEachTimerAndCompletionOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs two servers on PostgreSQL: not in -short")
	}
	// PostgreSQL first: the cleanups run in reverse, so the nodes are gone
	// before the schema is dropped.
	dbURL := dbtest.NewPostgresSchema(t)
	bin := buildLuva(t)
	// The nodes share the file store as they share the database, so that
	// either one can read an attachment the other took.
	blobURL, err := blob.DirURL(filepath.Join(t.TempDir(), "files"))
	if err != nil {
		t.Fatal(err)
	}
	// The second node starts once the first has loaded the demo, as a
	// rolling start would: --demo must then leave the data alone.
	a := startNode(t, bin, dbURL, blobURL)
	b := startNode(t, bin, dbURL, blobURL)
	nodes := []*server{a, b}
	d := openCluster(t, dbURL)
	checkDemoLoadedOnce(t, d, b)
	hki := organisationID(t, d, "Helsingin kaupunki")

	waitForDemoEvents(t, nodes, d)

	editor := signedIn(t, a.url, "sisalto")
	bpmn, err := os.ReadFile(filepath.Join("testdata", "cluster-reminder.bpmn"))
	if err != nil {
		t.Fatal(err)
	}
	var def struct {
		ID string `json:"id"`
	}
	if _, err := call(editor, "POST", b.url+"/api/v1/processes?org="+url.QueryEscape(hki), "application/xml", bpmn, nil, http.StatusCreated, &def); err != nil {
		t.Fatalf("deploy the test process: %v", err)
	}

	caseIDs := sendNotifications(t, nodes)

	// The consumer that holds the lease starts the instances; both nodes'
	// pollers fire the timers as they fall due.
	waitUntil(t, "every notification's process to start", nodes, d, def.ID, func() (bool, error) {
		n, err := count(d, `SELECT count(*) FROM process_instances WHERE definition_id = $1`, def.ID)
		return n == clusterCases, err
	})
	waitUntil(t, "every reminder timer to fire", nodes, d, def.ID, func() (bool, error) {
		n, err := count(d, `SELECT count(*) FROM process_timers t JOIN process_instances i ON i.id = t.instance_id
WHERE i.definition_id = $1 AND t.state <> 'pending'`, def.ID)
		return n == clusterCases, err
	})

	// The handler is signed in on each node, as two tabs behind a load
	// balancer would be, and sends each completion to both at once.
	handlers := []*http.Client{signedIn(t, a.url, "kasittelija"), signedIn(t, b.url, "kasittelija")}
	var me struct {
		ID string `json:"id"`
	}
	if _, err := call(handlers[0], "GET", a.url+"/api/v1/me", "", nil, nil, http.StatusOK, &me); err != nil {
		t.Fatal(err)
	}
	tasks := reviewTasks(t, handlers[0], a.url, hki, caseIDs)
	completeOnBothNodes(t, nodes, handlers, tasks)
	for _, task := range tasks {
		var in struct {
			State   string     `json:"state"`
			EndedAt *time.Time `json:"ended_at"`
		}
		if _, err := call(handlers[1], "GET", b.url+"/api/v1/process-instances/"+task.InstanceID, "", nil, nil, http.StatusOK, &in); err != nil {
			t.Errorf("instance %s: %v", task.InstanceID, err)
		} else if in.State != "completed" || in.EndedAt == nil {
			t.Errorf("instance %s is %s (ended %v), want completed", task.InstanceID, in.State, in.EndedAt)
		}
	}

	a.kill(t)
	b.kill(t)
	checkRanOnce(t, d, def.ID, me.ID)
	t.Logf("two nodes: %d timers fired and %d tasks completed, each sent to both nodes at once, each exactly once", clusterCases, clusterCases)
	if t.Failed() {
		t.Logf("node A log:\n%s\nnode B log:\n%s", a.log.String(), b.log.String())
	}
}

// startNode serves the demo on the shared database with a data directory
// of its own, and waits until it is ready.
func startNode(t *testing.T, bin, dbURL, blobURL string) *server {
	t.Helper()
	return startLuva(t, bin, t.TempDir(), "--database-url", dbURL, "--blob-url", blobURL)
}

// openCluster opens the nodes' database for the checks.
func openCluster(t *testing.T, dbURL string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), db.Config{URL: dbURL})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// checkDemoLoadedOnce checks that the second node's --demo found the demo
// there and loaded nothing: one seed, and each demo process deployed once.
func checkDemoLoadedOnce(t *testing.T, d *db.DB, second *server) {
	t.Helper()
	if !strings.Contains(second.log.String(), "Demo data was already loaded") {
		t.Errorf("the second node did not report the demo as loaded already:\n%s", second.log.String())
	}
	if n, err := count(d, `SELECT count(*) FROM demo_seeds`); err != nil || n != 1 {
		t.Errorf("%d demo seeds (%v), want 1", n, err)
	}
	if n, err := count(d, `SELECT count(*) FROM process_definitions WHERE organisation_id = '' AND version > 1`); err != nil || n != 0 {
		t.Errorf("%d demo processes were deployed again (%v)", n, err)
	}
}

// waitForDemoEvents waits until the process engine has read every event
// written so far. The demo's cases were sent before the engine started, and
// the first node skips their events (SkipToLatest), but only those visible
// then: an open transaction anywhere on the PostgreSQL server (another
// test's) holds the visibility horizon back, and the demo's send events
// behind it reach the engine seconds later. Read after this test's process
// is deployed, they would start it on demo cases; read now, they start the
// demo's own process, which this test does not look at.
func waitForDemoEvents(t *testing.T, nodes []*server, d *db.DB) {
	t.Helper()
	var latest int64
	if err := d.Read.QueryRowContext(context.Background(), `SELECT COALESCE(MAX(id), 0) FROM events`).Scan(&latest); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the process engine to read the demo's events", nodes, d, "", func() (bool, error) {
		n, err := count(d, `SELECT count(*) FROM events e JOIN event_consumers c ON c.name = 'process-engine'
WHERE e.id <= $1 AND (e.tx_id > c.last_tx_id OR (e.tx_id = c.last_tx_id AND e.id > c.last_event_id))`, latest)
		return n == 0, err
	})
}

func organisationID(t *testing.T, d *db.DB, name string) string {
	t.Helper()
	var id string
	if err := d.Read.QueryRowContext(context.Background(), `SELECT id FROM organisations WHERE name = $1`, name).Scan(&id); err != nil {
		t.Fatalf("organisation %s: %v", name, err)
	}
	return id
}

// signedIn is a client of its own signed in as a demo account.
func signedIn(t *testing.T, base, username string) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar, Timeout: 20 * time.Second}
	body := jsonBody(map[string]string{"username": username, "password": "luva-demo-2026"})
	if _, err := call(c, "POST", base+"/api/v1/sessions", "application/json", body, nil, http.StatusCreated, nil); err != nil {
		t.Fatalf("sign in as %s: %v", username, err)
	}
	return c
}

// sendNotifications has maija send the noise notifications, each through
// one node in turn, and returns their case ids.
func sendNotifications(t *testing.T, nodes []*server) map[string]bool {
	t.Helper()
	customer := signedIn(t, nodes[0].url, "maija")
	answers := noiseAnswers(t)
	var (
		mu  sync.Mutex
		ids = map[string]bool{}
		wg  sync.WaitGroup
	)
	const senders = 4
	for w := range senders {
		wg.Go(func() {
			for i := w; i < clusterCases; i += senders {
				a := &attempt{key: fmt.Sprintf("cluster-%d", i)}
				if err := a.send(customer, nodes[i%len(nodes)].url, answers, i); err != nil {
					t.Errorf("send notification %d: %v", i, err)
					return
				}
				mu.Lock()
				ids[a.caseID] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return ids
}

// waitUntil polls done until it holds, for at most 30 seconds; when it
// does not, the test ends with what the nodes logged and where the
// instances stand.
func waitUntil(t *testing.T, what string, nodes []*server, d *db.DB, defID string, done func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ok, err := done()
		if err != nil {
			t.Fatalf("wait for %s: %v", what, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited 30 s for %s\n%s\nnode A log:\n%s\nnode B log:\n%s", what, instanceStates(d, defID), nodes[0].log.String(), nodes[1].log.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// instanceStates describes the instances of the definition, their cases
// and timers, for a failure message.
func instanceStates(d *db.DB, defID string) string {
	rows, err := d.Read.QueryContext(context.Background(), `SELECT i.id, i.case_id, COALESCE(i.start_event, 0), i.state, i.incident,
COALESCE(t.state, ''), COALESCE(t.due_at::text, '')
FROM process_instances i LEFT JOIN process_timers t ON t.instance_id = i.id WHERE i.definition_id = $1 ORDER BY i.case_id, i.started_at`, defID)
	if err != nil {
		return fmt.Sprintf("read the instances: %v", err)
	}
	defer rows.Close()
	var b strings.Builder
	b.WriteString("instances (id, case, start event, state, incident, timer, due):\n")
	for rows.Next() {
		var id, caseID, state, incident, timer, due string
		var event int64
		if err := rows.Scan(&id, &caseID, &event, &state, &incident, &timer, &due); err != nil {
			return fmt.Sprintf("read the instances: %v", err)
		}
		fmt.Fprintf(&b, "  %s %s %d %s %q %s %s\n", id, caseID, event, state, incident, timer, due)
	}
	if err := rows.Err(); err != nil {
		return fmt.Sprintf("read the instances: %v", err)
	}
	rows, err = d.Read.QueryContext(context.Background(), `SELECT id, aggregate_id, topic, occurred_at::text FROM events
WHERE aggregate_type = 'case' AND topic = 'application.submitted' AND occurred_at > now() - interval '5 minutes' ORDER BY aggregate_id, id`)
	if err != nil {
		return fmt.Sprintf("read the send events: %v", err)
	}
	defer rows.Close()
	b.WriteString("send events (id, case, topic, at):\n")
	for rows.Next() {
		var id int64
		var caseID, topic, at string
		if err := rows.Scan(&id, &caseID, &topic, &at); err != nil {
			return fmt.Sprintf("read the send events: %v", err)
		}
		fmt.Fprintf(&b, "  %d %s %s %s\n", id, caseID, topic, at)
	}
	if err := rows.Err(); err != nil {
		return fmt.Sprintf("read the send events: %v", err)
	}
	return b.String()
}

func count(d *db.DB, query string, args ...any) (int, error) {
	var n int
	err := d.Read.QueryRowContext(context.Background(), query, args...).Scan(&n)
	return n, err
}

// reviewTask is a task as the task list gives it.
type reviewTask struct {
	ID         string `json:"id"`
	InstanceID string `json:"instance_id"`
	CaseID     string `json:"case_id"`
	ElementID  string `json:"element_id"`
}

// reviewTasks pages through the handler's available tasks and returns the
// review of each case sent.
func reviewTasks(t *testing.T, c *http.Client, base, org string, caseIDs map[string]bool) []reviewTask {
	t.Helper()
	var out []reviewTask
	for page := 1; ; page++ {
		var list struct {
			Items []reviewTask `json:"items"`
			Pages int          `json:"pages"`
		}
		q := url.Values{"view": {"available"}, "org": {org}, "page": {fmt.Sprint(page)}}
		if _, err := call(c, "GET", base+"/api/v1/tasks?"+q.Encode(), "", nil, nil, http.StatusOK, &list); err != nil {
			t.Fatal(err)
		}
		for _, it := range list.Items {
			if it.ElementID == "review" && caseIDs[it.CaseID] {
				out = append(out, it)
			}
		}
		if page >= list.Pages {
			break
		}
	}
	if len(out) != clusterCases {
		t.Fatalf("the handler sees %d reviews of the test's cases, want %d", len(out), clusterCases)
	}
	return out
}

// completeOnBothNodes sends every task's completion to each node at the
// same moment, a few tasks at a time so that the two nodes' connection
// pools stay well inside what a shared test PostgreSQL allows. Both must
// answer with the task completed: a completion that lost the race finds
// the task done and returns it as it is.
func completeOnBothNodes(t *testing.T, nodes []*server, clients []*http.Client, tasks []reviewTask) {
	t.Helper()
	const wave = 5
	for len(tasks) > 0 {
		now := tasks[:min(wave, len(tasks))]
		tasks = tasks[len(now):]
		start := make(chan struct{})
		var wg sync.WaitGroup
		for _, task := range now {
			for i, node := range nodes {
				wg.Go(func() {
					<-start
					var got struct {
						State string `json:"state"`
					}
					_, err := call(clients[i], "POST", node.url+"/api/v1/tasks/"+task.ID+"/complete", "application/json", []byte(`{}`), nil, http.StatusOK, &got)
					if err != nil || got.State != "completed" {
						t.Errorf("complete task %s on node %d: %q %v", task.ID, i+1, got.State, err)
					}
				})
			}
		}
		close(start)
		wg.Wait()
	}
}

// checkRanOnce reads what the nodes left in the database.
func checkRanOnce(t *testing.T, d *db.DB, defID, handlerID string) {
	t.Helper()
	ctx := context.Background()
	const n = clusterCases
	ofDef := `SELECT id FROM process_instances WHERE definition_id = $1`
	exactly := func(what string, want int, query string, args ...any) {
		t.Helper()
		got, err := count(d, query, args...)
		if err != nil || got != want {
			t.Errorf("%s: %d (%v), want %d", what, got, err, want)
		}
	}
	exactly("instances, one per case", n, `SELECT count(DISTINCT case_id) FROM process_instances WHERE definition_id = $1`, defID)
	exactly("instances ended completed", n, `SELECT count(*) FROM process_instances WHERE definition_id = $1 AND state = 'completed' AND ended_at IS NOT NULL`, defID)
	exactly("timers", n, `SELECT count(*) FROM process_timers WHERE instance_id IN (`+ofDef+`)`, defID)
	exactly("timers fired, one per instance", n, `SELECT count(DISTINCT instance_id) FROM process_timers
WHERE state = 'fired' AND fired_at IS NOT NULL AND instance_id IN (`+ofDef+`)`, defID)
	exactly("tasks", n, `SELECT count(*) FROM process_tasks WHERE instance_id IN (`+ofDef+`)`, defID)
	exactly("tasks completed by the handler, one per instance", n, `SELECT count(DISTINCT instance_id) FROM process_tasks
WHERE state = 'completed' AND completed_by = $2 AND instance_id IN (`+ofDef+`)`, defID, handlerID)
	exactly("completions audited, one per task", n, `SELECT count(*) FROM audit_log WHERE action = 'process.task.complete'
AND target_id IN (SELECT id FROM process_tasks WHERE instance_id IN (`+ofDef+`))`, defID)

	// Every element was entered and left once per instance: a timer fired
	// twice enters the reminder twice, a completion run twice leaves the
	// review twice, and nothing was cancelled or stopped.
	var want []string
	for _, el := range []string{"received", "review", "reminder", "remind", "reminded", "closing", "done"} {
		want = append(want, el+" enter", el+" leave")
	}
	got := groups(t, d, `SELECT element_id || ' ' || kind, count(*), count(DISTINCT instance_id) FROM process_history
WHERE instance_id IN (`+ofDef+`) GROUP BY element_id, kind`, defID)
	checkGroups(t, "history", got, want, n)

	// The engine's outbox events, once per instance each.
	got = groups(t, d, `SELECT topic, count(*), count(DISTINCT aggregate_id) FROM events
WHERE aggregate_type = 'process_instance' AND aggregate_id IN (`+ofDef+`) GROUP BY topic`, defID)
	checkGroups(t, "process events", got, []string{"process.started", "process.task_created", "process.timer_fired",
		"process.task_completed", "process.completed"}, n)

	// The case changes the steps made: the reminder and the closing message,
	// once per case each, and one case.message event for each.
	ofCases := `SELECT case_id FROM process_instances WHERE definition_id = $1`
	got = groups(t, d, `SELECT body, count(*), count(DISTINCT case_id) FROM case_messages
WHERE author_name = 'Prosessi' AND case_id IN (`+ofCases+`) GROUP BY body`, defID)
	checkGroups(t, "process messages", got, []string{"Ilmoituksenne odottaa käsittelyä.", "Ilmoituksenne on käsitelty."}, n)
	exactly("case.message events", 2*n, `SELECT count(*) FROM events WHERE aggregate_type = 'case' AND topic = 'case.message'
AND aggregate_id IN (`+ofCases+`)`, defID)

	// Two nodes wrote the audit log at once; its chain must still hold.
	res, err := auditlog.Verify(ctx, d)
	if err != nil || !res.OK() {
		t.Errorf("audit log after two nodes: %+v %v", res, err)
	}
}

// group is one row of a GROUP BY: how many rows and how many instances (or
// cases) a key has.
type group struct{ rows, distinct int }

func groups(t *testing.T, d *db.DB, query string, args ...any) map[string]group {
	t.Helper()
	rows, err := d.Read.QueryContext(context.Background(), query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	out := map[string]group{}
	for rows.Next() {
		var key string
		var g group
		if err := rows.Scan(&key, &g.rows, &g.distinct); err != nil {
			t.Fatal(err)
		}
		out[key] = g
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkGroups checks that exactly the keys want occur, each n times, once
// for each of n instances or cases.
func checkGroups(t *testing.T, what string, got map[string]group, want []string, n int) {
	t.Helper()
	for _, k := range want {
		if g := got[k]; g.rows != n || g.distinct != n {
			t.Errorf("%s %q: %d rows over %d, want %d, one each", what, k, g.rows, g.distinct, n)
		}
	}
	for k, g := range got {
		if !slices.Contains(want, k) {
			t.Errorf("%s %q: %d rows, want none", what, k, g.rows)
		}
	}
}
