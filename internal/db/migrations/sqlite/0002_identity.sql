-- Identity and access: people, organisations, roles, mandates, sign-in, sessions
-- and the audit log. Ids are UUIDs made in Go. Booleans are 0/1.
CREATE TABLE municipalities (
	code TEXT PRIMARY KEY,
	name_fi TEXT NOT NULL,
	name_sv TEXT NOT NULL
);

CREATE TABLE persons (
	id TEXT PRIMARY KEY,
	given_names TEXT NOT NULL,
	family_name TEXT NOT NULL,
	personal_id TEXT UNIQUE,
	email TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	street_address TEXT NOT NULL DEFAULT '',
	postal_code TEXT NOT NULL DEFAULT '',
	post_office TEXT NOT NULL DEFAULT '',
	lang TEXT NOT NULL DEFAULT 'fi' CHECK (lang IN ('fi', 'sv', 'en')),
	notify_in_app INTEGER NOT NULL DEFAULT 1,
	notify_email INTEGER NOT NULL DEFAULT 1,
	notify_sms INTEGER NOT NULL DEFAULT 0,
	platform_admin INTEGER NOT NULL DEFAULT 0,
	contact_confirmed_at TIMESTAMP,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

-- Local sign-in for demo and small deployments.
CREATE TABLE local_accounts (
	person_id TEXT PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
	username TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL
);

-- A person as known to an OpenID Connect provider, linked by the claim the
-- provider's configuration names.
CREATE TABLE identity_links (
	provider TEXT NOT NULL,
	subject TEXT NOT NULL,
	person_id TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
	created_at TIMESTAMP NOT NULL,
	PRIMARY KEY (provider, subject)
);

CREATE TABLE organisations (
	id TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('company', 'association', 'authority')),
	business_id TEXT UNIQUE,
	name TEXT NOT NULL,
	name_sv TEXT NOT NULL DEFAULT '',
	authority_type TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL
);

CREATE TABLE organisation_units (
	id TEXT PRIMARY KEY,
	organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	name_sv TEXT NOT NULL DEFAULT '',
	UNIQUE (organisation_id, name)
);

-- The municipalities a local authority serves; national agencies have none and
-- serve all.
CREATE TABLE authority_areas (
	organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	municipality_code TEXT NOT NULL REFERENCES municipalities (code),
	PRIMARY KEY (organisation_id, municipality_code)
);

-- An authority user's role in an organisation, optionally limited to a unit
-- ('' means the whole organisation).
CREATE TABLE role_grants (
	id TEXT PRIMARY KEY,
	person_id TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
	organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	unit_id TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL,
	granted_by TEXT NOT NULL DEFAULT '',
	granted_at TIMESTAMP NOT NULL,
	UNIQUE (person_id, organisation_id, unit_id, role)
);
CREATE INDEX role_grants_organisation ON role_grants (organisation_id);

-- A person's right to act for a company or association, as in the national
-- mandate service. rights is a comma-separated subset of apply,view,manage.
CREATE TABLE mandates (
	id TEXT PRIMARY KEY,
	person_id TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
	organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	rights TEXT NOT NULL,
	granted_by TEXT NOT NULL DEFAULT '',
	valid_until TIMESTAMP,
	created_at TIMESTAMP NOT NULL,
	UNIQUE (person_id, organisation_id)
);
CREATE INDEX mandates_organisation ON mandates (organisation_id);

-- Server-side sessions. Only the hash of the cookie's secret is stored.
CREATE TABLE sessions (
	id TEXT PRIMARY KEY,
	secret_hash TEXT NOT NULL UNIQUE,
	person_id TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
	acting_for TEXT NOT NULL DEFAULT '',
	method TEXT NOT NULL,
	user_agent TEXT NOT NULL DEFAULT '',
	ip TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	last_seen_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_person ON sessions (person_id);

-- Fixed-window counters for sign-in rate limits, shared by every node.
CREATE TABLE rate_limits (
	key TEXT PRIMARY KEY,
	window_start TIMESTAMP NOT NULL,
	hits INTEGER NOT NULL
);

-- Append-only, hash-chained audit log: each entry's hash covers its fields and
-- the previous entry's hash, so an edited or deleted row breaks the chain.
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	at TIMESTAMP NOT NULL,
	actor_id TEXT NOT NULL DEFAULT '',
	actor_name TEXT NOT NULL DEFAULT '',
	acting_for TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL,
	target_type TEXT NOT NULL DEFAULT '',
	target_id TEXT NOT NULL DEFAULT '',
	route TEXT NOT NULL DEFAULT '',
	ip TEXT NOT NULL DEFAULT '',
	outcome TEXT NOT NULL DEFAULT 'ok',
	detail TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
