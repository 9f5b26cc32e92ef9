package messaging_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/messaging"
)

func TestEveryAuthorityStartsWithTheDefaultRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, options{})
		rules := w.seed(t, helsinki)
		var got []string
		for _, r := range rules {
			got = append(got, r.DefaultKey+":"+r.Topic+":"+r.Action)
			if !r.Enabled {
				t.Errorf("default %s is off", r.DefaultKey)
			}
		}
		want := "application_submitted:application.submitted:notify_role supplemented:case.supplemented:notify_handler " +
			"customer_message:case.message:notify_handler completion_requested:case.completion_requested:notify_customer decided:case.decided:notify_customer"
		if strings.Join(got, " ") != want {
			t.Errorf("defaults %v\nwant %s", got, want)
		}
		if _, err := w.svc.Triggers(context.Background(), admin(company), company); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM triggers WHERE organisation_id = $1`, company); n != 0 {
			t.Errorf("a company got %d rules; only authorities have triggers", n)
		}
	})
}

func TestTheDefaultRulesTellTheAuthorityAndTheCustomerWhatTheyNeed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, options{})
		w.seed(t, helsinki)
		w.newCase(t, "1", helsinki, maija, "", "")
		w.newCase(t, "2", helsinki, eero, company, handlerA)

		w.handle(t, w.event(t, "1", helsinki, "application.submitted", nil))
		want := []string{
			handlerA + " email messaging.authority.application.submitted.title",
			handlerA + " in_app messaging.authority.application.submitted.title",
			// Handler B chose no email.
			handlerB + " in_app messaging.authority.application.submitted.title",
		}
		if got := w.sent(t); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("after a new application:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}

		clear(t, d)
		// The authority's own message tells nobody; the customer's tells
		// the handler only, not the role.
		w.handle(t, w.event(t, "2", helsinki, "case.message", map[string]any{"side": "authority"}))
		w.handle(t, w.event(t, "2", helsinki, "case.message", map[string]any{"side": "customer"}))
		want = []string{handlerA + " email messaging.authority.case.message.title", handlerA + " in_app messaging.authority.case.message.title"}
		if got := w.sent(t); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("after messages:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}

		clear(t, d)
		// A company's decision reaches the applicant and whoever may apply
		// for or view the company, not the mandate manager nor a mandate
		// that has expired.
		w.handle(t, w.event(t, "2", helsinki, "case.decided", map[string]any{"outcome": "rejected"}))
		want = []string{eero + " email messaging.customer.case.decided.title", eero + " in_app messaging.customer.case.decided.title"}
		if got := w.sent(t); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("after the decision:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		page, err := w.svc.Inbox(context.Background(), person(eero), "en", "", 10)
		if err != nil {
			t.Fatal(err)
		}
		n := page.Items[0]
		if n.Link != "/cases/2" || !strings.Contains(n.Title, "LUVA-2026-2") || strings.Contains(n.Title+n.Body, "reject") || !strings.Contains(n.Body, "Sign in") {
			t.Errorf("decision notification %+v; want a link to the case and no outcome", n)
		}
	})
}

func TestAnEventHandedOverTwiceNotifiesOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, options{})
		w.seed(t, helsinki)
		w.newCase(t, "1", helsinki, maija, "", "")
		e := w.event(t, "1", helsinki, "case.completion_requested", nil)
		w.handle(t, e)
		w.handle(t, e)
		if got := w.sent(t); len(got) != 2 {
			t.Errorf("notifications %v; want maija's in-app and email once", got)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM river_job WHERE kind = $1`, messaging.EmailArgs{}.Kind()); n != 1 {
			t.Errorf("%d email jobs, want 1", n)
		}
	})
}

func TestARuleDoesNotActOnWhatHappenedBeforeIt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, options{})
		w.newCase(t, "1", helsinki, maija, "", "")
		old := w.event(t, "1", helsinki, "case.decided", nil)
		w.clock.Advance(time.Hour)
		// The consumer meets a backlog on its first run: the defaults it
		// seeds now leave the old event alone.
		w.handle(t, old)
		if got := w.sent(t); len(got) != 0 {
			t.Errorf("an event from before the rules notified %v", got)
		}
	})
}

func TestTheCustomersPreferencesChooseTheChannels(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, options{})
		w.seed(t, helsinki)
		w.newCase(t, "1", helsinki, maija, "", "")
		for i, c := range []struct {
			inApp, email bool
			address      string
			want         string
		}{
			{true, true, "maija@example.fi", "email in_app"},
			{false, true, "maija@example.fi", "email"},
			{true, false, "maija@example.fi", "in_app"},
			// Email chosen without an address, or nothing chosen: the
			// message still waits in the app rather than vanish.
			{false, true, "", "in_app"},
			{false, false, "maija@example.fi", "in_app"},
		} {
			clear(t, d)
			if _, err := d.Write.Exec(`UPDATE persons SET notify_in_app = $1, notify_email = $2, email = $3 WHERE id = $4`, c.inApp, c.email, c.address, maija); err != nil {
				t.Fatal(err)
			}
			w.handle(t, w.event(t, "1", helsinki, "case.completion_requested", map[string]any{"n": i}))
			var got []string
			for _, s := range w.sent(t) {
				got = append(got, strings.Fields(s)[1])
			}
			if strings.Join(got, " ") != c.want {
				t.Errorf("in-app %v, email %v, address %q: channels %v, want %s", c.inApp, c.email, c.address, got, c.want)
			}
		}
	})
}

