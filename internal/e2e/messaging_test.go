package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/messaging"
)

// TestBrowserTriggersAndNotifications drives the messaging pages. Helsinki's
// admin finds the default rules, is told what is wrong with a condition that
// does not compile (keeping what was typed), adds a rule that tells the
// customer of the handler's messages, edits, switches off and, after
// confirming, removes another. The handler then writes to Maija; the trigger
// consumer turns that into Maija's notification, which she finds unread,
// opens to reach her case, and marks read. The delivery log shows the email
// waiting. Every page passes the axe scan.
func TestBrowserTriggersAndNotifications(t *testing.T) {
	s := newSuite(t)
	admin := s.isolatedTab(t)
	s.signInAs(admin, t, "en", "hki-admin", "/en/admin")
	users, err := chromedp.Run(admin, chromedp.AttributeValue(chromedp.CSS("main a[href$='/users']"), "href"))
	if err != nil {
		t.Fatalf("find Helsinki's users link: %v", err)
	}
	org := strings.TrimSuffix(strings.TrimPrefix(users.Value, "/en/admin/organisations/"), "/users")
	page := "/en/organisations/" + org + "/triggers"

	s.open(admin, t, page)
	if got := text(admin, t, "#rules-caption + thead + tbody"); !strings.Contains(got, "Tell the case handlers of a new application") ||
		!strings.Contains(got, `payload.side == "customer"`) || !strings.Contains(got, "Tell the customer that the case is decided") {
		t.Errorf("the rules say %q; want the defaults", got)
	}
	s.scanAccessibility(admin, t)

	do(admin, t, "add a rule whose condition does not compile",
		chromedp.SendKeys(chromedp.CSS("#name"), "Tell the customer of our messages"),
		chromedp.SetValue(chromedp.CSS("#topic"), "case.message"),
		chromedp.SendKeys(chromedp.CSS("#condition"), `payload.side = "authority"`),
		chromedp.Click(chromedp.CSS("input[name=action][value=notify_customer]")),
		chromedp.Click(chromedp.CSS("form[action$='/triggers'] button[type=submit]")))
	do(admin, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#condition']")))
	if got := text(admin, t, "#condition-detail"); !strings.Contains(got, "Syntax error") {
		t.Errorf("the explanation says %q; want the compiler's", got)
	}
	if got, err := chromedp.Run(admin, chromedp.Value(chromedp.CSS("#name"))); err != nil || got != "Tell the customer of our messages" {
		t.Errorf("the name typed became %q (%v)", got, err)
	}
	if kept, err := chromedp.Run(admin, chromedp.Evaluate[bool](`document.querySelector('input[value=notify_customer]').checked && document.querySelector('#topic').value === 'case.message'`)); err != nil || !kept {
		t.Errorf("the action and event chosen were not kept (%v)", err)
	}
	s.screenshot(admin, t, "triggers-error-en")
	s.scanAccessibility(admin, t)

	do(admin, t, "fix the condition",
		chromedp.SetValue(chromedp.CSS("#condition"), `payload.side == "authority"`),
		chromedp.Click(chromedp.CSS("form[action$='/triggers'] button[type=submit]")))
	waitPath(admin, t, "done=trigger_added")
	if got := text(admin, t, "#rules-caption + thead + tbody"); !strings.Contains(got, "Tell the customer of our messages") {
		t.Errorf("the rules say %q; want the new one", got)
	}

	// Edit the decision rule's name, then switch it off and on.
	do(admin, t, "edit the decision rule", chromedp.Click(chromedp.CSS("tbody tr:nth-child(5) a[href*='/triggers/']:not([href$='/remove'])")))
	waitPath(admin, t, "/triggers/")
	s.scanAccessibility(admin, t)
	do(admin, t, "rename it",
		chromedp.SetValue(chromedp.CSS("#name"), "Decision given"),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	waitPath(admin, t, "done=trigger_saved")
	do(admin, t, "switch it off", chromedp.Click(chromedp.CSS("tbody tr:nth-child(5) form[action$='/enabled'] button")))
	waitPath(admin, t, "done=trigger_disabled")
	if got := text(admin, t, "tbody tr:nth-child(5)"); !strings.Contains(got, "Decision given") || !strings.Contains(got, "Off") {
		t.Errorf("the renamed rule says %q; want it off", got)
	}
	do(admin, t, "switch it on", chromedp.Click(chromedp.CSS("tbody tr:nth-child(5) form[action$='/enabled'] button")))
	waitPath(admin, t, "done=trigger_enabled")

	do(admin, t, "ask to remove the supplement rule", chromedp.Click(chromedp.CSS("tbody tr:nth-child(2) a[href$='/remove']")))
	waitPath(admin, t, "/remove")
	if got := text(admin, t, "main"); !strings.Contains(got, "Tell the handler of a supplement") {
		t.Errorf("the confirmation says %q; want the rule's name", got)
	}
	s.scanAccessibility(admin, t)
	do(admin, t, "confirm", chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	waitPath(admin, t, "done=trigger_removed")
	if got := text(admin, t, "#rules-caption + thead + tbody"); strings.Contains(got, "Tell the handler of a supplement") {
		t.Errorf("the removed rule is still listed: %q", got)
	}
	s.screenshot(admin, t, "triggers-en")
	s.scanAccessibility(admin, t)

	// The handler writes to Maija about one of her cases.
	caseID, number := maijasSentCase(t, s)
	handler := authorityPrincipal(t, s.app, "kasittelija")
	if _, err := s.app.Cases.Message(t.Context(), handler, authorityRequest, caseID, "Voisitteko tarkentaa tapahtuman päättymisaikaa?"); err != nil {
		t.Fatalf("the handler's message: %v", err)
	}
	runTriggers(t, s)

	maija := s.isolatedTab(t)
	s.signInAs(maija, t, "en", "maija", "/en/notifications")
	if got := text(maija, t, "main"); !strings.Contains(got, "You have 1 unread notification.") || !strings.Contains(got, "New message about your application "+number) {
		t.Errorf("maija's notifications say %q; want the unread message", got)
	}
	s.screenshot(maija, t, "notifications-en")
	s.scanAccessibility(maija, t)
	do(maija, t, "open the notification", chromedp.Click(chromedp.CSS(".card__title a")))
	waitPath(maija, t, "/en/cases/"+caseID)
	s.open(maija, t, "/en/notifications")
	if got := text(maija, t, "main"); !strings.Contains(got, "You have no unread notifications.") || !strings.Contains(got, "read ") {
		t.Errorf("after opening, the page says %q; want it read", got)
	}
	s.scanAccessibility(maija, t)

	s.open(admin, t, "/en/organisations/"+org+"/notification-log")
	if got := text(admin, t, "#log-caption + thead + tbody"); !strings.Contains(got, "maija.meikalainen@example.fi") || !strings.Contains(got, "Waiting to be sent") ||
		!strings.Contains(got, "Read") {
		t.Errorf("the delivery log says %q; want maija's email waiting and her in-app message read", got)
	}
	s.screenshot(admin, t, "notification-log-en")
	s.scanAccessibility(admin, t)
}

// maijasSentCase finds one of Maija's sent demo cases.
func maijasSentCase(t *testing.T, s *suite) (id, number string) {
	t.Helper()
	err := s.app.DB.Read.QueryRowContext(t.Context(), `SELECT c.id, c.number FROM cases c JOIN local_accounts a ON a.person_id = c.person_id
WHERE a.username = 'maija' AND c.number IS NOT NULL AND c.acting_for = '' ORDER BY c.submitted_at DESC LIMIT 1`).Scan(&id, &number)
	if err != nil {
		t.Fatalf("find maija's case: %v", err)
	}
	return id, number
}

// runTriggers hands the outbox to the triggers, as luva serve's consumer
// does, until it has nothing left.
func runTriggers(t *testing.T, s *suite) {
	t.Helper()
	c := events.NewConsumer(s.app.DB, clock.Real{}, messaging.ConsumerName, "e2e", s.app.Messaging.HandleEvent)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	for {
		n, err := c.Round(ctx)
		if err != nil {
			t.Fatalf("run the triggers: %v", err)
		}
		if n == 0 {
			return
		}
	}
}
