package process_test

import (
	"context"
	"testing"

	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/process"
)

func TestTasksAreClaimedAssignedAndListedByWhoHoldsThem(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, clock.NewSettable(start))
		w.deploy(t, testdata(t, "flow.bpmn"))
		c := w.submit(t, "ta-noise-notification", map[string]any{"event_name": "Pihajuhla", "db_level": 80})
		w.until(t, "the review is open", func() bool {
			return count(t, d, `SELECT count(*) FROM process_tasks WHERE case_id = $1`, c.ID) == 1
		})
		review := w.openTask(t, c.ID, "review")
		org := w.orgs[helsinki]
		queue := func(f process.TaskFilter) int {
			t.Helper()
			tasks, err := w.engine.Tasks(ctx, w.manager(), f)
			if err != nil {
				t.Fatal(err)
			}
			return len(tasks)
		}
		if n := queue(process.TaskFilter{Organisation: org, Unassigned: true}); n != 1 {
			t.Fatalf("%d unassigned tasks, want 1", n)
		}
		if _, err := w.engine.Tasks(ctx, w.person("maija"), process.TaskFilter{Organisation: org}); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a customer listed the authority's queue: %v", err)
		}
		if _, err := w.engine.Claim(ctx, w.role("tre-kasittelija", "Tampereen kaupunki", "case_handler"), req, review); err == nil {
			t.Error("another organisation's handler claimed the task")
		}
		task, err := w.engine.Claim(ctx, w.handler(), req, review)
		if err != nil || task.AssigneeID != w.persons["kasittelija"] {
			t.Fatalf("claim: %+v %v", task, err)
		}
		if _, err := w.engine.Claim(ctx, w.handler(), req, review); err != nil {
			t.Errorf("claiming one's own task again: %v", err)
		}
		mine, err := w.engine.Tasks(ctx, w.handler(), process.TaskFilter{Assignee: w.persons["kasittelija"]})
		if err != nil || len(mine) != 1 || mine[0].CaseNumber == "" {
			t.Fatalf("my tasks: %v (err %v)", mine, err)
		}
		if _, err := w.engine.Assign(ctx, w.handler(), req, review, w.persons["esihenkilo"], "esihenkilo"); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a handler reassigned: %v", err)
		}
		if _, err := w.engine.Assign(ctx, w.manager(), req, review, "", ""); err != nil {
			t.Fatal(err)
		}
		if n := queue(process.TaskFilter{Organisation: org, Unassigned: true}); n != 1 {
			t.Errorf("the manager's release left %d unassigned tasks, want 1", n)
		}
		if n := queue(process.TaskFilter{Organisation: org, DueBefore: start.AddDate(0, 0, 1)}); n != 0 {
			t.Errorf("%d tasks due tomorrow, want none (due in five working days)", n)
		}
	})
}
