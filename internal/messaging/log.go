package messaging

import (
	"context"
	"fmt"

	"github.com/luva-fi/luva/internal/access"
)

// DeliveryFilter narrows the delivery log.
type DeliveryFilter struct {
	// FailedOnly shows only the messages that failed for good.
	FailedOnly bool
	// Before is the cursor: messages older than this id ("" for the newest).
	Before string
	Limit  int
}

// LogPage is one page of the delivery log.
type LogPage struct {
	Items []Notification `json:"items"`
	// Next is the cursor of the next, older page; "" on the last page.
	Next string `json:"next,omitempty"`
}

// Deliveries returns a page of org's delivery log, newest first: every
// message its triggers sent, on every channel, with its metadata.
func (s *Service) Deliveries(ctx context.Context, p access.Principal, org, lang string, f DeliveryFilter) (LogPage, error) {
	if err := mayManage(p, org); err != nil {
		return LogPage{}, err
	}
	if f.Limit <= 0 || f.Limit > MaxPage {
		f.Limit = MaxPage
	}
	where, args := `organisation_id = $1`, []any{org}
	if f.FailedOnly {
		args = append(args, Failed)
		where += fmt.Sprintf(` AND status = $%d`, len(args))
	}
	if f.Before != "" {
		args = append(args, f.Before)
		where += fmt.Sprintf(` AND id < $%d`, len(args))
	}
	items, err := listNotifications(ctx, s.db.Read, where, args, `id DESC`, f.Limit+1)
	if err != nil {
		return LogPage{}, fmt.Errorf("delivery log of %s: %w", org, err)
	}
	page := LogPage{Items: items}
	if len(items) > f.Limit {
		page.Items = items[:f.Limit]
		page.Next = page.Items[f.Limit-1].ID
	}
	for i := range page.Items {
		s.fill(&page.Items[i], lang)
	}
	return page, nil
}
