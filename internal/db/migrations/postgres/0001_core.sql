-- The transactional outbox: every state change writes its domain event here in
-- the same transaction. tx_id is the writing transaction's id, so that a consumer
-- reads only events of finished transactions (see db.VisibleEventsClause).
CREATE TABLE events (
	id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	tx_id BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
	topic TEXT NOT NULL,
	aggregate_type TEXT NOT NULL,
	aggregate_id TEXT NOT NULL,
	payload JSONB NOT NULL,
	occurred_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX events_position ON events (tx_id, id);
CREATE INDEX events_aggregate ON events (aggregate_type, aggregate_id, id);

-- One row per outbox consumer: how far it has read, and which node holds it.
CREATE TABLE event_consumers (
	name TEXT PRIMARY KEY,
	last_tx_id BIGINT NOT NULL DEFAULT 0,
	last_event_id BIGINT NOT NULL DEFAULT 0,
	lease_owner TEXT NOT NULL DEFAULT '',
	lease_until TIMESTAMPTZ,
	updated_at TIMESTAMPTZ NOT NULL
);

-- The service bundles of MISSION.md with their texts per language.
CREATE TABLE bundles (
	code TEXT PRIMARY KEY,
	position INTEGER NOT NULL
);
CREATE TABLE bundle_texts (
	bundle_code TEXT NOT NULL REFERENCES bundles (code) ON DELETE CASCADE,
	lang TEXT NOT NULL CHECK (lang IN ('fi', 'sv', 'en')),
	name TEXT NOT NULL,
	summary TEXT NOT NULL,
	PRIMARY KEY (bundle_code, lang)
);

-- Demo data sets loaded into this database, so that loading is done once.
CREATE TABLE demo_seeds (
	name TEXT PRIMARY KEY,
	loaded_at TIMESTAMPTZ NOT NULL
);
