-- Reminders, obligations and the annual clock (function 8b).
--
-- An obligations row is one duty as a series: due_date is the occurrence that
-- is due next, and marking it done moves a recurring duty to its next
-- occurrence (every_months later) while obligation_completions keeps what was
-- done. Decisions insert rows without the new columns; their defaults make
-- them decision obligations reminded two weeks ahead, and recurrence 'yearly'
-- still means every twelve months.
ALTER TABLE obligations ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE obligations ADD COLUMN source TEXT NOT NULL DEFAULT 'decision';
ALTER TABLE obligations ADD COLUMN every_months INTEGER NOT NULL DEFAULT 0;
ALTER TABLE obligations ADD COLUMN remind_days INTEGER NOT NULL DEFAULT 14;
ALTER TABLE obligations ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE obligations ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE obligations ADD COLUMN done_at TIMESTAMPTZ;
CREATE INDEX obligations_due ON obligations (due_date);

-- Each occurrence done, with the day the customer says it was done.
CREATE TABLE obligation_completions (
	obligation_id TEXT NOT NULL REFERENCES obligations (id),
	due_date TEXT NOT NULL,
	done_on TEXT NOT NULL,
	done_by TEXT NOT NULL,
	done_by_name TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (obligation_id, due_date)
);

-- One reminder per occurrence: the key (obligation, due date) makes scheduling
-- idempotent, and delivery claims pending rows one at a time, so that no
-- reminder is sent twice however many nodes poll.
CREATE TABLE obligation_reminders (
	obligation_id TEXT NOT NULL REFERENCES obligations (id),
	due_date TEXT NOT NULL,
	remind_on TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'cancelled')),
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	next_try_at TIMESTAMPTZ,
	sent_at TIMESTAMPTZ,
	channel TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (obligation_id, due_date)
);
CREATE INDEX obligation_reminders_due ON obligation_reminders (state, remind_on);

-- What the built-in notifier delivered: an in-app record of each reminder.
CREATE TABLE obligation_notices (
	obligation_id TEXT NOT NULL REFERENCES obligations (id),
	due_date TEXT NOT NULL,
	person_id TEXT NOT NULL,
	acting_for TEXT NOT NULL DEFAULT '',
	title TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (obligation_id, due_date)
);
CREATE INDEX obligation_notices_owner ON obligation_notices (acting_for, person_id, created_at);

-- Calendar feeds: the token in the feed's address is the credential, so only
-- its hash is kept. One feed per person and party they act for; rotating
-- replaces the row, and the old address stops working.
CREATE TABLE obligation_feeds (
	token_hash TEXT PRIMARY KEY,
	person_id TEXT NOT NULL REFERENCES persons (id),
	acting_for TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (person_id, acting_for)
);
