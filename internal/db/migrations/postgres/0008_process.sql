-- The process engine (functions 38 and 46): BPMN definitions, versioned per
-- organisation and key, and the instances that run cases through them.
--
-- A definition never changes once deployed: a new deployment is a new
-- version, and a running instance stays on the version it started on.
-- organisation_id '' is a definition for every authority; an authority's own
-- definition of the same service wins over it.
CREATE TABLE process_definitions (
	id TEXT PRIMARY KEY,
	organisation_id TEXT NOT NULL DEFAULT '',
	process_key TEXT NOT NULL,
	version INTEGER NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	start_topic TEXT NOT NULL,
	xml TEXT NOT NULL,
	deployed_by TEXT NOT NULL DEFAULT '',
	deployed_by_name TEXT NOT NULL DEFAULT '',
	deployed_at TIMESTAMPTZ NOT NULL,
	UNIQUE (organisation_id, process_key, version)
);

-- The catalogue services whose cases a definition version runs.
CREATE TABLE process_definition_services (
	definition_id TEXT NOT NULL REFERENCES process_definitions (id),
	service_id TEXT NOT NULL,
	PRIMARY KEY (definition_id, service_id)
);
CREATE INDEX process_definition_services_service ON process_definition_services (service_id);

-- One run of a definition for one case. start_event is the outbox event that
-- started it, unique so that an event handed over twice starts one instance.
-- variables holds what completed tasks returned, for the gateways.
CREATE TABLE process_instances (
	id TEXT PRIMARY KEY,
	definition_id TEXT NOT NULL REFERENCES process_definitions (id),
	case_id TEXT NOT NULL REFERENCES cases (id),
	organisation_id TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL CHECK (state IN ('running', 'completed', 'terminated', 'incident')),
	variables TEXT NOT NULL DEFAULT '{}',
	incident TEXT NOT NULL DEFAULT '',
	incident_element TEXT NOT NULL DEFAULT '',
	start_event BIGINT UNIQUE,
	started_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	ended_at TIMESTAMPTZ
);
CREATE INDEX process_instances_case ON process_instances (case_id);
CREATE INDEX process_instances_definition ON process_instances (definition_id, state);

-- The tokens that wait: at a user or receive task, a catch event or a
-- parallel join. A token that passes through an element in one step is only
-- in the history.
CREATE TABLE process_tokens (
	id TEXT PRIMARY KEY,
	instance_id TEXT NOT NULL REFERENCES process_instances (id),
	element_id TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX process_tokens_instance ON process_tokens (instance_id, element_id);

-- Work for people: user tasks and statement requests. The candidates are a
-- role in an organisation, optionally in one unit; unit_id '' is the whole
-- organisation.
CREATE TABLE process_tasks (
	id TEXT PRIMARY KEY,
	instance_id TEXT NOT NULL REFERENCES process_instances (id),
	token_id TEXT NOT NULL DEFAULT '',
	case_id TEXT NOT NULL REFERENCES cases (id),
	element_id TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL CHECK (kind IN ('user', 'statement')),
	organisation_id TEXT NOT NULL,
	role TEXT NOT NULL,
	unit_id TEXT NOT NULL DEFAULT '',
	assignee_id TEXT NOT NULL DEFAULT '',
	assignee_name TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL CHECK (state IN ('open', 'completed', 'cancelled')),
	due_at TIMESTAMPTZ,
	created_at TIMESTAMPTZ NOT NULL,
	completed_at TIMESTAMPTZ,
	completed_by TEXT NOT NULL DEFAULT '',
	completed_by_name TEXT NOT NULL DEFAULT '',
	result TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX process_tasks_queue ON process_tasks (organisation_id, state, due_at);
CREATE INDEX process_tasks_assignee ON process_tasks (assignee_id, state, due_at);
CREATE INDEX process_tasks_instance ON process_tasks (instance_id);
CREATE INDEX process_tasks_case ON process_tasks (case_id);

-- Durable timers, due on the service's clock. A node fires a timer in the
-- transaction that marks it fired, so no timer fires twice.
CREATE TABLE process_timers (
	id TEXT PRIMARY KEY,
	instance_id TEXT NOT NULL REFERENCES process_instances (id),
	token_id TEXT NOT NULL,
	element_id TEXT NOT NULL,
	due_at TIMESTAMPTZ NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('pending', 'fired', 'cancelled')),
	fired_at TIMESTAMPTZ
);
CREATE INDEX process_timers_due ON process_timers (state, due_at);
CREATE INDEX process_timers_token ON process_timers (token_id);

-- Waits for case events: a message catch event, a receive task or a message
-- boundary event waiting for a topic such as case.supplemented. last_event
-- is the last outbox event delivered, so that an event handed over again
-- does not wake a non-interrupting boundary event twice.
CREATE TABLE process_subscriptions (
	id TEXT PRIMARY KEY,
	instance_id TEXT NOT NULL REFERENCES process_instances (id),
	token_id TEXT NOT NULL,
	element_id TEXT NOT NULL,
	case_id TEXT NOT NULL,
	topic TEXT NOT NULL,
	last_event BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX process_subscriptions_case ON process_subscriptions (case_id, topic);
CREATE INDEX process_subscriptions_token ON process_subscriptions (token_id);

-- Every element an instance entered and left, for the diagram and the audit
-- of what the engine did.
CREATE TABLE process_history (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	instance_id TEXT NOT NULL REFERENCES process_instances (id),
	element_id TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('enter', 'leave', 'cancel', 'incident')),
	at TIMESTAMPTZ NOT NULL,
	detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX process_history_instance ON process_history (instance_id, id);
