package process_test

import (
	"context"
	"testing"

	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/process"
)

func TestAProcessRunsFromSubmissionThroughGatewaysTasksAndAMessageToItsEnd(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, clock.NewSettable(start))
		w.deploy(t, testdata(t, "flow.bpmn"))
		c := w.submit(t, "ta-noise-notification", map[string]any{"event_name": "Pihajuhla", "db_level": 80})

		w.until(t, "the instance waits at the review and the join", func() bool {
			return count(t, d, `SELECT count(*) FROM process_tokens`) == 2
		})
		inst := w.instanceOf(t, c.ID)
		got, _, err := w.cases.Get(ctx, w.handler(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != cases.Processing {
			t.Errorf("the service task left the case %s, want processing", got.State)
		}
		if n := count(t, d, `SELECT count(*) FROM process_tasks WHERE element_id = 'loud-review'`); n != 0 {
			t.Errorf("a quiet event took the loud branch (%d tasks)", n)
		}
		if n := count(t, d, `SELECT count(*) FROM case_messages WHERE case_id = $1 AND author_name = $2`, c.ID, cases.ProcessActor); n != 1 {
			t.Errorf("the send task sent %d messages, want 1", n)
		}
		v, err := w.engine.Instance(ctx, w.handler(), inst)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"start": process.ElementCompleted, "take": process.ElementCompleted, "notify": process.ElementCompleted,
			"review": process.ElementActive, "join": process.ElementWaiting}
		for el, state := range want {
			if v.Elements[el] != state {
				t.Errorf("element %s is %q in the view, want %q", el, v.Elements[el], state)
			}
		}
		if _, ok := v.Elements["loud-review"]; ok {
			t.Error("the view marks the branch not taken")
		}

		// The handler finds the task in the organisation's queue.
		tasks, err := w.engine.Tasks(ctx, w.handler(), process.TaskFilter{Organisation: w.orgs[helsinki], Role: "case_handler"})
		if err != nil || len(tasks) != 1 || tasks[0].Due == nil {
			t.Fatalf("queue: %v (err %v), want the review with a due date", tasks, err)
		}
		if _, err := w.engine.Complete(ctx, w.manager(), req, tasks[0].ID, nil); err != nil {
			t.Fatalf("a manager completes any task of the organisation: %v", err)
		}
		if n := count(t, d, `SELECT count(*) FROM process_instances WHERE id = $1 AND state = 'completed'`, inst); n != 1 {
			t.Error("the default branch after the join did not end the process")
		}
	})
}

func TestCompletingATaskTwiceHasOneEffect(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, clock.NewSettable(start))
		w.deploy(t, testdata(t, "flow.bpmn"))
		c := w.submit(t, "ta-noise-notification", map[string]any{"event_name": "Pihajuhla", "db_level": 80})
		w.until(t, "the review is open", func() bool {
			return count(t, d, `SELECT count(*) FROM process_tasks WHERE case_id = $1 AND state = 'open'`, c.ID) == 1
		})
		inst := w.instanceOf(t, c.ID)
		review := w.openTask(t, c.ID, "review")
		customer := w.person("maija")
		if _, err := w.engine.Complete(ctx, customer, req, review, nil); err == nil {
			t.Fatal("the customer completed the authority's task")
		}
		for i := range 2 {
			task, err := w.engine.Complete(ctx, w.handler(), req, review, map[string]any{"outcome": "supplement"})
			if err != nil {
				t.Fatalf("completion %d: %v", i+1, err)
			}
			if task.State != process.TaskCompleted || task.CompletedByName != "kasittelija" {
				t.Errorf("completion %d: task %s by %q", i+1, task.State, task.CompletedByName)
			}
		}
		if n := count(t, d, `SELECT count(*) FROM process_history WHERE instance_id = $1 AND element_id = 'review' AND kind = 'leave'`, inst); n != 1 {
			t.Errorf("the review was left %d times, want once", n)
		}
		if n := count(t, d, `SELECT count(*) FROM events WHERE topic = 'process.task_completed' AND aggregate_id = $1`, inst); n != 1 {
			t.Errorf("%d task_completed events, want 1", n)
		}
		if n := count(t, d, `SELECT count(*) FROM process_tokens WHERE instance_id = $1 AND element_id = 'wait-supp'`, inst); n != 1 {
			t.Fatalf("%d tokens wait for the supplement, want 1", n)
		}

		// The handler asks for completion; the customer's supplement wakes
		// the catch event and the process ends.
		if _, err := w.cases.RequestCompletion(ctx, w.handler(), req, c.ID, "Lisää kartta.", start.AddDate(0, 0, 14)); err != nil {
			t.Fatal(err)
		}
		w.until(t, "the completion request is past the engine", func() bool {
			return count(t, d, `SELECT count(*) FROM event_consumers WHERE name = $1 AND last_event_id >= (SELECT MAX(id) FROM events)`, process.ConsumerName) == 1
		})
		if n := count(t, d, `SELECT count(*) FROM process_tokens WHERE instance_id = $1`, inst); n != 1 {
			t.Fatalf("another case event woke the catch event (%d tokens)", n)
		}
		maija := w.person("maija")
		if _, err := w.cases.Edit(ctx, maija, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.cases.SaveAnswers(ctx, maija, c.ID, map[string]any{"event_name": "Pihajuhla", "db_level": 75}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.cases.SendEdit(ctx, maija, req, c.ID, "Kartta lisätty."); err != nil {
			t.Fatal(err)
		}
		w.until(t, "the supplement ends the process", func() bool {
			return count(t, d, `SELECT count(*) FROM process_instances WHERE id = $1 AND state = 'completed'`, inst) == 1
		})
		v, err := w.engine.Instance(ctx, w.handler(), inst)
		if err != nil {
			t.Fatal(err)
		}
		if v.Elements["end-supplemented"] != process.ElementCompleted || v.Elements["end-ok"] != "" || v.Variables["outcome"] != "supplement" {
			t.Errorf("view after the end: elements %v, variables %v", v.Elements, v.Variables)
		}
		if _, err := w.engine.Complete(ctx, w.handler(), req, review, nil); err != nil {
			t.Errorf("completing after the process ended: %v, want the task as it is", err)
		}
	})
}

