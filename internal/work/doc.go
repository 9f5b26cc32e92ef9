// Package work distributes the tasks of the process engine among the
// people of an authority (functions 40 and 42): work queues, the rules
// that assign a queue's new tasks, each person's load, reassignment one
// task or many at a time, and the task list with its filters, orders and
// pages.
//
// # Queues
//
// A queue is an organisation, a role and optionally a unit: the candidates
// the engine writes on each task (process.Queue). Queues are not created:
// one exists as soon as a task or a rule names it.
//
// # Rules
//
// A queue without a rule is worked by claiming. A manager of the
// organisation may give it a rule instead:
//
//   - round_robin: the candidates take turns, in the order of their names;
//   - least_loaded: the candidate holding the fewest open tasks in the
//     organisation, ties taking turns as in round-robin;
//   - municipality: a table from the case's municipality to a person; a
//     municipality without a row leaves its tasks to be claimed.
//
// Candidates are the people holding the queue's role in the organisation,
// in its unit or in the whole organisation.
//
// # When rules run
//
// The engine writes process.task_created to the outbox in the transaction
// that opens a task. HandleEvent reads those events and assigns the task in
// a transaction of its own, which claims the task row with SKIP LOCKED (on
// PostgreSQL) and assigns only a task still open and free, so a person who
// claimed it first keeps it. luva serve hands the events to HandleEvent
// from the engine's own outbox consumer, whose lease already makes one
// node at a time act; so no second consumer, cursor or poller is needed,
// and a task is assigned moments after it opens. The engine's hook would
// have been the same transaction, but the engine has no seam there and a
// rule that cannot decide must never stop a case's process. A rule that
// cannot assign (nobody holds the role, no row for the municipality)
// leaves the task in the queue to be claimed.
//
// Setting a rule may also distribute the tasks already waiting in the
// queue. A task a manager gives back to its queue waits to be claimed:
// rules place tasks as they open, not again after a person's decision.
package work
