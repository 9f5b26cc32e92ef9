package process

import (
	"time"

	"github.com/google/cel-go/cel"
)

// Kind is the kind of a BPMN element the engine runs, named as in BPMN.
type Kind string

// The element kinds of the executed subset.
const (
	StartEvent       Kind = "startEvent"
	EndEvent         Kind = "endEvent"
	UserTask         Kind = "userTask"
	ManualTask       Kind = "manualTask" // done outside luva: passed through
	PlainTask        Kind = "task"       // an untyped task: passed through
	ServiceTask      Kind = "serviceTask"
	SendTask         Kind = "sendTask"
	ReceiveTask      Kind = "receiveTask"
	ExclusiveGateway Kind = "exclusiveGateway"
	ParallelGateway  Kind = "parallelGateway"
	CatchEvent       Kind = "intermediateCatchEvent"
	ThrowEvent       Kind = "intermediateThrowEvent"
	BoundaryEvent    Kind = "boundaryEvent"
)

// The built-in actions of service tasks (luva:action).
const (
	ActionSetState         = "set_state"
	ActionSendMessage      = "send_message"
	ActionRequestStatement = "request_statement"
	ActionCreateObligation = "create_obligation"
	ActionCallWebhook      = "call_webhook"
)

// Definition is a parsed and checked process definition. A deployed
// definition is immutable: the engine shares one value between instances.
type Definition struct {
	// Key is the process id in the XML; versions of one key replace each other.
	Key  string
	Name string
	// Services lists the catalogue services whose cases the process runs
	// (luva:services on the process, separated by spaces).
	Services []string
	// StartTopic is the case event that starts an instance: the message of
	// the start event, by default application.submitted.
	StartTopic string
	// Start is the id of the start event.
	Start string
	// Elements by id, and their ids in document order.
	Elements map[string]*Element
	Order    []string
	Flows    map[string]*Flow
	// flowOrder lists the flows in document order, the order in which an
	// exclusive gateway tries their conditions.
	flowOrder []string
}

// Element is one flow node.
type Element struct {
	ID   string
	Name string
	Kind Kind
	// Incoming and Outgoing are sequence flow ids, in document order.
	Incoming []string
	Outgoing []string
	// Boundaries are the boundary events attached to this activity.
	Boundaries []string

	// Role, Unit and Organisation say who may do a user task or give a
	// statement; Organisation "" means the case's authority.
	Role         string
	Unit         string
	Organisation string
	// Due is how long a task may take; zero means no due date.
	Due Span

	// Action and its parameters (luva:* attributes) for service tasks; a
	// send task is a send_message action.
	Action string
	Params map[string]string

	// Timer of a timer event; Message is the case event topic a message
	// event or receive task waits for.
	Timer   *Timer
	Message string
	// Terminate marks a terminating end event.
	Terminate bool

	// AttachedTo and Interrupting describe a boundary event.
	AttachedTo   string
	Interrupting bool

	// Default is the default flow of an exclusive gateway.
	Default string
}

// Flow is a sequence flow, with its compiled condition when it has one.
type Flow struct {
	ID        string
	Name      string
	Source    string
	Target    string
	Condition string
	program   cel.Program
}

// Timer is when a timer event fires, counted from the moment its token
// arrives: after a span, or at a fixed date.
type Timer struct {
	Span Span
	Date time.Time
}

// DefinitionInfo is a deployed version of a definition, without its model.
type DefinitionInfo struct {
	ID           string    `json:"id"`
	Organisation string    `json:"organisation"` // "" for every authority
	Key          string    `json:"key"`
	Version      int       `json:"version"`
	Name         string    `json:"name"`
	Services     []string  `json:"services"`
	StartTopic   string    `json:"start_topic"`
	DeployedBy   string    `json:"-"`
	DeployedName string    `json:"deployed_by_name"`
	DeployedAt   time.Time `json:"deployed_at"`
	// XML is the definition as deployed, for the diagram; lists leave it out.
	XML string `json:"xml,omitempty"`
}
