package app_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCatalogueAPIFiltersServicesAndSummarisesABundle(t *testing.T) {
	for _, d := range dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv := httptest.NewServer(openApp(t, d).Handler())
			defer srv.Close()
			visitor := signIn(t, srv, "")

			res, body := visitor.send("GET", "/api/v1/services?bundle=Ta&municipality=837&lang=sv", "")
			var list struct {
				Items []struct {
					ID      string   `json:"id"`
					Bundles []string `json:"bundles"`
				}
			}
			if err := json.Unmarshal([]byte(body), &list); err != nil || res.StatusCode != 200 || len(list.Items) == 0 {
				t.Fatalf("services: %d %s", res.StatusCode, body)
			}
			for _, s := range list.Items {
				if !strings.Contains(strings.Join(s.Bundles, ","), "Ta") {
					t.Errorf("service %s is not in Ta", s.ID)
				}
			}
			if res, _ := visitor.send("GET", "/api/v1/services?municipality=999", ""); res.StatusCode != 422 {
				t.Errorf("an unknown municipality: %d, want 422", res.StatusCode)
			}
			if res, _ := visitor.send("GET", "/api/v1/services/no-such-service", ""); res.StatusCode != 404 {
				t.Errorf("an unknown service: %d, want 404", res.StatusCode)
			}

			res, body = visitor.send("GET", "/api/v1/bundles/Ta/summary?municipality=091&start=2027-06-18&lang=en", "")
			var summary struct {
				Items []struct {
					ID string `json:"service"`
					H  string `json:"handler"`
					By string `json:"send_by"`
				}
			}
			if err := json.Unmarshal([]byte(body), &summary); err != nil || res.StatusCode != 200 {
				t.Fatalf("summary: %d %s", res.StatusCode, body)
			}
			found := false
			for _, it := range summary.Items {
				if it.ID == "ta-noise-notification" {
					found = true
					if it.By != "2027-05-19" || it.H != "Helsingin kaupunki" {
						t.Errorf("noise notification: %+v, want Helsinki by 2027-05-19", it)
					}
				}
			}
			if !found {
				t.Errorf("the Ta summary lacks the noise notification: %s", body)
			}
			if res, _ := visitor.send("GET", "/api/v1/bundles/Ta/summary?start=18.6.2027", ""); res.StatusCode != 422 {
				t.Errorf("a malformed start date: %d, want 422", res.StatusCode)
			}
		})
	}
}

func TestContentEditorsCannotTouchOtherOrganisationsServices(t *testing.T) {
	w := openDemoWorld(t, "sqlite")
	tampere := signIn(t, w.srv, "tre-admin")
	maija := signIn(t, w.srv, "maija")
	for _, who := range []*tenant{tampere, maija} {
		res, _ := who.send("PUT", "/api/v1/services/ta-noise-notification/draft", `{"texts":{"fi":{"name":"Hacked"}}}`)
		if res.StatusCode != 403 {
			t.Errorf("draft by an outsider: %d, want 403", res.StatusCode)
		}
	}
	editor := signIn(t, w.srv, "sisalto")
	if res, body := editor.send("PUT", "/api/v1/services/ta-noise-notification/draft", `{"texts":{"fi":{"name":"Meluilmoitus","summary":"Uusi","guidance":"Ohje"}},"note":"api"}`); res.StatusCode != 200 {
		t.Errorf("draft by the owner's editor: %d %s", res.StatusCode, body)
	}
	_, body := signIn(t, w.srv, "").send("GET", "/api/v1/services/ta-noise-notification", "")
	if strings.Contains(body, `"summary":"Uusi"`) {
		t.Error("the public API shows an unpublished draft")
	}
}

func TestManagersPublishAndAdminsSeeTheirOrganisationsWork(t *testing.T) {
	w := openDemoWorld(t, "sqlite")
	manager := signIn(t, w.srv, "esihenkilo")
	if res, _ := manager.send("GET", "/fi/content", ""); res.StatusCode != 200 {
		t.Errorf("a manager opening the content pages: %d, want 200", res.StatusCode)
	}
	admin := signIn(t, w.srv, "paakayttaja")
	if res, body := admin.send("PUT", "/api/v1/bundles/Ta", "null"); res.StatusCode != 422 || !strings.HasPrefix(body, "{") {
		t.Errorf("a null body: %d %q, want a JSON 422", res.StatusCode, body)
	}
	hki := signIn(t, w.srv, "hki-admin")
	if res, body := hki.send("POST", "/api/v1/organisations/"+w.hki.ID+"/units", `{"name":"Ympäristöterveys"}`); res.StatusCode != 201 {
		t.Fatalf("add unit: %d %s", res.StatusCode, body)
	}
	_, body := hki.send("GET", "/api/v1/audit?org="+w.hki.ID+"&action=unit.create", "")
	if !strings.Contains(body, `"action":"unit.create"`) {
		t.Errorf("the organisation's audit view lacks its admin's work: %s", body)
	}
}
