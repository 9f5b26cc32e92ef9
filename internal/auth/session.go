// Package auth signs people in and keeps their sessions: local passwords and
// OpenID Connect, server-side sessions shared by every node, form tokens bound
// to the session, and sign-in rate limits.
package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
)

// Session is a signed-in browser.
type Session struct {
	ID         string    `json:"id"`
	PersonID   string    `json:"-"`
	ActingFor  string    `json:"acting_for,omitempty"`
	Method     string    `json:"method"`
	UserAgent  string    `json:"user_agent"`
	IP         string    `json:"ip"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
}

// Sessions stores sessions in the database. The cookie holds a random secret;
// the database holds only its SHA-256, so a leaked database opens no session.
type Sessions struct {
	db    *db.DB
	clock clock.Clock
	// Idle ends a session nobody has used for this long.
	Idle time.Duration
	// Absolute ends every session this long after sign-in.
	Absolute time.Duration
}

// NewSessions returns the session store with 30 minutes idle and 12 hours
// absolute timeouts.
func NewSessions(d *db.DB, clk clock.Clock) *Sessions {
	return &Sessions{db: d, clock: clk, Idle: 30 * time.Minute, Absolute: 12 * time.Hour}
}

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func newSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// Create starts a session for the person in tx and returns the cookie secret.
func (s *Sessions) Create(ctx context.Context, tx *sql.Tx, personID, method, userAgent, ip string) (string, Session, error) {
	now := s.clock.Now().UTC()
	secret := newSecret()
	sess := Session{ID: identity.NewID(), PersonID: personID, Method: method, UserAgent: truncate(userAgent, 300), IP: ip,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.Absolute)}
	const q = `INSERT INTO sessions (id, secret_hash, person_id, method, user_agent, ip, created_at, last_seen_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`
	if _, err := tx.ExecContext(ctx, q, sess.ID, hashSecret(secret), personID, method, sess.UserAgent, ip, now, now, sess.ExpiresAt); err != nil {
		return "", Session{}, fmt.Errorf("create session: %w", err)
	}
	return secret, sess, nil
}

var errNoSession = errs.E(errs.Unauthenticated, "no valid session")

// Lookup returns the live session of a cookie secret, and notes that it was
// used (at most once a minute, to spare the database a write per request).
func (s *Sessions) Lookup(ctx context.Context, secret string) (Session, error) {
	if secret == "" {
		return Session{}, errNoSession
	}
	var sess Session
	err := s.db.Read.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE secret_hash = $1`, hashSecret(secret)).
		Scan(sess.fields()...)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, errNoSession
	}
	if err != nil {
		return Session{}, fmt.Errorf("look up session: %w", err)
	}
	now := s.clock.Now()
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= s.Idle {
		return Session{}, errNoSession
	}
	if now.Sub(sess.LastSeenAt) >= time.Minute {
		if _, err := s.db.Write.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id = $2`, now.UTC(), sess.ID); err != nil {
			return Session{}, fmt.Errorf("touch session: %w", err)
		}
		sess.LastSeenAt = now.UTC()
	}
	return sess, nil
}

const sessionColumns = `id, person_id, acting_for, method, user_agent, ip, created_at, last_seen_at, expires_at`

func (s *Session) fields() []any {
	return []any{&s.ID, &s.PersonID, &s.ActingFor, &s.Method, &s.UserAgent, &s.IP, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt}
}

// List returns the person's live sessions, newest first.
func (s *Sessions) List(ctx context.Context, personID string) ([]Session, error) {
	now := s.clock.Now().UTC()
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+sessionColumns+` FROM sessions
WHERE person_id = $1 AND expires_at > $2 AND last_seen_at > $3 ORDER BY last_seen_at DESC, id`, personID, now, now.Add(-s.Idle))
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var sess Session
		if err := rows.Scan(sess.fields()...); err != nil {
			return nil, fmt.Errorf("scan session: %w", err)
		}
		out = append(out, sess)
	}
	return out, rows.Err()
}

// End ends one of the person's sessions in tx.
func End(ctx context.Context, tx *sql.Tx, personID, sessionID string) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1 AND person_id = $2`, sessionID, personID)
	if err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "no such session")
	}
	return nil
}

// EndAll ends every session of the person in tx and returns how many there were.
func EndAll(ctx context.Context, tx *sql.Tx, personID string) (int64, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1`, personID)
	if err != nil {
		return 0, fmt.Errorf("end all sessions: %w", err)
	}
	return res.RowsAffected()
}

// SetActingFor records in tx whom the session's person acts for ("" for themself).
func SetActingFor(ctx context.Context, tx *sql.Tx, sessionID, orgID string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE sessions SET acting_for = $1 WHERE id = $2`, orgID, sessionID); err != nil {
		return fmt.Errorf("set acting for: %w", err)
	}
	return nil
}

// FormToken is the anti-forgery token of forms in the session with the secret.
// It is derived from the secret, so it needs no storage and dies with the session.
func FormToken(secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("luva form token v1"))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// ValidFormToken reports whether token belongs to the session with the secret.
func ValidFormToken(secret, token string) bool {
	return secret != "" && hmac.Equal([]byte(FormToken(secret)), []byte(token))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
