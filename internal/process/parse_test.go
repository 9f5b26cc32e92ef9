package process_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/process"
)

// wrap puts process content into a definitions document.
func wrap(body string) string {
	return `<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:luva="https://luva.fi/schema/bpmn">
 <bpmn:message id="m1" name="case.supplemented"/>
 <bpmn:process id="p" luva:services="ta-noise-notification">` + body + `</bpmn:process>
</bpmn:definitions>`
}

const simple = `<bpmn:startEvent id="s"/><bpmn:userTask id="t" luva:role="case_handler"/><bpmn:endEvent id="e"/>
<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/>`

func TestBadDefinitionsAreRefusedWithTheElementAndTheReason(t *testing.T) {
	tests := []struct {
		name, xml, element, code string
	}{
		{"a file that is not well-formed XML", `<bpmn:definitions xmlns:bpmn="x"><bpmn:process>`, "line 1", process.ProblemNotWellFormed},
		{"a file that is not BPMN", `<definitions/>`, "", process.ProblemNotBPMN},
		{"a flow to an element that does not exist", wrap(simple + `<bpmn:sequenceFlow id="lost" sourceRef="t" targetRef="nowhere"/>`), "lost", process.ProblemDanglingFlow},
		{"an element no path reaches", wrap(simple + `<bpmn:userTask id="island" luva:role="case_handler"/><bpmn:sequenceFlow id="f3" sourceRef="island" targetRef="e"/>`), "island", process.ProblemUnreachable},
		{"a sub-process", wrap(simple + `<bpmn:subProcess id="sub"/>`), "sub", process.ProblemUnsupported},
		{"a signal event", wrap(simple + `<bpmn:intermediateCatchEvent id="sig"><bpmn:signalEventDefinition/></bpmn:intermediateCatchEvent>`), "sig", process.ProblemUnsupported},
		{"an inclusive gateway", wrap(simple + `<bpmn:inclusiveGateway id="incl"/>`), "incl", process.ProblemUnsupported},
		{"a gateway choosing without conditions", wrap(`<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="gw"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="gw"/><bpmn:sequenceFlow id="a" sourceRef="gw" targetRef="e1"/><bpmn:sequenceFlow id="b" sourceRef="gw" targetRef="e2"/>`), "gw", process.ProblemConditionNeed},
		{"a condition that does not compile", wrap(`<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="gw" default="b"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="gw"/><bpmn:sequenceFlow id="a" sourceRef="gw" targetRef="e1"><bpmn:conditionExpression>answers.db_level &gt;</bpmn:conditionExpression></bpmn:sequenceFlow>
<bpmn:sequenceFlow id="b" sourceRef="gw" targetRef="e2"/>`), "a", process.ProblemExpression},
		{"a condition that is not true or false", wrap(`<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="gw" default="b"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="gw"/><bpmn:sequenceFlow id="a" sourceRef="gw" targetRef="e1"><bpmn:conditionExpression>state + "x"</bpmn:conditionExpression></bpmn:sequenceFlow>
<bpmn:sequenceFlow id="b" sourceRef="gw" targetRef="e2"/>`), "a", process.ProblemExpression},
		{"a user task without a role", wrap(strings.Replace(simple, ` luva:role="case_handler"`, "", 1)), "t", process.ProblemAttribute},
		{"a user task for an unknown role", wrap(strings.Replace(simple, `case_handler`, "janitor", 1)), "t", process.ProblemAttribute},
		{"a service task without an action", wrap(strings.Replace(simple, `userTask id="t" luva:role="case_handler"`, `serviceTask id="t"`, 1)), "t", process.ProblemAttribute},
		{"a state a process may not set", wrap(strings.Replace(simple, `userTask id="t" luva:role="case_handler"`, `serviceTask id="t" luva:action="set_state" luva:state="decided"`, 1)), "t", process.ProblemAttribute},
		{"a timer with a bad duration", wrap(strings.Replace(simple, `<bpmn:userTask id="t" luva:role="case_handler"/>`, `<bpmn:intermediateCatchEvent id="t"><bpmn:timerEventDefinition><bpmn:timeDuration>six weeks</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`, 1)), "t", process.ProblemTimer},
		{"a message nobody defined", wrap(strings.Replace(simple, `<bpmn:userTask id="t" luva:role="case_handler"/>`, `<bpmn:receiveTask id="t" messageRef="nope"/>`, 1)), "t", process.ProblemMessage},
		{"a boundary event on a service task", wrap(`<bpmn:startEvent id="s"/><bpmn:serviceTask id="t" luva:action="send_message" luva:message="Hei"/><bpmn:endEvent id="e"/>
<bpmn:boundaryEvent id="b" attachedToRef="t"><bpmn:timerEventDefinition luva:workingDays="3"/></bpmn:boundaryEvent>
<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/><bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="e"/>`), "b", process.ProblemBoundary},
		{"an element that leads nowhere", wrap(simple + `<bpmn:userTask id="stuck" luva:role="case_handler"/><bpmn:sequenceFlow id="f3" sourceRef="s" targetRef="stuck"/>`), "stuck", process.ProblemDeadEnd},
		{"no start event", wrap(`<bpmn:endEvent id="e"/>`), "p", process.ProblemStart},
		{"the same id twice", wrap(simple + `<bpmn:endEvent id="e"/>`), "e", process.ProblemDuplicateID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := process.Parse([]byte(tt.xml))
			var de *process.DefinitionError
			if !errors.As(err, &de) {
				t.Fatalf("err %v, want a DefinitionError", err)
			}
			if errs.KindOf(err) != errs.Invalid {
				t.Errorf("kind %v, want invalid", errs.KindOf(err))
			}
			for _, p := range de.Problems {
				if p.Element == tt.element && p.Code == tt.code && p.Detail != "" {
					return
				}
			}
			t.Errorf("problems %v, want %s at %q", de.Problems, tt.code, tt.element)
		})
	}
}

