package search

import (
	"context"
	"fmt"

	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/events"
)

// Source turns the database's current state into documents. The catalogue
// and the cases each implement one; the index asks them, instead of reading
// event payloads, so an event only says what to look at again.
type Source interface {
	// AggregateTypes lists the outbox aggregate types whose documents this
	// source makes, e.g. "service" or "case".
	AggregateTypes() []string
	// Documents returns the current documents of one aggregate, one per
	// language, each with the aggregate's type as Type and its id as ID. It
	// returns none, or an error of kind errs.NotFound, when the aggregate is
	// gone or must not be found any more.
	Documents(ctx context.Context, aggregateType, aggregateID string) ([]Document, error)
	// All calls yield with every document the source makes, stopping at the
	// first error yield returns.
	All(ctx context.Context, yield func(Document) error) error
}

// Handler returns the outbox handler that keeps the index in step with the
// sources: on an event of one of their aggregate types it replaces the
// aggregate's documents with what the source returns now. Events of other
// types pass untouched. Handling an event twice does no harm.
//
// Every node keeps its own index, so every node needs its own consumer: name
// it after the node, e.g. "search-index/" + owner.
func (ix *Index) Handler(sources ...Source) events.Handler {
	byType := map[string]Source{}
	for _, s := range sources {
		for _, t := range s.AggregateTypes() {
			byType[t] = s
		}
	}
	return func(ctx context.Context, e events.Event) error {
		s, ok := byType[e.AggregateType]
		if !ok {
			return nil
		}
		docs, err := s.Documents(ctx, e.AggregateType, e.AggregateID)
		switch {
		case errs.KindOf(err) == errs.NotFound:
			docs = nil
		case err != nil:
			return fmt.Errorf("search documents of %s %s: %w", e.AggregateType, e.AggregateID, err)
		}
		if err := ix.Replace(ctx, e.AggregateType, e.AggregateID, docs...); err != nil {
			return fmt.Errorf("index %s %s: %w", e.AggregateType, e.AggregateID, err)
		}
		return nil
	}
}
