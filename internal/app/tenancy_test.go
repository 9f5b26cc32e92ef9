package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/demo"
	"github.com/luva-fi/luva/internal/identity"
)

// tenant is a signed-in demo user in a browser of their own.
type tenant struct {
	t      *testing.T
	srv    *httptest.Server
	client *http.Client
}

func signIn(t *testing.T, srv *httptest.Server, username string) *tenant {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	u := &tenant{t: t, srv: srv, client: c}
	if username == "" {
		return u
	}
	res, body := u.send("POST", "/api/v1/sessions", `{"username":"`+username+`","password":"`+demo.Password+`"}`)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("sign in %s: %d %s", username, res.StatusCode, body)
	}
	return u
}

func (u *tenant) secret() string {
	base, _ := url.Parse(u.srv.URL)
	for _, c := range u.client.Jar.Cookies(base) {
		if c.Name == auth.CookieName {
			return c.Value
		}
	}
	return ""
}

// send makes a request; a form body gets the session's form token, so that a
// refusal can only come from the policy.
func (u *tenant) send(method, path, body string) (*http.Response, string) {
	u.t.Helper()
	var req *http.Request
	var err error
	switch {
	case strings.HasPrefix(body, "{"):
		req, err = http.NewRequest(method, u.srv.URL+path, strings.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
		}
	case method == "POST":
		form := url.Values{"csrf": {auth.FormToken(u.secret())}}
		extra, _ := url.ParseQuery(body)
		for k, v := range extra {
			form[k] = v
		}
		req, err = http.NewRequest(method, u.srv.URL+path, strings.NewReader(form.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	default:
		req, err = http.NewRequest(method, u.srv.URL+path, nil)
	}
	if err != nil {
		u.t.Fatal(err)
	}
	res, err := u.client.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

type demoWorld struct {
	a                     *app.App
	srv                   *httptest.Server
	eventCo, farmCo, hki  identity.Organisation
	farmMandate, hkiGrant string
}

func openDemoWorld(t *testing.T, dialect string) *demoWorld {
	t.Helper()
	var a *app.App
	for _, d := range dialects() {
		if d.String() == dialect {
			a = openApp(t, d)
		}
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	w := &demoWorld{a: a, srv: srv}
	ctx := context.Background()
	orgs, err := a.People.Organisations(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		switch o.Name {
		case "Kesäjuhlat Oy":
			w.eventCo = o
		case "Mäkelän Maatila Oy":
			w.farmCo = o
		case "Helsingin kaupunki":
			w.hki = o
		}
	}
	ms, err := a.People.MandatesFor(ctx, w.farmCo.ID)
	if err != nil || len(ms) == 0 {
		t.Fatalf("farm mandates: %v %v", ms, err)
	}
	w.farmMandate = ms[0].ID
	gs, err := a.People.OrganisationGrants(ctx, w.hki.ID)
	if err != nil || len(gs) == 0 {
		t.Fatalf("Helsinki grants: %v", err)
	}
	w.hkiGrant = gs[0].ID
	return w
}

// concrete fills a route pattern with another tenant's real ids: the ids a
// curious customer could guess.
func (w *demoWorld) concrete(pattern, org string) string {
	r := strings.NewReplacer("{lang}", "fi", "{org}", org, "{id}", w.farmMandate, "{grant}", w.hkiGrant, "{$}", "")
	return r.Replace(pattern)
}

func TestNoCustomerReachesAnotherTenantsDataRouteByRoute(t *testing.T) {
	for _, d := range dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := openDemoWorld(t, d.String())
			eero := signIn(t, w.srv, "eero")
			if res, body := eero.send("PUT", "/api/v1/me/acting-for", `{"organisation_id":"`+w.eventCo.ID+`"}`); res.StatusCode != 200 {
				t.Fatalf("eero acts for his company: %d %s", res.StatusCode, body)
			}
			maija := signIn(t, w.srv, "maija")
			anonymous := signIn(t, w.srv, "")

			checked := 0
			for _, rule := range w.a.Rules() {
				if !strings.Contains(rule.Pattern, "{org}") && rule.Action != access.ViewAudit {
					continue
				}
				for _, org := range []string{w.farmCo.ID, w.hki.ID, "01a00000-0000-7000-8000-000000000000"} {
					path := w.concrete(rule.Pattern, org)
					if rule.Action == access.ViewAudit {
						path += "?org=" + url.QueryEscape(org)
					}
					body := ""
					if rule.Method == "POST" && strings.HasPrefix(rule.Pattern, "/api/") {
						body = `{}`
					}
					for name, who := range map[string]*tenant{"eero (mandate for another company)": eero, "maija (no mandate)": maija} {
						res, got := who.send(rule.Method, path, body)
						if res.StatusCode != http.StatusForbidden {
							t.Errorf("%s: %s %s answered %d, want 403", name, rule.Method, path, res.StatusCode)
						}
						for _, secret := range []string{w.farmCo.BusinessID, "Mäkelä", "Anna", "Viranomainen"} {
							if strings.Contains(got, secret) {
								t.Errorf("%s: %s %s leaked %q", name, rule.Method, path, secret)
							}
						}
					}
					res, _ := anonymous.send(rule.Method, path, body)
					if res.StatusCode != http.StatusUnauthorized && res.StatusCode != http.StatusSeeOther {
						t.Errorf("anonymous: %s %s answered %d, want 401 or a redirect to sign in", rule.Method, path, res.StatusCode)
					}
					checked++
				}
			}
			if checked < 20 {
				t.Errorf("only %d organisation routes checked", checked)
			}

			// Nothing changed for the farm.
			ms, err := w.a.People.MandatesFor(context.Background(), w.farmCo.ID)
			if err != nil || len(ms) != 1 {
				t.Errorf("the farm's mandates changed: %v %v", ms, err)
			}
		})
	}
}

func TestACustomerCannotActForACompanyWithoutMandate(t *testing.T) {
	w := openDemoWorld(t, "sqlite")
	maija := signIn(t, w.srv, "maija")
	res, _ := maija.send("PUT", "/api/v1/me/acting-for", `{"organisation_id":"`+w.farmCo.ID+`"}`)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("API: %d, want 403", res.StatusCode)
	}
	res, _ = maija.send("POST", "/fi/acting-for", "org="+w.farmCo.ID)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("page: %d, want 403", res.StatusCode)
	}
	_, me := maija.send("GET", "/api/v1/me", "")
	var got struct {
		ActingFor string `json:"acting_for"`
	}
	json.Unmarshal([]byte(me), &got)
	if got.ActingFor != "" {
		t.Errorf("maija now acts for %q", got.ActingFor)
	}
}

