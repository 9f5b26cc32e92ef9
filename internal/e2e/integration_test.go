package e2e

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserWebhooks drives an organisation admin's webhook page: adding a
// webhook for the organisation's own system, seeing its secret once, sending
// a test event and finding it in the delivery log, and removing the webhook
// after confirming; every page passes the axe scan.
func TestBrowserWebhooks(t *testing.T) {
	s := newSuite(t)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	t.Cleanup(receiver.Close)
	ctx := s.isolatedTab(t)

	s.signInAs(ctx, t, "en", "hki-admin", "/en/admin")
	users, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("main a[href$='/users']"), "href"))
	if err != nil {
		t.Fatalf("find Helsinki's users link: %v", err)
	}
	org := strings.TrimSuffix(strings.TrimPrefix(users.Value, "/en/admin/organisations/"), "/users")
	page := "/en/organisations/" + org + "/webhooks"
	s.open(ctx, t, page)
	if got := text(ctx, t, "main"); !strings.Contains(got, "No webhooks yet") || !strings.Contains(got, "Nothing has been sent yet") {
		t.Errorf("a new webhook page says %q; want the empty states", got)
	}
	s.scanAccessibility(ctx, t)

	do(ctx, t, "add a plain-http address elsewhere, with only decisions ticked",
		chromedp.SendKeys(chromedp.CSS("#url"), "http://cases.example.fi/luva"),
		chromedp.Click(chromedp.CSS("#topic-0")),
		chromedp.Click(chromedp.CSS("form[action$='/webhooks'] button[type=submit]")))
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#url']")))
	if ticked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.querySelector('#topic-0').checked && document.querySelector('#topic-6').checked`)); err != nil || !ticked {
		t.Errorf("the topics chosen were not kept after the error (%v)", err)
	}
	if got, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#url"))); err != nil || got != "http://cases.example.fi/luva" {
		t.Errorf("the address typed became %q (%v)", got, err)
	}
	s.scanAccessibility(ctx, t)

	do(ctx, t, "add the local receiver",
		chromedp.SetValue(chromedp.CSS("#url"), receiver.URL+"/luva-events"),
		chromedp.Click(chromedp.CSS("form[action$='/webhooks'] button[type=submit]")))
	do(ctx, t, "wait for the secret", chromedp.WaitVisible(chromedp.CSS("#secret")))
	if secret := text(ctx, t, "#secret"); !strings.HasPrefix(secret, "whsec_") || len(secret) != 70 {
		t.Errorf("the secret shown is %q", secret)
	}
	if got := text(ctx, t, "table.data-table"); !strings.Contains(got, receiver.URL+"/luva-events") || !strings.Contains(got, "Decision made") || strings.Contains(got, "Application sent") {
		t.Errorf("the webhooks table says %q; want the receiver without the unticked topic", got)
	}
	s.screenshot(ctx, t, "webhooks-secret-en")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "send a test event", chromedp.Click(chromedp.CSS("form[action$='/ping'] button[type=submit]")))
	waitPath(ctx, t, "done=pinged")
	if got := text(ctx, t, "#log-caption + thead + tbody"); !strings.Contains(got, "Test event") || !strings.Contains(got, receiver.URL) {
		t.Errorf("the delivery log says %q; want the test event to the receiver", got)
	}
	s.open(ctx, t, page)
	if shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('#secret') !== null`)); err != nil || shown {
		t.Errorf("the secret is shown again (%v)", err)
	}
	s.screenshot(ctx, t, "webhooks-log-en")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "ask to remove the webhook", chromedp.Click(chromedp.CSS("a[href$='/remove']")))
	waitPath(ctx, t, "/remove")
	if got := text(ctx, t, "main"); !strings.Contains(got, receiver.URL) {
		t.Errorf("the confirmation says %q; want the address", got)
	}
	s.scanAccessibility(ctx, t)
	do(ctx, t, "confirm", chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	waitPath(ctx, t, "done=removed")
	if got := text(ctx, t, "main"); !strings.Contains(got, "No webhooks yet") || !strings.Contains(got, "Test event") {
		t.Errorf("after removal the page says %q; want no webhooks and the log kept", got)
	}
	s.scanAccessibility(ctx, t)
}
