package auth

import (
	"bytes"
	"context"
	"crypto/subtle"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
)

// refusal is why an OpenID Connect sign-in was turned away: key picks the
// message on the sign-in page (signin.error.<key>), reason goes to the audit
// log, and err, when there is one, to the log.
type refusal struct {
	key    string
	reason string
	err    error
}

func (e *refusal) Error() string {
	if e.err != nil {
		return fmt.Sprintf("OIDC sign-in refused (%s): %v", e.reason, e.err)
	}
	return "OIDC sign-in refused (" + e.reason + ")"
}

func (e *refusal) Unwrap() error { return e.err }

func refuse(key, reason string, err error) error { return &refusal{key: key, reason: reason, err: err} }

// claimState takes the pending sign-in named by the callback's state. It is
// refused when the state is unknown or used already, has expired, belongs to
// another provider or to another browser.
func (o *OIDC) claimState(ctx context.Context, r *http.Request, name string) (pendingSignIn, error) {
	if o.providers[name] == nil {
		return pendingSignIn{}, refuse("oidc", "unknown_provider", nil)
	}
	state := r.URL.Query().Get("state")
	if state == "" {
		return pendingSignIn{}, refuse("oidc_state", "missing_state", nil)
	}
	p, err := o.takeState(ctx, state)
	if errors.Is(err, errUnknownState) {
		return pendingSignIn{}, refuse("oidc_state", "unknown_state", nil)
	}
	if err != nil {
		return pendingSignIn{}, err
	}
	c, err := r.Cookie(stateCookie)
	switch {
	case err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(state)) != 1:
		return p, refuse("oidc_state", "other_browser", nil)
	case !o.clock.Now().Before(p.ExpiresAt):
		return p, refuse("oidc_state", "expired_state", nil)
	case p.Provider != name:
		return p, refuse("oidc_state", "other_provider", nil)
	}
	return p, nil
}

// identify exchanges the callback's code for tokens, verifies the ID token and
// returns the person it identifies.
func (o *OIDC) identify(ctx context.Context, r *http.Request, p *provider, pending pendingSignIn) (string, error) {
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		// The person cancelled, or the provider could not identify them.
		return "", refuse("oidc", "provider_error", fmt.Errorf("%s: %s", e, q.Get("error_description")))
	}
	ep, err := p.discover(ctx)
	if err != nil {
		return "", refuse("oidc", "provider_unavailable", err)
	}
	token, err := ep.oauth.Exchange(oidc.ClientContext(ctx, p.client), q.Get("code"), oauth2.VerifierOption(pending.Verifier))
	if err != nil {
		return "", refuse("oidc_token", "code_exchange", err)
	}
	raw, _ := token.Extra("id_token").(string)
	claims, err := verifyIDToken(ctx, ep.verifier, raw, pending.Nonce)
	if err != nil {
		return "", err
	}
	return o.link(ctx, RequestInfo(r), p.cfg, claims, pending.Lang)
}

// verifyIDToken checks a raw ID token with the verifier (signature by the
// provider's keys, issuer, audience, expiry) and that it carries the nonce of
// this sign-in, so that a token issued for another sign-in cannot be replayed
// into this one. It returns the token's claims.
func verifyIDToken(ctx context.Context, v *oidc.IDTokenVerifier, raw, nonce string) (map[string]any, error) {
	if raw == "" {
		return nil, refuse("oidc_token", "no_id_token", nil)
	}
	tok, err := v.Verify(ctx, raw)
	if err != nil {
		if _, ok := errors.AsType[*oidc.TokenExpiredError](err); ok {
			return nil, refuse("oidc_token", "token_expired", err)
		}
		return nil, refuse("oidc_token", "invalid_token", err)
	}
	if nonce == "" || subtle.ConstantTimeCompare([]byte(tok.Nonce), []byte(nonce)) != 1 {
		return nil, refuse("oidc_token", "nonce_mismatch", nil)
	}
	// Numbers stay as written, so that a long numeric subject keeps its digits.
	var payload json.RawMessage
	claims := map[string]any{}
	if err := tok.Claims(&payload); err != nil {
		return nil, refuse("oidc_token", "invalid_claims", err)
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	if err := dec.Decode(&claims); err != nil {
		return nil, refuse("oidc_token", "invalid_claims", err)
	}
	return claims, nil
}

// refuse sends the browser back to the sign-in page with the refusal's
// message, and logs and audits the refusal. An error that is not a refusal is
// ours, and shows the general message.
func (o *OIDC) refuse(w http.ResponseWriter, r *http.Request, name, lang string, err error) {
	name = truncate(name, 64) // an unknown provider's name is whatever the address said
	ref, ok := errors.AsType[*refusal](err)
	if !ok {
		ref = &refusal{key: "oidc", reason: "internal_error", err: err}
	}
	level, attrs := o.log.Warn, []any{"provider", name, "reason", ref.reason}
	if !ok {
		level = o.log.Error
	}
	if ref.err != nil {
		attrs = append(attrs, "error", ref.err)
	}
	level("OIDC sign-in refused", attrs...)
	ctx := context.WithoutCancel(r.Context()) // the refusal is recorded even if the browser has gone
	auditErr := o.db.InTx(ctx, func(tx *sql.Tx) error {
		return audit.Record(ctx, tx, o.db.Dialect, o.clock.Now(), access.Anonymous, RequestInfo(r), "session.sign_in", "oidc_provider", name, "failed",
			map[string]string{"provider": name, "reason": ref.reason})
	})
	if auditErr != nil {
		o.log.Error("audit OIDC refusal", "provider", name, "error", auditErr)
	}
	signInError(w, r, lang, ref.key)
}
