package process_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"testing"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/process"
)

// request writes a request in a transaction of its own, as a trigger's
// firing does in its.
func (w *world) request(t testing.TB, fn func(ctx context.Context, tx *sql.Tx) error) {
	t.Helper()
	if err := w.d.InTx(context.Background(), func(tx *sql.Tx) error { return fn(context.Background(), tx) }); err != nil {
		t.Fatalf("write the request: %v", err)
	}
}

// requestEvent reads the request event of the case from the outbox, to hand
// it to the engine again as a consumer does after a crash.
func (w *world) requestEvent(t testing.TB, topic, caseID string) events.Event {
	t.Helper()
	var ev events.Event
	var payload string
	err := w.d.Read.QueryRowContext(context.Background(), `SELECT id, topic, aggregate_type, aggregate_id, payload, occurred_at FROM events
WHERE topic = $1 AND aggregate_id = $2`, topic, caseID).Scan(&ev.ID, &ev.Topic, &ev.AggregateType, &ev.AggregateID, &payload, &ev.OccurredAt)
	if err != nil {
		t.Fatalf("read the %s event of case %s: %v", topic, caseID, err)
	}
	ev.Payload = json.RawMessage(payload)
	return ev
}

func TestARequestedTaskOpensOnceAndCompletingItEndsItsInstance(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, clock.NewSettable(start))
		c := w.submit(t, "ta-noise-notification", map[string]any{"event_name": "Pihajuhla", "db_level": 80})
		org := w.orgs[helsinki]
		w.request(t, func(ctx context.Context, tx *sql.Tx) error {
			return w.engine.RequestTask(ctx, tx, process.TaskRequest{Organisation: org, Role: "case_handler", CaseID: c.ID,
				CaseNumber: c.Number, Name: "Tarkista melutaso", Trigger: "trigger-1", Cause: 1, CauseTopic: "application.submitted"})
		})
		w.until(t, "the task is open", func() bool {
			return count(t, d, `SELECT count(*) FROM process_tasks WHERE case_id = $1`, c.ID) == 1
		})

		if err := w.engine.HandleEvent(ctx, w.requestEvent(t, process.TopicTaskRequested, c.ID)); err != nil {
			t.Fatalf("hand the request over again: %v", err)
		}
		if n := count(t, d, `SELECT count(*) FROM process_tasks WHERE case_id = $1`, c.ID); n != 1 {
			t.Errorf("%d tasks after the request came twice, want 1", n)
		}
		if n := count(t, d, `SELECT count(*) FROM process_instances WHERE case_id = $1`, c.ID); n != 1 {
			t.Errorf("%d instances after the request came twice, want 1", n)
		}

		tasks, err := w.engine.Tasks(ctx, w.manager(), process.TaskFilter{Organisation: org, CaseID: c.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(tasks) != 1 {
			t.Fatalf("the queue lists %d tasks of the case, want 1", len(tasks))
		}
		task := tasks[0]
		if task.Name != "Tarkista melutaso" || task.Role != "case_handler" || task.Organisation != org || task.Kind != "user" || task.CaseNumber != c.Number {
			t.Errorf("the task is %+v; want the trigger's task for Helsinki's case handlers", task)
		}
		if _, choices, err := w.engine.Choices(ctx, w.handler(), task.ID); err != nil || len(choices) != 0 {
			t.Errorf("an ad-hoc task offers choices %v (%v); want none", choices, err)
		}

		done, err := w.engine.Complete(ctx, w.handler(), req, task.ID, nil)
		if err != nil {
			t.Fatalf("complete the task: %v", err)
		}
		if done.State != process.TaskCompleted || done.AssigneeID != w.persons["kasittelija"] {
			t.Errorf("the completed task is %+v", done)
		}
		view, err := w.engine.Instance(ctx, w.manager(), task.InstanceID)
		if err != nil {
			t.Fatal(err)
		}
		if view.State != process.Completed || view.CaseID != c.ID {
			t.Errorf("the ad-hoc instance is %s on case %s; want completed on %s", view.State, view.CaseID, c.ID)
		}
	})
}

