package integration

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/luva-fi/luva/internal/events"
)

// ConsumerName is the outbox consumer that feeds the webhooks. There is one
// for the whole cluster, not one per node: the consumer's lease lets one node
// at a time hand events over, and each event becomes its deliveries once.
const ConsumerName = "webhooks"

// HandleEvent is the outbox handler: a case event of an authority becomes a
// delivery to each of the authority's active subscriptions that want its
// topic and existed when it happened. The deliveries and their jobs are
// written in one transaction; an event handed over again after a crash finds
// its deliveries already there and adds nothing.
func (s *Service) HandleEvent(ctx context.Context, e events.Event) error {
	// Besides the case events, a process's call_webhook step sends its own
	// topic, "process.<name>", to the authority's system.
	if e.AggregateType != "case" || !(slices.Contains(Topics(), e.Topic) || strings.HasPrefix(e.Topic, "process.")) {
		return nil
	}
	var p casePayload
	if err := json.Unmarshal(e.Payload, &p); err != nil {
		return fmt.Errorf("read the payload of event %d (%s): %w", e.ID, e.Topic, err)
	}
	if p.Authority == "" {
		return nil
	}
	ref := &CaseRef{ID: e.AggregateID, Number: p.Number, Service: p.Service, State: p.State, Version: p.Version}
	now := s.clock.Now().UTC()
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		subs, err := listSubscriptions(ctx, tx, p.Authority, true)
		if err != nil {
			return err
		}
		for _, sub := range subs {
			// A subscription gets what happens after it was made, not the
			// backlog of a consumer that was behind.
			if !sub.Wants(e.Topic) || e.OccurredAt.Before(sub.CreatedAt) {
				continue
			}
			if _, _, err := s.deliver(ctx, tx, sub, e.ID, e.Topic, ref, e.Payload, e.OccurredAt, now); err != nil {
				return fmt.Errorf("deliver event %d (%s): %w", e.ID, e.Topic, err)
			}
		}
		return nil
	})
}