func TestACustomerCannotEndAnotherPersonsSession(t *testing.T) {
	w := openDemoWorld(t, "sqlite")
	eero := signIn(t, w.srv, "eero")
	maija := signIn(t, w.srv, "maija")
	_, body := eero.send("GET", "/api/v1/me/sessions", "")
	var sessions struct {
		Items []struct{ ID string }
	}
	if err := json.Unmarshal([]byte(body), &sessions); err != nil || len(sessions.Items) == 0 {
		t.Fatalf("eero's sessions: %s", body)
	}
	res, _ := maija.send("POST", "/fi/profile/sessions/"+sessions.Items[0].ID+"/end", "")
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("ending eero's session as maija: %d, want 404", res.StatusCode)
	}
	if res, _ := eero.send("GET", "/api/v1/me", ""); res.StatusCode != 200 {
		t.Errorf("eero's session was ended by maija: %d", res.StatusCode)
	}
}

func TestAFormPostWithoutTheSessionsTokenIsRefused(t *testing.T) {
	w := openDemoWorld(t, "sqlite")
	eero := signIn(t, w.srv, "eero")
	req, _ := http.NewRequest("POST", w.srv.URL+"/fi/profile", strings.NewReader("email=x@example.fi&lang=fi&csrf=forged"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := eero.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("forged token: %d, want 403", res.StatusCode)
	}
}

func dialects() []db.Dialect { return dbtest.Dialects() }

func TestTheRightPeopleDoReachTheirOwnOrganisation(t *testing.T) {
	w := openDemoWorld(t, "sqlite")
	eero := signIn(t, w.srv, "eero")
	eero.send("PUT", "/api/v1/me/acting-for", `{"organisation_id":"`+w.eventCo.ID+`"}`)
	tests := []struct {
		who  *tenant
		path string
		want string
	}{
		{eero, "/api/v1/organisations/" + w.eventCo.ID + "/mandates", "Saga Svensson"},
		{eero, "/fi/organisations/" + w.eventCo.ID + "/mandates", "Saga Svensson"},
		{signIn(t, w.srv, "hki-admin"), "/fi/admin/organisations/" + w.hki.ID + "/users", "kasittelija@viranomainen.example.fi"},
		{signIn(t, w.srv, "esihenkilo"), "/api/v1/organisations/" + w.hki.ID + "/members", "tarkastaja@viranomainen.example.fi"},
		{signIn(t, w.srv, "paakayttaja"), "/fi/admin/audit", "session.sign_in"},
	}
	for _, tt := range tests {
		res, body := tt.who.send("GET", tt.path, "")
		if res.StatusCode != 200 || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: %d, want 200 with %q", tt.path, res.StatusCode, tt.want)
		}
	}
}

func TestDeniedRequestsLeaveATraceInTheAuditLog(t *testing.T) {
	w := openDemoWorld(t, "sqlite")
	maija := signIn(t, w.srv, "maija")
	maija.send("GET", "/api/v1/organisations/"+w.farmCo.ID+"/mandates", "")
	maija.send("GET", "/fi/organisations/"+w.farmCo.ID+"/mandates", "")
	admin := signIn(t, w.srv, "paakayttaja")
	_, body := admin.send("GET", "/api/v1/audit?outcome=denied&target_id="+w.farmCo.ID, "")
	var got struct {
		Items []struct {
			Action    string `json:"action"`
			ActorName string `json:"actor_name"`
		}
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 2 || got.Items[0].ActorName != "Maija Meikäläinen" || got.Items[0].Action != "mandates.view" {
		t.Errorf("denied entries: %s", body)
	}
}
