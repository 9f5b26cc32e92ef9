package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserProcess drives the process pages in headless Chromium: a
// content editor uploads a broken BPMN definition and sees each problem
// with its element id, then uploads a valid one and deploys it; a case
// handler follows a noise notification Maija has sent from its case to its
// process and sees the diagram drawn with the review task marked active,
// and the table of steps that stands in for it; without JavaScript the
// table is there alone; Maija sees where her case is in plain words; the
// manager ends another case's process behind a confirmation that asks why.
// Every page passes the axe scan.
func TestBrowserProcess(t *testing.T) {
	s := newSuite(t)
	w := &authorityWorld{s: s, app: s.app, maija: authorityPrincipal(t, s.app, "maija")}
	w.caseID, w.number = w.sendNoiseNotification(t)
	ending := &authorityWorld{s: s, app: s.app, maija: w.maija}
	ending.caseID, ending.number = ending.sendNoiseNotification(t)
	runProcessEngine(t, s)
	flows := []struct {
		name string
		run  func(t *testing.T, ctx context.Context)
	}{
		{"a content editor is told what is wrong with a definition, then deploys a valid one", func(t *testing.T, ctx context.Context) { deployProcess(t, s, ctx) }},
		{"a case handler sees the diagram of the case's process with the review under way", w.viewProcess},
		{"without JavaScript the steps are listed", w.viewProcessWithoutScripts},
		{"the customer sees where the case is", w.customerProcess},
		{"a manager ends a case's process after a confirmation", ending.endProcess},
	}
	for _, f := range flows {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			f.run(t, s.isolatedTab(t))
		})
	}
}

// runProcessEngine hands the outbox to the process engine, as luva serve's
// consumer does, until it has nothing left: the sent cases start their
// process.
func runProcessEngine(t *testing.T, s *suite) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	for {
		n, err := s.app.ProcessConsumer().Round(ctx)
		if err != nil {
			t.Fatalf("run the process engine: %v", err)
		}
		if n == 0 {
			return
		}
	}
}

// brokenProcess has an unsupported gateway, a flow to nowhere and a
// condition that does not compile.
const brokenProcess = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:luva="https://luva.fi/schema/bpmn" id="d">
  <bpmn:process id="e2e-rescue-plan" name="Pelastussuunnitelman tarkastus" luva:services="ta-rescue-plan">
    <bpmn:startEvent id="received"/>
    <bpmn:inclusiveGateway id="maybe"/>
    <bpmn:exclusiveGateway id="size" default="small"/>
    <bpmn:userTask id="check" name="Tarkasta suunnitelma" luva:role="case_handler"/>
    <bpmn:endEvent id="done"/>
    <bpmn:sequenceFlow id="f1" sourceRef="received" targetRef="size"/>
    <bpmn:sequenceFlow id="big" sourceRef="size" targetRef="check">
      <bpmn:conditionExpression language="cel">answers.attendance &gt;</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="small" sourceRef="size" targetRef="check"/>
    <bpmn:sequenceFlow id="f3" sourceRef="check" targetRef="nowhere"/>
    <bpmn:sequenceFlow id="f4" sourceRef="maybe" targetRef="done"/>
  </bpmn:process>
</bpmn:definitions>`

// validProcess is the same process put right.
const validProcess = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:luva="https://luva.fi/schema/bpmn" id="d">
  <bpmn:process id="e2e-rescue-plan" name="Pelastussuunnitelman tarkastus" luva:services="ta-rescue-plan">
    <bpmn:startEvent id="received"/>
    <bpmn:exclusiveGateway id="size" default="small"/>
    <bpmn:userTask id="check" name="Tarkasta suunnitelma" luva:role="case_handler"/>
    <bpmn:endEvent id="done"/>
    <bpmn:sequenceFlow id="f1" sourceRef="received" targetRef="size"/>
    <bpmn:sequenceFlow id="big" sourceRef="size" targetRef="check">
      <bpmn:conditionExpression language="cel">has(answers.attendance) &amp;&amp; answers.attendance &gt; 500</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="small" sourceRef="size" targetRef="check"/>
    <bpmn:sequenceFlow id="f3" sourceRef="check" targetRef="done"/>
  </bpmn:process>
</bpmn:definitions>`

func deployProcess(t *testing.T, s *suite, ctx context.Context) {
	s.signInAs(ctx, t, "fi", "sisalto", "/fi/processes")
	contains(ctx, t, "main", "Prosessit", "Kaikkien viranomaisten prosessit", "Meluilmoituksen käsittely", "noise-notification")
	s.screenshot(ctx, t, "process-list-fi")
	s.scanAccessibility(ctx, t)

	// The broken definition is refused with every problem and its element;
	// the text stays in the editor.
	do(ctx, t, "check the broken definition",
		chromedp.SetValue(chromedp.CSS("#xml"), brokenProcess),
		chromedp.Click(chromedp.CSS("form[action='/fi/processes/check'] button[type=submit]")))
	do(ctx, t, "wait for the problems", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#problem-1']")))
	contains(ctx, t, ".error-summary", "Määrittelyä ei otettu käyttöön", "maybe", "luva ei suorita tätä elementtiä", "f3",
		"Kulku alkaa tai päättyy elementtiin, jota ei ole", "big", "Ehto ei käänny")
	contains(ctx, t, "#problems", "inclusiveGateway")
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#xml"))); !strings.Contains(v, `id="maybe"`) {
		t.Errorf("the definition was not kept in the editor")
	}
	s.screenshot(ctx, t, "process-problems-fi")
	s.scanAccessibility(ctx, t)

	// The valid one is confirmed before it is deployed.
	do(ctx, t, "check the valid definition",
		chromedp.SetValue(chromedp.CSS("#xml"), validProcess),
		chromedp.Click(chromedp.CSS("form[action='/fi/processes/check'] button[type=submit]")))
	do(ctx, t, "wait for the confirmation", chromedp.WaitVisible(chromedp.CSS("form[action='/fi/processes/deploy']")))
	contains(ctx, t, "main", "Otetaanko käyttöön versiona 1?", "Määrittelyssä ei ole ongelmia", "e2e-rescue-plan", "Hakemus on lähetetty")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "deploy", chromedp.Click(chromedp.CSS("form[action='/fi/processes/deploy'] button:not([formaction])")))
	waitPath(ctx, t, "/fi/processes/e2e-rescue-plan?")
	contains(ctx, t, "main", "Versio 1 otettiin käyttöön", "Pelastussuunnitelman tarkastus", "Version 1 asiat")
	s.screenshot(ctx, t, "process-definition-fi")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "back to the list", chromedp.Click(chromedp.CSS(".breadcrumbs a")))
	waitPath(ctx, t, "/fi/processes?org=")
	contains(ctx, t, "#own-title + .table-wrap", "Pelastussuunnitelman tarkastus", "e2e-rescue-plan")
}

