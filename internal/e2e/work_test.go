package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserTasksAndQueues works the tasks of noise notifications in
// headless Chromium. Maija's notification (sent through the case service)
// starts its process, which opens a review for Helsinki's case handlers:
// the handler finds it among the tasks to claim, claims it, and completes
// it asking for a supplement, which moves the process on to wait for one.
// Then the manager gives the review queue a round-robin rule that also
// distributes the two reviews waiting, and reassigns both at once to
// themself. Every page passes the axe scan.
func TestBrowserTasksAndQueues(t *testing.T) {
	s, a := newAuthoritySuite(t)
	w := &authorityWorld{s: s, app: a, maija: authorityPrincipal(t, a, "maija")}
	w.caseID, w.number = w.sendNoiseNotification(t)
	review := workTaskOf(t, s, w.caseID)

	t.Run("a handler claims the review and completes it asking for a supplement", func(t *testing.T) {
		ctx := s.isolatedTab(t)
		s.signInAs(ctx, t, "fi", "kasittelija", "/fi/tasks")
		contains(ctx, t, "main", "Omat tehtävät", "Sinulla ei ole avoimia tehtäviä.")
		s.scanAccessibility(ctx, t)

		do(ctx, t, "see the tasks to claim", chromedp.Click(chromedp.CSS(`main a[href="/fi/tasks?view=available"]`)))
		waitPath(ctx, t, "view=available")
		contains(ctx, t, "main table.data-table", "Käsittele meluilmoitus", w.number, "Käsittelijä, Ympäristöpalvelut", "Ei vielä kenelläkään", "Ajallaan")
		s.scanAccessibility(ctx, t)
		s.screenshot(ctx, t, "tasks-available-fi")
		do(ctx, t, "claim the review", chromedp.Click(chromedp.CSS(`button[formaction="/fi/tasks/`+review+`/claim"]`)))
		waitPath(ctx, t, "ok=claimed")
		contains(ctx, t, "main", "Tehtävä on nyt sinulla.")

		s.open(ctx, t, "/fi/tasks")
		contains(ctx, t, "main table.data-table", "Käsittele meluilmoitus", w.number, "Kaisa Viranomainen (kasittelija)")
		do(ctx, t, "open the review", chromedp.Click(chromedp.CSS(`main table a[href="/fi/tasks/`+review+`"]`)))
		waitPath(ctx, t, "/fi/tasks/"+review)
		contains(ctx, t, "main", "Käsittele meluilmoitus", "Miten jatketaan?", "Pyydä asiakkaalta täydennystä", "Jatka suunnitellusti")
		s.scanAccessibility(ctx, t)

		do(ctx, t, "continue without a choice",
			chromedp.SendKeys(chromedp.CSS("#notes"), "Melutason arvio puuttuu."),
			chromedp.Click(chromedp.CSS(`button[value="preview"]`)))
		do(ctx, t, "wait for the error summary", chromedp.WaitVisible(chromedp.CSS(`.error-summary a[href="#choice"]`)))
		if v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#notes"))); err != nil || v != "Melutason arvio puuttuu." {
			t.Errorf("the notes typed were lost: %q %v", v, err)
		}
		s.scanAccessibility(ctx, t)
		do(ctx, t, "ask for a supplement",
			chromedp.Click(chromedp.CSS("#choice-0")),
			chromedp.Click(chromedp.CSS(`button[value="preview"]`)))
		do(ctx, t, "wait for the confirmation", chromedp.WaitVisible(chromedp.CSS(`button[value="confirm"]`)))
		contains(ctx, t, "main", "Pyydä asiakkaalta täydennystä", "Melutason arvio puuttuu.", "eikä sitä voi perua")
		s.scanAccessibility(ctx, t)
		do(ctx, t, "complete the review", chromedp.Click(chromedp.CSS(`button[value="confirm"]`)))
		waitPath(ctx, t, "ok=completed")
		contains(ctx, t, "main", "Tehtävä on valmis")
		var waiting int
		if err := s.app.DB.Read.QueryRowContext(t.Context(), `SELECT count(*) FROM process_tokens k JOIN process_instances i ON i.id = k.instance_id
WHERE i.case_id = $1 AND k.element_id = 'supplement'`, w.caseID).Scan(&waiting); err != nil || waiting != 1 {
			t.Errorf("the process does not wait for the supplement: %d tokens, %v", waiting, err)
		}
	})

	t.Run("the manager sets a round-robin rule and reassigns two reviews at once", func(t *testing.T) {
		var ids []string
		for range 2 {
			id, _ := w.sendNoiseNotification(t)
			ids = append(ids, workTaskOf(t, s, id))
		}
		ctx := s.isolatedTab(t)
		s.signInAs(ctx, t, "fi", "esihenkilo", "/fi/queues")
		contains(ctx, t, "main", "Työjonot", "Käsittelijä, Ympäristöpalvelut", "Itse ottaminen", "Kuormitus", "Kaisa Viranomainen (kasittelija)")
		s.scanAccessibility(ctx, t)
		do(ctx, t, "open the rule of the review queue", chromedp.Click(chromedp.CSS(`main table a[href^="/fi/queues/rule"]`)))
		waitPath(ctx, t, "/fi/queues/rule")
		s.scanAccessibility(ctx, t)
		do(ctx, t, "choose round-robin for the waiting tasks too",
			chromedp.Click(chromedp.CSS("#kind-round_robin")),
			chromedp.Click(chromedp.CSS("#apply")),
			chromedp.Click(chromedp.CSS("main form button[type=submit]")))
		waitPath(ctx, t, "ok=rule_applied")
		contains(ctx, t, "main", "Vuorottelu", "jaettiin")
		s.screenshot(ctx, t, "queues-fi")
		for _, id := range ids {
			if got := workAssignee(t, s, id); got != "Kaisa Viranomainen (kasittelija)" {
				t.Errorf("the waiting review went to %q, want the only case handler", got)
			}
		}

		s.open(ctx, t, "/fi/tasks?view=all")
		do(ctx, t, "reassign without ticking a task", chromedp.Click(chromedp.CSS(`main form[action="/fi/tasks/assign"] fieldset button[type=submit]`)))
		do(ctx, t, "wait for the error summary", chromedp.WaitVisible(chromedp.CSS(`.error-summary a[href="#tasks"]`)))
		s.scanAccessibility(ctx, t)
		do(ctx, t, "tick both reviews and give them to the manager",
			chromedp.Click(chromedp.CSS("#task-"+ids[0])),
			chromedp.Click(chromedp.CSS("#task-"+ids[1])),
			chromedp.SetValue(chromedp.CSS("#person_to"), workPersonID(t, s, "esihenkilo")),
			chromedp.Click(chromedp.CSS(`main form[action="/fi/tasks/assign"] fieldset button[type=submit]`)))
		waitPath(ctx, t, "ok=reassigned")
		contains(ctx, t, "main", "Valitut tehtävät siirrettiin.")
		s.scanAccessibility(ctx, t)
		for _, id := range ids {
			if got := workAssignee(t, s, id); got != "Esa Viranomainen (esihenkilo)" {
				t.Errorf("the review is held by %q after the bulk reassignment", got)
			}
		}
	})
}

