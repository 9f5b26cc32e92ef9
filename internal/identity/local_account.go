package identity

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/alexedwards/argon2id"

	"github.com/luva-fi/luva/internal/errs"
)

// passwordParams are argon2id's parameters: the OWASP recommendation of 19 MiB
// and two passes, one lane. Stored hashes carry their parameters, so they can
// be raised later without breaking old hashes.
var passwordParams = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 12

// SetLocalAccount gives a person a local username and password in tx.
func SetLocalAccount(ctx context.Context, tx *sql.Tx, now time.Time, personID, username, password string) error {
	username = strings.ToLower(strings.TrimSpace(username))
	if username == "" {
		return errs.E(errs.Invalid, "a username is required")
	}
	if len([]rune(password)) < MinPasswordLength {
		return errs.E(errs.Invalid, fmt.Sprintf("the password must be at least %d characters", MinPasswordLength))
	}
	hash, err := argon2id.CreateHash(password, passwordParams)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	const q = `INSERT INTO local_accounts (person_id, username, password_hash, created_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (person_id) DO UPDATE SET username = excluded.username, password_hash = excluded.password_hash`
	if _, err := tx.ExecContext(ctx, q, personID, username, hash, now.UTC()); err != nil {
		return fmt.Errorf("set local account %s: %w", username, err)
	}
	return nil
}

// errWrongCredentials is the one answer to a wrong username or password, so
// that a caller cannot learn which usernames exist.
var errWrongCredentials = errs.E(errs.Unauthenticated, "wrong username or password")

// newDummyHash makes the hash compared against when a username is unknown, so
// that an unknown username takes as long to refuse as a wrong password.
func newDummyHash() string {
	h, err := argon2id.CreateHash("luva-no-such-account", passwordParams)
	if err != nil {
		panic(fmt.Sprintf("argon2id: %v", err)) // only fails when the system has no randomness
	}
	return h
}

// CheckLocalPassword returns the person whose username and password these are.
func (s *Store) CheckLocalPassword(ctx context.Context, username, password string) (string, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	var personID, hash string
	err := s.db.Read.QueryRowContext(ctx, `SELECT person_id, password_hash FROM local_accounts WHERE username = $1`, username).Scan(&personID, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		argon2id.ComparePasswordAndHash(password, s.dummyHash) //nolint:errcheck // only for timing
		return "", errWrongCredentials
	}
	if err != nil {
		return "", fmt.Errorf("find local account: %w", err)
	}
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	if err != nil {
		return "", fmt.Errorf("compare password: %w", err)
	}
	if !ok {
		return "", errWrongCredentials
	}
	return personID, nil
}

// Username returns the person's local username, or "" when they have none.
func (s *Store) Username(ctx context.Context, personID string) (string, error) {
	var u string
	err := s.db.Read.QueryRowContext(ctx, `SELECT username FROM local_accounts WHERE person_id = $1`, personID).Scan(&u)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("username: %w", err)
	}
	return u, nil
}

// LinkIdentity links an identity provider's subject to a person in tx.
func LinkIdentity(ctx context.Context, tx *sql.Tx, now time.Time, provider, subject, personID string) error {
	const q = `INSERT INTO identity_links (provider, subject, person_id, created_at) VALUES ($1, $2, $3, $4)`
	if _, err := tx.ExecContext(ctx, q, provider, subject, personID, now.UTC()); err != nil {
		return fmt.Errorf("link %s identity: %w", provider, err)
	}
	return nil
}

// PersonByLink returns the person linked to a provider's subject.
func (s *Store) PersonByLink(ctx context.Context, provider, subject string) (Person, error) {
	var id string
	err := s.db.Read.QueryRowContext(ctx, `SELECT person_id FROM identity_links WHERE provider = $1 AND subject = $2`, provider, subject).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Person{}, errs.E(errs.NotFound, "no linked person")
	}
	if err != nil {
		return Person{}, fmt.Errorf("find linked person: %w", err)
	}
	return s.Person(ctx, id)
}
