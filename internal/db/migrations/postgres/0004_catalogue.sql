-- The service catalogue: what a customer can send, who handles it, on what legal
-- basis, how early. Texts (name, summary, guidance) are versioned: an editor's
-- change is a new version that customers see only once it is published.
ALTER TABLE organisations ADD COLUMN code TEXT NOT NULL DEFAULT '';

CREATE TABLE services (
	id TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('permit', 'notification', 'registration', 'plan', 'report')),
	authority_type TEXT NOT NULL,
	national_agency TEXT NOT NULL DEFAULT '',
	owner_org TEXT NOT NULL DEFAULT '',
	legal_basis TEXT NOT NULL DEFAULT '[]',
	lead_days INTEGER NOT NULL DEFAULT 0,
	lead_working_days BOOLEAN NOT NULL DEFAULT FALSE,
	statutory_days INTEGER NOT NULL DEFAULT 0,
	target_days INTEGER NOT NULL DEFAULT 0,
	fee_eur INTEGER,
	handling TEXT NOT NULL DEFAULT 'luva' CHECK (handling IN ('luva', 'integration')),
	state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published', 'withdrawn')),
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE service_bundles (
	service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
	bundle_code TEXT NOT NULL REFERENCES bundles (code),
	PRIMARY KEY (service_id, bundle_code)
);
CREATE INDEX service_bundles_bundle ON service_bundles (bundle_code);

CREATE TABLE service_versions (
	service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
	version INTEGER NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('draft', 'in_review', 'published', 'superseded', 'discarded')),
	texts TEXT NOT NULL,
	author_id TEXT NOT NULL DEFAULT '',
	author_name TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	published_at TIMESTAMPTZ,
	published_by TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (service_id, version)
);
CREATE INDEX service_versions_state ON service_versions (service_id, state, version);
