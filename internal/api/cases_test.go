package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/api"
	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/demo"
)

// apiUser is a demo user calling the API with a session cookie of their own.
type apiUser struct {
	t      *testing.T
	base   string
	client *http.Client
}

// openAPIWorld starts luva with the demo data on a fresh database of the
// dialect and serves it until the test ends.
func openAPIWorld(t *testing.T, dialect string) string {
	t.Helper()
	for _, d := range dbtest.Dialects() {
		if d.String() != dialect {
			continue
		}
		cfg := dbtest.Config(t, d)
		a, err := app.Open(context.Background(), app.Config{DataDir: t.TempDir(), DatabaseURL: cfg.URL, Demo: true, Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close(context.Background()) })
		srv := httptest.NewServer(a.Handler())
		t.Cleanup(srv.Close)
		return srv.URL
	}
	t.Fatalf("no dialect %s", dialect)
	return ""
}

func apiSignIn(t *testing.T, base, username string) *apiUser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	u := &apiUser{t: t, base: base, client: &http.Client{Jar: jar}}
	if username != "" {
		if res, body := u.call("POST", "/api/v1/sessions", `{"username":"`+username+`","password":"`+demo.Password+`"}`); res.StatusCode != http.StatusCreated {
			t.Fatalf("sign in %s: %d %s", username, res.StatusCode, body)
		}
	}
	return u
}

// call sends a JSON body (or none) with the headers given as name/value pairs.
func (u *apiUser) call(method, path, body string, header ...string) (*http.Response, string) {
	u.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	if len(header) == 0 && body != "" {
		header = []string{"Content-Type", "application/json"}
	}
	return u.send(method, path, r, header...)
}

func (u *apiUser) send(method, path string, body io.Reader, header ...string) (*http.Response, string) {
	u.t.Helper()
	req, err := http.NewRequest(method, u.base+path, body)
	if err != nil {
		u.t.Fatal(err)
	}
	req.Header.Set("Accept-Language", "en")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := u.client.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// into decodes a JSON answer, failing the test on another status.
func into[T any](t *testing.T, what string, status int, res *http.Response, body string) T {
	t.Helper()
	var v T
	if res.StatusCode != status {
		t.Fatalf("%s: %d %s, want %d", what, res.StatusCode, body, status)
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("%s: %v in %s", what, err, body)
	}
	return v
}

// fieldsOf lists an error answer's fields with their messages.
func fieldsOf(t *testing.T, body string) map[string]string {
	t.Helper()
	var e api.ErrorBody
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("not the error format: %s", body)
	}
	out := map[string]string{}
	for _, f := range e.Error.Fields {
		out[f.Field] = f.Message
	}
	return out
}

const minimalPDF = "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n" +
	"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"

