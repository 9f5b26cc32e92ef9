package process

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/cases"
)

func validRole(r string) bool { return access.ValidRole(access.Role(r)) }

func roleNames() []string {
	var out []string
	for _, r := range access.AuthorityRoles() {
		out = append(out, string(r))
	}
	return out
}

var signalRE = regexp.MustCompile(`^[a-z][a-z0-9_.]{0,59}$`)

// settable lists the states a set_state action may move a case to: those
// that carry nothing but the state. Sending, completion requests and
// decisions have their own steps, which people take.
func settable() []string {
	var out []string
	for _, d := range cases.DefaultModel().States {
		switch d.Name {
		case cases.Draft, cases.Visible, cases.Submitted, cases.Complement, cases.Decided:
			continue
		}
		out = append(out, string(d.Name))
	}
	return out
}

// readAction reads a service or send task's built-in action and checks its
// parameters.
func readAction(e *Element, n *node, ps *problems) {
	e.Params = n.luvaParams()
	e.Action = e.Params["action"]
	if e.Kind == SendTask {
		if e.Action != "" && e.Action != ActionSendMessage {
			ps.add(e.ID, ProblemAttribute, "a send task sends a message; luva:action must be empty or send_message")
		}
		e.Action = ActionSendMessage
	}
	need := func(name string) string {
		v := e.Params[name]
		if v == "" {
			ps.add(e.ID, ProblemAttribute, "the %s action needs luva:%s", e.Action, name)
		}
		return v
	}
	switch e.Action {
	case ActionSetState:
		if s := need("state"); s != "" && !slices.Contains(settable(), s) {
			ps.add(e.ID, ProblemAttribute, "luva:state %q cannot be set by a process; it may be one of %s", s, strings.Join(settable(), ", "))
		}
	case ActionSendMessage:
		if m := need("message"); len([]rune(m)) > 5000 {
			ps.add(e.ID, ProblemAttribute, "luva:message is longer than 5000 characters")
		}
	case ActionRequestStatement:
		e.Role, e.Unit, e.Organisation = e.Params["role"], e.Params["unit"], e.Params["organisation"]
		if e.Role == "" {
			e.Role = string(access.StatementGiver)
		}
		if !validRole(e.Role) {
			ps.add(e.ID, ProblemAttribute, "%q is not an authority role (%s)", e.Role, strings.Join(roleNames(), ", "))
		}
		readDue(e, e.Params["due"], ps)
	case ActionCreateObligation:
		need("title")
		if d := need("due"); d != "" {
			readDue(e, d, ps)
		}
		if r := e.Params["recurrence"]; r != "" && r != "yearly" {
			ps.add(e.ID, ProblemAttribute, "luva:recurrence must be empty or yearly, not %q", r)
		}
	case ActionCallWebhook:
		if t := need("topic"); t != "" && !signalRE.MatchString(t) {
			ps.add(e.ID, ProblemAttribute, "luva:topic %q must be lower-case letters, digits, '_' and '.'", t)
		}
	case "":
		ps.add(e.ID, ProblemAttribute, "a service task needs luva:action (%s)", strings.Join(actions(), ", "))
	default:
		ps.add(e.ID, ProblemUnsupported, "the action %q is not built in (%s)", e.Action, strings.Join(actions(), ", "))
	}
}

func actions() []string {
	return []string{ActionSetState, ActionSendMessage, ActionRequestStatement, ActionCreateObligation, ActionCallWebhook}
}

