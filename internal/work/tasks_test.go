package work_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/process"
	"github.com/luva-fi/luva/internal/work"
)

func TestCompletingTheReviewWithAChoiceAdvancesTheProcess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		kaisa := w.as("kasittelija", access.CaseHandler)
		task := w.submit(t, "Juhla")
		item, choices, err := w.work.Task(ctx, kaisa, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !item.Claimable || !item.Completable || item.DueStatus != "later" {
			t.Errorf("the handler's view of a free review due in ten working days: %+v", item)
		}
		// The review is followed by the gateway "supplement needed?":
		// the flow to the supplement and the default flow to the decision.
		if len(choices) != 2 || choices[0].ID != "to-supplement" || choices[0].Vars["outcome"] != "supplement" ||
			choices[1].ID != "to-decision" || !choices[1].Default || choices[1].Vars["outcome"] != "" {
			t.Fatalf("choices %+v", choices)
		}
		_, err = w.work.Complete(ctx, kaisa, req, task.ID, work.Completion{})
		if e, ok := errs.As(err); !ok || e.Fields["choice"] != "work.error.choice" {
			t.Fatalf("completing without a choice: %v", err)
		}
		if _, err := w.work.Claim(ctx, kaisa, req, task.ID); err != nil {
			t.Fatal(err)
		}
		done, err := w.work.Complete(ctx, kaisa, req, task.ID, work.Completion{Choice: "to-supplement", Notes: "Melutaso puuttuu."})
		if err != nil {
			t.Fatal(err)
		}
		if done.State != process.TaskCompleted || done.Result["outcome"] != "supplement" || done.Result["notes"] != "Melutaso puuttuu." {
			t.Errorf("completed task %+v", done)
		}
		again, err := w.work.Complete(ctx, kaisa, req, task.ID, work.Completion{Choice: "to-decision"})
		if err != nil || again.Result["outcome"] != "supplement" {
			t.Errorf("completing twice changed the result: %+v %v", again.Result, err)
		}
		views, err := w.engine.ForCase(ctx, kaisa, task.CaseID)
		if err != nil || len(views) != 1 {
			t.Fatalf("process of the case: %v", err)
		}
		if got := views[0].Elements["supplement"]; got != process.ElementWaiting && got != process.ElementActive {
			t.Errorf("the process is not waiting for the supplement: %v", views[0].Elements)
		}
	})
}

func TestManagersReassignTasksInBulk(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		var ids []string
		for range 3 {
			ids = append(ids, w.submit(t, "Juhla").ID)
		}
		kaisa := w.as("kasittelija", access.CaseHandler)
		if _, err := w.work.Complete(ctx, kaisa, req, ids[2], work.Completion{Choice: "to-decision"}); err != nil {
			t.Fatal(err)
		}
		res, err := w.work.Reassign(ctx, kaisa, req, ids, w.persons["Ville"])
		if err != nil || len(res.Assigned) != 0 || len(res.Failed) != 3 || res.Failed[0].Reason != "work.error.not_manager" {
			t.Fatalf("a case handler reassigned: %+v %v", res, err)
		}
		if _, err := w.work.Reassign(ctx, w.manager(), req, nil, w.persons["Ville"]); errs.KindOf(err) != errs.Invalid {
			t.Errorf("reassigning nothing: %v", err)
		}
		res, err = w.work.Reassign(ctx, w.manager(), req, ids[:2], w.persons["sisalto"])
		if err != nil || len(res.Failed) != 2 || res.Failed[0].Reason != "work.error.not_candidate" {
			t.Fatalf("tasks given to a content editor: %+v %v", res, err)
		}
		res, err = w.work.Reassign(ctx, w.manager(), req, ids, w.persons["Ville"])
		if err != nil || len(res.Assigned) != 2 || len(res.Failed) != 1 || res.Failed[0].TaskID != ids[2] || res.Failed[0].Reason != "work.error.task_closed" {
			t.Fatalf("bulk reassignment: %+v %v", res, err)
		}
		ville := w.as("Ville", access.CaseHandler)
		mine, err := w.work.List(ctx, ville, work.ListFilter{View: work.ViewMine})
		if err != nil || mine.Total != 2 {
			t.Fatalf("Ville's tasks: %+v %v", mine, err)
		}
		loads, err := w.work.Loads(ctx, w.manager(), w.org)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range loads {
			want := 0
			if l.PersonID == w.persons["Ville"] {
				want = 2
			}
			if l.Open != want {
				t.Errorf("%s holds %d open tasks, want %d", l.Name, l.Open, want)
			}
		}
		// Back to the queue.
		res, err = w.work.Reassign(ctx, w.manager(), req, ids[:1], "")
		if err != nil || len(res.Assigned) != 1 || res.Assigned[0].AssigneeID != "" {
			t.Fatalf("back to the queue: %+v %v", res, err)
		}
	})
}

