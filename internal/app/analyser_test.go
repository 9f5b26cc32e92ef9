package app_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/demo"
)

// festivalQuery is a two-day outdoor festival in Helsinki in 2030, as the
// walk carries it in the query.
func festivalQuery(municipality string) url.Values {
	return url.Values{"a_kind": {"festival"}, "a_public": {"yes"}, "a_setting": {"outdoors"}, "a_attendance": {"3000"},
		"a_municipality": {municipality}, "a_start": {"2030-06-25"}, "a_days": {"2"},
		"a_activities": {"food", "alcohol", "fireworks", "amplified_music"}, "a_fireworks_kind": {"display"}}
}

func TestAnAnonymousVisitorWalksTheFestivalToItsResults(t *testing.T) {
	for _, d := range dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv := httptest.NewServer(openApp(t, d).Handler())
			t.Cleanup(srv.Close)
			anon := signIn(t, srv, "")

			if res, body := anon.send("GET", "/fi/analyser", ""); res.StatusCode != 200 || !strings.Contains(body, `href="/fi/analyser/Ta"`) {
				t.Fatalf("the chooser: %d", res.StatusCode)
			}
			res, body := anon.send("GET", "/fi/analyser/Ta", "")
			if res.StatusCode != 200 || !strings.Contains(body, `name="a_kind"`) || !strings.Contains(body, "Vaihe 1/3") {
				t.Fatalf("the first area: %d", res.StatusCode)
			}
			// Required questions left empty are explained.
			res, body = anon.send("GET", "/fi/analyser/Ta?step=0&go=next", "")
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#a_kind"`) || !strings.Contains(body, "Vastaa tähän kysymykseen.") {
				t.Errorf("the first area without answers: %d", res.StatusCode)
			}
			// Each area moves on and carries the earlier answers in hidden fields.
			q := festivalQuery("091")
			first := url.Values{"step": {"0"}, "go": {"next"}}
			for _, k := range []string{"a_kind", "a_public", "a_setting", "a_attendance"} {
				first[k] = q[k]
			}
			res, body = anon.send("GET", "/fi/analyser/Ta?"+first.Encode(), "")
			if res.StatusCode != 200 || !strings.Contains(body, "Vaihe 2/3") || !strings.Contains(body, `type="hidden" name="a_attendance" value="3000"`) {
				t.Fatalf("the second area: %d", res.StatusCode)
			}
			last := festivalQuery("091")
			last.Set("step", "2")
			last.Set("go", "next")
			res, _ = anon.send("GET", "/fi/analyser/Ta?"+last.Encode(), "")
			loc := res.Header.Get("Location")
			if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/fi/analyser/Ta/result?") {
				t.Fatalf("after the last area: %d to %s", res.StatusCode, loc)
			}
			res, body = anon.send("GET", loc, "")
			if res.StatusCode != 200 {
				t.Fatalf("the results: %d", res.StatusCode)
			}
			for _, want := range []string{"Varmasti tarvittavat (7)", "Mahdollisesti tarvittavat (1)", "Ilmoitus yleisötilaisuudesta poliisille",
				"Helsingin poliisilaitos", "Etelä-Suomen aluehallintovirasto", "20.6.2030", "Kokoontumislaki (530/1999) 14 §",
				"viimeistään viisi vuorokautta", "/fi/sign-in?next="} {
				if !strings.Contains(body, want) {
					t.Errorf("the results lack %q", want)
				}
			}
			if strings.Contains(body, `action="/fi/analyser/Ta/save"`) {
				t.Error("an anonymous visitor is offered saving")
			}
			// Saving needs signing in.
			res, _ = anon.send("POST", "/fi/analyser/Ta/save", festivalQuery("091").Encode())
			if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "/fi/sign-in") {
				t.Errorf("an anonymous save: %d to %s", res.StatusCode, res.Header.Get("Location"))
			}
			// Stopping early and picking by hand, in Tampere.
			res, _ = anon.send("GET", "/sv/analyser/Ta?step=0&go=pick&a_kind=festival", "")
			if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/sv/analyser/Ta/pick?a_kind=festival" {
				t.Fatalf("stop and pick: %d to %s", res.StatusCode, loc)
			}
			if res, body := anon.send("GET", "/sv/analyser/Ta/pick?a_kind=festival", ""); res.StatusCode != 200 || !strings.Contains(body, `value="ta-lottery"`) || !strings.Contains(body, `name="a_municipality"`) {
				t.Errorf("the pick page: %d", res.StatusCode)
			}
			res, body = anon.send("GET", "/sv/analyser/Ta/result?a_kind=festival&a_municipality=837&pick=ta-lottery&pick=ta-public-event-notice", "")
			if res.StatusCode != 200 || !strings.Contains(body, "Valda av dig (2)") || !strings.Contains(body, "Polisinrättningen i Inre Finland") {
				t.Errorf("picked by hand in Tampere: %d", res.StatusCode)
			}
		})
	}
}