func TestARequestedTaskWaitsEvenOnADecidedCaseAndSkipsWhatCannotBe(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, clock.NewSettable(start))
		c := w.submit(t, "ta-noise-notification", map[string]any{"event_name": "Pihajuhla", "db_level": 80})
		if _, err := w.cases.Take(ctx, w.handler(), req, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.cases.Decide(ctx, w.handler(), req, c.ID, decision()); err != nil {
			t.Fatal(err)
		}
		w.request(t, func(ctx context.Context, tx *sql.Tx) error {
			if err := w.engine.RequestTask(ctx, tx, process.TaskRequest{Role: "no_such_role", CaseID: c.ID}); err != nil {
				return err
			}
			// With no organisation, the task is the case's authority's.
			return w.engine.RequestTask(ctx, tx, process.TaskRequest{Role: "inspector", CaseID: c.ID})
		})
		w.until(t, "the inspector's task is open", func() bool {
			return count(t, d, `SELECT count(*) FROM process_tasks WHERE case_id = $1 AND role = 'inspector' AND organisation_id = $2 AND state = 'open'`,
				c.ID, w.orgs[helsinki]) == 1
		})
		if n := count(t, d, `SELECT count(*) FROM process_tasks WHERE case_id = $1`, c.ID); n != 1 {
			t.Errorf("%d tasks, want only the inspector's: a role that is none opens nothing", n)
		}
		err := w.d.InTx(ctx, func(tx *sql.Tx) error {
			return w.engine.RequestTask(ctx, tx, process.TaskRequest{Role: "case_handler"})
		})
		if err == nil {
			t.Error("a task was requested on no case")
		}
	})
}

func TestARequestedProcessStartsOnceByKeyOrName(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, clock.NewSettable(start))
		w.deploy(t, testdata(t, "flow.bpmn"))
		// flow runs noise notifications, so nothing starts on this case
		// by itself: only the request starts it.
		c := w.submit(t, "ta-public-event-notice", map[string]any{"event_name": "Pihajuhla", "db_level": 80})
		other := w.submit(t, "ta-public-event-notice", map[string]any{"event_name": "Kesäjuhla", "db_level": 70})
		w.request(t, func(ctx context.Context, tx *sql.Tx) error {
			if err := w.engine.RequestStart(ctx, tx, process.StartRequest{Organisation: c.Authority, Process: "no-such-process", CaseID: c.ID}); err != nil {
				return err
			}
			if err := w.engine.RequestStart(ctx, tx, process.StartRequest{Organisation: c.Authority, Process: "flow", CaseID: c.ID,
				Trigger: "trigger-1", Cause: 1, CauseTopic: "application.submitted"}); err != nil {
				return err
			}
			return w.engine.RequestStart(ctx, tx, process.StartRequest{Organisation: other.Authority, Process: "Flow", CaseID: other.ID})
		})
		w.until(t, "both processes wait at their reviews", func() bool {
			return count(t, d, `SELECT count(*) FROM process_tasks WHERE element_id = 'review' AND case_id IN ($1, $2)`, c.ID, other.ID) == 2
		})
		ev := w.requestEvent(t, process.TopicStartRequested, other.ID)
		if err := w.engine.HandleEvent(ctx, ev); err != nil {
			t.Fatalf("hand the request over again: %v", err)
		}
		for _, id := range []string{c.ID, other.ID} {
			if n := count(t, d, `SELECT count(*) FROM process_instances WHERE case_id = $1`, id); n != 1 {
				t.Errorf("case %s has %d instances, want 1", id, n)
			}
		}
		ins, err := w.engine.ForCase(ctx, w.person("maija"), c.ID)
		if err != nil || len(ins) != 1 || ins[0].Key != "flow" || ins[0].State != process.Running {
			t.Errorf("maija sees the processes %+v (%v); want flow running", ins, err)
		}
	})
}

func TestARequestedProcessDoesNotStartOnADecidedCase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, clock.NewSettable(start))
		w.deploy(t, testdata(t, "flow.bpmn"))
		c := w.submit(t, "ta-public-event-notice", map[string]any{"event_name": "Pihajuhla", "db_level": 80})
		handler := w.person("kasittelija")
		handler.Grants = []access.Grant{{OrganisationID: c.Authority, Role: access.CaseHandler}}
		if _, err := w.cases.Take(ctx, handler, req, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.cases.Decide(ctx, handler, req, c.ID, decision()); err != nil {
			t.Fatal(err)
		}
		w.request(t, func(ctx context.Context, tx *sql.Tx) error {
			return w.engine.RequestStart(ctx, tx, process.StartRequest{Organisation: c.Authority, Process: "flow", CaseID: c.ID})
		})
		w.until(t, "the engine has read the request", func() bool {
			var cursor int64
			if err := d.Read.QueryRowContext(ctx, `SELECT last_event_id FROM event_consumers WHERE name = $1`, process.ConsumerName).Scan(&cursor); err != nil {
				t.Fatal(err)
			}
			return cursor >= w.requestEvent(t, process.TopicStartRequested, c.ID).ID
		})
		if n := count(t, d, `SELECT count(*) FROM process_instances WHERE case_id = $1`, c.ID); n != 0 {
			t.Errorf("a decided case got %d instances, want none", n)
		}
	})
}
