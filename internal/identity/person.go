// Package identity holds the people and organisations of luva: customers and
// authority users, companies, associations and authorities with the areas they
// serve, authority roles, mandates to act for a company, and local sign-in.
package identity

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/i18n"
	"github.com/luva-fi/luva/internal/idcode"
)

// Person is a customer or an authority user.
type Person struct {
	ID            string     `json:"id"`
	GivenNames    string     `json:"given_names"`
	FamilyName    string     `json:"family_name"`
	PersonalID    string     `json:"-"` // shown masked, and only where needed
	Email         string     `json:"email"`
	Phone         string     `json:"phone"`
	StreetAddress string     `json:"street_address"`
	PostalCode    string     `json:"postal_code"`
	PostOffice    string     `json:"post_office"`
	Lang          string     `json:"lang"`
	NotifyInApp   bool       `json:"notify_in_app"`
	NotifyEmail   bool       `json:"notify_email"`
	NotifySMS     bool       `json:"notify_sms"`
	PlatformAdmin bool       `json:"-"`
	ContactSeenAt *time.Time `json:"contact_confirmed_at,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

// Name is the person's full name.
func (p Person) Name() string { return strings.TrimSpace(p.GivenNames + " " + p.FamilyName) }

// MaskedPersonalID shows the birth date part of the personal identity code only.
func (p Person) MaskedPersonalID() string {
	if p.PersonalID == "" {
		return ""
	}
	return idcode.MaskPersonalID(p.PersonalID)
}

// Store reads people and organisations; changes go through functions that take
// the caller's transaction.
type Store struct {
	db        *db.DB
	dummyHash string
}

// NewStore returns an identity store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d, dummyHash: newDummyHash()} }

// NewID returns a new time-ordered id.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

const personColumns = `id, given_names, family_name, COALESCE(personal_id, ''), email, phone, street_address,
postal_code, post_office, lang, notify_in_app, notify_email, notify_sms, platform_admin, contact_confirmed_at, created_at, updated_at`

type scanner interface{ Scan(...any) error }

func scanPerson(row scanner) (Person, error) {
	var p Person
	var seen sql.NullTime
	err := row.Scan(&p.ID, &p.GivenNames, &p.FamilyName, &p.PersonalID, &p.Email, &p.Phone, &p.StreetAddress,
		&p.PostalCode, &p.PostOffice, &p.Lang, &p.NotifyInApp, &p.NotifyEmail, &p.NotifySMS, &p.PlatformAdmin, &seen, &p.CreatedAt, &p.UpdatedAt)
	if seen.Valid {
		p.ContactSeenAt = &seen.Time
	}
	return p, err
}

// CreatePerson inserts p in tx, giving it an id and timestamps when missing.
func CreatePerson(ctx context.Context, tx *sql.Tx, now time.Time, p Person) (Person, error) {
	if p.ID == "" {
		p.ID = NewID()
	}
	if p.Lang == "" {
		p.Lang = i18n.Default
	}
	p.CreatedAt, p.UpdatedAt = now.UTC(), now.UTC()
	var pid any
	if p.PersonalID != "" {
		id, err := idcode.ParsePersonalID(p.PersonalID)
		if err != nil {
			return Person{}, errs.Wrap(errs.Invalid, "invalid personal identity code", err)
		}
		p.PersonalID = id.String()
		pid = p.PersonalID
	}
	const q = `INSERT INTO persons (id, given_names, family_name, personal_id, email, phone, street_address, postal_code,
post_office, lang, notify_in_app, notify_email, notify_sms, platform_admin, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`
	_, err := tx.ExecContext(ctx, q, p.ID, p.GivenNames, p.FamilyName, pid, p.Email, p.Phone, p.StreetAddress, p.PostalCode,
		p.PostOffice, p.Lang, p.NotifyInApp, p.NotifyEmail, p.NotifySMS, p.PlatformAdmin, p.CreatedAt, p.UpdatedAt)
	if err != nil {
		return Person{}, fmt.Errorf("create person: %w", err)
	}
	return p, nil
}

// Person returns the person with the id.
func (s *Store) Person(ctx context.Context, id string) (Person, error) {
	return s.personWhere(ctx, `id = $1`, id)
}

// PersonByPersonalID returns the person with the personal identity code.
func (s *Store) PersonByPersonalID(ctx context.Context, code string) (Person, error) {
	return s.personWhere(ctx, `personal_id = $1`, code)
}

// PersonByEmail returns the person with the email address.
func (s *Store) PersonByEmail(ctx context.Context, email string) (Person, error) {
	return s.personWhere(ctx, `lower(email) = lower($1)`, strings.TrimSpace(email))
}

func (s *Store) personWhere(ctx context.Context, where string, arg string) (Person, error) {
	p, err := scanPerson(s.db.Read.QueryRowContext(ctx, `SELECT `+personColumns+` FROM persons WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return Person{}, errs.E(errs.NotFound, "no such person")
	}
	if err != nil {
		return Person{}, fmt.Errorf("find person: %w", err)
	}
	return p, nil
}
