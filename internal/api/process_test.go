package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/db/dbtest"
)

const apiProcess = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:luva="https://luva.fi/schema/bpmn" id="d">
  <bpmn:process id="api-test" name="API test" luva:services="ta-rescue-plan">
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="check" luva:role="case_handler"/>
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="check"/>
    <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>`

// processProblems is the answer to a refused definition.
type processProblems struct {
	Error struct {
		Code string `json:"code"`
	} `json:"error"`
	Problems []struct {
		Element, Code, Message, Detail string
	} `json:"problems"`
}

func TestTheProcessAPIChecksDeploysAndListsDefinitions(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			base := openAPIWorld(t, d.String())
			editor := apiSignIn(t, base, "sisalto")
			xml := []string{"Content-Type", "application/xml"}
			var res *http.Response
			var body string

			broken := strings.Replace(apiProcess, `targetRef="e"/>`, `targetRef="gone"/>`, 1)
			res, body = editor.call("POST", "/api/v1/processes?validate_only=true", broken, xml...)
			p := into[processProblems](t, "check a broken definition", 422, res, body)
			if p.Error.Code != "invalid" || len(p.Problems) == 0 || p.Problems[0].Element != "f2" || p.Problems[0].Code != "dangling_flow" ||
				!strings.Contains(p.Problems[0].Message, "does not exist") {
				t.Errorf("problems %+v", p)
			}
			res, body = editor.call("POST", "/api/v1/processes?validate_only=true", apiProcess, xml...)
			ok := into[map[string]any](t, "check a valid definition", 200, res, body)
			if ok["valid"] != true || ok["key"] != "api-test" || ok["start_topic"] != "application.submitted" {
				t.Errorf("check %v", ok)
			}
			// For every authority only a platform admin deploys.
			if res, body = editor.call("POST", "/api/v1/processes", apiProcess, xml...); res.StatusCode != 403 {
				t.Errorf("a content editor deployed for every authority: %d %s", res.StatusCode, body)
			}
			admin := apiSignIn(t, base, "paakayttaja")
			res, body = admin.call("POST", "/api/v1/processes", apiProcess, xml...)
			dep := into[map[string]any](t, "deploy", 201, res, body)
			if dep["key"] != "api-test" || dep["version"] != float64(1) {
				t.Errorf("deployed %v", dep)
			}
			res, body = editor.call("GET", "/api/v1/processes", "")
			list := into[struct{ Items []map[string]any }](t, "list", 200, res, body)
			keys := map[any]bool{}
			for _, it := range list.Items {
				keys[it["key"]] = true
			}
			if !keys["api-test"] || !keys["noise-notification"] {
				t.Errorf("the definitions for every authority are %v", keys)
			}
			res, body = editor.call("GET", "/api/v1/processes/api-test/versions", "")
			versions := into[struct{ Items []map[string]any }](t, "versions", 200, res, body)
			if len(versions.Items) != 1 {
				t.Errorf("versions %v", versions.Items)
			}
			if res, _ := editor.call("GET", "/api/v1/processes/no-such/versions", ""); res.StatusCode != 404 {
				t.Errorf("an unknown process: %d", res.StatusCode)
			}
			if res, _ := editor.call("GET", "/api/v1/process-instances", ""); res.StatusCode != 422 {
				t.Errorf("instances without an organisation: %d", res.StatusCode)
			}
		})
	}
}
