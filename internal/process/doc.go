// Package process runs authorities' case processes defined in BPMN 2.0: it
// parses and checks definitions, keeps them in versions per organisation and
// key, and executes instances natively. Tokens, tasks, timers and waits for
// case events live in the database, and every step runs in one transaction
// together with the case change and its outbox event, so the engine survives
// restarts and runs on several nodes without doing anything twice.
//
// # The executed subset
//
// A definition file holds one bpmn:process in the namespace
// http://www.omg.org/spec/BPMN/20100524/MODEL. Diagram interchange (bpmndi)
// is kept for the viewer and otherwise ignored. luva's extension attributes
// are in the namespace https://luva.fi/schema/bpmn (prefix luva below).
//
// # Process
//
//	<bpmn:process id="noise-notification" name="…" luva:services="ta-noise-notification te-…">
//
// The id is the key that versions replace each other under; luva:services
// lists the catalogue services whose cases the process runs. A definition is
// deployed for one organisation, or for every authority (""); an
// organisation's own definition of a service wins.
//
// # Elements
//
//   - startEvent: one, plain or with a messageEventDefinition whose message
//     name is the case event that starts an instance (default
//     application.submitted). Only cases sent and still open start.
//   - endEvent: plain, or with terminateEventDefinition to end every branch.
//   - userTask: luva:role (or a potentialOwner/humanPerformer formal
//     expression naming the role), optional luva:unit (a unit's name or id in
//     the organisation), luva:organisation (default the case's authority) and
//     luva:due (a span, below). The task holds its token until completed;
//     the values it is completed with become variables (vars.outcome).
//   - serviceTask with luva:action:
//     set_state (luva:state, one of the states that carry nothing else),
//     send_message (luva:message, sent to the customer from the authority),
//     request_statement (luva:role, default statement_giver; luva:due; opens
//     a statement task the process does not wait for),
//     create_obligation (luva:title, luva:due, luva:recurrence="yearly"),
//     call_webhook (luva:topic: appends the case event process.<topic>, which
//     the integration interface delivers to the authority's systems).
//   - sendTask: a send_message action with luva:message.
//   - receiveTask: waits for the case event its message names.
//   - exclusiveGateway: conditions in CEL on the flows out (see expr.go),
//     tried in document order, then the default flow. Every flow but the
//     default needs a condition.
//   - parallelGateway: forks to every flow out; with several flows in, waits
//     for a token on each.
//   - intermediateCatchEvent: a timer or a message.
//   - boundaryEvent on a user or receive task: a timer or a message,
//     interrupting (cancelActivity, the default) or not.
//   - intermediateThrowEvent (plain), manualTask and task pass through.
//
// Timers are timerEventDefinition with timeDuration (ISO 8601: P42D, P6W,
// PT4H), timeDate (RFC 3339) or luva:workingDays="30" (Finnish working days,
// ending at the same time of day). luva:due takes the same ISO durations and
// luva's PnWD for working days. Messages name case event topics:
// case.supplemented, case.decided, case.message, case.state_changed,
// case.completion_requested, case.change_proposed.
//
// Anything else (sub-processes, call activities, inclusive and event-based
// gateways, signal, error, escalation, conditional and link events, loops,
// script and business rule tasks, timeCycle) is refused at deploy with the
// element's id and the reason, as are dangling flows, unreachable elements,
// dead ends and conditions that do not compile.
//
// # Running
//
// Each step (a start, a task completed, a timer fired, a case event
// delivered) is one transaction: the instance row is locked, the tokens move
// until they wait again, and the case change, the engine's history and the
// outbox events (process.started, process.task_created,
// process.task_assigned, process.task_completed, process.timer_fired,
// process.message_received, process.completed, process.terminated,
// process.incident) commit together. A step the case refuses (a state change
// the model does not allow) rolls back whole and stops the instance as an
// incident, which Retry resumes once the cause is put right.
//
// A case event wakes only the tokens waiting for it when it is handled: an
// event that happened before a token reached its catch event is not kept
// for it. Timers are due on the engine's clock and fired by RunTimers (or
// FireDue) on any node.
package process
