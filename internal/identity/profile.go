package identity

import (
	"context"
	"database/sql"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/i18n"
)

// ProfileUpdate is what a person may change about themself. Names and the
// personal identity code come from strong identification and are not edited here.
type ProfileUpdate struct {
	Email         string `json:"email"`
	Phone         string `json:"phone"`
	StreetAddress string `json:"street_address"`
	PostalCode    string `json:"postal_code"`
	PostOffice    string `json:"post_office"`
	Lang          string `json:"lang"`
	NotifyInApp   bool   `json:"notify_in_app"`
	NotifyEmail   bool   `json:"notify_email"`
	NotifySMS     bool   `json:"notify_sms"`
}

var (
	phoneRE      = regexp.MustCompile(`^\+?[0-9 ()-]{5,20}$`)
	postalCodeRE = regexp.MustCompile(`^[0-9]{5}$`)
)

// Validate tidies u and returns an Invalid error whose fields map each wrong
// field to a message key of the i18n catalogues.
func (u *ProfileUpdate) Validate() error {
	u.Email = strings.TrimSpace(u.Email)
	u.Phone = strings.TrimSpace(u.Phone)
	u.StreetAddress = strings.TrimSpace(u.StreetAddress)
	u.PostalCode = strings.TrimSpace(u.PostalCode)
	u.PostOffice = strings.TrimSpace(u.PostOffice)
	fields := map[string]string{}
	if u.Email != "" {
		if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
			fields["email"] = "profile.error.email"
		}
	}
	if u.Phone != "" && !phoneRE.MatchString(u.Phone) {
		fields["phone"] = "profile.error.phone"
	}
	if u.PostalCode != "" && !postalCodeRE.MatchString(u.PostalCode) {
		fields["postal_code"] = "profile.error.postal_code"
	}
	if !i18n.Supported(u.Lang) {
		fields["lang"] = "profile.error.lang"
	}
	if u.NotifyEmail && u.Email == "" && fields["email"] == "" {
		fields["notify_email"] = "profile.error.notify_email"
	}
	if u.NotifySMS && u.Phone == "" && fields["phone"] == "" {
		fields["notify_sms"] = "profile.error.notify_sms"
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "the profile has errors")
		e.Fields = fields
		return e
	}
	return nil
}

// UpdateProfile writes u to the person in tx. Saving the contact details also
// confirms them as current.
func UpdateProfile(ctx context.Context, tx *sql.Tx, now time.Time, personID string, u ProfileUpdate) error {
	if err := u.Validate(); err != nil {
		return err
	}
	const q = `UPDATE persons SET email = $1, phone = $2, street_address = $3, postal_code = $4, post_office = $5,
lang = $6, notify_in_app = $7, notify_email = $8, notify_sms = $9, contact_confirmed_at = $10, updated_at = $10 WHERE id = $11`
	res, err := tx.ExecContext(ctx, q, u.Email, u.Phone, u.StreetAddress, u.PostalCode, u.PostOffice, u.Lang,
		u.NotifyInApp, u.NotifyEmail, u.NotifySMS, now.UTC(), personID)
	if err != nil {
		return fmt.Errorf("update profile of %s: %w", personID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errs.E(errs.NotFound, "no such person")
	}
	return nil
}
