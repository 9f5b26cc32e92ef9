package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/demo"
	"github.com/luva-fi/luva/internal/messaging"
	"github.com/luva-fi/luva/internal/messaging/smtptest"
)

// TestARunningLuvaMailsTheHandlerWhenTheCustomerWrites runs luva as luva
// serve does, with a real mail server: Maija writes about her case, the
// trigger consumer fires the default rule, and the email job hands the
// handler's email to the mail server.
func TestARunningLuvaMailsTheHandlerWhenTheCustomerWrites(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect.String(), func(t *testing.T) {
			smtp := smtptest.Start(t)
			ctx := context.Background()
			cfg := dbtest.Config(t, dialect)
			a, err := app.Open(ctx, app.Config{DataDir: t.TempDir(), DatabaseURL: cfg.URL, Demo: true, Version: "test",
				SMTPURL: smtp.URL(), MailFrom: "Luva <noreply@luva.example.fi>", PublicURL: "https://luva.example.fi"})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close(context.Background()) })
			if err := a.Start(ctx); err != nil {
				t.Fatal(err)
			}

			req := access.Request{Route: "test", IP: "127.0.0.1"}
			secret, _, err := a.Auth.SignInLocal(ctx, req, "maija", demo.Password)
			if err != nil {
				t.Fatal(err)
			}
			maija, _, err := a.Auth.Principal(ctx, secret)
			if err != nil {
				t.Fatal(err)
			}
			var caseID, number, handlerEmail string
			if err := a.DB.Read.QueryRow(`SELECT c.id, c.number, p.email FROM cases c JOIN persons p ON p.id = c.handler_id
WHERE c.person_id = $1 AND c.handler_id <> '' ORDER BY c.submitted_at DESC LIMIT 1`, maija.PersonID).Scan(&caseID, &number, &handlerEmail); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Cases.Message(ctx, maija, req, caseID, "Tapahtuma päättyy jo kello 21."); err != nil {
				t.Fatal(err)
			}

			// Other mail goes out too (the demo's obligation reminders to
			// customers); the handler's is the one this test is about.
			var got []smtptest.Message
			// On a PostgreSQL shared with the other packages' tests the
			// outbox consumers wait for older transactions before they see an
			// event, and the triggers consumer first walks the demo's backlog;
			// this bounds the wait, it does not time the delivery.
			for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline) && len(got) == 0; time.Sleep(100 * time.Millisecond) {
				got = slices.DeleteFunc(smtp.Messages(t), func(m smtptest.Message) bool { return m.To != handlerEmail })
			}
			if len(got) != 1 {
				t.Fatalf("the mail server got %d messages for the handler, want one", len(got))
			}
			m := got[0]
			if m.To != handlerEmail || !strings.Contains(m.Subject, number) || !strings.Contains(m.Body, "https://luva.example.fi/fi/authority/cases/"+caseID) {
				t.Errorf("email to %s, %q:\n%s\nwant the handler told of the message with a link to the case", m.To, m.Subject, m.Body)
			}
			var status string
			for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && status != messaging.Delivered; time.Sleep(50 * time.Millisecond) {
				if err := a.DB.Read.QueryRow(`SELECT status FROM notifications WHERE channel = 'email' AND case_id = $1`, caseID).Scan(&status); err != nil {
					t.Fatal(err)
				}
			}
			if status != messaging.Delivered {
				t.Errorf("the email is %s, want delivered", status)
			}
		})
	}
}
