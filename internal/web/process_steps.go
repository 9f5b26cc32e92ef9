package web

import (
	"slices"

	"github.com/luva-fi/luva/internal/process"
)

// processElementRow is one element of an instance, for the list that stands
// in for the diagram without JavaScript and that the script reads the
// markers from.
type processElementRow struct {
	ID, Name string
	Kind     process.Kind
	// State is completed, active, waiting, cancelled or incident, or "" for
	// an element the instance has not reached.
	State string
}

// Label is the element's name, or its id when it has none.
func (e processElementRow) Label() string {
	if e.Name != "" {
		return e.Name
	}
	return e.ID
}

// processOrder lists a definition's elements in the order of the flow:
// breadth first from the start event, each boundary event right after its
// activity, and anything left in document order.
func processOrder(def *process.Definition) []string {
	seen := map[string]bool{}
	var out []string
	queue := []string{def.Start}
	visit := func(id string) {
		if id == "" || seen[id] || def.Elements[id] == nil {
			return
		}
		seen[id] = true
		out = append(out, id)
		queue = append(queue, id)
	}
	seen[def.Start] = def.Elements[def.Start] != nil
	if seen[def.Start] {
		out = append(out, def.Start)
	}
	for len(queue) > 0 {
		el := def.Elements[queue[0]]
		queue = queue[1:]
		if el == nil {
			continue
		}
		for _, b := range el.Boundaries {
			visit(b)
		}
		for _, f := range el.Outgoing {
			if fl := def.Flows[f]; fl != nil {
				visit(fl.Target)
			}
		}
	}
	for _, id := range def.Order {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// processElements lists the elements of def in flow order with their states.
func processElements(def *process.Definition, states map[string]string) []processElementRow {
	var out []processElementRow
	for _, id := range processOrder(def) {
		el := def.Elements[id]
		out = append(out, processElementRow{ID: id, Name: el.Name, Kind: el.Kind, State: states[id]})
	}
	return out
}

// processPlainKinds are the elements a customer is told about: the start, work people
// do, waits and the end; gateways and pass-through steps are left out.
var processPlainKinds = []process.Kind{process.StartEvent, process.UserTask, process.ReceiveTask, process.SendTask, process.ServiceTask,
	process.CatchEvent, process.EndEvent, process.ManualTask, process.PlainTask}

// processSteps is the customer's view of an instance: the steps done, those
// under way now and those that may come next.
type processSteps struct {
	Done, Now, Next []processElementRow
}

// plainSteps reduces an instance to processSteps. The next steps are those
// the current ones lead to, through gateways and other steps customers are
// not told about.
func plainSteps(def *process.Definition, states map[string]string) processSteps {
	var s processSteps
	rows := processElements(def, states)
	byID := map[string]processElementRow{}
	for _, r := range rows {
		byID[r.ID] = r
	}
	plain := func(r processElementRow) bool { return slices.Contains(processPlainKinds, r.Kind) && r.Name != "" }
	var current []string
	for _, r := range rows {
		switch r.State {
		case process.ElementCompleted:
			if plain(r) {
				s.Done = append(s.Done, r)
			}
		case process.ElementActive, process.ElementWaiting, process.ElementIncident:
			current = append(current, r.ID)
			if plain(r) {
				s.Now = append(s.Now, r)
			}
		}
	}
	seen := map[string]bool{}
	var walk func(id string)
	walk = func(id string) {
		el := def.Elements[id]
		if el == nil {
			return
		}
		for _, f := range el.Outgoing {
			fl := def.Flows[f]
			if fl == nil || seen[fl.Target] {
				continue
			}
			seen[fl.Target] = true
			// A step passed before may come again (a loop back for a
			// supplement); the current ones are marked seen already.
			if next := byID[fl.Target]; plain(next) {
				s.Next = append(s.Next, next)
			} else {
				walk(fl.Target)
			}
		}
	}
	for _, id := range current {
		seen[id] = true
	}
	for _, id := range current {
		walk(id)
	}
	return s
}