// viewProcess follows the case's link to its process as the Helsinki case
// handler, and waits for the viewer to draw and mark the diagram.
func (w *authorityWorld) viewProcess(t *testing.T, ctx context.Context) {
	s := w.s
	s.signInAs(ctx, t, "fi", "kasittelija", "/fi/authority/cases")
	s.open(ctx, t, "/fi/authority/cases/"+w.caseID+"/process")
	waitPath(ctx, t, "/fi/processes/instances/")
	contains(ctx, t, "main h1", "Meluilmoituksen käsittely", w.number)
	contains(ctx, t, "main", "Käynnissä", "Käsittele meluilmoitus")
	do(ctx, t, "wait for the diagram", chromedp.WaitVisible(chromedp.CSS(".process-diagram[data-drawn=true] svg")))
	marked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
		`!!document.querySelector('.process-diagram svg .djs-element.process-active[data-element-id="review"]') &&
		 !!document.querySelector('.process-diagram svg .djs-element.process-completed[data-element-id="received"]')`))
	if err != nil || !marked {
		t.Errorf("the diagram does not mark the review active and the start done (%v)", err)
	}
	if state := text(ctx, t, `#process-elements tr[data-element="review"] td:last-child`); !strings.Contains(state, "Käynnissä") {
		t.Errorf("the table of steps says the review is %q", state)
	}
	contains(ctx, t, "main", "Kuusi viikkoa kulunut", "Asetettu") // the boundary timer
	s.screenshot(ctx, t, "process-instance-fi")
	s.scanAccessibility(ctx, t)
}

// viewProcessWithoutScripts opens the instance with JavaScript off: the
// diagram's box stays hidden and the table of steps says where it is.
func (w *authorityWorld) viewProcessWithoutScripts(t *testing.T, ctx context.Context) {
	s := w.s
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("turn off JavaScript: %v", err)
	}
	s.signInAs(ctx, t, "en", "kasittelija", "/en/authority/cases")
	s.open(ctx, t, "/en/authority/cases/"+w.caseID+"/process")
	waitPath(ctx, t, "/en/processes/instances/")
	contains(ctx, t, "#process-elements", "Task for people", "Under way", "Done", "Not reached")
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('.process-diagram').hidden`))
	if err != nil || !hidden {
		t.Errorf("without JavaScript the empty diagram box shows (%v)", err)
	}
	s.screenshot(ctx, t, "process-instance-en-no-js")
	// axe is injected as a script: allow scripts again for the scan, on the
	// page as it was loaded without them.
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatalf("turn JavaScript back on: %v", err)
	}
	s.scanAccessibility(ctx, t)
}

// customerProcess shows Maija the steps of her notification.
func (w *authorityWorld) customerProcess(t *testing.T, ctx context.Context) {
	s := w.s
	s.signInAs(ctx, t, "fi", "maija", "/fi/cases/"+w.caseID+"/process")
	contains(ctx, t, "main", "Missä asiasi on menossa", w.number, "Käsittely nyt", "Ilmoitus saapui", "Käsittele meluilmoitus", "Mahdollisesti seuraavaksi")
	s.screenshot(ctx, t, "process-customer-fi")
	s.scanAccessibility(ctx, t)
}

// endProcess has the Helsinki manager end the process of the other case:
// the confirmation asks for a reason, and the ended process says so.
func (w *authorityWorld) endProcess(t *testing.T, ctx context.Context) {
	s := w.s
	s.signInAs(ctx, t, "fi", "esihenkilo", "/fi/authority/cases")
	s.open(ctx, t, "/fi/authority/cases/"+w.caseID+"/process")
	waitPath(ctx, t, "/fi/processes/instances/")
	do(ctx, t, "open the confirmation", chromedp.Click(chromedp.CSS("main a[href$='/terminate']")))
	waitPath(ctx, t, "/terminate")
	contains(ctx, t, "main", "Lopetetaanko prosessi?", "Lopettamista ei voi perua", w.number)
	s.scanAccessibility(ctx, t)
	do(ctx, t, "end without a reason", chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#reason']")))
	s.scanAccessibility(ctx, t)
	do(ctx, t, "end with a reason",
		chromedp.SetValue(chromedp.CSS("#reason"), "Ilmoitus peruttiin puhelimessa."),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	waitPath(ctx, t, "ok=terminated")
	contains(ctx, t, "main", "Prosessi lopetettiin", "Lopetettu käsin")
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("main a[href$='/terminate']").length`)); err != nil || n != 0 {
		t.Errorf("an ended process still offers ending (%d, %v)", n, err)
	}
	s.scanAccessibility(ctx, t)
}