var idInPath = regexp.MustCompile(`/(?:analyses|undertakings)/([0-9a-f-]{36})`)

func TestSavedAnalysesAndUndertakingsStayWithTheirOwner(t *testing.T) {
	for _, d := range dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv := httptest.NewServer(openApp(t, d).Handler())
			t.Cleanup(srv.Close)
			maija, anna, anon := signIn(t, srv, "maija"), signIn(t, srv, "anna"), signIn(t, srv, "")

			res, body := maija.send("GET", "/en/analyser/Ta/result?"+festivalQuery("091").Encode(), "")
			if res.StatusCode != 200 || !strings.Contains(body, `action="/en/analyser/Ta/save"`) {
				t.Fatalf("signed-in results: %d", res.StatusCode)
			}
			res, _ = maija.send("POST", "/en/analyser/Ta/save", festivalQuery("091").Encode())
			m := idInPath.FindStringSubmatch(res.Header.Get("Location"))
			if res.StatusCode != http.StatusSeeOther || m == nil {
				t.Fatalf("save: %d to %s", res.StatusCode, res.Header.Get("Location"))
			}
			analysis := "/en/analyses/" + m[1]
			if res, body := maija.send("GET", analysis+"?saved=1", ""); res.StatusCode != 200 || !strings.Contains(body, "Answers saved.") || !strings.Contains(body, "Helsinki Police Department") && !strings.Contains(body, "Helsingin poliisilaitos") {
				t.Errorf("maija's saved analysis: %d", res.StatusCode)
			}
			if res, body := anna.send("GET", analysis, ""); res.StatusCode != http.StatusNotFound || strings.Contains(body, "Helsingin poliisilaitos") {
				t.Errorf("anna reads maija's analysis: %d, want 404", res.StatusCode)
			}
			if res, _ := anon.send("GET", analysis, ""); res.StatusCode != http.StatusSeeOther {
				t.Errorf("anonymous reads maija's analysis: %d, want a redirect to sign in", res.StatusCode)
			}

			// A name is needed; then the undertaking starts with the chosen services.
			res, body = maija.send("POST", analysis+"/undertaking", "services=ta-public-event-notice")
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#name"`) {
				t.Errorf("start without a name: %d", res.StatusCode)
			}
			res, _ = maija.send("POST", analysis+"/undertaking", "name=Kes%C3%A4festari+2030&services=ta-public-event-notice&services=ta-rescue-plan&services=ta-waste-plan")
			m = idInPath.FindStringSubmatch(res.Header.Get("Location"))
			if res.StatusCode != http.StatusSeeOther || m == nil {
				t.Fatalf("start: %d to %s", res.StatusCode, res.Header.Get("Location"))
			}
			undertaking := "/en/undertakings/" + m[1]
			if res, body := maija.send("GET", undertaking, ""); res.StatusCode != 200 || !strings.Contains(body, "Kesäfestari 2030") || !strings.Contains(body, "Possibly needed (1)") {
				t.Errorf("maija's undertaking: %d", res.StatusCode)
			}
			if res, body := maija.send("GET", "/en/undertakings", ""); res.StatusCode != 200 || !strings.Contains(body, undertaking) || !strings.Contains(body, analysis) {
				t.Errorf("maija's list: %d", res.StatusCode)
			}
			if res, _ := anna.send("GET", undertaking, ""); res.StatusCode != http.StatusNotFound {
				t.Errorf("anna reads maija's undertaking: %d, want 404", res.StatusCode)
			}
			if res, _ := anna.send("POST", analysis+"/undertaking", "name=x&services=ta-rescue-plan"); res.StatusCode != http.StatusNotFound {
				t.Errorf("anna starts from maija's analysis: %d, want 404", res.StatusCode)
			}
			if res, body := anna.send("GET", "/en/undertakings", ""); res.StatusCode != 200 || strings.Contains(body, undertaking) {
				t.Errorf("anna's list shows maija's undertaking: %d", res.StatusCode)
			}
		})
	}
}