func TestAGoodDefinitionParses(t *testing.T) {
	def, err := process.Parse([]byte(wrap(simple)))
	if err != nil {
		t.Fatal(err)
	}
	if def.Key != "p" || def.Start != "s" || def.StartTopic != process.DefaultStartTopic || len(def.Services) != 1 {
		t.Errorf("parsed %+v", def)
	}
	if def.Elements["t"].Role != "case_handler" {
		t.Errorf("task role %q", def.Elements["t"].Role)
	}
}

func TestARefusedDefinitionDeploysNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, clock.NewSettable(start))
		bad := wrap(simple + `<bpmn:subProcess id="sub"/>`)
		if _, err := w.engine.Deploy(context.Background(), platform, req, "", []byte(bad)); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("err %v, want invalid", err)
		}
		if n := count(t, d, `SELECT count(*) FROM process_definitions`); n != 0 {
			t.Errorf("%d definitions deployed, want none", n)
		}
		if _, err := w.engine.Deploy(context.Background(), w.handler(), req, w.orgs[helsinki], []byte(wrap(simple))); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a case handler deployed: %v", err)
		}
		if _, err := w.engine.Deploy(context.Background(), w.role("sisalto", helsinki, "content_editor"), req, w.orgs[helsinki], []byte(wrap(simple))); err != nil {
			t.Errorf("the organisation's form editor could not deploy: %v", err)
		}
	})
}

func TestTheDemoProcessesParse(t *testing.T) {
	for _, name := range []string{"noise-notification.bpmn", "public-event-notice.bpmn", "food-premises.bpmn", "environmental-permit.bpmn", "social-services-registration.bpmn"} {
		if _, err := process.Parse(demoProcess(t, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestSpans(t *testing.T) {
	for in, ok := range map[string]bool{"P42D": true, "P6W": true, "PT4H": true, "P1Y2M3DT4H5M6S": true, "P30WD": true, "P": false, "PT": false, "P0D": false, "42D": false, "P1.5D": false} {
		if _, err := process.ParseSpan(in); (err == nil) != ok {
			t.Errorf("ParseSpan(%q): err %v, want ok %v", in, err, ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(wrap(simple)))
	f.Add(testdataF(f, "flow.bpmn"))
	f.Add([]byte(`<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="x"/></bpmn:definitions>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		def, err := process.Parse(b)
		if err == nil && (def.Start == "" || def.Elements[def.Start] == nil) {
			t.Fatal("a definition without a start event parsed")
		}
		var de *process.DefinitionError
		if err != nil && (!errors.As(err, &de) || len(de.Problems) == 0) {
			t.Fatalf("err %v is no DefinitionError with problems", err)
		}
	})
}

func testdataF(f *testing.F, name string) []byte { return testdata(f, name) }