func TestALoudEventTakesTheConditionalBranch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, clock.NewSettable(start))
		w.deploy(t, testdata(t, "flow.bpmn"))
		c := w.submit(t, "ta-noise-notification", map[string]any{"event_name": "Rock", "db_level": 120})
		w.until(t, "the loud review is open", func() bool {
			return count(t, d, `SELECT count(*) FROM process_tasks WHERE case_id = $1 AND element_id = 'loud-review' AND role = 'manager'`, c.ID) == 1
		})
		if n := count(t, d, `SELECT count(*) FROM process_tasks WHERE case_id = $1 AND element_id = 'review'`, c.ID); n != 0 {
			t.Errorf("the fork ran before the loud review (%d review tasks)", n)
		}
	})
}

func TestRunningInstancesStayOnTheirVersion(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, clock.NewSettable(start))
		v1 := w.deploy(t, testdata(t, "flow.bpmn"))
		first := w.submit(t, "ta-noise-notification", map[string]any{"event_name": "Yksi", "db_level": 80})
		w.until(t, "the first instance starts", func() bool { return w.instanceOf(t, first.ID) != "" })
		v2 := w.deploy(t, testdata(t, "flow.bpmn"))
		if v1.Version != 1 || v2.Version != 2 {
			t.Fatalf("versions %d and %d, want 1 and 2", v1.Version, v2.Version)
		}
		second := w.submit(t, "ta-noise-notification", map[string]any{"event_name": "Kaksi", "db_level": 80})
		w.until(t, "the second instance starts", func() bool { return w.instanceOf(t, second.ID) != "" })
		for c, want := range map[string]string{first.ID: v1.ID, second.ID: v2.ID} {
			var got string
			if err := d.Read.QueryRowContext(ctx, `SELECT definition_id FROM process_instances WHERE case_id = $1`, c).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("case %s runs definition %s, want %s", c, got, want)
			}
		}
		// The first instance goes on, on version 1.
		if _, err := w.engine.Complete(ctx, w.handler(), req, w.openTask(t, first.ID, "review"), nil); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, `SELECT count(*) FROM process_instances WHERE case_id = $1 AND state = 'completed'`, first.ID); n != 1 {
			t.Error("the instance on version 1 did not finish")
		}
		vs, err := w.engine.Versions(ctx, w.handler(), "", "flow")
		if err != nil || len(vs) != 2 || vs[0].Version != 2 {
			t.Errorf("versions: %v (err %v)", vs, err)
		}
		defs, err := w.engine.Definitions(ctx, w.handler(), "")
		if err != nil || len(defs) != 1 || defs[0].Version != 2 || defs[0].Services[0] != "ta-noise-notification" {
			t.Errorf("definitions: %v (err %v)", defs, err)
		}
	})
}

func TestAStepTheCaseRefusesStopsTheInstanceForRetry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, clock.NewSettable(start))
		def := w.deploy(t, testdata(t, "flow.bpmn"))
		c := w.submit(t, "ta-noise-notification", map[string]any{"event_name": "Pihajuhla", "db_level": 80})
		// The customer withdraws before the engine runs: set_state cannot
		// move a cancelled case to processing.
		if _, err := w.cases.Transition(ctx, w.person("maija"), req, c.ID, cases.Cancelled, "peruttu"); err != nil {
			t.Fatal(err)
		}
		if id, err := w.engine.StartCase(ctx, def.ID, c.ID); err != nil || id != "" {
			t.Errorf("a cancelled case started instance %q (err %v)", id, err)
		}
		c2 := w.submit(t, "ta-noise-notification", map[string]any{"event_name": "Toinen", "db_level": 80})
		if _, err := d.Write.ExecContext(ctx, `UPDATE cases SET state = 'appealed' WHERE id = $1`, c2.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.engine.StartCase(ctx, def.ID, c2.ID); err == nil {
			t.Fatal("a refused state change passed")
		}
		inst := w.instanceOf(t, c2.ID)
		v, err := w.engine.Instance(ctx, w.handler(), inst)
		if err != nil {
			t.Fatal(err)
		}
		if v.State != process.Incident || v.IncidentElement != "take" || v.Elements["take"] != process.ElementIncident {
			t.Fatalf("instance %s at %q (%s), want an incident at take", v.State, v.IncidentElement, v.Incident)
		}
		if _, err := d.Write.ExecContext(ctx, `UPDATE cases SET state = 'submitted' WHERE id = $1`, c2.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.engine.Retry(ctx, w.handler(), req, inst); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, `SELECT count(*) FROM process_tasks WHERE instance_id = $1 AND element_id = 'review' AND state = 'open'`, inst); n != 1 {
			t.Errorf("after the retry %d review tasks, want 1", n)
		}
	})
}