func TestTheAnalyserAPI(t *testing.T) {
	for _, d := range dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv := httptest.NewServer(openApp(t, d).Handler())
			t.Cleanup(srv.Close)
			maija, anna, anon := signIn(t, srv, "maija"), signIn(t, srv, "anna"), signIn(t, srv, "")
			const answers = `"answers":{"kind":"festival","public":true,"setting":"outdoors","attendance":3000,"municipality":"837","start":"2030-06-25","days":2,"activities":["food","alcohol","fireworks","amplified_music"],"fireworks_kind":"display"}`

			res, body := anon.send("GET", "/api/v1/questionnaires?bundle=Ta", "")
			if res.StatusCode != 200 || !strings.Contains(body, demo.EventQuestionnaireID) {
				t.Fatalf("questionnaires: %d %s", res.StatusCode, body)
			}
			if res, _ := anon.send("GET", "/api/v1/questionnaires/"+demo.EventQuestionnaireID, ""); res.StatusCode != 200 {
				t.Errorf("questionnaire: %d", res.StatusCode)
			}
			res, body = anon.send("POST", "/api/v1/analyses?lang=en", `{"bundle":"Ta",`+answers+`}`)
			var out struct {
				AnalysisID string `json:"analysis_id"`
				Items      []struct {
					Service, Certainty, Deadline string
					Handler                      *struct{ Name string }
				}
			}
			if err := json.Unmarshal([]byte(body), &out); err != nil || res.StatusCode != 200 || len(out.Items) != 8 {
				t.Fatalf("analyse: %d %s", res.StatusCode, body)
			}
			if it := out.Items[0]; it.Certainty != "certain" || it.Handler == nil || it.Deadline == "" {
				t.Errorf("first item %+v", it)
			}
			for _, it := range out.Items {
				if it.Service == "ta-public-event-notice" && (it.Deadline != "2030-06-20" || it.Handler.Name != "Sisä-Suomen poliisilaitos") {
					t.Errorf("the police notice in Tampere: %+v", it)
				}
			}
			if res, body := anon.send("POST", "/api/v1/analyses", `{"bundle":"Ta","answers":{"attendance":"lots","nosuch":1}}`); res.StatusCode != 422 || !strings.Contains(body, "answers.nosuch") {
				t.Errorf("bad answers: %d %s", res.StatusCode, body)
			}
			if res, _ := anon.send("POST", "/api/v1/analyses", `{"bundle":"Ta","save":true,`+answers+`}`); res.StatusCode != 401 {
				t.Errorf("anonymous save: %d, want 401", res.StatusCode)
			}
			res, body = maija.send("POST", "/api/v1/analyses", `{"bundle":"Ta","save":true,`+answers+`}`)
			if err := json.Unmarshal([]byte(body), &out); err != nil || res.StatusCode != 201 || out.AnalysisID == "" {
				t.Fatalf("save: %d %s", res.StatusCode, body)
			}
			if res, _ := anna.send("GET", "/api/v1/analyses/"+out.AnalysisID, ""); res.StatusCode != 404 {
				t.Errorf("anna reads maija's analysis: %d", res.StatusCode)
			}
			res, body = maija.send("POST", "/api/v1/undertakings", `{"analysis_id":"`+out.AnalysisID+`","name":"Festari","services":["ta-rescue-plan"]}`)
			var u struct{ ID string }
			if err := json.Unmarshal([]byte(body), &u); err != nil || res.StatusCode != 201 || u.ID == "" {
				t.Fatalf("start: %d %s", res.StatusCode, body)
			}
			if res, _ := maija.send("GET", "/api/v1/undertakings/"+u.ID, ""); res.StatusCode != 200 {
				t.Errorf("maija reads her undertaking: %d", res.StatusCode)
			}
			if res, _ := anna.send("GET", "/api/v1/undertakings/"+u.ID, ""); res.StatusCode != 404 {
				t.Errorf("anna reads maija's undertaking: %d", res.StatusCode)
			}
			if res, _ := anon.send("GET", "/api/v1/undertakings", ""); res.StatusCode != 401 {
				t.Errorf("anonymous lists undertakings: %d", res.StatusCode)
			}
		})
	}
}

