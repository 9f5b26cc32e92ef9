package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/demo"
)

// processUser is a demo user on the pages, with a session of their own.
type processUser struct {
	t      *testing.T
	srv    *httptest.Server
	client *http.Client
}

func processSignIn(t *testing.T, srv *httptest.Server, username string) *processUser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	u := &processUser{t: t, srv: srv, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	res, err := u.client.Post(srv.URL+"/api/v1/sessions", "application/json",
		strings.NewReader(`{"username":"`+username+`","password":"`+demo.Password+`"}`))
	if err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("sign %s in: %v %v", username, res, err)
	}
	res.Body.Close()
	return u
}

func (u *processUser) csrf() string {
	base, _ := url.Parse(u.srv.URL)
	for _, c := range u.client.Jar.Cookies(base) {
		if c.Name == auth.CookieName {
			return auth.FormToken(c.Value)
		}
	}
	return ""
}

func (u *processUser) do(req *http.Request) (*http.Response, string) {
	u.t.Helper()
	res, err := u.client.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func (u *processUser) get(path string) (*http.Response, string) {
	req, _ := http.NewRequest("GET", u.srv.URL+path, nil)
	return u.do(req)
}

// upload posts the upload form as a browser does, the definition as a file
// or as pasted text.
func (u *processUser) upload(path string, fields map[string]string, file []byte) (*http.Response, string) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", u.csrf()) //nolint:errcheck // a bytes.Buffer does not fail
	for k, v := range fields {
		mw.WriteField(k, v) //nolint:errcheck // a bytes.Buffer does not fail
	}
	fw, _ := mw.CreateFormFile("file", "process.bpmn")
	fw.Write(file) //nolint:errcheck // a bytes.Buffer does not fail
	mw.Close()
	req, _ := http.NewRequest("POST", u.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return u.do(req)
}

const processValid = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:luva="https://luva.fi/schema/bpmn" id="d">
  <bpmn:process id="web-test" name="Testiprosessi" luva:services="ta-rescue-plan">
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="check" name="Tarkasta" luva:role="case_handler"/>
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="check"/>
    <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>`

var orgFieldRE = regexp.MustCompile(`name="org" value="([^"]+)"`)

func TestProcessAdminChecksADefinitionBeforeItIsDeployed(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect.String(), func(t *testing.T) {
			cfg := dbtest.Config(t, dialect)
			a, err := app.Open(context.Background(), app.Config{DataDir: t.TempDir(), DatabaseURL: cfg.URL, Demo: true, Version: "test"})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close(context.Background()) })
			srv := httptest.NewServer(a.Handler())
			t.Cleanup(srv.Close)

			editor := processSignIn(t, srv, "sisalto")
			res, body := editor.get("/fi/processes")
			if res.StatusCode != http.StatusOK || !strings.Contains(body, "Meluilmoituksen käsittely") {
				t.Fatalf("the list: %d", res.StatusCode)
			}
			m := orgFieldRE.FindStringSubmatch(body)
			if m == nil {
				t.Fatal("the upload form names no organisation")
			}
			org := m[1]
			own := map[string]string{"org": org, "scope": "own"}
			withXML := func(x string) map[string]string {
				return map[string]string{"org": org, "scope": "own", "xml": x}
			}

			tests := []struct {
				name   string
				fields map[string]string
				file   string
				status int
				wants  []string
			}{
				{"nothing posted is asked for", own, "", 422,
					[]string{`href="#xml"`, "Valitse BPMN-tiedosto tai liitä määrittelyn XML.", `aria-invalid="true"`}},
				{"text that is not XML is refused with its line", withXML("<bpmn:definitions"), "", 422,
					[]string{"Määrittelyä ei otettu käyttöön", "Tiedosto ei ole kelvollista XML:ää", `href="#problem-1"`, "&lt;bpmn:definitions"}},
				{"an uploaded file with an unsupported element and a dangling flow names both", own,
					strings.Replace(strings.Replace(processValid, `targetRef="e"/>`, `targetRef="nowhere"/>`, 1),
						`<bpmn:endEvent id="e"/>`, `<bpmn:endEvent id="e"/><bpmn:subProcess id="sub"/>`, 1), 422,
					[]string{"<code>sub</code>", "luva ei suorita tätä elementtiä", "<code>f2</code>", "Kulku alkaa tai päättyy elementtiin, jota ei ole", "targetRef=&#34;nowhere&#34;"}},
				{"a process that names no services is refused", withXML(strings.Replace(processValid, ` luva:services="ta-rescue-plan"`, "", 1)), "", 422,
					[]string{"<code>web-test</code>", "Luvan määrite puuttuu tai on virheellinen"}},
				{"a valid definition is confirmed first", withXML(processValid), "", 200,
					[]string{"Otetaanko käyttöön versiona 1?", "Määrittelyssä ei ole ongelmia", `action="/fi/processes/deploy"`}},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					res, body := editor.upload("/fi/processes/check", tt.fields, []byte(tt.file))
					if res.StatusCode != tt.status {
						t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
					}
					for _, w := range tt.wants {
						if !strings.Contains(body, w) {
							t.Errorf("the page lacks %q", w)
						}
					}
				})
			}
			if _, body := editor.get("/fi/processes?org=" + org); strings.Contains(body, "web-test") {
				t.Fatal("checking deployed the definition")
			}

			res, _ = editor.upload("/fi/processes/deploy", withXML(processValid), nil)
			loc := res.Header.Get("Location")
			if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/fi/processes/web-test?org=") || !strings.Contains(loc, "deployed=1") {
				t.Fatalf("deploy: %d to %s", res.StatusCode, loc)
			}
			if res, body := editor.get(loc); res.StatusCode != 200 || !strings.Contains(body, "Versio 1 otettiin käyttöön") || !strings.Contains(body, "Testiprosessi") {
				t.Errorf("the process page: %d", res.StatusCode)
			}

			handler := processSignIn(t, srv, "kasittelija")
			if res, _ := handler.get("/fi/processes"); res.StatusCode != http.StatusForbidden {
				t.Errorf("a case handler opened the process admin: %d", res.StatusCode)
			}
			if res, _ := handler.upload("/fi/processes/deploy", withXML(processValid), nil); res.StatusCode != http.StatusForbidden {
				t.Errorf("a case handler deployed: %d", res.StatusCode)
			}
		})
	}
}
