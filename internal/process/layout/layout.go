// Package layout draws a BPMN process that has no diagram: it lays the flow
// nodes out left to right in layers (each node one column after its furthest
// predecessor, loops left out) and writes the diagram interchange
// (bpmndi:BPMNDiagram with shapes and edges) that viewers such as bpmn-js
// need to show a definition.
//
// Hand-written definitions rarely carry a diagram, and the engine ignores it;
// the layout only has to be readable, not beautiful. The definition's own
// text is kept byte for byte: the diagram is inserted before the closing tag
// of bpmn:definitions, declaring its namespaces itself.
package layout

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The namespaces of BPMN's model and diagram interchange.
const (
	ModelNamespace   = "http://www.omg.org/spec/BPMN/20100524/MODEL"
	DiagramNamespace = "http://www.omg.org/spec/BPMN/20100524/DI"
	boundsNamespace  = "http://www.omg.org/spec/DD/20100524/DC"
	pointNamespace   = "http://www.omg.org/spec/DD/20100524/DI"
)

// node is a flow node of the process, in document order.
type node struct {
	id, kind   string
	attachedTo string // for boundary events
	defaultTo  string // a gateway's default flow, the usual way on
	// placed on the grid
	layer, row int
	x, y, w, h int
}

// flow is a sequence flow.
type flow struct {
	id, source, target string
}

// model is what the layout reads of a definition.
type model struct {
	processID  string
	nodes      []*node
	byID       map[string]*node
	flows      []flow
	ids        map[string]bool // every id in the document, to keep new ones apart
	hasDiagram bool
	// end is the byte offset of the closing tag of the root element.
	end int64
}

// HasDiagram reports whether a definition carries a diagram already. It
// answers false for text that is not XML.
func HasDiagram(xmlText []byte) bool {
	m, err := read(xmlText)
	return err == nil && m.hasDiagram
}

// Add returns the definition with a laid-out diagram of its process, or the
// definition unchanged when it has a diagram already.
func Add(xmlText []byte) ([]byte, error) {
	m, err := read(xmlText)
	if err != nil {
		return nil, err
	}
	if m.hasDiagram {
		return xmlText, nil
	}
	if m.processID == "" {
		return nil, errors.New("lay out a process: the definition holds no bpmn:process")
	}
	m.place()
	var out bytes.Buffer
	out.Grow(len(xmlText) + 200*len(m.nodes))
	out.Write(xmlText[:m.end])
	m.write(&out)
	out.Write(xmlText[m.end:])
	return out.Bytes(), nil
}

// read collects the flow nodes and flows of the first process.
func read(xmlText []byte) (*model, error) {
	m := &model{byID: map[string]*node{}, ids: map[string]bool{}, end: -1}
	d := xml.NewDecoder(bytes.NewReader(xmlText))
	depth, processDepth := 0, 0
	for {
		offset := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("lay out a process: the definition is not XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			id := attr(t, "id")
			if id != "" {
				m.ids[id] = true
			}
			switch {
			case t.Name.Space == DiagramNamespace && t.Name.Local == "BPMNDiagram":
				m.hasDiagram = true
			case t.Name.Space == ModelNamespace && t.Name.Local == "process" && m.processID == "" && depth == 2:
				m.processID, processDepth = id, depth
			case processDepth > 0 && depth == processDepth+1 && t.Name.Space == ModelNamespace:
				m.add(t, id)
			}
		case xml.EndElement:
			if depth == processDepth {
				processDepth = -1 // only the first process is drawn
			}
			depth--
			if depth == 0 {
				m.end = offset
			}
		}
	}
	if m.end < 0 {
		return nil, errors.New("lay out a process: the definition has no root element")
	}
	return m, nil
}

// add records a child of the process: a flow node or a sequence flow; data,
// lanes, annotations and the like are not drawn.
func (m *model) add(t xml.StartElement, id string) {
	local := t.Name.Local
	if local == "sequenceFlow" {
		m.flows = append(m.flows, flow{id: id, source: attr(t, "sourceRef"), target: attr(t, "targetRef")})
		return
	}
	if id == "" || !flowNode(local) {
		return
	}
	n := &node{id: id, kind: local, attachedTo: attr(t, "attachedToRef"), defaultTo: attr(t, "default")}
	n.w, n.h = size(local)
	m.nodes = append(m.nodes, n)
	m.byID[id] = n
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// flowNode reports whether a BPMN element name is a flow node.
func flowNode(local string) bool {
	switch local {
	case "task", "subProcess", "callActivity", "transaction", "adHocSubProcess":
		return true
	}
	return strings.HasSuffix(local, "Event") || strings.HasSuffix(local, "Gateway") || strings.HasSuffix(local, "Task")
}

// size is the usual size of a kind of shape, as BPMN tools draw it.
func size(local string) (w, h int) {
	switch {
	case strings.HasSuffix(local, "Event"):
		return 36, 36
	case strings.HasSuffix(local, "Gateway"):
		return 50, 50
	}
	return 100, 80
}
