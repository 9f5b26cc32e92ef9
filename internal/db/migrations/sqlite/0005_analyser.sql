-- The permit-need analyser: questionnaires that authorities build per service
-- bundle, the answers customers save, and the undertakings (projects) they start
-- from them. A questionnaire's definition (areas, questions, rules) is JSON,
-- versioned like a service's texts: customers answer the newest published
-- version while editors work on a draft.
CREATE TABLE questionnaires (
	id TEXT PRIMARY KEY,
	bundle_code TEXT NOT NULL REFERENCES bundles (code),
	owner_org TEXT NOT NULL REFERENCES organisations (id),
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
CREATE INDEX questionnaires_bundle ON questionnaires (bundle_code);
CREATE INDEX questionnaires_owner ON questionnaires (owner_org);

CREATE TABLE questionnaire_versions (
	questionnaire_id TEXT NOT NULL REFERENCES questionnaires (id) ON DELETE CASCADE,
	version INTEGER NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('draft', 'published', 'superseded')),
	definition TEXT NOT NULL,
	author_id TEXT NOT NULL DEFAULT '',
	author_name TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	published_at TIMESTAMP,
	published_by TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (questionnaire_id, version)
);
CREATE INDEX questionnaire_versions_state ON questionnaire_versions (state, questionnaire_id, version);

-- An analysis belongs to the person who saved it and, when they acted for an
-- organisation, to that organisation (acting_for); '' means the person alone.
CREATE TABLE analyses (
	id TEXT PRIMARY KEY,
	person_id TEXT NOT NULL REFERENCES persons (id),
	acting_for TEXT NOT NULL DEFAULT '',
	questionnaire_id TEXT NOT NULL REFERENCES questionnaires (id),
	questionnaire_version INTEGER NOT NULL,
	bundle_code TEXT NOT NULL REFERENCES bundles (code),
	municipality TEXT NOT NULL DEFAULT '',
	start_date TEXT NOT NULL DEFAULT '', -- YYYY-MM-DD, '' when not given
	answers TEXT NOT NULL,
	results TEXT NOT NULL,
	picked TEXT NOT NULL DEFAULT '[]',
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
CREATE INDEX analyses_owner ON analyses (acting_for, person_id, created_at);

CREATE TABLE undertakings (
	id TEXT PRIMARY KEY,
	person_id TEXT NOT NULL REFERENCES persons (id),
	acting_for TEXT NOT NULL DEFAULT '',
	name TEXT NOT NULL,
	bundle_code TEXT NOT NULL REFERENCES bundles (code),
	municipality TEXT NOT NULL DEFAULT '',
	start_date TEXT NOT NULL DEFAULT '',
	analysis_id TEXT REFERENCES analyses (id),
	services TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX undertakings_owner ON undertakings (acting_for, person_id, created_at);
