-- Work queues (function 40). A queue is the open tasks of one role in one
-- organisation, optionally in one unit (unit_id '' is the whole
-- organisation): the candidates the process engine writes on process_tasks.
-- A queue without a rule is worked by claiming; a rule makes luva assign
-- each new task to someone itself.
--
-- last_person_id is where round-robin (and least loaded, for ties) left off,
-- so that the next task goes to the next person.
CREATE TABLE work_rules (
	organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	unit_id TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL CHECK (kind IN ('claim', 'round_robin', 'least_loaded', 'municipality')),
	last_person_id TEXT NOT NULL DEFAULT '',
	updated_by TEXT NOT NULL DEFAULT '',
	updated_by_name TEXT NOT NULL DEFAULT '',
	updated_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (organisation_id, role, unit_id)
);

-- The rule "by municipality": who gets the tasks of cases in each
-- municipality. A municipality without a row leaves its tasks to be claimed.
CREATE TABLE work_rule_municipalities (
	organisation_id TEXT NOT NULL,
	role TEXT NOT NULL,
	unit_id TEXT NOT NULL DEFAULT '',
	municipality_code TEXT NOT NULL,
	person_id TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
	PRIMARY KEY (organisation_id, role, unit_id, municipality_code),
	FOREIGN KEY (organisation_id, role, unit_id) REFERENCES work_rules (organisation_id, role, unit_id) ON DELETE CASCADE
);