func pngBytes(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewNRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// noiseAnswers answer every required question of the demo noise notification.
const noiseAnswers = `{"answers":{
 "organiser_name":"Maija Meikäläinen","organiser_address":{"street":"Mannerheimintie 1","postcode":"00100","city":"Helsinki"},
 "contact_name":"Maija Meikäläinen","contact_email":"maija@example.fi","contact_phone":"040 123 4567",
 "event_name":"Pihakonsertti","event_description":"Akustinen konsertti pihalla.",
 "venue_address":{"street":"Mannerheimintie 1","postcode":"00100","city":"Helsinki"},
 "event_dates":{"from":"2031-06-10","to":"2031-06-11"},
 "daily_hours":[{"daily_hours_day":"2031-06-10","daily_hours_start":"18.00","daily_hours_end":"21.30"}],
 "noise_sources":["live_music"],"nearest_site":"Asuintalo","nearest_distance_m":50,"noise_level_db":70,
 "noise_assessment_basis":"estimate","music_after_22":false,"noise_measures":"Kaiuttimet poispäin taloista.",
 "noise_monitoring":false,"neighbour_info":["notices"],"on_duty_phone":"040 765 4321"}}`

type caseJSON struct {
	ID, Number, State, Authority string
	FormID                       string `json:"form_id"`
	FormVersion                  int    `json:"form_version"`
}

// TestAnApplicationGoesThroughTheAPIFromDraftToDecision drives the whole flow
// of functions 24, 33 and 45 over HTTP: a customer starts, fills in and
// attaches, sends twice with one key, the Helsinki handler lists, takes, asks
// for completion and decides, and the customer reads the decision; other
// customers and other municipalities see nothing.
func TestAnApplicationGoesThroughTheAPIFromDraftToDecision(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			base := openAPIWorld(t, d.String())
			maija, anna, anon := apiSignIn(t, base, "maija"), apiSignIn(t, base, "anna"), apiSignIn(t, base, "")
			handler, tampere := apiSignIn(t, base, "kasittelija"), apiSignIn(t, base, "tre-kasittelija")

			res, body := anon.call("GET", "/api/v1/services/ta-noise-notification/form", "")
			form := into[struct {
				ID         string
				Version    int
				Definition struct{ ID string }
			}](t, "the service's form", 200, res, body)
			if form.ID != "noise-notification" || form.Definition.ID != form.ID || form.Version < 1 {
				t.Fatalf("the service's form: %+v", form)
			}
			res, body = anon.call("GET", "/api/v1/forms/noise-notification/versions/"+strconv.Itoa(form.Version)+"/schema?lang=en", "")
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/schema+json" || !strings.Contains(body, `"organiser_name"`) {
				t.Errorf("the schema: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
			}
			if res, _ := anon.call("POST", "/api/v1/applications", `{"service":"ta-noise-notification","municipality":"091"}`); res.StatusCode != 401 {
				t.Errorf("an anonymous start: %d, want 401", res.StatusCode)
			}

			res, body = maija.call("POST", "/api/v1/applications", `{"service":"ta-noise-notification","municipality":"091","lang":"en"}`)
			c := into[caseJSON](t, "start", 201, res, body)
			if c.State != "draft" || c.FormID != "noise-notification" || c.Authority == "" {
				t.Fatalf("the draft: %+v", c)
			}
			app := "/api/v1/applications/" + c.ID
			if res, body := maija.call("POST", "/api/v1/applications", `{"service":"ta-noise-notification","municipality":"837x"}`); res.StatusCode != 422 || fieldsOf(t, body)["municipality"] == "" {
				t.Errorf("a municipality nobody handles it in: %d %s", res.StatusCode, body)
			}

			// Saving incomplete answers succeeds and lists what is missing.
			res, body = maija.call("PUT", app+"/answers", `{"answers":{"event_name":"Pihakonsertti"}}`)
			saved := into[struct {
				Problems []struct{ Field, Code, Message string }
			}](t, "save some answers", 200, res, body)
			if len(saved.Problems) == 0 || saved.Problems[0].Field != "organiser_name" || saved.Problems[0].Message != "Fill in this item." {
				t.Errorf("the problems of a half-filled draft: %+v", saved.Problems)
			}
			res, body = maija.call("POST", app+"/submit", "")
			if f := fieldsOf(t, body); res.StatusCode != 422 || f["organiser_name"] != "Fill in this item." || f["site_plan"] == "" {
				t.Errorf("sending a half-filled draft: %d %s", res.StatusCode, body)
			}

			// Files: a good one is taken, a disguised and a too large one are refused with the reason.
			res, body = maija.send("POST", app+"/attachments?field=site_plan&name=plan.pdf", strings.NewReader(minimalPDF), "Content-Type", "application/pdf")
			att := into[struct {
				ID, Field   string
				ContentType string `json:"content_type"`
			}](t, "attach a PDF", 201, res, body)
			if att.Field != "site_plan" || att.ContentType != "application/pdf" {
				t.Errorf("the attachment: %+v", att)
			}
			res, body = maija.send("POST", app+"/attachments?field=programme&name=programme.pdf", bytes.NewReader(pngBytes(t)), "Content-Type", "application/pdf")
			if f := fieldsOf(t, body); res.StatusCode != 422 || !strings.Contains(f["file"], "does not match") {
				t.Errorf("a PNG named .pdf: %d %s", res.StatusCode, body)
			}
			big := append([]byte(minimalPDF), bytes.Repeat([]byte(" "), 10<<20)...)
			res, body = maija.send("POST", app+"/attachments?field=programme&name=big.pdf", bytes.NewReader(big), "Content-Type", "application/pdf")
			if f := fieldsOf(t, body); res.StatusCode != 422 || f["file"] != "The file is too large." {
				t.Errorf("a file over 10 MB: %d %s", res.StatusCode, body)
			}
			res, body = maija.send("POST", app+"/attachments?field=programme&name=p.pdf", strings.NewReader(minimalPDF), "Content-Type", "application/pdf")
			extra := into[struct{ ID string }](t, "attach a second PDF", 201, res, body)
			if res, _ := maija.call("DELETE", app+"/attachments/"+extra.ID, ""); res.StatusCode != 204 {
				t.Errorf("remove an attachment: %d", res.StatusCode)
			}
			if res, _ := maija.call("DELETE", app+"/attachments/"+extra.ID, ""); res.StatusCode != 404 {
				t.Errorf("remove it again: %d, want 404", res.StatusCode)
			}

			res, body = maija.call("PUT", app+"/answers", noiseAnswers)
			saved = into[struct {
				Problems []struct{ Field, Code, Message string }
			}](t, "save every answer", 200, res, body)
			if len(saved.Problems) != 0 {
				t.Fatalf("complete answers still have problems: %+v", saved.Problems)
			}

			// Nobody else reaches the draft.
			for name, u := range map[string]*apiUser{"anna": anna, "the Tampere handler": tampere, "the Helsinki handler": handler} {
				if res, _ := u.call("GET", app, ""); res.StatusCode != 404 {
					t.Errorf("%s reads maija's draft: %d, want 404", name, res.StatusCode)
				}
			}
			if res, _ := anna.call("PUT", app+"/answers", noiseAnswers); res.StatusCode != 404 {
				t.Errorf("anna saves maija's answers: %d, want 404", res.StatusCode)
			}

			// Sending twice with one key makes one case.
			res, body = maija.call("POST", app+"/submit", "", "Idempotency-Key", "send-"+c.ID)
			sent := into[caseJSON](t, "send", 200, res, body)
			res, body = maija.call("POST", app+"/submit", "", "Idempotency-Key", "send-"+c.ID)
			again := into[caseJSON](t, "send again", 200, res, body)
			if sent.State != "submitted" || !strings.HasPrefix(sent.Number, "LUVA-") || again.ID != sent.ID || again.Number != sent.Number {
				t.Errorf("sent %+v, then %+v", sent, again)
			}
			// Another customer's key of the same words is hers alone.
			res, body = anna.call("POST", "/api/v1/applications", `{"service":"ta-noise-notification","municipality":"091"}`)
			annas := into[caseJSON](t, "anna starts", 201, res, body)
			if res, body := anna.call("POST", "/api/v1/applications/"+annas.ID+"/submit", "", "Idempotency-Key", "send-"+c.ID); res.StatusCode != 422 {
				t.Errorf("anna sends her empty draft with maija's key: %d %s, want 422", res.StatusCode, body)
			}
			res, body = maija.call("GET", "/api/v1/folder?group=ongoing", "")
			folder := into[struct {
				Items []caseJSON
				Total int
			}](t, "the folder", 200, res, body)
			if folder.Total != 1 || len(folder.Items) != 1 || folder.Items[0].ID != c.ID {
				t.Errorf("the folder's ongoing cases: %+v", folder)
			}
			if res, body := maija.call("GET", "/api/v1/folder?group=lost&limit=0", ""); res.StatusCode != 422 || len(fieldsOf(t, body)) != 2 {
				t.Errorf("a bad folder filter: %d %s", res.StatusCode, body)
			}

			// The authority pulls its cases.
			orgCases := "/api/v1/organisations/" + c.Authority + "/cases"
			res, body = handler.call("GET", orgCases+"?state=submitted&limit=1", "")
			list := into[struct {
				Items []caseJSON
				Next  string
			}](t, "the Helsinki list", 200, res, body)
			if len(list.Items) != 1 || list.Items[0].ID != c.ID {
				t.Errorf("the Helsinki list: %+v", list)
			}
			if res, _ := tampere.call("GET", orgCases, ""); res.StatusCode != 403 {
				t.Errorf("the Tampere handler lists Helsinki's cases: %d, want 403", res.StatusCode)
			}
			if res, _ := maija.call("GET", orgCases, ""); res.StatusCode != 403 {
				t.Errorf("a customer lists Helsinki's cases: %d, want 403", res.StatusCode)
			}
			if res, body := handler.call("GET", orgCases+"?after=nonsense", ""); res.StatusCode != 422 || fieldsOf(t, body)["after"] == "" {
				t.Errorf("a bad cursor: %d %s", res.StatusCode, body)
			}
			kase := "/api/v1/cases/" + c.ID
			for name, u := range map[string]*apiUser{"anna": anna, "the Tampere handler": tampere} {
				if res, _ := u.call("GET", kase, ""); res.StatusCode != 404 {
					t.Errorf("%s reads the case: %d, want 404", name, res.StatusCode)
				}
				if res, _ := u.call("GET", kase+"/attachments/"+att.ID, ""); res.StatusCode != 404 {
					t.Errorf("%s downloads its attachment: %d, want 404", name, res.StatusCode)
				}
			}
			if res, _ := tampere.call("POST", kase+"/take", ""); res.StatusCode != 404 {
				t.Errorf("the Tampere handler takes the case: %d, want 404", res.StatusCode)
			}
			if res, _ := maija.call("POST", kase+"/take", ""); res.StatusCode != 403 {
				t.Errorf("the customer takes her own case: %d, want 403", res.StatusCode)
			}
			res, body = handler.call("GET", kase+"/attachments/"+att.ID, "")
			if res.StatusCode != 200 || body != minimalPDF || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
				t.Errorf("the handler downloads the site plan: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
			}

			res, body = handler.call("POST", kase+"/take", "")
			if taken := into[caseJSON](t, "take", 200, res, body); taken.State != "processing" {
				t.Errorf("taken: %+v", taken)
			}
			if res, body := handler.call("POST", kase+"/completion-requests", `{"message":"","deadline":"2020-01-01"}`); res.StatusCode != 422 || len(fieldsOf(t, body)) != 2 {
				t.Errorf("an empty completion request: %d %s", res.StatusCode, body)
			}
			res, body = handler.call("POST", kase+"/completion-requests", `{"message":"Lisää asemapiirros.","deadline":"2031-01-15"}`)
			if waiting := into[caseJSON](t, "request completion", 201, res, body); waiting.State != "complement" {
				t.Errorf("after the request: %+v", waiting)
			}
			res, body = maija.call("POST", kase+"/messages", `{"body":"Lähetän piirroksen huomenna."}`)
			if m := into[struct{ Side string }](t, "the customer's message", 201, res, body); m.Side != "customer" {
				t.Errorf("the message: %+v", m)
			}
			if res, _ := handler.call("POST", kase+"/transitions", `{"to":"final"}`); res.StatusCode != 409 {
				t.Errorf("a transition the model forbids: %d, want 409", res.StatusCode)
			}
			res, body = handler.call("POST", kase+"/transitions", `{"to":"processing","reason":"Piirros saatiin sähköpostilla."}`)
			if back := into[caseJSON](t, "back to processing", 200, res, body); back.State != "processing" {
				t.Errorf("after the transition: %+v", back)
			}
			if res, body := handler.call("POST", kase+"/decision", `{"outcome":"conditional","body":"Hyväksytään.","appeal":"Oikaisuvaatimus 14 päivässä."}`); res.StatusCode != 422 || fieldsOf(t, body)["conditions"] == "" {
				t.Errorf("a conditional decision without conditions: %d %s", res.StatusCode, body)
			}
			res, body = handler.call("POST", kase+"/decision", `{"outcome":"conditional","body":"Ilmoitus hyväksytään.","conditions":["Musiikki päättyy klo 21.30."],
				"appeal":"Oikaisuvaatimus 14 päivässä.","obligations":[{"title":"Meluraportti","due":"2031-07-31"}]}`)
			if decided := into[caseJSON](t, "decide", 200, res, body); decided.State != "decided" {
				t.Errorf("decided: %+v", decided)
			}

			// The customer reads the decision and the duty it set.
			res, body = maija.call("GET", kase, "")
			detail := into[struct {
				Case     caseJSON
				Decision *struct {
					Outcome    string
					Conditions []string
				}
				Obligations []struct{ Title, Due string }
				Messages    []struct{ Side, Body string }
				Versions    []struct{ Version int }
			}](t, "the customer's case", 200, res, body)
			if detail.Decision == nil || detail.Decision.Outcome != "conditional" || len(detail.Decision.Conditions) != 1 {
				t.Errorf("the decision: %+v", detail.Decision)
			}
			if len(detail.Obligations) != 1 || detail.Obligations[0].Due != "2031-07-31" || len(detail.Versions) != 1 || len(detail.Messages) < 2 {
				t.Errorf("the case: %+v", detail)
			}
		})
	}
}
