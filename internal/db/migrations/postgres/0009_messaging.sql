-- Messaging (functions 17, 39, 41): notifications in the app and by email,
-- each with its delivery metadata, and the triggers that turn case events
-- into notifications, tasks and processes.
--
-- A notification is one message to one person on one channel. Its text is
-- kept as message keys and parameters, so that the in-app list shows it in the
-- language the reader browses in; an email is written in the recipient's
-- language when it is sent. dedupe_key makes a message that is asked for
-- twice (an outbox event handed over again, a periodic job run on two nodes)
-- one row. Ids are UUIDv7, so their order is creation order.
CREATE TABLE notifications (
	id TEXT PRIMARY KEY,
	person_id TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
	channel TEXT NOT NULL CHECK (channel IN ('in_app', 'email')),
	recipient TEXT NOT NULL DEFAULT '',
	organisation_id TEXT NOT NULL DEFAULT '',
	trigger_id TEXT NOT NULL DEFAULT '',
	topic TEXT NOT NULL DEFAULT '',
	case_id TEXT NOT NULL DEFAULT '',
	case_number TEXT NOT NULL DEFAULT '',
	title_key TEXT NOT NULL,
	body_key TEXT NOT NULL DEFAULT '',
	params TEXT NOT NULL DEFAULT '{}',
	link TEXT NOT NULL DEFAULT '',
	dedupe_key TEXT NOT NULL UNIQUE,
	status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'read', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	sent_at TIMESTAMPTZ,
	delivered_at TIMESTAMPTZ,
	read_at TIMESTAMPTZ,
	failed_at TIMESTAMPTZ,
	next_attempt_at TIMESTAMPTZ
);
CREATE INDEX notifications_inbox ON notifications (person_id, channel, read_at, id);
CREATE INDEX notifications_org ON notifications (organisation_id, id);

-- A trigger is an authority's rule: when an event of topic happens to one of
-- its cases and condition (CEL over the event's payload, '' for always) holds,
-- do action. target is the role for role mailboxes and tasks, the fallback
-- role of notify_handler, or the process to start. default_key names the
-- built-in rule a row was seeded from ('' for rules the admins added).
CREATE TABLE triggers (
	id TEXT PRIMARY KEY,
	organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	topic TEXT NOT NULL,
	condition TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL CHECK (action IN ('notify_role', 'notify_handler', 'notify_customer', 'create_task', 'start_process')),
	target TEXT NOT NULL DEFAULT '',
	enabled BOOLEAN NOT NULL DEFAULT TRUE,
	default_key TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX triggers_org ON triggers (organisation_id, topic);

-- The organisations whose default triggers were seeded once: an admin who
-- deletes a default rule does not get it back.
CREATE TABLE trigger_defaults (
	organisation_id TEXT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
	seeded_at TIMESTAMPTZ NOT NULL
);

-- Each time a trigger met an event: what it did, or why it did nothing. The
-- pair is unique, so an event handed over again fires nothing twice.
CREATE TABLE trigger_firings (
	trigger_id TEXT NOT NULL REFERENCES triggers (id) ON DELETE CASCADE,
	event_id BIGINT NOT NULL,
	outcome TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT '',
	fired_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (trigger_id, event_id)
);
