package layout

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
)

// point is a waypoint of an edge.
type point struct{ x, y int }

// write appends the diagram of the placed model.
func (m *model) write(out *bytes.Buffer) {
	fmt.Fprintf(out, "  <bpmndi:BPMNDiagram xmlns:bpmndi=%s xmlns:dc=%s xmlns:di=%s id=%s>\n",
		q(DiagramNamespace), q(boundsNamespace), q(pointNamespace), q(m.newID(m.processID+"-diagram")))
	fmt.Fprintf(out, "    <bpmndi:BPMNPlane id=%s bpmnElement=%s>\n", q(m.newID(m.processID+"-plane")), q(m.processID))
	for _, n := range m.nodes {
		marker := ""
		if n.kind == "exclusiveGateway" {
			marker = ` isMarkerVisible="true"`
		}
		fmt.Fprintf(out, "      <bpmndi:BPMNShape id=%s bpmnElement=%s%s>\n", q(m.newID(n.id+"-di")), q(n.id), marker)
		fmt.Fprintf(out, "        <dc:Bounds x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n", n.x, n.y, n.w, n.h)
		out.WriteString("      </bpmndi:BPMNShape>\n")
	}
	loops := 0
	for _, f := range m.flows {
		s, t := m.byID[f.source], m.byID[f.target]
		if f.id == "" || s == nil || t == nil {
			continue
		}
		var pts []point
		if m.goesBack(s, t) {
			pts = m.loop(s, t, loops)
			loops++
		} else {
			pts = m.route(s, t)
		}
		fmt.Fprintf(out, "      <bpmndi:BPMNEdge id=%s bpmnElement=%s>\n", q(m.newID(f.id+"-di")), q(f.id))
		for _, p := range pts {
			fmt.Fprintf(out, "        <di:waypoint x=\"%d\" y=\"%d\"/>\n", p.x, p.y)
		}
		out.WriteString("      </bpmndi:BPMNEdge>\n")
	}
	out.WriteString("    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n")
}

// newID returns want, or want with a suffix when the document uses it.
func (m *model) newID(want string) string {
	id := want
	for i := 2; m.ids[id]; i++ {
		id = fmt.Sprintf("%s-%d", want, i)
	}
	m.ids[id] = true
	return id
}

// q writes an attribute value, quoted and escaped for XML.
func q(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	xml.EscapeText(&b, []byte(s)) //nolint:errcheck // a strings.Builder does not fail
	b.WriteByte('"')
	return b.String()
}

// goesBack reports whether a flow leads to a column that is not to the right
// of its source's.
func (m *model) goesBack(s, t *node) bool {
	return m.ownerNode(t).layer <= m.ownerNode(s).layer
}

func (m *model) ownerNode(n *node) *node {
	if m.isBoundary(n) {
		return m.byID[n.attachedTo]
	}
	return n
}

func centre(n *node) (int, int) { return n.x + n.w/2, n.y + n.h/2 }

func isGateway(n *node) bool { return strings.HasSuffix(n.kind, "Gateway") }

// route draws a flow to the right: straight on one row, else with right
// angles, leaving a gateway from its top or bottom corner, entering a
// gateway at its top or bottom corner, and leaving a boundary event
// downwards.
func (m *model) route(s, t *node) []point {
	sx, sy := centre(s)
	tx, ty := centre(t)
	left := t.x
	switch {
	case m.isBoundary(s):
		start := point{sx, s.y + s.h}
		if ty > start.y {
			return []point{start, {sx, ty}, {left, ty}}
		}
		mid := left - 20
		return []point{start, {sx, start.y + 20}, {mid, start.y + 20}, {mid, ty}, {left, ty}}
	case m.blocked(s, t):
		// Around the nodes in between, through the gap below the row.
		channel := sy + rowPitch/2
		pts := []point{{sx, s.y + s.h}, {sx, channel}}
		if isGateway(t) && ty <= channel {
			return append(pts, point{tx, channel}, point{tx, t.y + t.h})
		}
		return append(pts, point{left - 20, channel}, point{left - 20, ty}, point{left, ty})
	case sy == ty:
		return []point{{s.x + s.w, sy}, {left, ty}}
	case isGateway(s):
		y := s.y + s.h
		if ty < sy {
			y = s.y
		}
		return []point{{sx, y}, {sx, ty}, {left, ty}}
	case isGateway(t):
		y := t.y
		if ty < sy {
			y = t.y + t.h
		}
		return []point{{s.x + s.w, sy}, {tx, sy}, {tx, y}}
	}
	mid := s.x + s.w + (left-s.x-s.w)/2
	return []point{{s.x + s.w, sy}, {mid, sy}, {mid, ty}, {left, ty}}
}

// blocked reports whether a flow straight along its source's row would run
// through a node in a column between its ends.
func (m *model) blocked(s, t *node) bool {
	src, dst := m.ownerNode(s), m.ownerNode(t)
	for _, n := range m.nodes {
		if !m.isBoundary(n) && n.row == src.row && n.layer > src.layer && n.layer < dst.layer {
			return true
		}
	}
	return false
}

// loop draws a flow back to an earlier column: between rows, each loop a
// little apart from the one before, where no labels are. On one row it runs
// above the row into the target's top; from a lower row it runs in the gap
// above the source into the target's lower side; a boundary event's loop
// runs just below its activity.
func (m *model) loop(s, t *node, i int) []point {
	sx, _ := centre(s)
	tx, _ := centre(t)
	src, dst := m.ownerNode(s), m.ownerNode(t)
	switch {
	case m.isBoundary(s):
		below := s.y + s.h + 20 + 8*i
		return []point{{sx, s.y + s.h}, {sx, below}, {tx, below}, {tx, t.y + t.h}}
	case src.row > dst.row:
		gap := originY + src.row*rowPitch - (rowPitch-cellHeight)/2 + 8*(i%3)
		return []point{{sx, s.y}, {sx, gap}, {tx, gap}, {tx, t.y + t.h}}
	}
	top := min(src.y, dst.y) - 20 - 8*i
	return []point{{sx, s.y}, {sx, top}, {tx, top}, {tx, t.y}}
}