// workTaskOf feeds the outbox to the process engine and the queue rules,
// as luva serve's consumer does, until the case's review is open, and
// returns its id.
func workTaskOf(t *testing.T, s *suite, caseID string) string {
	t.Helper()
	c := s.app.ProcessConsumer()
	for deadline := time.Now().Add(20 * time.Second); ; {
		if _, err := c.Round(t.Context()); err != nil {
			t.Fatalf("feed the process engine: %v", err)
		}
		var id string
		err := s.app.DB.Read.QueryRowContext(t.Context(), `SELECT id FROM process_tasks WHERE case_id = $1 AND element_id = 'review'`, caseID).Scan(&id)
		if err == nil {
			return id
		}
		if time.Now().After(deadline) {
			t.Fatalf("no review was opened for case %s: %v", caseID, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// workAssignee is the name of who holds the task.
func workAssignee(t *testing.T, s *suite, id string) string {
	t.Helper()
	var name string
	if err := s.app.DB.Read.QueryRowContext(t.Context(), `SELECT assignee_name FROM process_tasks WHERE id = $1`, id).Scan(&name); err != nil {
		t.Fatalf("read task %s: %v", id, err)
	}
	return name
}

// workPersonID is the person id of a demo account.
func workPersonID(t *testing.T, s *suite, username string) string {
	t.Helper()
	var id string
	if err := s.app.DB.Read.QueryRowContext(t.Context(), `SELECT person_id FROM local_accounts WHERE username = $1`, username).Scan(&id); err != nil {
		t.Fatalf("person of %s: %v", username, err)
	}
	return strings.TrimSpace(id)
}
