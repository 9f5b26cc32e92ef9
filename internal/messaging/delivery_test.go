package messaging_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/messaging"
	"github.com/luva-fi/luva/internal/messaging/smtptest"
)

func mailerFor(t *testing.T, s *smtptest.Server) *messaging.Mailer {
	t.Helper()
	m, err := messaging.ParseMailer("smtp://"+s.Addr, "Luva <noreply@luva.example.fi>")
	if err != nil {
		t.Fatal(err)
	}
	m.Timeout = 5 * time.Second
	return m
}

// emails reads the organisation's log of emails, newest first.
func (w *world) emails(t *testing.T, org string, failedOnly bool) []messaging.Notification {
	t.Helper()
	page, err := w.svc.Deliveries(context.Background(), admin(org), org, "en", messaging.DeliveryFilter{FailedOnly: failedOnly})
	if err != nil {
		t.Fatal(err)
	}
	var out []messaging.Notification
	for _, n := range page.Items {
		if n.Channel == messaging.Email {
			out = append(out, n)
		}
	}
	return out
}

// waitEmails polls org's emails until done says they are as wanted.
func (w *world) waitEmails(t *testing.T, org string, what string, done func([]messaging.Notification) bool) []messaging.Notification {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if got := w.emails(t, org, false); done(got) {
			return got
		}
	}
	t.Fatalf("the emails never became %s: %+v", what, w.emails(t, org, false))
	return nil
}

func allSettled(want int, status string) func([]messaging.Notification) bool {
	return func(ns []messaging.Notification) bool {
		if len(ns) != want {
			return false
		}
		for _, n := range ns {
			if n.Status != status {
				return false
			}
		}
		return true
	}
}

func TestAnEmailIsDeliveredToTheMailServerWithItsMetadata(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		smtp := smtptest.Start(t)
		w := newWorld(t, d, options{mailer: mailerFor(t, smtp), run: true})
		w.seed(t, helsinki)
		w.newCase(t, "1", helsinki, maija, "", handlerA)
		w.handle(t, w.event(t, "1", helsinki, "case.decided", map[string]any{"outcome": "rejected"}))

		n := w.waitEmails(t, helsinki, "delivered", allSettled(1, messaging.Delivered))[0]
		if n.Recipient != "maija@example.fi" || n.Attempts != 1 || n.SentAt == nil || n.DeliveredAt == nil || n.FailedAt != nil || n.LastError != "" || n.ReadAt != nil {
			t.Errorf("email metadata %+v; want sent and delivered on the first attempt", n)
		}
		got := smtp.Messages(t)
		if len(got) != 1 {
			t.Fatalf("the mail server got %d messages, want 1", len(got))
		}
		m := got[0]
		if m.To != "maija@example.fi" || m.Subject != "A decision has been given on your application LUVA-2026-1" {
			t.Errorf("to %s, subject %q", m.To, m.Subject)
		}
		if !strings.Contains(m.Body, "Sign in to read the decision") || !strings.Contains(m.Body, "https://luva.example.fi/en/cases/1") ||
			!strings.Contains(m.Body, "https://luva.example.fi/en/profile") || strings.Contains(m.Body, "reject") {
			t.Errorf("body %q; want the link to the case, the profile and no outcome", m.Body)
		}
		if m.Header.Get("Auto-Submitted") != "auto-generated" || !strings.HasPrefix(m.Header.Get("Message-Id"), "<"+n.ID+"@") {
			t.Errorf("headers %v", m.Header)
		}
	})
}

