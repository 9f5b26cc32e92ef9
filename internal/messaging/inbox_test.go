package messaging_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/messaging"
)

// tell sends maija an in-app message numbered i.
func (w *world) tell(t *testing.T, who string, i int) messaging.Notification {
	t.Helper()
	w.clock.Advance(time.Second)
	sent, err := w.svc.SendNow(context.Background(), messaging.Message{PersonID: who, Key: fmt.Sprint("test/", i),
		TitleKey: "messaging.customer.case.message.title", BodyKey: "messaging.customer.case.message.body",
		Params: map[string]string{"number": fmt.Sprint("LUVA-", i)}, Link: fmt.Sprint("/cases/", i)})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range sent {
		if n.Channel == messaging.InApp {
			return n
		}
	}
	t.Fatalf("no in-app message in %+v", sent)
	return messaging.Notification{}
}

func TestTheInboxShowsUnreadFirstAndPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, options{})
		ctx := context.Background()
		if _, err := d.Write.Exec(`UPDATE persons SET notify_email = $1 WHERE id = $2`, false, maija); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for i := range 5 {
			ids = append(ids, w.tell(t, maija, i).ID)
		}
		w.tell(t, eero, 9)
		for _, i := range []int{1, 3} {
			if err := w.svc.MarkRead(ctx, person(maija), ids[i]); err != nil {
				t.Fatal(err)
			}
		}
		var seen []string
		after := ""
		for pages := 1; ; pages++ {
			page, err := w.svc.Inbox(ctx, person(maija), "sv", after, 2)
			if err != nil {
				t.Fatal(err)
			}
			if page.Unread != 3 {
				t.Errorf("page %d says %d unread, want 3", pages, page.Unread)
			}
			for _, n := range page.Items {
				seen = append(seen, n.Params["number"])
				if !strings.HasPrefix(n.Title, "Nytt meddelande") {
					t.Errorf("title %q, want Swedish", n.Title)
				}
			}
			if page.Next == "" {
				if pages != 3 {
					t.Errorf("%d pages, want 3", pages)
				}
				break
			}
			after = page.Next
		}
		if got := strings.Join(seen, " "); got != "LUVA-4 LUVA-2 LUVA-0 LUVA-3 LUVA-1" {
			t.Errorf("order %s; want unread newest first, then read newest first", got)
		}
		if _, err := w.svc.Inbox(ctx, person(maija), "fi", "x.bad", 2); errs.KindOf(err) != errs.Invalid {
			t.Errorf("a made-up cursor: %v", err)
		}
	})
}

func TestOnlyTheRecipientReadsAndMarksAMessage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, options{})
		ctx := context.Background()
		n := w.tell(t, maija, 1)
		w.tell(t, maija, 2)
		if err := w.svc.MarkRead(ctx, person(eero), n.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("eero marked maija's message: %v", err)
		}
		if _, err := w.svc.Open(ctx, person(eero), "fi", n.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("eero opened maija's message: %v", err)
		}
		if _, err := w.svc.Inbox(ctx, person(""), "fi", "", 10); errs.KindOf(err) != errs.Unauthenticated {
			t.Errorf("nobody read an inbox: %v", err)
		}
		opened, err := w.svc.Open(ctx, person(maija), "en", n.ID)
		if err != nil {
			t.Fatal(err)
		}
		if opened.Link != "/cases/1" || opened.ReadAt == nil || opened.Status != messaging.Read || opened.Title != "New message about your application LUVA-1" {
			t.Errorf("opened %+v", opened)
		}
		if left, err := w.svc.UnreadCount(ctx, person(maija)); err != nil || left != 1 {
			t.Errorf("unread after opening one: %d (%v), want 1", left, err)
		}
		if n, err := w.svc.MarkAllRead(ctx, person(maija)); err != nil || n != 1 {
			t.Errorf("mark all read: %d (%v), want 1", n, err)
		}
		if n, err := w.svc.MarkAllRead(ctx, person(maija)); err != nil || n != 0 {
			t.Errorf("mark all read again: %d (%v), want 0", n, err)
		}
	})
}

func TestOldContactDetailsAreAskedAboutOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, options{})
		ctx := context.Background()
		// Everyone was entered at t0; maija confirmed hers a year before.
		if _, err := d.Write.Exec(`UPDATE persons SET contact_confirmed_at = $1 WHERE id = $2`, t0.AddDate(-1, 0, 0), maija); err != nil {
			t.Fatal(err)
		}
		w.clock.Set(t0.AddDate(1, 6, 0))
		if n, err := w.svc.AskToConfirmContacts(ctx); err != nil || n != 1 {
			t.Fatalf("asked %d (%v); want maija alone, 2½ years after confirming", n, err)
		}
		if n, err := w.svc.AskToConfirmContacts(ctx); err != nil || n != 0 {
			t.Errorf("asked %d again (%v); want each confirmation asked about once", n, err)
		}
		page, err := w.svc.Inbox(ctx, person(maija), "en", "", 10)
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("maija's inbox %+v (%v)", page, err)
		}
		if n := page.Items[0]; n.Link != "/profile" || n.Title != "Please check your contact details" || !strings.Contains(n.Body, "2025-05-04") {
			t.Errorf("message %+v; want a link to the profile and the date confirmed", n)
		}
		// Everyone else's details (entered at t0) come due two years on.
		w.clock.Set(t0.AddDate(2, 0, 1))
		if n, err := w.svc.AskToConfirmContacts(ctx); err != nil || n != 7 {
			t.Errorf("two years after entry asked %d (%v), want the 7 others", n, err)
		}
	})
}
