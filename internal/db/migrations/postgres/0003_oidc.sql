-- OpenID Connect sign-ins sent to a provider and not yet back. Only the hash of
-- the state is kept, so a leaked table cannot finish anyone's sign-in; the
-- callback deletes the row, so each state works once.
CREATE TABLE oidc_states (
	state_hash TEXT PRIMARY KEY,
	provider TEXT NOT NULL,
	nonce TEXT NOT NULL,
	verifier TEXT NOT NULL,
	next TEXT NOT NULL,
	lang TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX oidc_states_expires ON oidc_states (expires_at);
