package layout

// The grid: every node is centred in a cell of a column (a layer) and a row.
const (
	originX    = 60
	originY    = 80
	columnGap  = 70
	rowPitch   = 140
	cellWidth  = 100
	cellHeight = 80
	// boundaryPitch is the room each boundary event of an activity gets on
	// its lower edge, about the width of its label.
	boundaryPitch = 90
)

// place gives every node a layer, a row and its bounds, and puts boundary
// events on the lower edge of their activity.
func (m *model) place() {
	var main []*node
	for _, n := range m.nodes {
		if !m.isBoundary(n) {
			main = append(main, n)
		}
	}
	out := m.forwardEdges(main)
	order, parent := m.discover(main, out)
	m.layers(order, out)
	m.rows(order, parent)
	hosted := map[string][]*node{}
	for _, n := range m.nodes {
		if m.isBoundary(n) {
			hosted[n.attachedTo] = append(hosted[n.attachedTo], n)
		}
	}
	// An activity with several boundary events is widened so that their
	// labels do not run into each other.
	for hostID, bs := range hosted {
		host := m.byID[hostID]
		host.w = max(host.w, boundaryPitch*len(bs))
	}
	// Columns are as wide as their widest node.
	widths := map[int]int{}
	last := 0
	for _, n := range main {
		widths[n.layer] = max(widths[n.layer], n.w, cellWidth)
		last = max(last, n.layer)
	}
	left := make([]int, last+1)
	x := originX
	for l := 0; l <= last; l++ {
		left[l] = x
		x += widths[l] + columnGap
	}
	for _, n := range main {
		cx := left[n.layer] + widths[n.layer]/2
		cy := originY + n.row*rowPitch + cellHeight/2
		n.x, n.y = cx-n.w/2, cy-n.h/2
	}
	for hostID, bs := range hosted {
		host := m.byID[hostID]
		for i, b := range bs {
			cx := host.x + host.w*(i+1)/(len(bs)+1)
			b.x, b.y = cx-b.w/2, host.y+host.h-b.h/2
			b.layer, b.row = host.layer, host.row
		}
	}
}

// isBoundary reports whether n is a boundary event on a node the layout
// draws; one on a missing activity is drawn as a node of its own.
func (m *model) isBoundary(n *node) bool {
	if n.attachedTo == "" {
		return false
	}
	host, ok := m.byID[n.attachedTo]
	return ok && host.attachedTo == ""
}

// owner is the node a flow leaves from for the layout: a boundary event's
// flows leave from its activity.
func (m *model) owner(id string) *node {
	n := m.byID[id]
	if n != nil && m.isBoundary(n) {
		return m.byID[n.attachedTo]
	}
	return n
}

// edge is a way from one node to the next for the layout.
type edge struct {
	to       *node
	boundary bool // leaves from a boundary event of the source
}

// forwardEdges lists each node's successors: a gateway's default flow first
// (the usual way, kept on the row), then the rest in document order, and
// the flows from boundary events (the exceptions) last.
func (m *model) forwardEdges(main []*node) map[*node][]edge {
	out := map[*node][]edge{}
	add := func(f flow, boundary bool) {
		s, t := m.owner(f.source), m.owner(f.target)
		if s == nil || t == nil || s == t {
			return
		}
		for _, e := range out[s] {
			if e.to == t {
				return
			}
		}
		out[s] = append(out[s], edge{to: t, boundary: boundary})
	}
	for _, f := range m.flows {
		if src := m.byID[f.source]; src != nil && src.defaultTo == f.id {
			add(f, false)
		}
	}
	for _, boundary := range []bool{false, true} {
		for _, f := range m.flows {
			if src := m.byID[f.source]; src != nil && m.isBoundary(src) == boundary {
				add(f, boundary)
			}
		}
	}
	return out
}

// discover orders the nodes depth first from the nodes nothing leads to
// (the start events), so that the usual path is laid out before its
// branches and the exceptions; parent is the node each was reached from.
func (m *model) discover(main []*node, out map[*node][]edge) (order []*node, parent map[*node]edge) {
	hasIn := map[*node]bool{}
	for _, es := range out {
		for _, e := range es {
			hasIn[e.to] = true
		}
	}
	seen := map[*node]bool{}
	parent = map[*node]edge{}
	var visit func(n *node)
	visit = func(n *node) {
		seen[n] = true
		order = append(order, n)
		for _, e := range out[n] {
			if !seen[e.to] {
				parent[e.to] = edge{to: n, boundary: e.boundary}
				visit(e.to)
			}
		}
	}
	for _, n := range main {
		if !hasIn[n] && !seen[n] {
			visit(n)
		}
	}
	for _, n := range main { // cycles nothing leads into
		if !seen[n] {
			visit(n)
		}
	}
	return order, parent
}

// layers puts each node one column after its furthest predecessor, leaving
// out the flows that go back (loops) so that the layering ends.
func (m *model) layers(order []*node, out map[*node][]edge) {
	// A flow goes back when depth-first search reaches a node still on its
	// path.
	back := m.backEdges(order, out)
	indeg := map[*node]int{}
	for _, s := range order {
		for _, e := range out[s] {
			if !back[[2]*node{s, e.to}] {
				indeg[e.to]++
			}
		}
	}
	queue := []*node{}
	for _, n := range order {
		if indeg[n] == 0 {
			queue = append(queue, n)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, e := range out[s] {
			t := e.to
			if back[[2]*node{s, t}] {
				continue
			}
			t.layer = max(t.layer, s.layer+1)
			if indeg[t]--; indeg[t] == 0 {
				queue = append(queue, t)
			}
		}
	}
}

// backEdges finds the flows that close a loop, by depth-first search in the
// discovery order.
func (m *model) backEdges(order []*node, out map[*node][]edge) map[[2]*node]bool {
	const (
		white = iota
		grey
		black
	)
	colour := map[*node]int{}
	back := map[[2]*node]bool{}
	var visit func(n *node)
	visit = func(n *node) {
		colour[n] = grey
		for _, e := range out[n] {
			switch colour[e.to] {
			case grey:
				back[[2]*node{n, e.to}] = true
			case white:
				visit(e.to)
			}
		}
		colour[n] = black
	}
	for _, n := range order {
		if colour[n] == white {
			visit(n)
		}
	}
	return back
}

// rows keeps a path on one row: in discovery order each node takes the row
// of the node it was reached from, or the nearest free row of its column;
// one reached from a boundary event goes below its activity. A flow that
// stays on its row keeps the columns it crosses free.
func (m *model) rows(order []*node, parent map[*node]edge) {
	taken := map[[2]int]bool{}
	for _, n := range order {
		want := 0
		p, ok := parent[n]
		if ok {
			want = p.to.row
			if p.boundary {
				want++
			}
		}
		n.row = nearestFree(taken, n.layer, want)
		taken[[2]int{n.layer, n.row}] = true
		if ok && n.row == p.to.row {
			for l := p.to.layer + 1; l < n.layer; l++ {
				taken[[2]int{l, n.row}] = true
			}
		}
	}
}

// nearestFree finds the free row of a column nearest to want, below before
// above.
func nearestFree(taken map[[2]int]bool, layer, want int) int {
	for d := 0; ; d++ {
		if !taken[[2]int{layer, want + d}] {
			return want + d
		}
		if want-d >= 0 && !taken[[2]int{layer, want - d}] {
			return want - d
		}
	}
}
