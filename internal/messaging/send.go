package messaging

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/luva-fi/luva/internal/errs"
)

// recipient is what sending to a person needs to know of them.
type recipient struct {
	ID          string
	Name        string
	Email       string
	Lang        string
	NotifyInApp bool
	NotifyEmail bool
}

func loadRecipient(ctx context.Context, q querier, personID string) (recipient, error) {
	var r recipient
	var given, family string
	err := q.QueryRowContext(ctx, `SELECT id, given_names, family_name, email, lang, notify_in_app, notify_email FROM persons WHERE id = $1`, personID).
		Scan(&r.ID, &given, &family, &r.Email, &r.Lang, &r.NotifyInApp, &r.NotifyEmail)
	if errors.Is(err, sql.ErrNoRows) {
		return recipient{}, errs.E(errs.NotFound, "no such person")
	}
	if err != nil {
		return recipient{}, fmt.Errorf("read the preferences of %s: %w", personID, err)
	}
	r.Name = strings.TrimSpace(given + " " + family)
	return r, nil
}

// channels are the channels a message goes to r by: the ones r chose. Email
// needs an address. A person who chose neither still gets the message in the
// app, where it waits quietly: a decision or a request for clarification must
// not vanish because of a preference.
func (r recipient) channels() []string {
	var out []string
	if r.NotifyInApp {
		out = append(out, InApp)
	}
	if r.NotifyEmail && r.Email != "" {
		out = append(out, Email)
	}
	if len(out) == 0 {
		out = append(out, InApp)
	}
	return out
}

// Send writes m in tx as one notification per channel its person chose, and
// enqueues the email's job, so that the message exists exactly when the
// change that caused it does. A message whose key was sent before adds
// nothing. It returns the notifications written.
func (s *Service) Send(ctx context.Context, tx *sql.Tx, m Message) ([]Notification, error) {
	if m.PersonID == "" || m.Key == "" || m.TitleKey == "" {
		return nil, fmt.Errorf("send a message: person, key and title are required")
	}
	r, err := loadRecipient(ctx, tx, m.PersonID)
	if err != nil {
		return nil, fmt.Errorf("send %s: %w", m.Key, err)
	}
	now := s.clock.Now().UTC()
	var out []Notification
	for _, ch := range r.channels() {
		n := Notification{ID: uuid.Must(uuid.NewV7()).String(), PersonID: r.ID, Channel: ch, OrganisationID: m.OrganisationID,
			TriggerID: m.TriggerID, Topic: m.Topic, CaseID: m.CaseID, CaseNumber: m.CaseNumber, TitleKey: m.TitleKey,
			BodyKey: m.BodyKey, Params: m.Params, Link: m.Link, Status: Pending, CreatedAt: now}
		if ch == InApp {
			// Written to the list is delivered: nothing stands between.
			n.Recipient, n.Status, n.SentAt, n.DeliveredAt = r.Name, Delivered, &now, &now
		} else {
			n.Recipient = r.Email
		}
		inserted, err := insertNotification(ctx, tx, n, m.Key+"/"+r.ID+"/"+ch)
		if err != nil {
			return nil, err
		}
		if !inserted {
			continue
		}
		if ch == Email {
			if _, err := s.queue.Enqueue(ctx, tx, EmailArgs{NotificationID: n.ID}, time.Time{}); err != nil {
				return nil, fmt.Errorf("send %s to %s: %w", m.Key, r.ID, err)
			}
		}
		out = append(out, n)
	}
	return out, nil
}

// SendNow sends m in a transaction of its own, for a feature with nothing
// else to write.
func (s *Service) SendNow(ctx context.Context, m Message) ([]Notification, error) {
	var out []Notification
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.Send(ctx, tx, m)
		return err
	})
	return out, err
}
