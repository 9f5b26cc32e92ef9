package integration

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/errs"
)

// Enqueuer adds a durable job inside a transaction; *jobs.Queue is one.
type Enqueuer interface {
	Enqueue(ctx context.Context, tx *sql.Tx, args river.JobArgs, at time.Time) (int64, error)
}

// Service manages an organisation's webhook subscriptions and turns case
// events into deliveries.
type Service struct {
	db    *db.DB
	clock clock.Clock
	queue Enqueuer
}

// NewService returns the webhook service on d, enqueueing deliveries on q.
func NewService(d *db.DB, clk clock.Clock, q Enqueuer) *Service {
	return &Service{db: d, clock: clk, queue: q}
}

// mayManage refuses principals who may not manage org's integrations: the
// organisation's admins, as for its users. The routes ask the same; the
// service asks again so that no caller can forget.
func mayManage(p access.Principal, org string) error {
	if org == "" || !access.Allowed(p, access.ManageOrgUsers, access.Org(org)) {
		return errs.E(errs.Forbidden, "only the organisation's admins manage its webhooks")
	}
	return nil
}

// Subscriptions lists org's subscriptions that have not been removed, oldest
// first.
func (s *Service) Subscriptions(ctx context.Context, p access.Principal, org string) ([]Subscription, error) {
	if err := mayManage(p, org); err != nil {
		return nil, err
	}
	return listSubscriptions(ctx, s.db.Read, org, false)
}

// Subscription returns one of org's subscriptions; NotFound for another
// organisation's or a removed one.
func (s *Service) Subscription(ctx context.Context, p access.Principal, org, id string) (Subscription, error) {
	if err := mayManage(p, org); err != nil {
		return Subscription{}, err
	}
	return subscription(ctx, s.db.Read, org, id)
}

// Subscribe adds a subscription to org and returns it with its secret. The
// secret is shown to the admin this once; luva keeps it only to sign.
func (s *Service) Subscribe(ctx context.Context, p access.Principal, req access.Request, org string, n NewSubscription) (Subscription, string, error) {
	if err := mayManage(p, org); err != nil {
		return Subscription{}, "", err
	}
	u, topics, fields := n.normalise()
	if fields != nil {
		return Subscription{}, "", &errs.Error{Kind: errs.Invalid, Message: "the webhook cannot be added as given", Fields: fields}
	}
	now := s.clock.Now().UTC()
	sub := Subscription{ID: uuid.Must(uuid.NewV7()).String(), OrganisationID: org, URL: u, Topics: topics, Active: true,
		CreatedBy: p.PersonID, CreatedByName: p.Name, CreatedAt: now}
	secret := newSecret()
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := insertSubscription(ctx, tx, sub, secret); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "webhook.subscribe", "webhook", sub.ID, "ok",
			map[string]any{"organisation": org, "url": u, "topics": topics})
	})
	if err != nil {
		return Subscription{}, "", fmt.Errorf("subscribe %s to webhooks: %w", org, err)
	}
	return sub, secret, nil
}

// Unsubscribe removes one of org's subscriptions. Its log stays; deliveries
// still pending fail when their turn comes.
func (s *Service) Unsubscribe(ctx context.Context, p access.Principal, req access.Request, org, id string) error {
	if err := mayManage(p, org); err != nil {
		return err
	}
	now := s.clock.Now().UTC()
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		sub, err := subscription(ctx, tx, org, id)
		if err != nil {
			return err
		}
		if err := removeSubscription(ctx, tx, id, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "webhook.unsubscribe", "webhook", id, "ok",
			map[string]any{"organisation": org, "url": sub.URL})
	})
}

// Ping sends a test delivery of topic "ping" to one of org's subscriptions,
// through the same queue, signature and log as real events.
func (s *Service) Ping(ctx context.Context, p access.Principal, req access.Request, org, id string) (Delivery, error) {
	if err := mayManage(p, org); err != nil {
		return Delivery{}, err
	}
	now := s.clock.Now().UTC()
	var d Delivery
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		sub, err := subscription(ctx, tx, org, id)
		if err != nil {
			return err
		}
		payload, _ := json.Marshal(map[string]string{"subscription": sub.ID, "message": "A test event sent from luva."})
		d, _, err = s.deliver(ctx, tx, sub, 0, PingTopic, nil, payload, now, now)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "webhook.ping", "webhook", sub.ID, "ok", map[string]any{"delivery": d.ID})
	})
	if err != nil {
		return Delivery{}, fmt.Errorf("send a test event to webhook %s: %w", id, err)
	}
	return d, nil
}

// DeliveryPage is one page of the delivery log, newest first.
type DeliveryPage struct {
	Items []Delivery `json:"items"`
	// Next is the cursor of the next, older page; "" on the last page.
	Next string `json:"next,omitempty"`
}

// MaxPage bounds a page of the delivery log.
const MaxPage = 100

// Deliveries returns a page of org's delivery log, newest first: limit rows
// older than the cursor before ("" for the newest).
func (s *Service) Deliveries(ctx context.Context, p access.Principal, org, before string, limit int) (DeliveryPage, error) {
	if err := mayManage(p, org); err != nil {
		return DeliveryPage{}, err
	}
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	items, err := listDeliveries(ctx, s.db.Read, org, before, limit+1)
	if err != nil {
		return DeliveryPage{}, err
	}
	page := DeliveryPage{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		page.Next = items[limit-1].ID
	}
	return page, nil
}

// deliver records a delivery of one event to sub and enqueues its job in tx,
// so that the two exist together or not at all. An event already delivered
// to sub (eventID > 0) is left alone and reported as not new.
func (s *Service) deliver(ctx context.Context, tx *sql.Tx, sub Subscription, eventID int64, topic string, ref *CaseRef,
	payload json.RawMessage, occurred, now time.Time) (Delivery, bool, error) {
	d := Delivery{ID: uuid.Must(uuid.NewV7()).String(), SubscriptionID: sub.ID, EventID: eventID, Topic: topic,
		Status: Pending, CreatedAt: now, URL: sub.URL}
	if ref != nil {
		d.CaseID, d.CaseNumber = ref.ID, ref.Number
	}
	body, err := json.Marshal(Body{ID: d.ID, Event: topic, EventID: eventID, OccurredAt: occurred.UTC(), Case: ref, Payload: payload})
	if err != nil {
		return Delivery{}, false, fmt.Errorf("encode delivery of %s: %w", topic, err)
	}
	inserted, err := insertDelivery(ctx, tx, d, sub.OrganisationID, body)
	if err != nil || !inserted {
		return Delivery{}, false, err
	}
	if _, err := s.queue.Enqueue(ctx, tx, DeliveryArgs{DeliveryID: d.ID}, time.Time{}); err != nil {
		return Delivery{}, false, err
	}
	return d, true, nil
}
