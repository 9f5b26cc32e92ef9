package search

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/events"
)

// fakeSource stands in for the catalogue: documents by aggregate id, changed
// by the test between events.
type fakeSource struct {
	mu    sync.Mutex
	types []string
	docs  map[string][]Document
	// block, when set, makes All wait for it to close after yielding half.
	block chan struct{}
	asked chan struct{}
}

func newFakeSource(types ...string) *fakeSource {
	return &fakeSource{types: types, docs: map[string][]Document{}}
}

func (s *fakeSource) set(id string, docs ...Document) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if docs == nil {
		delete(s.docs, id)
		return
	}
	s.docs[id] = docs
}

func (s *fakeSource) AggregateTypes() []string { return s.types }

func (s *fakeSource) Documents(_ context.Context, _, id string) ([]Document, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	docs, ok := s.docs[id]
	if !ok {
		return nil, errs.E(errs.NotFound, "no such service")
	}
	return docs, nil
}

func (s *fakeSource) All(_ context.Context, yield func(Document) error) error {
	s.mu.Lock()
	var all []Document
	for _, docs := range s.docs {
		all = append(all, docs...)
	}
	s.mu.Unlock()
	for i, d := range all {
		if i == len(all)/2 && s.block != nil {
			close(s.asked)
			<-s.block
		}
		if err := yield(d); err != nil {
			return err
		}
	}
	return nil
}

func service(id, fiTitle string) []Document {
	return []Document{
		{Type: "service", ID: id, Lang: "fi", Title: fiTitle},
		{Type: "service", ID: id, Lang: "en", Title: "Service " + id},
	}
}

func appendEvent(t *testing.T, d *db.DB, topic, aggType, id string) {
	t.Helper()
	ctx := context.Background()
	err := d.InTx(ctx, func(tx *sql.Tx) error {
		_, err := events.Append(ctx, tx, t0, events.New{Topic: topic, AggregateType: aggType, AggregateID: id})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// drain runs rounds until want events were handled; on PostgreSQL an
// unrelated open transaction may hold events back for a moment.
func drain(t *testing.T, c *events.Consumer, want int) {
	t.Helper()
	got := 0
	for deadline := time.Now().Add(10 * time.Second); got < want && time.Now().Before(deadline); {
		n, err := c.Round(context.Background())
		if err != nil {
			t.Fatalf("round: %v", err)
		}
		got += n
		if n == 0 {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if got != want {
		t.Fatalf("handled %d events, want %d", got, want)
	}
}

func TestIndexFollowsTheOutbox(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ix, err := OpenMemory()
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		src := newFakeSource("service")
		c := events.NewConsumer(d, clock.NewSettable(t0), "search-index/node-1", "node-1", ix.Handler(src))
		found := func(text string) []string {
			t.Helper()
			res, err := ix.Search(ctx, Query{Text: text})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, h := range res.Hits {
				out = append(out, h.ID+"/"+h.Lang)
			}
			return out
		}

		src.set("noise", service("noise", "Meluilmoitus")...)
		appendEvent(t, d, "service.published", "service", "noise")
		appendEvent(t, d, "case.created", "case", "LUVA-1") // no source: passes by
		drain(t, c, 2)
		if got := fmt.Sprint(found("meluilmoitus")); got != "[noise/fi]" {
			t.Errorf("after publishing: found %s, want [noise/fi]", got)
		}

		src.set("noise", service("noise", "Ilmoitus meluavasta toiminnasta")[:1]...)
		appendEvent(t, d, "service.updated", "service", "noise")
		drain(t, c, 1)
		if got := fmt.Sprint(found("meluavasta"), found("service noise")); got != "[noise/fi] []" {
			t.Errorf("after an update dropping English: found %s, want the new Finnish title only", got)
		}

		src.set("noise")
		appendEvent(t, d, "service.deleted", "service", "noise")
		drain(t, c, 1)
		if got := found("ilmoitus"); len(got) != 0 {
			t.Errorf("after deleting: found %v, want nothing", got)
		}
	})
}

func TestHandlerReturnsSourceErrorsSoTheEventIsOfferedAgain(t *testing.T) {
	t.Parallel()
	ix, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	h := ix.Handler(failingSource{})
	err = h(context.Background(), events.Event{AggregateType: "service", AggregateID: "x"})
	if err == nil || !errors.Is(err, errDatabaseDown) {
		t.Errorf("error %v, want the source's", err)
	}
}

var errDatabaseDown = errors.New("database down")

type failingSource struct{}

func (failingSource) AggregateTypes() []string { return []string{"service"} }
func (failingSource) Documents(context.Context, string, string) ([]Document, error) {
	return nil, errDatabaseDown
}
func (failingSource) All(context.Context, func(Document) error) error { return errDatabaseDown }
