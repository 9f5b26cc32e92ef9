package integration_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/integration"
)

func TestAReceiverThatFailsTwiceGetsTheEventOnTheThirdAttempt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, true)
		srv, got := receiver(t, 2)
		_, secret := w.subscribe(t, helsinki, srv.URL+"/hooks")
		w.caseEvent(t, helsinki, "application.submitted")

		// The real consumer hands the event over, as in luva serve.
		c := events.NewConsumer(d, clock.Real{}, integration.ConsumerName, "node-1", w.svc.HandleEvent)
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			n, err := c.Round(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if n > 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the consumer never saw the event")
			}
		}

		del := w.waitFor(t, helsinki)
		if del.Status != integration.Delivered || del.Attempts != 3 || del.LastStatusCode != 204 || del.DeliveredAt == nil || del.LastError != "" {
			t.Errorf("delivery = %+v; want delivered on attempt 3 with 204 and no error left", del)
		}
		reqs := got()
		if len(reqs) != 3 {
			t.Fatalf("the receiver got %d requests, want 3", len(reqs))
		}
		for i, r := range reqs {
			if err := integration.Verify(secret, r.header.Get("Luva-Signature"), r.body, r.at, time.Minute); err != nil {
				t.Errorf("attempt %d: the signature does not verify: %v", i+1, err)
			}
			if string(r.body) != string(reqs[0].body) || r.header.Get("Luva-Delivery") != del.ID ||
				r.header.Get("Luva-Event") != "application.submitted" || r.header.Get("Content-Type") != "application/json" {
				t.Errorf("attempt %d: headers %v, body %s; want the same delivery every time", i+1, r.header, r.body)
			}
		}
		var body integration.Body
		if err := json.Unmarshal(reqs[0].body, &body); err != nil {
			t.Fatal(err)
		}
		if body.ID != del.ID || body.Event != "application.submitted" || body.EventID == 0 || body.Case == nil ||
			body.Case.ID != "case-1" || body.Case.Number != "LUVA-2026-000001" || body.Case.State != "submitted" || body.Case.Version != 1 ||
			!strings.Contains(string(body.Payload), `"authority"`) {
			t.Errorf("body = %s; want the delivery, event, case and payload", reqs[0].body)
		}
	})
}

func TestAReceiverThatIsDownShowsEveryFailedAttemptAndFailsForGood(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, true)
		down := httptest.NewServer(nil)
		url := down.URL
		down.Close()
		w.subscribe(t, helsinki, url)
		if err := w.svc.HandleEvent(context.Background(), w.caseEvent(t, helsinki, "case.decided")); err != nil {
			t.Fatal(err)
		}
		del := w.waitFor(t, helsinki)
		if del.Status != integration.Failed || del.Attempts != integration.MaxAttempts || del.LastStatusCode != 0 ||
			!strings.Contains(del.LastError, "connection refused") || del.LastAttemptAt == nil || del.DeliveredAt != nil {
			t.Errorf("delivery = %+v; want failed after %d attempts with the network error", del, integration.MaxAttempts)
		}
	})
}

func TestAFailedAttemptIsLoggedWithTheAnswerAndTheNextTry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, true)
		srv, _ := receiver(t, 1000)
		w.subscribe(t, helsinki, srv.URL)
		if err := w.svc.HandleEvent(context.Background(), w.caseEvent(t, helsinki, "case.message")); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if del := w.log(t, helsinki)[0]; del.Attempts > 0 && del.Status == integration.Pending {
				if del.LastStatusCode != 500 || !strings.Contains(del.LastError, "500 Internal Server Error: <html><body>down for maintenance") || del.NextAttemptAt == nil {
					t.Errorf("delivery = %+v; want the 500, the start of its answer and when it is tried next", del)
				}
				return
			}
		}
		t.Error("never saw a failed attempt still pending a retry")
	})
}

func TestAnEventHandedOverTwiceIsDeliveredOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, false)
		w.subscribe(t, helsinki, "https://hooks.example.fi/luva")
		e := w.caseEvent(t, helsinki, "case.state_changed")
		for range 2 {
			if err := w.svc.HandleEvent(context.Background(), e); err != nil {
				t.Fatal(err)
			}
		}
		if log := w.log(t, helsinki); len(log) != 1 {
			t.Errorf("%d deliveries, want 1: %+v", len(log), log)
		}
		var jobs int
		if err := d.Read.QueryRow(`SELECT COUNT(*) FROM river_job WHERE kind = $1`, integration.DeliveryArgs{}.Kind()).Scan(&jobs); err != nil {
			t.Fatal(err)
		}
		if jobs != 1 {
			t.Errorf("%d delivery jobs, want 1", jobs)
		}
	})
}

func TestOnlyTheAuthorityOfTheCaseAndTheTopicsItChoseAreDelivered(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, false)
		w.subscribe(t, helsinki, "https://hooks.example.fi/all")
		w.subscribe(t, helsinki, "https://hooks.example.fi/decisions", "case.decided")
		w.subscribe(t, tampere, "https://hooks.tampere.example.fi/all")
		ctx := context.Background()
		for _, e := range []events.Event{w.caseEvent(t, helsinki, "application.submitted"), w.caseEvent(t, helsinki, "case.decided")} {
			if err := w.svc.HandleEvent(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		// Events that are not for authorities are not sent at all.
		draft := w.caseEvent(t, helsinki, "application.started")
		if err := w.svc.HandleEvent(ctx, draft); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, del := range w.log(t, helsinki) {
			got = append(got, del.Topic+" → "+del.URL)
		}
		want := "case.decided → https://hooks.example.fi/decisions,case.decided → https://hooks.example.fi/all,application.submitted → https://hooks.example.fi/all"
		if strings.Join(got, ",") != want {
			t.Errorf("Helsinki's log: %v\nwant %s", got, want)
		}
		if log := w.log(t, tampere); len(log) != 0 {
			t.Errorf("Tampere got Helsinki's events: %+v", log)
		}
	})
}

