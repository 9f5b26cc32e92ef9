-- The transactional outbox: every state change writes its domain event here in
-- the same transaction. tx_id is always 0 on SQLite (one writer: id order is
-- commit order); PostgreSQL fills it with the writing transaction's id.
CREATE TABLE events (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	tx_id INTEGER NOT NULL DEFAULT 0,
	topic TEXT NOT NULL,
	aggregate_type TEXT NOT NULL,
	aggregate_id TEXT NOT NULL,
	payload TEXT NOT NULL,
	occurred_at TIMESTAMP NOT NULL
);
CREATE INDEX events_position ON events (tx_id, id);
CREATE INDEX events_aggregate ON events (aggregate_type, aggregate_id, id);

-- One row per outbox consumer: how far it has read, and which node holds it.
CREATE TABLE event_consumers (
	name TEXT PRIMARY KEY,
	last_tx_id INTEGER NOT NULL DEFAULT 0,
	last_event_id INTEGER NOT NULL DEFAULT 0,
	lease_owner TEXT NOT NULL DEFAULT '',
	lease_until TIMESTAMP,
	updated_at TIMESTAMP NOT NULL
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
	loaded_at TIMESTAMP NOT NULL
);
