package layout_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/luva-fi/luva/internal/process"
	"github.com/luva-fi/luva/internal/process/layout"
)

var update = flag.Bool("update", false, "write the laid-out diagram into the demo processes that lack one")

// demoFiles are the demo definitions, which carry the diagram this package drew.
func demoFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../demo/processes/*.bpmn")
	if err != nil || len(files) == 0 {
		t.Fatalf("no demo processes found: %v", err)
	}
	return append(files, "../testdata/flow.bpmn")
}

// diagram is what a test reads back of a written diagram.
type diagram struct {
	Shapes []struct {
		Element string `xml:"bpmnElement,attr"`
		Bounds  struct {
			X      int `xml:"x,attr"`
			Y      int `xml:"y,attr"`
			Width  int `xml:"width,attr"`
			Height int `xml:"height,attr"`
		} `xml:"Bounds"`
	} `xml:"BPMNDiagram>BPMNPlane>BPMNShape"`
	Edges []struct {
		Element string `xml:"bpmnElement,attr"`
		Points  []struct {
			X int `xml:"x,attr"`
			Y int `xml:"y,attr"`
		} `xml:"waypoint"`
	} `xml:"BPMNDiagram>BPMNPlane>BPMNEdge"`
}

func readDiagram(t *testing.T, b []byte) diagram {
	t.Helper()
	var d diagram
	if err := xml.Unmarshal(b, &d); err != nil {
		t.Fatalf("the laid-out definition is not XML: %v", err)
	}
	return d
}

var diagramRE = regexp.MustCompile(`(?s)\s*<bpmndi:BPMNDiagram .*</bpmndi:BPMNDiagram>\n`)

func TestEveryNodeAndFlowOfTheDemoProcessesIsDrawn(t *testing.T) {
	for _, f := range demoFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			bare := diagramRE.ReplaceAll(src, []byte("\n"))
			out, err := layout.Add(bare)
			if err != nil {
				t.Fatalf("lay out: %v", err)
			}
			if !bytes.HasPrefix(out, bare[:bytes.LastIndex(bare, []byte("</bpmn:definitions>"))]) {
				t.Error("the definition's own text was changed")
			}
			def, err := process.Parse(out)
			if err != nil {
				t.Fatalf("the engine refuses the laid-out definition: %v", err)
			}
			d := readDiagram(t, out)
			shapes := map[string]bool{}
			for _, s := range d.Shapes {
				shapes[s.Element] = true
				if s.Bounds.Width == 0 || s.Bounds.X < 0 || s.Bounds.Y < 0 {
					t.Errorf("shape of %s has bounds %+v", s.Element, s.Bounds)
				}
			}
			for id := range def.Elements {
				if !shapes[id] {
					t.Errorf("element %s has no shape", id)
				}
			}
			edges := map[string]bool{}
			for _, e := range d.Edges {
				edges[e.Element] = len(e.Points) >= 2
			}
			for id := range def.Flows {
				if !edges[id] {
					t.Errorf("flow %s has no edge of two points or more", id)
				}
			}
			if *update && !layout.HasDiagram(src) && filepath.Dir(f) != "../testdata" {
				if err := os.WriteFile(f, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if !layout.HasDiagram(src) && filepath.Dir(f) != "../testdata" && !*update {
				t.Errorf("%s carries no diagram; run go test ./internal/process/layout -update", f)
			}
		})
	}
}

func TestAPathStaysOnOneRowAndALoopGoesAbove(t *testing.T) {
	src := []byte(`<?xml version="1.0"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <process id="p">
    <startEvent id="s"/>
    <userTask id="a"/>
    <exclusiveGateway id="g"/>
    <endEvent id="e"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="a"/>
    <sequenceFlow id="f2" sourceRef="a" targetRef="g"/>
    <sequenceFlow id="f3" sourceRef="g" targetRef="e"/>
    <sequenceFlow id="back" sourceRef="g" targetRef="a"/>
  </process>
</definitions>`)
	out, err := layout.Add(src)
	if err != nil {
		t.Fatal(err)
	}
	d := readDiagram(t, out)
	middles := map[string]int{}
	xs := map[string]int{}
	for _, s := range d.Shapes {
		middles[s.Element] = s.Bounds.Y + s.Bounds.Height/2
		xs[s.Element] = s.Bounds.X
	}
	for _, id := range []string{"a", "g", "e"} {
		if middles[id] != middles["s"] {
			t.Errorf("%s is centred at y %d, the start at %d: the path is not on one row", id, middles[id], middles["s"])
		}
	}
	if !(xs["s"] < xs["a"] && xs["a"] < xs["g"] && xs["g"] < xs["e"]) {
		t.Errorf("the path does not run left to right: %v", xs)
	}
	for _, e := range d.Edges {
		if e.Element != "back" {
			continue
		}
		top := e.Points[1].Y
		if top >= middles["a"]-40 {
			t.Errorf("the loop runs at y %d, not above the task", top)
		}
	}
	again, err := layout.Add(out)
	if err != nil || !bytes.Equal(again, out) {
		t.Errorf("a definition with a diagram was changed (%v)", err)
	}
}

func TestABoundaryEventSitsOnItsActivityAndItsPathGoesBelow(t *testing.T) {
	src := []byte(`<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="p">
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="review"/>
    <bpmn:boundaryEvent id="late" attachedToRef="review"/>
    <bpmn:userTask id="escalate"/>
    <bpmn:endEvent id="e"/>
    <bpmn:endEvent id="e2"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review"/>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="e"/>
    <bpmn:sequenceFlow id="f3" sourceRef="late" targetRef="escalate"/>
    <bpmn:sequenceFlow id="f4" sourceRef="escalate" targetRef="e2"/>
  </bpmn:process>
</bpmn:definitions>`)
	out, err := layout.Add(src)
	if err != nil {
		t.Fatal(err)
	}
	b := map[string][4]int{}
	for _, s := range readDiagram(t, out).Shapes {
		b[s.Element] = [4]int{s.Bounds.X, s.Bounds.Y, s.Bounds.Width, s.Bounds.Height}
	}
	review, late, escalate := b["review"], b["late"], b["escalate"]
	if late[1]+late[3]/2 != review[1]+review[3] || late[0] < review[0] || late[0]+late[2] > review[0]+review[2] {
		t.Errorf("the boundary event %v is not on the lower edge of its task %v", late, review)
	}
	if escalate[1] <= review[1] {
		t.Errorf("the escalation %v is not below the task %v", escalate, review)
	}
}

func TestTextThatIsNotADefinitionIsRefused(t *testing.T) {
	for name, src := range map[string]string{
		"not XML":    "<bpmn:definitions",
		"no process": `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"/>`,
		"empty":      "",
	} {
		if _, err := layout.Add([]byte(src)); err == nil {
			t.Errorf("%s: laid out", name)
		}
	}
}

func FuzzAdd(f *testing.F) {
	for _, s := range []string{
		`<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p"><startEvent id="s"/><task id="t"/><sequenceFlow id="f" sourceRef="s" targetRef="t"/><sequenceFlow id="g" sourceRef="t" targetRef="s"/></process></definitions>`,
		`<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p"><boundaryEvent id="b" attachedToRef="b"/><sequenceFlow id="f" sourceRef="b" targetRef="b"/></process></definitions>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		out, err := layout.Add(src)
		if err != nil {
			return
		}
		if len(out) < len(src) {
			t.Fatalf("the output is shorter than the input")
		}
		if err := xml.Unmarshal(out, new(struct{})); err != nil && xml.Unmarshal(src, new(struct{})) == nil {
			t.Fatalf("laying out made well-formed XML ill-formed: %v", err)
		}
	})
}
