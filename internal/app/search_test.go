package app_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

type searchAnswer struct {
	Total int `json:"total"`
	Items []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		URL   string `json:"url"`
	} `json:"items"`
}

func searchFor(t *testing.T, u *tenant, query string) searchAnswer {
	t.Helper()
	res, body := u.send("GET", "/api/v1/search?"+query, "")
	var a searchAnswer
	if err := json.Unmarshal([]byte(body), &a); err != nil || res.StatusCode != 200 {
		t.Fatalf("search %s: %d %s", query, res.StatusCode, body)
	}
	return a
}

func TestSearchFindsServicesAndFollowsPublishedChanges(t *testing.T) {
	for _, d := range dialects() {
		t.Run(d.String(), func(t *testing.T) {
			a := openApp(t, d)
			if err := a.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(a.Handler())
			defer srv.Close()
			visitor := signIn(t, srv, "")
			for _, q := range []string{"q=meluilmoitus&lang=fi", "q=melu&lang=fi", "q=meluilmoituksen&lang=fi", "q=bulleranmälan&lang=sv", "q=noise&lang=en"} {
				got := searchFor(t, visitor, q)
				found := false
				for _, it := range got.Items {
					found = found || it.ID == "ta-noise-notification"
				}
				if !found {
					t.Errorf("%s did not find the noise notification: %+v", q, got.Items)
				}
			}
			for _, q := range []string{"q=", "q=%00%ff%fe", "q=" + strings.Repeat("ä", 5000), "q=AND+OR+NOT+(+*", "q=ilmoitus&bundle=K&municipality=837"} {
				searchFor(t, visitor, q+"&lang=fi")
			}

			// An editor publishes new words; the index follows through the outbox.
			editor := signIn(t, srv, "sisalto")
			body := `{"texts":{"fi":{"name":"Meluilmoitus","summary":"Kesäkonsertin äänentoisto","guidance":"Zyxwvutsilmoitus ohje"}},"note":"search test"}`
			if res, b := editor.send("PUT", "/api/v1/services/ta-noise-notification/draft", body); res.StatusCode != 200 {
				t.Fatalf("draft: %d %s", res.StatusCode, b)
			}
			editor.send("POST", "/api/v1/services/ta-noise-notification/draft/submit", "")
			if res, b := editor.send("POST", "/api/v1/services/ta-noise-notification/draft/publish", ""); res.StatusCode != 204 {
				t.Fatalf("publish: %d %s", res.StatusCode, b)
			}
			deadline := time.Now().Add(20 * time.Second)
			for {
				if got := searchFor(t, visitor, "q=zyxwvutsilmoitus&lang=fi"); got.Total > 0 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the published change never reached the search index")
				}
				time.Sleep(200 * time.Millisecond)
			}
		})
	}
}
