package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/messaging"
)

// openMessagingWorld starts luva with the demo data and returns its address,
// the app and Helsinki's organisation id.
func openMessagingWorld(t *testing.T, cfgURL string) (string, *app.App, string) {
	t.Helper()
	a, err := app.Open(context.Background(), app.Config{DataDir: t.TempDir(), DatabaseURL: cfgURL, Demo: true, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(context.Background()) })
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	var org string
	if err := a.DB.Read.QueryRow(`SELECT o.id FROM organisations o JOIN role_grants g ON g.organisation_id = o.id
JOIN local_accounts l ON l.person_id = g.person_id WHERE l.username = 'hki-admin' LIMIT 1`).Scan(&org); err != nil {
		t.Fatal(err)
	}
	return srv.URL, a, org
}

func TestTheMessagingAPI(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect.String(), func(t *testing.T) {
			base, a, org := openMessagingWorld(t, dbtest.Config(t, dialect).URL)
			admin := apiSignIn(t, base, "hki-admin")
			rules := "/api/v1/organisations/" + org + "/triggers"

			res, body := admin.call("GET", rules, "")
			var list struct {
				Items   []messaging.Trigger `json:"items"`
				Actions []string            `json:"actions"`
			}
			if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &list) != nil || len(list.Items) != 5 ||
				strings.Join(list.Actions, ",") != "notify_role,notify_handler,notify_customer,create_task,start_process" {
				t.Fatalf("GET triggers: %d %s", res.StatusCode, body)
			}

			res, body = admin.call("POST", rules, `{"topic":"case.decided","action":"notify_role","target":"manager","condition":"payload.outcome =="}`)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `"field":"condition"`) || !strings.Contains(body, "Syntax error") {
				t.Errorf("a broken condition: %d %s; want 422 with the compiler's explanation", res.StatusCode, body)
			}
			res, body = admin.call("POST", rules, `{"name":"Rejections","topic":"case.decided","action":"notify_role","target":"manager","condition":"payload.outcome == \"rejected\"","enabled":true}`)
			var rule messaging.Trigger
			if res.StatusCode != http.StatusCreated || json.Unmarshal([]byte(body), &rule) != nil || rule.ID == "" || !rule.Enabled {
				t.Fatalf("POST trigger: %d %s", res.StatusCode, body)
			}
			res, body = admin.call("PUT", rules+"/"+rule.ID, `{"name":"Rejections","topic":"case.decided","action":"notify_role","target":"manager","enabled":false}`)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, `"enabled":false`) || !strings.Contains(body, `"condition":""`) {
				t.Errorf("PUT trigger: %d %s", res.StatusCode, body)
			}
			if res, body := admin.call("DELETE", rules+"/"+rule.ID, ""); res.StatusCode != http.StatusNoContent {
				t.Errorf("DELETE trigger: %d %s", res.StatusCode, body)
			}
			if res, _ := admin.call("GET", rules+"/"+rule.ID, ""); res.StatusCode != http.StatusNotFound {
				t.Errorf("a removed rule answers %d, want 404", res.StatusCode)
			}

			maija := apiSignIn(t, base, "maija")
			if res, _ := maija.call("GET", rules, ""); res.StatusCode != http.StatusForbidden {
				t.Errorf("a customer read the rules: %d", res.StatusCode)
			}
			var maijaID string
			if err := a.DB.Read.QueryRow(`SELECT person_id FROM local_accounts WHERE username = 'maija'`).Scan(&maijaID); err != nil {
				t.Fatal(err)
			}
			sent, err := a.Messaging.SendNow(context.Background(), messaging.Message{PersonID: maijaID, Key: "api-test",
				TitleKey: "messaging.profile.contact_old.title", BodyKey: "messaging.profile.contact_old.body", Params: map[string]string{"date": "2024-01-01"}, Link: "/profile"})
			if err != nil {
				t.Fatal(err)
			}
			res, body = maija.call("GET", "/api/v1/notifications?lang=sv", "")
			var page messaging.Page
			if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &page) != nil || page.Unread != 1 || len(page.Items) != 1 ||
				page.Items[0].Title != "Kontrollera dina kontaktuppgifter" {
				t.Fatalf("GET notifications: %d %s", res.StatusCode, body)
			}
			id := page.Items[0].ID
			if res, _ := apiSignIn(t, base, "eero").call("POST", "/api/v1/notifications/"+id+"/read", ""); res.StatusCode != http.StatusNotFound {
				t.Errorf("eero marked maija's notification: %d", res.StatusCode)
			}
			if res, body := maija.call("POST", "/api/v1/notifications/"+id+"/read", ""); res.StatusCode != http.StatusNoContent {
				t.Errorf("mark read: %d %s", res.StatusCode, body)
			}
			if res, body := maija.call("POST", "/api/v1/notifications/read-all", ""); res.StatusCode != http.StatusOK || !strings.Contains(body, `"marked":0`) {
				t.Errorf("mark all read: %d %s", res.StatusCode, body)
			}
			if res, body := maija.call("GET", "/api/v1/notifications?limit=500", ""); res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("a limit of 500: %d %s", res.StatusCode, body)
			}
			if len(sent) != 2 {
				t.Fatalf("sent %+v; want maija's in-app message and email", sent)
			}
			// The email has no organisation: profile messages are nobody's
			// trigger, so they stay out of the authority's log.
			res, body = admin.call("GET", "/api/v1/organisations/"+org+"/notifications?failed=true", "")
			if res.StatusCode != http.StatusOK || !strings.Contains(body, `"items":[]`) {
				t.Errorf("the delivery log: %d %s", res.StatusCode, body)
			}
		})
	}
}
