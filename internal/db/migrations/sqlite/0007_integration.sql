-- Webhooks to the authorities' own systems (function 24, the push side of the
-- integration interface).
--
-- A subscription is an authority's receiving address. Its secret signs every
-- delivery with HMAC-SHA256, so it is stored as it is: luva needs it back to
-- sign, and a hash could not sign. topics is a comma-separated list of event
-- topics, '' for every case event. A removed subscription keeps its row
-- (active = 0, removed_at set) so that its delivery log stays readable.
CREATE TABLE webhook_subscriptions (
	id TEXT PRIMARY KEY,
	organisation_id TEXT NOT NULL REFERENCES organisations (id),
	url TEXT NOT NULL,
	secret TEXT NOT NULL,
	topics TEXT NOT NULL DEFAULT '',
	active INTEGER NOT NULL DEFAULT 1,
	created_by TEXT NOT NULL,
	created_by_name TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	removed_at TIMESTAMP
);
CREATE INDEX webhook_subscriptions_org ON webhook_subscriptions (organisation_id, active);

-- One delivery of one event to one subscription, with the exact body sent on
-- every attempt. The unique pair (subscription, event) makes an event that the
-- outbox hands over twice still one delivery; test pings have no event.
-- Ids are UUIDv7, so the id order is the creation order the log pages by.
CREATE TABLE webhook_deliveries (
	id TEXT PRIMARY KEY,
	subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id),
	organisation_id TEXT NOT NULL,
	event_id INTEGER,
	topic TEXT NOT NULL,
	case_id TEXT NOT NULL DEFAULT '',
	case_number TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	last_status_code INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	last_attempt_at TIMESTAMP,
	next_attempt_at TIMESTAMP,
	delivered_at TIMESTAMP,
	created_at TIMESTAMP NOT NULL,
	UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_org ON webhook_deliveries (organisation_id, id);
