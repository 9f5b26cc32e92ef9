package messaging

import (
	"context"
	"fmt"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/errs"
)

// Page is one page of notifications.
type Page struct {
	Items []Notification `json:"items"`
	// Next is the cursor of the next page; "" on the last page.
	Next string `json:"next,omitempty"`
	// Unread counts the person's unread in-app messages, all pages together.
	Unread int `json:"unread"`
}

// MaxPage bounds a page of notifications.
const MaxPage = 100

// mine refuses the anonymous; every notification reader is about the
// principal's own messages only.
func mine(p access.Principal) error {
	if !p.Authenticated() {
		return errs.E(errs.Unauthenticated, "sign in to read your notifications")
	}
	return nil
}

// Inbox returns a page of p's in-app messages in lang: unread first, then
// read, newest first in each. after is the cursor of the page ("" for the
// first).
func (s *Service) Inbox(ctx context.Context, p access.Principal, lang, after string, limit int) (Page, error) {
	if err := mine(p); err != nil {
		return Page{}, err
	}
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	where, args := `person_id = $1 AND channel = $2`, []any{p.PersonID, InApp}
	if after != "" {
		section, id, ok := strings.Cut(after, ".")
		switch {
		case ok && section == "u":
			where += ` AND ((read_at IS NULL AND id < $3) OR read_at IS NOT NULL)`
		case ok && section == "r":
			where += ` AND read_at IS NOT NULL AND id < $3`
		default:
			return Page{}, &errs.Error{Kind: errs.Invalid, Message: "unknown page cursor", Fields: map[string]string{"after": "messaging.error.cursor"}}
		}
		args = append(args, id)
	}
	items, err := listNotifications(ctx, s.db.Read, where, args, `CASE WHEN read_at IS NULL THEN 0 ELSE 1 END, id DESC`, limit+1)
	if err != nil {
		return Page{}, fmt.Errorf("notifications of %s: %w", p.PersonID, err)
	}
	page := Page{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		last := page.Items[limit-1]
		page.Next = "r." + last.ID
		if last.ReadAt == nil {
			page.Next = "u." + last.ID
		}
	}
	for i := range page.Items {
		s.fill(&page.Items[i], lang)
	}
	if page.Unread, err = s.UnreadCount(ctx, p); err != nil {
		return Page{}, err
	}
	return page, nil
}

// fill writes n's text in lang.
func (s *Service) fill(n *Notification, lang string) {
	n.Title = s.T(lang, n.TitleKey, n.Params)
	if n.BodyKey != "" {
		n.Body = s.T(lang, n.BodyKey, n.Params)
	}
}

// UnreadCount counts p's unread in-app messages.
func (s *Service) UnreadCount(ctx context.Context, p access.Principal) (int, error) {
	if err := mine(p); err != nil {
		return 0, err
	}
	var n int
	err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE person_id = $1 AND channel = $2 AND read_at IS NULL`,
		p.PersonID, InApp).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count the unread notifications of %s: %w", p.PersonID, err)
	}
	return n, nil
}

// Open marks one of p's in-app messages read and returns it in lang, for the
// reader who follows it to its page. Another person's message is NotFound.
func (s *Service) Open(ctx context.Context, p access.Principal, lang, id string) (Notification, error) {
	if err := s.MarkRead(ctx, p, id); err != nil {
		return Notification{}, err
	}
	n, err := notification(ctx, s.db.Read, id)
	if err != nil {
		return Notification{}, err
	}
	s.fill(&n, lang)
	return n, nil
}

// MarkRead marks one of p's in-app messages read; marking it again changes
// nothing. Another person's message is NotFound.
func (s *Service) MarkRead(ctx context.Context, p access.Principal, id string) error {
	if err := mine(p); err != nil {
		return err
	}
	n, err := notification(ctx, s.db.Read, id)
	if err != nil {
		return err
	}
	if n.PersonID != p.PersonID || n.Channel != InApp {
		return errs.E(errs.NotFound, "no such notification")
	}
	now := s.clock.Now().UTC()
	_, err = s.db.Write.ExecContext(ctx, `UPDATE notifications SET read_at = $1, status = $2 WHERE id = $3 AND read_at IS NULL`, now, Read, id)
	if err != nil {
		return fmt.Errorf("mark notification %s read: %w", id, err)
	}
	return nil
}

// MarkAllRead marks every in-app message of p read and returns how many were
// unread.
func (s *Service) MarkAllRead(ctx context.Context, p access.Principal) (int, error) {
	if err := mine(p); err != nil {
		return 0, err
	}
	res, err := s.db.Write.ExecContext(ctx, `UPDATE notifications SET read_at = $1, status = $2
WHERE person_id = $3 AND channel = $4 AND read_at IS NULL`, s.clock.Now().UTC(), Read, p.PersonID, InApp)
	if err != nil {
		return 0, fmt.Errorf("mark the notifications of %s read: %w", p.PersonID, err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