func TestAConditionMustCompileAndAFailingOneDoesNotStopTheOthers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, options{})
		w.seed(t, helsinki)
		ctx := context.Background()
		for _, c := range []struct{ cond, detail string }{
			{`payload.side ==`, "Syntax error"},
			{`payload.version + 1`, "not true or false"},
			{`nosuch == 1`, "undeclared reference"},
		} {
			_, err := w.svc.AddTrigger(ctx, admin(helsinki), req, helsinki, messaging.TriggerInput{Topic: "case.decided", Action: messaging.NotifyCustomer, Condition: c.cond})
			e, ok := errs.As(err)
			if !ok || e.Kind != errs.Invalid || e.Fields["condition"] != "messaging.error.condition" || !strings.Contains(messaging.ConditionError(err), c.detail) {
				t.Errorf("condition %q: %v; want invalid with %q", c.cond, err, c.detail)
			}
		}
		// A condition on a field the event lacks compiles but fails when
		// it runs; the firing records why, and the defaults still act.
		broken, err := w.svc.AddTrigger(ctx, admin(helsinki), req, helsinki, messaging.TriggerInput{Name: "Big decisions",
			Topic: "case.decided", Action: messaging.NotifyRole, Target: "org_admin", Condition: `payload.fee > 100`, Enabled: true})
		if err != nil {
			t.Fatal(err)
		}
		w.clock.Advance(time.Minute)
		w.newCase(t, "1", helsinki, maija, "", "")
		w.handle(t, w.event(t, "1", helsinki, "case.decided", nil))
		var outcome, detail string
		if err := d.Read.QueryRow(`SELECT outcome, detail FROM trigger_firings WHERE trigger_id = $1`, broken.ID).Scan(&outcome, &detail); err != nil {
			t.Fatal(err)
		}
		if outcome != "condition_error" || !strings.Contains(detail, "fee") {
			t.Errorf("firing %s %q; want the condition's error", outcome, detail)
		}
		if got := w.sent(t); len(got) != 2 || !strings.HasPrefix(got[0], maija) {
			t.Errorf("notifications %v; want the default rule to tell maija", got)
		}
		// A condition that holds fires its rule.
		if _, err := w.svc.UpdateTrigger(ctx, admin(helsinki), req, helsinki, broken.ID, messaging.TriggerInput{Topic: "case.decided",
			Action: messaging.NotifyRole, Target: "org_admin", Condition: `has(payload.fee) && payload.fee > 100`, Enabled: true}); err != nil {
			t.Fatal(err)
		}
		w.handle(t, w.event(t, "1", helsinki, "case.decided", map[string]any{"fee": 250}))
		if n := count(t, d, `SELECT COUNT(*) FROM notifications WHERE person_id = $1`, hkiAdmin); n != 2 {
			t.Errorf("the admin got %d notifications, want in-app and email", n)
		}
	})
}

func TestOnlyTheOrganisationsAdminsManageItsRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, options{})
		ctx := context.Background()
		rules := w.seed(t, helsinki)
		if _, err := w.svc.Triggers(ctx, admin(tampere), helsinki); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("another organisation's admin listed the rules: %v", err)
		}
		if _, err := w.svc.Triggers(ctx, person(handlerA), helsinki); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a handler listed the rules: %v", err)
		}
		if err := w.svc.RemoveTrigger(ctx, admin(tampere), req, tampere, rules[0].ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("a rule removed through another organisation: %v", err)
		}
		if _, err := w.svc.SetEnabled(ctx, admin(tampere), req, tampere, rules[0].ID, false); errs.KindOf(err) != errs.NotFound {
			t.Errorf("a rule switched through another organisation: %v", err)
		}
	})
}

