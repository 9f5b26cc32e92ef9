package process

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// The XML namespaces a definition is written in.
const (
	BPMNNamespace = "http://www.omg.org/spec/BPMN/20100524/MODEL"
	// LuvaNamespace holds luva's extension attributes (luva:role, luva:action…).
	LuvaNamespace = "https://luva.fi/schema/bpmn"
)

// maxXML bounds a definition file.
const maxXML = 2 << 20

// DefaultStartTopic starts an instance when a case is sent to the authority.
const DefaultStartTopic = "application.submitted"

// node is any XML element, kept generic so that unknown elements can be
// refused by name and id instead of silently dropped.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *node) attr(local string) string { return n.nsAttr("", local) }

func (n *node) luva(local string) string { return n.nsAttr(LuvaNamespace, local) }

func (n *node) nsAttr(space, local string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == local && a.Name.Space == space {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// luvaParams are the element's luva attributes.
func (n *node) luvaParams() map[string]string {
	out := map[string]string{}
	for _, a := range n.Attrs {
		if a.Name.Space == LuvaNamespace {
			out[a.Name.Local] = strings.TrimSpace(a.Value)
		}
	}
	return out
}

func (n *node) bpmn() bool { return n.XMLName.Space == BPMNNamespace }

// children returns the BPMN children with the local name.
func (n *node) children(local string) []node {
	var out []node
	for _, c := range n.Nodes {
		if c.bpmn() && c.XMLName.Local == local {
			out = append(out, c)
		}
	}
	return out
}

// Parse reads and checks a definition. Everything wrong is reported at once,
// each problem with the id of its element, in a *DefinitionError.
func Parse(data []byte) (*Definition, error) {
	var ps problems
	if len(data) > maxXML {
		ps.add("", ProblemNotWellFormed, "the file is larger than %d bytes", maxXML)
		return nil, ps.err()
	}
	var root node
	dec := xml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		ps.add(syntaxPlace(err), ProblemNotWellFormed, "the file is not well-formed XML: %v", err)
		return nil, ps.err()
	}
	// Anything but whitespace and comments after the root is not XML either.
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			ps.add(syntaxPlace(err), ProblemNotWellFormed, "the file is not well-formed XML: %v", err)
			return nil, ps.err()
		}
		if _, ok := tok.(xml.StartElement); ok {
			ps.add("", ProblemNotWellFormed, "the file has more than one root element")
			return nil, ps.err()
		}
	}
	if !root.bpmn() || root.XMLName.Local != "definitions" {
		ps.add("", ProblemNotBPMN, "the root element must be bpmn:definitions in the namespace %s", BPMNNamespace)
		return nil, ps.err()
	}
	def := &Definition{Elements: map[string]*Element{}, Flows: map[string]*Flow{}}
	messages := map[string]string{} // message id -> name (the topic)
	var procs []node
	for _, c := range root.Nodes {
		if !c.bpmn() {
			continue // diagram interchange (bpmndi) and other tools' extensions
		}
		switch c.XMLName.Local {
		case "process":
			procs = append(procs, c)
		case "message":
			name := c.attr("name")
			if name == "" {
				name = c.attr("id")
			}
			messages[c.attr("id")] = name
		case "documentation", "extensionElements", "signal", "error", "escalation", "itemDefinition", "dataStore":
		default:
			ps.add(c.attr("id"), ProblemUnsupported, "%s is not supported: a definition holds one process", c.XMLName.Local)
		}
	}
	if len(procs) != 1 {
		ps.add("", ProblemUnsupported, "the file must hold exactly one process, it holds %d", len(procs))
		return nil, ps.err()
	}
	p := procs[0]
	def.Key, def.Name = p.attr("id"), p.attr("name")
	if !validKey(def.Key) {
		ps.add(def.Key, ProblemMissingID, "the process needs an id of letters, digits, '-', '_' or '.', at most 100 characters")
	}
	def.Services = strings.Fields(p.luva("services"))
	readProcess(def, &p, messages, &ps)
	check(def, &ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return def, nil
}

func syntaxPlace(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("line %d", se.Line)
	}
	return ""
}