func TestAPingIsDeliveredLikeAnEvent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, true)
		srv, got := receiver(t, 0)
		sub, secret := w.subscribe(t, helsinki, srv.URL, "case.decided")
		ping, err := w.svc.Ping(context.Background(), admin(helsinki), req, helsinki, sub.ID)
		if err != nil {
			t.Fatal(err)
		}
		del := w.waitFor(t, helsinki)
		if del.ID != ping.ID || del.Topic != integration.PingTopic || del.Status != integration.Delivered || del.Attempts != 1 {
			t.Errorf("delivery = %+v; want the ping delivered at once", del)
		}
		r := got()[0]
		if err := integration.Verify(secret, r.header.Get("Luva-Signature"), r.body, time.Now(), time.Minute); err != nil || r.header.Get("Luva-Event") != "ping" {
			t.Errorf("ping %s %v: %v", r.body, r.header, err)
		}
	})
}

func TestOnlyTheOrganisationsAdminsManageItsWebhooks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, false)
		ctx := context.Background()
		sub, _ := w.subscribe(t, helsinki, "https://hooks.example.fi/luva")
		if _, _, err := w.svc.Subscribe(ctx, admin(tampere), req, helsinki, integration.NewSubscription{URL: "https://evil.example"}); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("another organisation's admin subscribed: %v", err)
		}
		if err := w.svc.Unsubscribe(ctx, admin(tampere), req, tampere, sub.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("another organisation's webhook removed through its own: %v", err)
		}
		if _, err := w.svc.Ping(ctx, admin(tampere), req, tampere, sub.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("another organisation's webhook pinged: %v", err)
		}
		if err := w.svc.Unsubscribe(ctx, admin(helsinki), req, helsinki, sub.ID); err != nil {
			t.Fatal(err)
		}
		subs, err := w.svc.Subscriptions(ctx, admin(helsinki), helsinki)
		if err != nil || len(subs) != 0 {
			t.Errorf("after removal: %v, %v; want none", subs, err)
		}
		if err := w.svc.HandleEvent(ctx, w.caseEvent(t, helsinki, "case.decided")); err != nil {
			t.Fatal(err)
		}
		if log := w.log(t, helsinki); len(log) != 0 {
			t.Errorf("a removed webhook got a delivery: %+v", log)
		}
	})
}

func TestAWebhookAddressMustBeHTTPSOrThisMachine(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, false)
		cases := []struct {
			url, topic string
			field, key string
		}{
			{"", "", "url", "integration.error.url_required"},
			{"http://hooks.example.fi/luva", "", "url", "integration.error.url_https"},
			{"ftp://hooks.example.fi", "", "url", "integration.error.url_invalid"},
			{"https://user:pw@hooks.example.fi", "", "url", "integration.error.url_invalid"},
			{"https://hooks.example.fi", "case.exploded", "topics", "integration.error.topic"},
		}
		for _, c := range cases {
			_, _, err := w.svc.Subscribe(context.Background(), admin(helsinki), req, helsinki, integration.NewSubscription{URL: c.url, Topics: []string{c.topic}[:min(len(c.topic), 1)]})
			e, ok := errs.As(err)
			if !ok || e.Kind != errs.Invalid || e.Fields[c.field] != c.key {
				t.Errorf("%q %q: %v; want %s on %s", c.url, c.topic, err, c.key, c.field)
			}
		}
		for _, ok := range []string{"https://hooks.example.fi/luva?x=1", "http://localhost:8080/hook", "http://127.0.0.1:9/hook", "http://[::1]/hook"} {
			sub, secret := w.subscribe(t, helsinki, ok, integration.Topics()...)
			if !sub.AllTopics() || !strings.HasPrefix(secret, "whsec_") || len(secret) != 70 {
				t.Errorf("%s: %+v with secret %q; want every topic and a 32-byte secret", ok, sub, secret)
			}
		}
	})
}

func TestTheDeliveryLogPagesNewestFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, false)
		w.subscribe(t, helsinki, "https://hooks.example.fi/luva")
		ctx := context.Background()
		var ids []int64
		for range 5 {
			e := w.caseEvent(t, helsinki, "case.message")
			ids = append(ids, e.ID)
			if err := w.svc.HandleEvent(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		var seen []int64
		before := ""
		for pages := 0; ; pages++ {
			page, err := w.svc.Deliveries(ctx, admin(helsinki), helsinki, before, 2)
			if err != nil {
				t.Fatal(err)
			}
			for _, del := range page.Items {
				seen = append(seen, del.EventID)
			}
			if page.Next == "" {
				if pages != 2 {
					t.Errorf("%d pages, want 3", pages+1)
				}
				break
			}
			before = page.Next
		}
		want := []int64{ids[4], ids[3], ids[2], ids[1], ids[0]}
		if len(seen) != 5 || seen[0] != want[0] || seen[4] != want[4] {
			t.Errorf("events in the log %v, want %v", seen, want)
		}
	})
}