func TestTheTaskListFiltersByDueTimeAndPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		kaisa := w.as("kasittelija", access.CaseHandler)
		first := w.submit(t, "Ensimmäinen")
		w.clock.Advance(24 * time.Hour)
		second := w.submit(t, "Toinen")
		list := func(f work.ListFilter) work.List {
			t.Helper()
			l, err := w.work.List(ctx, kaisa, f)
			if err != nil {
				t.Fatalf("list %+v: %v", f, err)
			}
			return l
		}
		if l := list(work.ListFilter{View: work.ViewAvailable}); l.Total != 2 || l.Items[0].ID != first.ID || !l.Items[0].Claimable {
			t.Fatalf("available tasks %+v", l)
		}
		if l := list(work.ListFilter{View: work.ViewMine}); l.Total != 0 {
			t.Fatalf("Kaisa holds %d tasks before claiming any", l.Total)
		}
		// A whole case number, in any case, finds its case's task by key;
		// a part of one by comparing numbers; a number of no case, none.
		for _, n := range []string{second.CaseNumber, strings.ToLower(second.CaseNumber), second.CaseNumber[len(second.CaseNumber)-6:]} {
			if l := list(work.ListFilter{View: work.ViewAvailable, CaseNumber: n}); l.Total != 1 || len(l.Items) != 1 || l.Items[0].ID != second.ID {
				t.Errorf("tasks of case %q: %+v", n, l)
			}
		}
		if l := list(work.ListFilter{View: work.ViewAvailable, CaseNumber: "LUVA-1999-000001"}); l.Total != 0 {
			t.Errorf("tasks of a case that does not exist: %+v", l)
		}
		// Ten working days from Monday is the Monday two weeks on; a week
		// and a half later the first review is late and the second due
		// within the week.
		w.clock.Set(*first.Due)
		w.clock.Advance(time.Hour)
		if l := list(work.ListFilter{View: work.ViewAvailable, Due: work.DueOverdue}); l.Total != 1 || l.Items[0].ID != first.ID || l.Items[0].DueStatus != work.DueOverdue {
			t.Errorf("overdue tasks %+v", l)
		}
		if l := list(work.ListFilter{View: work.ViewAvailable, Due: work.DueWeek}); l.Total != 1 || l.Items[0].ID != second.ID {
			t.Errorf("tasks due this week %+v", l)
		}
		if l := list(work.ListFilter{View: work.ViewAvailable, Sort: "created", Page: 2}); l.Total != 2 || len(l.Items) != 0 || l.Pages != 1 {
			t.Errorf("a page past the end %+v", l)
		}
		if _, err := w.work.List(ctx, kaisa, work.ListFilter{View: work.ViewAvailable, Due: "someday"}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("an unknown due filter: %v", err)
		}
		tre := access.Principal{PersonID: w.persons["tre-kasittelija"], Name: "tre"}
		if _, err := w.work.List(ctx, tre, work.ListFilter{View: work.ViewAll, Organisation: w.org}); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("someone without a role in Helsinki listed its tasks: %v", err)
		}
	})
}
