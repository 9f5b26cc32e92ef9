package e2e

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/luva-fi/luva/internal/identity"
)

// TestBrowserAnnualClock walks the duties after a decision in headless
// Chromium: a case handler adds a yearly duty to one of Maija's decided cases
// and finds it in the authority's annual clock; Maija sees it with an overdue
// one, marks it done, which brings next year's occurrence, and makes a
// calendar address whose feed a calendar application can read. Every page
// passes the axe scan.
func TestBrowserAnnualClock(t *testing.T) {
	s := newSuite(t)
	caseID, maija := obligationsMaijasDecidedCase(t, s)
	maija.overdueID = obligationsOverdue(t, s, caseID, maija)
	due := time.Now().AddDate(0, 2, 0).Format(time.DateOnly)
	t.Run("a handler adds a yearly duty to a decided case and sees it in the authority's annual clock", func(t *testing.T) {
		ctx := s.isolatedTab(t)
		s.signInAs(ctx, t, "fi", "kasittelija", "/fi/authority/cases/"+caseID+"/obligations")
		s.scanAccessibility(ctx, t)
		do(ctx, t, "add another duty without a name",
			chromedp.Click(chromedp.CSS("#kind-other")),
			chromedp.SetValue(chromedp.CSS("#due"), due),
			chromedp.Click(chromedp.CSS("main form button[type=submit]")))
		do(ctx, t, "wait for the error summary", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#title']")))
		if v := obligationsValue(ctx, t, "#due"); v != due {
			t.Errorf("the due date typed was lost: %q", v)
		}
		s.scanAccessibility(ctx, t)
		do(ctx, t, "name the duty and make it yearly",
			chromedp.SendKeys(chromedp.CSS("#title"), "Toimintakertomus"),
			chromedp.SetValue(chromedp.CSS("#every"), "12"),
			chromedp.Click(chromedp.CSS("main form button[type=submit]")))
		waitPath(ctx, t, "done=added")
		contains(ctx, t, "main", "Toimintakertomus", "Vuosittain")
		s.open(ctx, t, "/fi/authority/annual-clock")
		contains(ctx, t, "main", "Asiakkaiden vuosikello", "Toimintakertomus", "Myöhässä")
		s.scanAccessibility(ctx, t)
		do(ctx, t, "filter to overdue duties", chromedp.Click(chromedp.CSS("#overdue")), chromedp.Click(chromedp.CSS("main form button[type=submit]")))
		waitPath(ctx, t, "overdue=1")
		if strings.Contains(text(ctx, t, "main"), "Toimintakertomus") {
			t.Error("the overdue filter shows a duty still to come")
		}
		s.screenshot(ctx, t, "annual-clock-authority-fi")
	})
	var feedURL string
	t.Run("the customer marks the duty done and gets next year's occurrence", func(t *testing.T) {
		ctx := s.isolatedTab(t)
		s.signInAs(ctx, t, "fi", "maija", "/fi/annual-clock")
		contains(ctx, t, "main", "Vuosikello", "Toimintakertomus", "Myöhässä", "Melumittausraportti")
		s.scanAccessibility(ctx, t)
		s.screenshot(ctx, t, "annual-clock-fi")
		var yearly string
		if err := s.app.DB.Read.QueryRowContext(t.Context(), `SELECT id FROM obligations WHERE title = 'Toimintakertomus'`).Scan(&yearly); err != nil {
			t.Fatalf("the yearly duty: %v", err)
		}
		do(ctx, t, "open the marking of the yearly duty",
			chromedp.Click(chromedp.CSS("a[href='/fi/annual-clock/"+yearly+"/done']")))
		waitPath(ctx, t, "/done")
		s.scanAccessibility(ctx, t)
		do(ctx, t, "give a day still to come", chromedp.SetValue(chromedp.CSS("#done_on"), "2999-01-01"),
			chromedp.Click(chromedp.CSS("main form button[type=submit]")))
		do(ctx, t, "wait for the error summary", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#done_on']")))
		s.scanAccessibility(ctx, t)
		do(ctx, t, "mark it done today", chromedp.SetValue(chromedp.CSS("#done_on"), time.Now().Format(time.DateOnly)),
			chromedp.Click(chromedp.CSS("main form button[type=submit]")))
		waitPath(ctx, t, "done=done_next")
		next, _ := time.Parse(time.DateOnly, due)
		contains(ctx, t, "main", "Merkitty tehdyksi", "Tehty viimeisen vuoden aikana")

		do(ctx, t, "open the calendar page", chromedp.Click(chromedp.CSS("a[href='/fi/annual-clock/feed']")))
		waitPath(ctx, t, "/fi/annual-clock/feed")
		do(ctx, t, "make a calendar address", chromedp.Click(chromedp.CSS("main form[action$='/feed'] button")))
		do(ctx, t, "wait for the address", chromedp.WaitVisible(chromedp.CSS("#feed-url")))
		s.scanAccessibility(ctx, t)
		feedURL = obligationsValue(ctx, t, "#feed-url")
		body := obligationsFetch(t, feedURL, http.StatusOK)
		for _, want := range []string{"BEGIN:VCALENDAR\r\n", "SUMMARY:Toimintakertomus\r\n", "RRULE:FREQ=YEARLY\r\n", "DTSTART;VALUE=DATE:" + strings.ReplaceAll(next.AddDate(1, 0, 0).Format(time.DateOnly), "-", ""), "BEGIN:VALARM"} {
			if !strings.Contains(body, want) {
				t.Errorf("the feed lacks %q:\n%s", want, body)
			}
		}
		do(ctx, t, "make a new address", chromedp.Click(chromedp.CSS("main form[action$='/feed'] button")))
		// The post reloads the page: while it does, the field may be missing
		// or the document gone, so keep asking until the new address shows.
		deadline := time.Now().Add(10 * time.Second)
		for {
			got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById('feed-url') || {value: ''}).value`))
			if err == nil && got != "" && got != feedURL {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("no new address came")
			}
			time.Sleep(50 * time.Millisecond)
		}
		obligationsFetch(t, feedURL, http.StatusNotFound)
	})
}

// obligationsCustomer is Maija and the duty the test put past its due date.
type obligationsCustomer struct {
	personID, overdueID string
}

// obligationsMaijasDecidedCase finds one of the demo's decided cases of Maija.
func obligationsMaijasDecidedCase(t *testing.T, s *suite) (string, obligationsCustomer) {
	t.Helper()
	var c obligationsCustomer
	var caseID string
	err := s.app.DB.Read.QueryRowContext(t.Context(), `SELECT c.id, c.person_id FROM cases c JOIN local_accounts a ON a.person_id = c.person_id
WHERE a.username = 'maija' AND c.acting_for = '' AND c.decided_at IS NOT NULL ORDER BY c.decided_at DESC LIMIT 1`).Scan(&caseID, &c.personID)
	if err != nil {
		t.Fatalf("find maija's decided case: %v", err)
	}
	return caseID, c
}

// obligationsOverdue gives Maija's case a duty whose day has passed, as a
// decision of last year would have; the service refuses past days, so it is
// written as the decision writes it.
func obligationsOverdue(t *testing.T, s *suite, caseID string, c obligationsCustomer) string {
	t.Helper()
	id := identity.NewID()
	_, err := s.app.DB.Write.ExecContext(t.Context(), `INSERT INTO obligations (id, case_id, person_id, acting_for, title, due_date, recurrence, created_at)
VALUES ($1, $2, $3, '', 'Melumittausraportti', $4, '', $5)`, id, caseID, c.personID, time.Now().AddDate(0, 0, -10).Format(time.DateOnly), time.Now().UTC())
	if err != nil {
		t.Fatalf("give maija an overdue duty: %v", err)
	}
	return id
}

// obligationsValue reads an input's value.
func obligationsValue(ctx context.Context, t *testing.T, sel string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("read %s: %v", sel, err)
	}
	return v
}

// obligationsFetch gets a feed as a calendar application would, without a
// session, and checks the status.
func obligationsFetch(t *testing.T, url string, status int) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("fetch the feed: %v", err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != status {
		t.Fatalf("the feed answered %d, want %d", res.StatusCode, status)
	}
	if status == http.StatusOK && !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Errorf("the feed's type is %q", res.Header.Get("Content-Type"))
	}
	return string(b)
}