func TestARemovedOrDisabledRuleDoesNothingAndADefaultStaysRemoved(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, options{})
		ctx := context.Background()
		rules := w.seed(t, helsinki)
		w.newCase(t, "1", helsinki, maija, "", "")
		if err := w.svc.RemoveTrigger(ctx, admin(helsinki), req, helsinki, rules[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.SetEnabled(ctx, admin(helsinki), req, helsinki, rules[4].ID, false); err != nil {
			t.Fatal(err)
		}
		w.handle(t, w.event(t, "1", helsinki, "application.submitted", nil))
		w.handle(t, w.event(t, "1", helsinki, "case.decided", nil))
		if got := w.sent(t); len(got) != 0 {
			t.Errorf("removed and disabled rules sent %v", got)
		}
		after, err := w.svc.Triggers(ctx, admin(helsinki), helsinki)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != 4 || after[0].DefaultKey != "supplemented" || after[3].Enabled {
			t.Errorf("rules after removing one and disabling one: %+v", after)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE action IN ('trigger.remove', 'trigger.disable')`); n != 2 {
			t.Errorf("%d audit entries, want the removal and the switch", n)
		}
	})
}

// taskList records the tasks triggers ask for, in the triggers' transaction.
type taskList struct{ got []messaging.TaskRequest }

func (l *taskList) CreateTask(_ context.Context, tx *sql.Tx, t messaging.TaskRequest) error {
	if tx == nil {
		panic("a task must be created in the trigger's transaction")
	}
	l.got = append(l.got, t)
	return nil
}

func TestACreateTaskRuleNeedsATaskListAndAsksItOncePerEvent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		bare := newWorld(t, d, options{})
		_, err := bare.svc.AddTrigger(ctx, admin(helsinki), req, helsinki, messaging.TriggerInput{Topic: "case.supplemented", Action: messaging.CreateTask, Target: "case_handler"})
		if e, ok := errs.As(err); !ok || e.Fields["action"] != "messaging.error.action_unavailable" {
			t.Errorf("a task rule without a task list: %v", err)
		}

		tasks := &taskList{}
		svc := messaging.NewService(messaging.Config{DB: d, Clock: bare.clock, Queue: nil, Text: bare.text, Tasks: tasks})
		rule, err := svc.AddTrigger(ctx, admin(helsinki), req, helsinki, messaging.TriggerInput{Name: "Check the supplement",
			Topic: "case.supplemented", Action: messaging.CreateTask, Target: "inspector", Enabled: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddTrigger(ctx, admin(helsinki), req, helsinki, messaging.TriggerInput{Topic: "case.supplemented", Action: messaging.CreateTask, Target: "janitor"}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("a task for a role that does not exist: %v", err)
		}
		bare.clock.Advance(time.Minute)
		bare.newCase(t, "1", helsinki, maija, "", handlerA)
		// The default rule notifies the handler; nothing may be enqueued on
		// this service, so take it off first.
		for _, r := range bare.seed(t, helsinki) {
			if r.DefaultKey == "supplemented" {
				if err := svc.RemoveTrigger(ctx, admin(helsinki), req, helsinki, r.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		e := bare.event(t, "1", helsinki, "case.supplemented", nil)
		for range 2 {
			if err := svc.HandleEvent(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		if len(tasks.got) != 1 || tasks.got[0].Role != "inspector" || tasks.got[0].CaseID != "1" || tasks.got[0].TriggerID != rule.ID || tasks.got[0].EventID != e.ID {
			t.Errorf("tasks %+v; want one for the inspectors on case 1", tasks.got)
		}
	})
}

// count runs a COUNT query.
func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// clear forgets the notifications sent so far.
func clear(t *testing.T, d *db.DB) {
	t.Helper()
	if _, err := d.Write.Exec(`DELETE FROM notifications`); err != nil {
		t.Fatal(err)
	}
}

func TestEventsAboutMissingThingsDoNotStopTheConsumer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, options{})
		w.seed(t, helsinki)
		// An organisation that does not exist, and a case that does not.
		w.handle(t, w.event(t, "1", "org-gone", "case.decided", nil))
		w.handle(t, w.event(t, "no-such-case", helsinki, "case.decided", nil))
		var outcome string
		if err := d.Read.QueryRow(`SELECT outcome FROM trigger_firings`).Scan(&outcome); err != nil || outcome != "no_recipient" {
			t.Errorf("the firing on a missing case: %q (%v), want no_recipient", outcome, err)
		}
	})
}

func TestDefaultsSeededAtStartActOnTheFirstEventsEvenWhenTheConsumerLags(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, options{})
		if err := w.svc.SeedDefaults(context.Background()); err != nil {
			t.Fatal(err)
		}
		w.clock.Advance(time.Second) // the app has started; now things happen
		w.newCase(t, "1", helsinki, maija, "", "")
		e := w.event(t, "1", helsinki, "case.decided", nil)
		// The consumer reaches the event an hour later, busy with a backlog.
		w.clock.Advance(time.Hour)
		w.handle(t, e)
		if got := w.sent(t); len(got) == 0 {
			t.Error("the decision after the start notified nobody")
		}
		if err := w.svc.SeedDefaults(context.Background()); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := d.Read.QueryRow(`SELECT count(*) FROM triggers WHERE organisation_id = $1`, helsinki).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 5 {
			t.Errorf("Helsinki has %d triggers after seeding twice, want the 5 defaults once", n)
		}
	})
}