// check validates the graph: flows between known nodes, one start, ends,
// every node reachable and leading somewhere, conditions where a choice is
// made and nowhere else, boundary events on waiting activities.
func check(def *Definition, ps *problems) {
	for _, id := range def.flowOrder {
		f := def.Flows[id]
		src, okS := def.Elements[f.Source]
		dst, okT := def.Elements[f.Target]
		if !okS || !okT {
			missing := f.Source
			if okS {
				missing = f.Target
			}
			ps.add(id, ProblemDanglingFlow, "the sequence flow points to %q, which is not a supported element of the process", missing)
			continue
		}
		src.Outgoing = append(src.Outgoing, id)
		dst.Incoming = append(dst.Incoming, id)
		if f.Condition != "" {
			if src.Kind != ExclusiveGateway {
				ps.add(id, ProblemConditionPlace, "only flows out of an exclusive gateway may have a condition")
				continue
			}
			prog, err := compileCondition(f.Condition)
			if err != nil {
				ps.add(id, ProblemExpression, "the condition %q does not compile: %v", f.Condition, err)
				continue
			}
			f.program = prog
		}
	}
	var starts, ends []string
	for _, id := range def.Order {
		e := def.Elements[id]
		switch e.Kind {
		case StartEvent:
			starts = append(starts, id)
			if len(e.Incoming) > 0 {
				ps.add(id, ProblemStart, "a start event cannot have incoming flows")
			}
		case EndEvent:
			ends = append(ends, id)
			if len(e.Outgoing) > 0 {
				ps.add(id, ProblemEnd, "an end event cannot have outgoing flows")
			}
		case BoundaryEvent:
			checkBoundary(def, e, ps)
		case ExclusiveGateway:
			checkExclusive(def, e, ps)
		}
		if e.Kind != EndEvent && len(e.Outgoing) == 0 {
			ps.add(id, ProblemDeadEnd, "the element leads nowhere; connect it to the next step or an end event")
		}
		if e.Kind != EndEvent && e.Kind != ExclusiveGateway && e.Kind != ParallelGateway && len(e.Outgoing) > 1 {
			ps.add(id, ProblemUnsupported, "several flows out of a %s; split with a gateway", e.Kind)
		}
	}
	switch len(starts) {
	case 0:
		ps.add(def.Key, ProblemStart, "the process has no start event")
	case 1:
		def.Start = starts[0]
		def.StartTopic = def.Elements[def.Start].Message
	default:
		ps.add(starts[1], ProblemStart, "the process has more than one start event")
	}
	if len(ends) == 0 {
		ps.add(def.Key, ProblemEnd, "the process has no end event")
	}
	if def.Start != "" {
		reach := reachable(def)
		for _, id := range def.Order {
			if !reach[id] {
				ps.add(id, ProblemUnreachable, "no path from the start event leads here")
			}
		}
	}
}

func checkBoundary(def *Definition, e *Element, ps *problems) {
	host, ok := def.Elements[e.AttachedTo]
	switch {
	case e.AttachedTo == "" || !ok:
		ps.add(e.ID, ProblemBoundary, "the boundary event is attached to %q, which is not an element of the process", e.AttachedTo)
	case host.Kind != UserTask && host.Kind != ReceiveTask:
		ps.add(e.ID, ProblemBoundary, "boundary events are supported on user and receive tasks, not on a %s", host.Kind)
	default:
		host.Boundaries = append(host.Boundaries, e.ID)
	}
	if len(e.Incoming) > 0 {
		ps.add(e.ID, ProblemBoundary, "a boundary event cannot have incoming flows")
	}
}

func checkExclusive(def *Definition, e *Element, ps *problems) {
	if e.Default != "" && !slices.Contains(e.Outgoing, e.Default) {
		ps.add(e.ID, ProblemDefaultFlow, "the default flow %q does not leave this gateway", e.Default)
	}
	if len(e.Outgoing) < 2 {
		return
	}
	for _, fid := range e.Outgoing {
		f := def.Flows[fid]
		if fid == e.Default {
			if f.Condition != "" {
				ps.add(fid, ProblemConditionPlace, "the default flow of gateway %s cannot have a condition", e.ID)
			}
			continue
		}
		if f.Condition == "" {
			ps.add(e.ID, ProblemConditionNeed, "the flow %s out of the gateway needs a condition (or to be its default)", fid)
		}
	}
}

// reachable walks from the start event along flows, and from activities to
// their boundary events.
func reachable(def *Definition) map[string]bool {
	seen := map[string]bool{def.Start: true}
	queue := []string{def.Start}
	for len(queue) > 0 {
		e := def.Elements[queue[0]]
		queue = queue[1:]
		next := slices.Clone(e.Boundaries)
		for _, fid := range e.Outgoing {
			next = append(next, def.Flows[fid].Target)
		}
		for _, id := range next {
			if !seen[id] {
				seen[id] = true
				queue = append(queue, id)
			}
		}
	}
	return seen
}

// String summarises the definition for logs.
func (d *Definition) String() string {
	return fmt.Sprintf("process %s (%d elements, %d flows)", d.Key, len(d.Elements), len(d.Flows))
}