func TestAnEditorsBrokenRuleIsRefusedWithItsPosition(t *testing.T) {
	srv := httptest.NewServer(openApp(t, dialects()[0]).Handler())
	t.Cleanup(srv.Close)
	editor, maija := signIn(t, srv, "sisalto"), signIn(t, srv, "maija")
	builder := "/fi/analyser-admin/" + demo.EventQuestionnaireID

	if res, body := editor.send("GET", "/fi/analyser-admin", ""); res.StatusCode != 200 || !strings.Contains(body, builder) {
		t.Fatalf("the editor's list: %d", res.StatusCode)
	}
	if res, body := editor.send("GET", builder, ""); res.StatusCode != 200 || !strings.Contains(body, `name="rule0_expr"`) {
		t.Fatalf("the builder: %d", res.StatusCode)
	}
	for _, path := range []string{"/fi/analyser-admin", builder} {
		if res, _ := maija.send("GET", path, ""); res.StatusCode != http.StatusForbidden {
			t.Errorf("a customer opens %s: %d, want 403", path, res.StatusCode)
		}
	}
	form := url.Values{"title_fi": {"Testi"}, "area_count": {"1"}, "area0_id": {"event"}, "area0_title_fi": {"Tapahtuma"},
		"question_count": {"1"}, "question0_id": {"attendance"}, "question0_area": {"event"}, "question0_type": {"number"}, "question0_label_fi": {"Määrä"},
		"rule_count": {"1"}, "rule0_expr": {"attendance >= 200 &&\n  fireworkz"}, "rule0_service": {"ta-rescue-plan"}, "rule0_certainty": {"certain"}, "rule0_reason_fi": {"Syy"}}
	res, body := editor.send("POST", builder, form.Encode())
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Ehto ei käänny (rivi 2, sarake 3): undeclared reference to &#39;fireworkz&#39;") ||
		!strings.Contains(body, `id="rule0_expr-error"`) {
		t.Errorf("saving a broken rule: %d", res.StatusCode)
	}
	if res, _ := maija.send("POST", builder, form.Encode()); res.StatusCode != http.StatusForbidden {
		t.Errorf("a customer saves: %d, want 403", res.StatusCode)
	}
	res, body = editor.send("PUT", "/api/v1/questionnaires/"+demo.EventQuestionnaireID+"/draft",
		`{"titles":{"fi":"x"},"areas":[{"id":"a","titles":{"fi":"A"}}],"questions":[],"rules":[{"id":"r","expr":"1 +","service":"ta-rescue-plan","certainty":"certain","reasons":{"fi":"x"}}]}`)
	if res.StatusCode != 422 || !strings.Contains(body, `"rules[0].expr"`) || !strings.Contains(body, "at 1:4") {
		t.Errorf("the API refuses a broken rule: %d %s", res.StatusCode, body)
	}
}