func TestAMailServerOutageDelaysEmailsButLosesNone(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		smtp := smtptest.Start(t)
		w := newWorld(t, d, options{mailer: mailerFor(t, smtp), run: true, backoff: 300 * time.Millisecond})
		w.seed(t, helsinki)
		w.newCase(t, "1", helsinki, maija, "", handlerA)
		w.newCase(t, "2", helsinki, eero, company, handlerA)

		// The server stays down through four attempts of each email: under
		// the default backoff (30 s, 1, 2 and 4 min) an outage of seven and
		// a half minutes, here shortened to a few hundred milliseconds each.
		smtp.Stop()
		w.handle(t, w.event(t, "1", helsinki, "case.completion_requested", nil))
		w.handle(t, w.event(t, "2", helsinki, "case.decided", nil))
		down := w.waitEmails(t, helsinki, "retrying", func(ns []messaging.Notification) bool {
			if len(ns) != 2 {
				return false
			}
			for _, n := range ns {
				if n.Status != messaging.Pending || n.Attempts < 4 {
					return false
				}
			}
			return true
		})
		for _, n := range down {
			if !strings.Contains(n.LastError, "connect to the mail server") || n.NextAttemptAt == nil || n.SentAt == nil || n.DeliveredAt != nil {
				t.Errorf("while the server is down: %+v; want the reason and the next attempt", n)
			}
		}

		smtp.Restart(t)
		up := w.waitEmails(t, helsinki, "delivered", allSettled(2, messaging.Delivered))
		for _, n := range up {
			if n.Attempts < 5 || n.DeliveredAt == nil || n.LastError != "" {
				t.Errorf("after the outage: %+v; want delivered after the failed attempts", n)
			}
		}
		got := smtp.Messages(t)
		var to []string
		for _, m := range got {
			to = append(to, m.To)
		}
		if len(got) != 2 || !strings.Contains(strings.Join(to, " "), "maija@example.fi") || !strings.Contains(strings.Join(to, " "), "eero@example.fi") {
			t.Errorf("the mail server got %v; want maija's and eero's email once each", to)
		}
	})
}

func TestARefusedRecipientFailsAtOnceWithTheReason(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		smtp := smtptest.Start(t)
		w := newWorld(t, d, options{mailer: mailerFor(t, smtp), run: true})
		w.seed(t, helsinki)
		if _, err := d.Write.Exec(`UPDATE persons SET email = 'rejected@example.fi' WHERE id = $1`, maija); err != nil {
			t.Fatal(err)
		}
		w.newCase(t, "1", helsinki, maija, "", handlerA)
		w.handle(t, w.event(t, "1", helsinki, "case.completion_requested", nil))
		n := w.waitEmails(t, helsinki, "failed", allSettled(1, messaging.Failed))[0]
		if n.Attempts != 1 || !strings.Contains(n.LastError, "550") || n.FailedAt == nil || n.DeliveredAt != nil {
			t.Errorf("refused email %+v; want failed on the first attempt with the 550", n)
		}
		if failed := w.emails(t, helsinki, true); len(failed) != 1 || failed[0].ID != n.ID {
			t.Errorf("the failed-only log %+v", failed)
		}
	})
}

func TestWithoutAMailServerEmailsFailVisibly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, options{run: true})
		w.seed(t, helsinki)
		w.newCase(t, "1", helsinki, maija, "", handlerA)
		w.handle(t, w.event(t, "1", helsinki, "case.decided", nil))
		n := w.waitEmails(t, helsinki, "failed", allSettled(1, messaging.Failed))[0]
		if !strings.Contains(n.LastError, "no mail server is configured") || n.Attempts != 1 {
			t.Errorf("email %+v; want failed because no server is configured", n)
		}
	})
}

func TestRetriesLastLongEnoughForAnOvernightOutage(t *testing.T) {
	var total time.Duration
	for n := 1; n < messaging.MaxAttempts; n++ {
		total += messaging.Backoff(n)
	}
	if total < 16*time.Hour {
		t.Errorf("the last attempt comes %v after the first; want an outage of a night covered", total)
	}
	if messaging.Backoff(1) > time.Minute {
		t.Errorf("the first retry waits %v; want a short outage over quickly", messaging.Backoff(1))
	}
}

func TestParseMailer(t *testing.T) {
	for _, c := range []struct {
		url, from string
		ok        bool
		host      string
		port      string
		tls       bool
	}{
		{"smtp://mail.example.fi", "luva@example.fi", true, "mail.example.fi", "25", false},
		{"smtp://user:pw@mail.example.fi:587", "Luva <luva@example.fi>", true, "mail.example.fi", "587", false},
		{"smtps://mail.example.fi", "luva@example.fi", true, "mail.example.fi", "465", true},
		{"http://mail.example.fi", "luva@example.fi", false, "", "", false},
		{"smtp://", "luva@example.fi", false, "", "", false},
		{"smtp://mail.example.fi", "not an address", false, "", "", false},
	} {
		m, err := messaging.ParseMailer(c.url, c.from)
		if (err == nil) != c.ok {
			t.Errorf("%s %q: %v", c.url, c.from, err)
			continue
		}
		if c.ok && (m.Host != c.host || m.Port != c.port || m.TLS != c.tls) {
			t.Errorf("%s: %+v", c.url, m)
		}
	}
}
