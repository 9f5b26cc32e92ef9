package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/luva-fi/luva/internal/errs"
)

// stateTTL is how long a person has at the provider before the sign-in must
// start again.
const stateTTL = 10 * time.Minute

// pendingSignIn is a sign-in sent to a provider and not yet back: what the
// callback needs to finish it.
type pendingSignIn struct {
	Provider  string
	Nonce     string
	Verifier  string // PKCE code verifier
	Next      string // local path to land on
	Lang      string
	ExpiresAt time.Time
}

var errUnknownState = errs.E(errs.NotFound, "no such sign-in in progress")

// saveState stores a pending sign-in under the hash of its state, and clears
// out sign-ins abandoned long ago so that the table stays small. Expired rows
// are kept for an hour, so that a late callback still learns its language.
func (o *OIDC) saveState(ctx context.Context, state string, p pendingSignIn) error {
	now := o.clock.Now().UTC()
	err := o.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM oidc_states WHERE expires_at < $1`, now.Add(-time.Hour)); err != nil {
			return err
		}
		const q = `INSERT INTO oidc_states (state_hash, provider, nonce, verifier, next, lang, created_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
		_, err := tx.ExecContext(ctx, q, hashSecret(state), p.Provider, p.Nonce, p.Verifier, p.Next, p.Lang, now, p.ExpiresAt.UTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("save OIDC state for %s: %w", p.Provider, err)
	}
	return nil
}

// takeState removes the pending sign-in of a state and returns it, expired or
// not: deleting and reading in one statement means that of two callbacks with
// the same state only one gets it. A state never issued, or used already,
// is NotFound.
func (o *OIDC) takeState(ctx context.Context, state string) (pendingSignIn, error) {
	var p pendingSignIn
	err := o.db.Write.QueryRowContext(ctx, `DELETE FROM oidc_states WHERE state_hash = $1
RETURNING provider, nonce, verifier, next, lang, expires_at`, hashSecret(state)).
		Scan(&p.Provider, &p.Nonce, &p.Verifier, &p.Next, &p.Lang, &p.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return pendingSignIn{}, errUnknownState
	}
	if err != nil {
		return pendingSignIn{}, fmt.Errorf("take OIDC state: %w", err)
	}
	return p, nil
}
