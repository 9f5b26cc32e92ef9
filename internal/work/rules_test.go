package work_test

import (
	"context"
	"testing"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/work"
)

func TestRoundRobinGivesTheCandidatesTurnsInTheOrderOfTheirNames(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.setRule(t, work.RuleInput{Queue: w.queue(), Kind: work.RoundRobin})
		// Aino, Kaisa (kasittelija) and Ville hold the role; the manager,
		// who may hold any task, is no candidate of the rule.
		want := []string{w.persons["Aino"], w.persons["kasittelija"], w.persons["Ville"]}
		for i := range 6 {
			task := w.submit(t, "Juhla")
			if got := w.holder(t, task.ID); got != want[i%3] {
				t.Errorf("task %d went to %s, want %s", i+1, got, want[i%3])
			}
		}
	})
}

func TestLeastLoadedGivesTheTaskToTheLightest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		// Aino holds two tasks and Kaisa one; Ville none.
		for i, who := range []string{"Aino", "Aino", "kasittelija"} {
			task := w.submit(t, "Juhla")
			if res, err := w.work.Reassign(ctx, w.manager(), req, []string{task.ID}, w.persons[who]); err != nil || len(res.Failed) > 0 {
				t.Fatalf("give task %d to %s: %+v %v", i+1, who, res, err)
			}
		}
		w.setRule(t, work.RuleInput{Queue: w.queue(), Kind: work.LeastLoaded})
		if got := w.holder(t, w.submit(t, "Juhla").ID); got != w.persons["Ville"] {
			t.Fatalf("the task went to %s, want Ville, who held none", got)
		}
		// Kaisa and Ville now hold one each: the tie goes to the next in
		// turn after Ville, which is Kaisa after Aino is passed over.
		if got := w.holder(t, w.submit(t, "Juhla").ID); got != w.persons["kasittelija"] {
			t.Fatalf("the tie went to %s, want Kaisa", got)
		}
	})
}

func TestByMunicipalityGivesTheTasksOfAMunicipalityToItsPerson(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		_, _, err := w.work.SetRule(ctx, w.manager(), req, work.RuleInput{Queue: w.queue(), Kind: work.ByMunicipality,
			Municipalities: map[string]string{"837": w.persons["Ville"], "091": w.persons["sisalto"]}})
		e, ok := errs.As(err)
		if !ok || e.Fields["municipality-837"] != "work.error.municipality" || e.Fields["municipality-091"] != "work.error.not_candidate" {
			t.Fatalf("a municipality Helsinki does not serve and a content editor were accepted: %v", err)
		}
		if _, _, err := w.work.SetRule(ctx, w.manager(), req, work.RuleInput{Queue: w.queue(), Kind: work.ByMunicipality}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("a rule by municipality without municipalities was accepted: %v", err)
		}
		// A task already waiting is distributed when the rule is set.
		waiting := w.submit(t, "Juhla")
		w.drain(t)
		rule, n, err := w.work.SetRule(ctx, w.manager(), req, work.RuleInput{Queue: w.queue(), Kind: work.ByMunicipality,
			Municipalities: map[string]string{"091": w.persons["Ville"]}, ApplyNow: true})
		if err != nil || n != 1 || rule.Municipalities["091"] != w.persons["Ville"] {
			t.Fatalf("set the rule: %d assigned, %+v, %v", n, rule, err)
		}
		if got := w.holder(t, waiting.ID); got != w.persons["Ville"] {
			t.Errorf("the waiting task went to %s, want Ville", got)
		}
		if got := w.holder(t, w.submit(t, "Juhla").ID); got != w.persons["Ville"] {
			t.Errorf("a new task went to %s, want Ville", got)
		}
	})
}

func TestOnlyManagersSetRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		in := work.RuleInput{Queue: w.queue(), Kind: work.RoundRobin}
		if _, _, err := w.work.SetRule(ctx, w.as("kasittelija", access.CaseHandler), req, in); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a case handler set a rule: %v", err)
		}
		if _, err := w.work.Loads(ctx, w.as("kasittelija", access.CaseHandler), w.org); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a case handler saw everyone's load: %v", err)
		}
		bad := in
		bad.Kind = "lottery"
		if _, _, err := w.work.SetRule(ctx, w.manager(), req, bad); errs.KindOf(err) != errs.Invalid {
			t.Errorf("an unknown rule was accepted: %v", err)
		}
		// Without a rule the queue is worked by claiming.
		task := w.submit(t, "Juhla")
		w.drain(t)
		if got, err := w.engine.Task(ctx, w.manager(), task.ID); err != nil || got.AssigneeID != "" {
			t.Errorf("a task of a queue without a rule was assigned: %+v %v", got, err)
		}
		queues, err := w.work.Queues(ctx, w.as("kasittelija", access.CaseHandler), w.org)
		if err != nil || len(queues) != 1 || queues[0].Open != 1 || queues[0].Unassigned != 1 || queues[0].Rule.Kind != work.Claim {
			t.Errorf("queues %+v, %v; want the review queue with one free task and no rule", queues, err)
		}
	})
}
