-- Applications and cases (functions 3, 6, 7, 24, 25, 28, 33, 45) and the form
-- versions they are filled in on (32b).
--
-- A form version in use never changes: editors save a new version, and an
-- application keeps the version it was started on.
CREATE TABLE form_versions (
	form_id TEXT NOT NULL,
	version INTEGER NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('draft', 'published', 'superseded', 'withdrawn')),
	definition TEXT NOT NULL,
	owner_org TEXT NOT NULL DEFAULT '',
	author_name TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	published_at TIMESTAMP,
	PRIMARY KEY (form_id, version)
);

-- Which form a service is applied for with; services without a row use the
-- general form.
CREATE TABLE form_services (
	service_id TEXT PRIMARY KEY,
	form_id TEXT NOT NULL
);

-- The last case number handed out per year: LUVA-2026-000123.
CREATE TABLE case_counters (
	year INTEGER PRIMARY KEY,
	last_number INTEGER NOT NULL
);

-- A case is an application from its first draft to its archiving. answers is
-- the working copy the customer edits; every sending freezes it into
-- case_versions. acting_for is the company the customer applies for, '' for
-- themself. submit_key makes sending idempotent across retries.
CREATE TABLE cases (
	id TEXT PRIMARY KEY,
	number TEXT UNIQUE,
	service_id TEXT NOT NULL,
	authority_org TEXT NOT NULL DEFAULT '',
	person_id TEXT NOT NULL REFERENCES persons (id),
	acting_for TEXT NOT NULL DEFAULT '',
	applicant_name TEXT NOT NULL DEFAULT '',
	undertaking_id TEXT,
	form_id TEXT NOT NULL,
	form_version INTEGER NOT NULL,
	state TEXT NOT NULL,
	municipality TEXT NOT NULL DEFAULT '',
	title TEXT NOT NULL DEFAULT '',
	lang TEXT NOT NULL DEFAULT 'fi',
	answers TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 0,
	editing TEXT NOT NULL DEFAULT '',
	submit_key TEXT UNIQUE,
	handler_id TEXT NOT NULL DEFAULT '',
	handler_name TEXT NOT NULL DEFAULT '',
	statutory_days INTEGER NOT NULL DEFAULT 0,
	target_days INTEGER NOT NULL DEFAULT 0,
	processing_days INTEGER,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	submitted_at TIMESTAMP,
	decided_at TIMESTAMP
);
CREATE INDEX cases_owner ON cases (acting_for, person_id, updated_at);
CREATE INDEX cases_authority ON cases (authority_org, submitted_at, id);
CREATE INDEX cases_authority_state ON cases (authority_org, state, submitted_at, id);
CREATE INDEX cases_authority_handler ON cases (authority_org, handler_id, submitted_at, id);
CREATE INDEX cases_authority_service ON cases (authority_org, service_id, submitted_at, id);
CREATE INDEX cases_service_decided ON cases (service_id, decided_at);
CREATE INDEX cases_undertaking ON cases (undertaking_id);

-- Every version the customer sent: the first application, supplements and
-- proposed changes, frozen with the attachments they carried.
CREATE TABLE case_versions (
	case_id TEXT NOT NULL REFERENCES cases (id),
	version INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('application', 'supplement', 'change')),
	answers TEXT NOT NULL,
	attachments TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	created_by TEXT NOT NULL,
	created_by_name TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (case_id, version)
);

-- Every change of state: who, when and why.
CREATE TABLE case_history (
	id INTEGER PRIMARY KEY,
	case_id TEXT NOT NULL REFERENCES cases (id),
	at TIMESTAMP NOT NULL,
	actor_id TEXT NOT NULL DEFAULT '',
	actor_name TEXT NOT NULL DEFAULT '',
	side TEXT NOT NULL,
	from_state TEXT NOT NULL,
	to_state TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_history_case ON case_history (case_id, id);

CREATE TABLE attachments (
	id TEXT PRIMARY KEY,
	case_id TEXT NOT NULL REFERENCES cases (id),
	field TEXT NOT NULL,
	name TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size BIGINT NOT NULL,
	sha256 TEXT NOT NULL,
	blob_key TEXT NOT NULL,
	scan TEXT NOT NULL CHECK (scan IN ('clean', 'unscanned')),
	uploaded_by TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL,
	removed_at TIMESTAMP
);
CREATE INDEX attachments_case ON attachments (case_id, created_at);

-- The authority's requests for completion; the case's clock pauses from the
-- request until the customer answers.
CREATE TABLE completion_requests (
	id TEXT PRIMARY KEY,
	case_id TEXT NOT NULL REFERENCES cases (id),
	message TEXT NOT NULL,
	deadline TEXT NOT NULL,
	requested_at TIMESTAMP NOT NULL,
	requested_by TEXT NOT NULL,
	requested_by_name TEXT NOT NULL DEFAULT '',
	answered_at TIMESTAMP,
	answer_version INTEGER
);
CREATE INDEX completion_requests_case ON completion_requests (case_id, requested_at);

CREATE TABLE decisions (
	case_id TEXT PRIMARY KEY REFERENCES cases (id),
	outcome TEXT NOT NULL CHECK (outcome IN ('granted', 'conditional', 'rejected', 'dismissed')),
	body TEXT NOT NULL,
	conditions TEXT NOT NULL,
	appeal TEXT NOT NULL,
	decided_at TIMESTAMP NOT NULL,
	decided_by TEXT NOT NULL,
	decided_by_name TEXT NOT NULL DEFAULT ''
);

-- Duties a decision sets, for the reminders: an annual report, a renewal.
CREATE TABLE obligations (
	id TEXT PRIMARY KEY,
	case_id TEXT NOT NULL REFERENCES cases (id),
	person_id TEXT NOT NULL,
	acting_for TEXT NOT NULL DEFAULT '',
	title TEXT NOT NULL,
	due_date TEXT NOT NULL,
	recurrence TEXT NOT NULL DEFAULT '' CHECK (recurrence IN ('', 'yearly')),
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX obligations_owner ON obligations (acting_for, person_id, due_date);
CREATE INDEX obligations_case ON obligations (case_id);

-- Messages between the customer and the authority about a case.
CREATE TABLE case_messages (
	id TEXT PRIMARY KEY,
	case_id TEXT NOT NULL REFERENCES cases (id),
	side TEXT NOT NULL CHECK (side IN ('customer', 'authority')),
	author_id TEXT NOT NULL,
	author_name TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX case_messages_case ON case_messages (case_id, created_at);

-- Partners the customer invited to one application, with limited rights.
CREATE TABLE case_partners (
	case_id TEXT NOT NULL REFERENCES cases (id),
	person_id TEXT NOT NULL REFERENCES persons (id),
	can_edit BOOLEAN NOT NULL DEFAULT FALSE,
	invited_by TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL,
	PRIMARY KEY (case_id, person_id)
);
CREATE INDEX case_partners_person ON case_partners (person_id);