func validKey(k string) bool {
	if k == "" || len(k) > 100 {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// ignored are the BPMN elements inside a process that change nothing in
// how it runs.
var ignored = []string{"documentation", "extensionElements", "laneSet", "textAnnotation", "association", "dataObject",
	"dataObjectReference", "dataStoreReference", "property", "group", "category"}

func readProcess(def *Definition, p *node, messages map[string]string, ps *problems) {
	seen := map[string]bool{}
	for i := range p.Nodes {
		n := &p.Nodes[i]
		if !n.bpmn() || slices.Contains(ignored, n.XMLName.Local) {
			continue
		}
		id := n.attr("id")
		if id == "" {
			ps.add("", ProblemMissingID, "a %s has no id", n.XMLName.Local)
			continue
		}
		if seen[id] {
			ps.add(id, ProblemDuplicateID, "the id is used twice")
			continue
		}
		seen[id] = true
		if n.XMLName.Local == "sequenceFlow" {
			f := &Flow{ID: id, Name: n.attr("name"), Source: n.attr("sourceRef"), Target: n.attr("targetRef")}
			if c := n.children("conditionExpression"); len(c) > 0 {
				f.Condition = strings.TrimSpace(c[0].Text)
				if lang := c[0].attr("language"); lang != "" && !strings.EqualFold(lang, "cel") && !strings.Contains(strings.ToLower(lang), "cel") {
					ps.add(id, ProblemExpression, "conditions are written in CEL, not %s", lang)
				}
			}
			def.Flows[id] = f
			def.flowOrder = append(def.flowOrder, id)
			continue
		}
		e := readElement(n, messages, ps)
		if e == nil {
			continue
		}
		def.Elements[id] = e
		def.Order = append(def.Order, id)
	}
}

// readElement reads one flow node, or reports it unsupported.
func readElement(n *node, messages map[string]string, ps *problems) *Element {
	id := n.attr("id")
	e := &Element{ID: id, Name: n.attr("name"), Kind: Kind(n.XMLName.Local)}
	for _, c := range n.Nodes {
		if !c.bpmn() {
			continue
		}
		switch c.XMLName.Local {
		case "multiInstanceLoopCharacteristics", "standardLoopCharacteristics":
			ps.add(id, ProblemUnsupported, "loops and multi-instance activities are not supported")
			return nil
		case "signalEventDefinition", "errorEventDefinition", "escalationEventDefinition", "conditionalEventDefinition",
			"compensateEventDefinition", "linkEventDefinition", "cancelEventDefinition":
			ps.add(id, ProblemUnsupported, "%s events are not supported; use timer or message events", strings.TrimSuffix(c.XMLName.Local, "EventDefinition"))
			return nil
		}
	}
	timers, msgs, terms := n.children("timerEventDefinition"), n.children("messageEventDefinition"), n.children("terminateEventDefinition")
	message := func() string {
		ref := n.attr("messageRef")
		if len(msgs) > 0 {
			ref = msgs[0].attr("messageRef")
		}
		if ref == "" {
			ps.add(id, ProblemMessage, "the message event names no message (messageRef)")
			return ""
		}
		name, ok := messages[ref]
		if !ok {
			ps.add(id, ProblemMessage, "the message %q is not defined in the file", ref)
			return ""
		}
		return name
	}
	switch e.Kind {
	case StartEvent:
		e.Message = DefaultStartTopic
		if len(timers) > 0 {
			ps.add(id, ProblemUnsupported, "a process starts from a case event, not from a timer")
			return nil
		}
		if len(msgs) > 0 {
			e.Message = message()
		}
	case EndEvent:
		if len(timers)+len(msgs) > 0 {
			ps.add(id, ProblemUnsupported, "end events may only terminate; send messages with a send task")
			return nil
		}
		e.Terminate = len(terms) > 0
	case ThrowEvent:
		if len(timers)+len(msgs)+len(terms) > 0 {
			ps.add(id, ProblemUnsupported, "throw events carry nothing here; send messages with a send task")
			return nil
		}
	case CatchEvent, BoundaryEvent:
		switch {
		case len(timers)+len(msgs) != 1:
			ps.add(id, ProblemUnsupported, "a catch or boundary event needs exactly one timer or message definition")
			return nil
		case len(timers) == 1:
			e.Timer = readTimer(id, &timers[0], ps)
		default:
			e.Message = message()
		}
		if e.Kind == BoundaryEvent {
			e.AttachedTo = n.attr("attachedToRef")
			e.Interrupting = n.attr("cancelActivity") != "false"
		}
	case ReceiveTask:
		e.Message = message()
	case UserTask:
		readPerformer(e, n, ps)
	case ServiceTask, SendTask:
		readAction(e, n, ps)
	case ExclusiveGateway:
		e.Default = n.attr("default")
	case ParallelGateway, ManualTask, PlainTask:
	case "subProcess", "callActivity", "transaction", "adHocSubProcess":
		ps.add(id, ProblemUnsupported, "sub-processes are not supported yet; draw the steps in the main process")
		return nil
	case "inclusiveGateway", "eventBasedGateway", "complexGateway":
		ps.add(id, ProblemUnsupported, "%s is not supported; use exclusive and parallel gateways", e.Kind)
		return nil
	case "scriptTask", "businessRuleTask":
		ps.add(id, ProblemUnsupported, "%s is not supported; use a service task with a luva:action", e.Kind)
		return nil
	default:
		ps.add(id, ProblemUnsupported, "the element %s is not supported", e.Kind)
		return nil
	}
	return e
}

func readTimer(id string, t *node, ps *problems) *Timer {
	dur, date := t.children("timeDuration"), t.children("timeDate")
	wd := t.luva("workingDays")
	if len(t.children("timeCycle")) > 0 {
		ps.add(id, ProblemTimer, "repeating timers (timeCycle) are not supported")
		return nil
	}
	if len(dur)+len(date) > 1 || (wd != "" && len(dur)+len(date) > 0) || (wd == "" && len(dur)+len(date) == 0) {
		ps.add(id, ProblemTimer, "a timer needs exactly one of timeDuration, timeDate or luva:workingDays")
		return nil
	}
	switch {
	case wd != "":
		s, err := workingDaysSpan(wd)
		if err != nil {
			ps.add(id, ProblemTimer, "%v", err)
			return nil
		}
		return &Timer{Span: s}
	case len(dur) == 1:
		s, err := ParseSpan(strings.TrimSpace(dur[0].Text))
		if err != nil {
			ps.add(id, ProblemTimer, "%v", err)
			return nil
		}
		return &Timer{Span: s}
	default:
		text := strings.TrimSpace(date[0].Text)
		at, err := time.Parse(time.RFC3339, text)
		if err != nil {
			ps.add(id, ProblemTimer, "timeDate %q is not a date and time such as 2027-01-31T12:00:00+02:00", text)
			return nil
		}
		return &Timer{Date: at}
	}
}

// readPerformer reads who may do a user task: luva:role, or the BPMN
// potentialOwner whose formal expression names the role.
func readPerformer(e *Element, n *node, ps *problems) {
	e.Role, e.Unit, e.Organisation = n.luva("role"), n.luva("unit"), n.luva("organisation")
	if e.Role == "" {
		for _, po := range append(n.children("potentialOwner"), n.children("humanPerformer")...) {
			for _, rae := range po.children("resourceAssignmentExpression") {
				for _, fe := range rae.children("formalExpression") {
					e.Role = strings.TrimSpace(fe.Text)
				}
			}
		}
	}
	if e.Role == "" {
		ps.add(e.ID, ProblemAttribute, "a user task needs a candidate role (luva:role, or a potentialOwner expression)")
	} else if !validRole(e.Role) {
		ps.add(e.ID, ProblemAttribute, "%q is not an authority role (%s)", e.Role, strings.Join(roleNames(), ", "))
	}
	readDue(e, n.luva("due"), ps)
}

func readDue(e *Element, due string, ps *problems) {
	if due == "" {
		return
	}
	s, err := ParseSpan(due)
	if err != nil {
		ps.add(e.ID, ProblemAttribute, "luva:due: %v", err)
		return
	}
	e.Due = s
}
