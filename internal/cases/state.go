package cases

import (
	"slices"

	"github.com/luva-fi/luva/internal/errs"
)

// State is where a case stands.
type State string

// The states of the default model, the familiar one of Finnish permit services.
const (
	Draft      State = "draft"      // the customer is filling it in
	Visible    State = "visible"    // a draft the customer has shown to the authority for advice
	Submitted  State = "submitted"  // sent, waiting for the authority
	Processing State = "processing" // the authority handles it
	Complement State = "complement" // the authority waits for the customer's supplement
	Decided    State = "decided"    // the decision is given, the appeal period runs
	Appealed   State = "appealed"   // someone appealed the decision
	Final      State = "final"      // the decision is final (lainvoimainen)
	Closed     State = "closed"     // archived
	Cancelled  State = "cancelled"  // withdrawn by the customer
	Expired    State = "expired"    // left unfinished past its time
)

// Clock says what a state does to the processing-time clock.
type Clock string

// The clock modes.
const (
	ClockOff    Clock = ""       // not started (drafts) or stopped (decided and after)
	ClockRuns   Clock = "runs"   // the authority's time is running
	ClockPaused Clock = "paused" // waiting for the customer: not the authority's time
)

// Side is who makes a transition.
type Side string

// The sides.
const (
	Customer  Side = "customer"
	Authority Side = "authority"
	System    Side = "system"
)

// StateDef is one state of a model.
type StateDef struct {
	Name  State `json:"name"`
	Clock Clock `json:"clock,omitempty"`
	// Editable says whether the customer may change the answers: a draft, or
	// a sent application while a supplement or change is allowed.
	Editable bool `json:"editable,omitempty"`
	// Open says whether the case is still running (shown as ongoing).
	Open bool `json:"open,omitempty"`
}

// Transition is one allowed change of state and who may make it.
type Transition struct {
	From []State `json:"from"`
	To   State   `json:"to"`
	By   []Side  `json:"by"`
}

// Model is a state model: the states of a service's cases and the changes
// allowed between them. A process definition (BPMN) drives a case through the
// same transitions, so a model is what both the status pages and the process
// engine obey.
type Model struct {
	States      []StateDef   `json:"states"`
	Transitions []Transition `json:"transitions"`
}

// DefaultModel is the state model services use unless they define their own.
func DefaultModel() Model {
	return Model{
		States: []StateDef{
			{Name: Draft, Editable: true, Open: true},
			{Name: Visible, Editable: true, Open: true},
			{Name: Submitted, Clock: ClockRuns, Editable: true, Open: true},
			{Name: Processing, Clock: ClockRuns, Editable: true, Open: true},
			{Name: Complement, Clock: ClockPaused, Editable: true, Open: true},
			{Name: Decided},
			{Name: Appealed, Open: true},
			{Name: Final},
			{Name: Closed},
			{Name: Cancelled},
			{Name: Expired},
		},
		Transitions: []Transition{
			{From: []State{Draft}, To: Visible, By: []Side{Customer}},
			{From: []State{Visible}, To: Draft, By: []Side{Customer}},
			{From: []State{Draft, Visible}, To: Submitted, By: []Side{Customer}},
			{From: []State{Submitted, Complement}, To: Processing, By: []Side{Authority, System}},
			{From: []State{Submitted, Processing}, To: Complement, By: []Side{Authority}},
			{From: []State{Complement}, To: Processing, By: []Side{Customer}},
			{From: []State{Submitted, Processing}, To: Decided, By: []Side{Authority}},
			{From: []State{Decided}, To: Appealed, By: []Side{Authority}},
			{From: []State{Decided, Appealed}, To: Final, By: []Side{Authority, System}},
			{From: []State{Final, Cancelled, Expired}, To: Closed, By: []Side{Authority, System}},
			{From: []State{Draft, Visible, Submitted, Processing, Complement}, To: Cancelled, By: []Side{Customer}},
			{From: []State{Draft, Visible, Complement}, To: Expired, By: []Side{Authority, System}},
		},
	}
}

// Def returns the definition of state s.
func (m Model) Def(s State) (StateDef, bool) {
	i := slices.IndexFunc(m.States, func(d StateDef) bool { return d.Name == s })
	if i < 0 {
		return StateDef{}, false
	}
	return m.States[i], true
}

// Allows reports whether side may move a case from one state to another.
func (m Model) Allows(from, to State, by Side) bool {
	for _, t := range m.Transitions {
		if t.To == to && slices.Contains(t.From, from) && slices.Contains(t.By, by) {
			return true
		}
	}
	return false
}

// Next lists the states side may move a case in state s to, in model order.
func (m Model) Next(s State, by Side) []State {
	var out []State
	for _, d := range m.States {
		if m.Allows(s, d.Name, by) {
			out = append(out, d.Name)
		}
	}
	return out
}

// check refuses a transition the model does not allow, as a conflict: the
// case has moved on (another user, another tab) or the request is forged.
func (m Model) check(from, to State, by Side) error {
	if !m.Allows(from, to, by) {
		return errs.E(errs.Conflict, "a case in state "+string(from)+" cannot move to "+string(to))
	}
	return nil
}

// Validate checks that a model is complete: unique states, transitions
// between known states, and the states the application flow relies on.
func (m Model) Validate() error {
	seen := map[State]bool{}
	for _, d := range m.States {
		if seen[d.Name] {
			return errs.E(errs.Invalid, "state "+string(d.Name)+" is defined twice")
		}
		seen[d.Name] = true
	}
	for _, s := range []State{Draft, Submitted, Decided} {
		if !seen[s] {
			return errs.E(errs.Invalid, "the model has no state "+string(s))
		}
	}
	for _, t := range m.Transitions {
		if !seen[t.To] {
			return errs.E(errs.Invalid, "a transition goes to unknown state "+string(t.To))
		}
		for _, f := range t.From {
			if !seen[f] {
				return errs.E(errs.Invalid, "a transition comes from unknown state "+string(f))
			}
		}
	}
	return nil
}
