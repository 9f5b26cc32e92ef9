package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// rebuildBatch is how many documents a rebuild writes at a time: large enough
// for bleve to index efficiently, small enough to keep memory flat.
const rebuildBatch = 2000

// Rebuild re-creates the index from every document of the sources and
// returns how many it indexed. Searches and writes go on against the current
// index while the new one is built beside it, in a directory of its own;
// changes written meanwhile are replayed into the new index, which then takes
// the current one's place. Only the swap itself holds searches up.
func (ix *Index) Rebuild(ctx context.Context, sources ...Source) (int, error) {
	ix.rebuilding.Lock()
	defer ix.rebuilding.Unlock()

	next := ""
	if ix.path != "" {
		next = ix.path + ".rebuild"
		if err := os.RemoveAll(next); err != nil {
			return 0, fmt.Errorf("rebuild search index: remove leftover %s: %w", next, err)
		}
	}
	fresh, err := newIndex(next, map[string]any{"unsafe_batch": true})
	if err != nil {
		return 0, fmt.Errorf("rebuild search index: %w", err)
	}
	ix.logMu.Lock()
	ix.log = &[]change{}
	ix.logMu.Unlock()
	defer func() {
		ix.logMu.Lock()
		ix.log = nil
		ix.logMu.Unlock()
	}()

	n, err := fill(ctx, fresh, sources, next != "")
	if err != nil {
		fresh.Close()
		if next != "" {
			os.RemoveAll(next)
		}
		return 0, fmt.Errorf("rebuild search index: %w", err)
	}
	if next != "" {
		if err := settle(ctx, fresh); err != nil {
			fresh.Close()
			os.RemoveAll(next)
			return 0, fmt.Errorf("rebuild search index: merge %s: %w", next, err)
		}
		// fill waited for the disk; closing lets go of the files before the
		// directories move.
		if err := fresh.Close(); err != nil {
			return 0, fmt.Errorf("rebuild search index: close %s: %w", next, err)
		}
	}
	if err := ix.swap(fresh, next); err != nil {
		return 0, fmt.Errorf("rebuild search index: %w", err)
	}
	return n, nil
}

// fill writes every document of the sources into idx, one batch per core at
// a time: bleve analyses a batch in parallel but builds its segment on one
// core. On disk it waits until the last batch, and with it every earlier one,
// has reached the disk: the index was created with unsafe_batch, and Close
// would not wait.
func fill(ctx context.Context, idx bleve.Index, sources []Source, onDisk bool) (int, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	batches := make(chan *bleve.Batch)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for b := range batches {
				if err := idx.Batch(b); err != nil {
					cancel(fmt.Errorf("write documents: %w", err))
				}
			}
		})
	}
	n, last, err := batch(ctx, idx, sources, batches)
	close(batches)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return n, err
	}
	if err != nil {
		return n, err
	}

	persisted := make(chan error, 1)
	if onDisk {
		last.SetPersistedCallback(func(err error) {
			select {
			case persisted <- err:
			default:
			}
		})
	}
	if err := idx.Batch(last); err != nil || !onDisk {
		return n, err
	}
	select {
	case err := <-persisted:
		if err != nil {
			return n, fmt.Errorf("persist documents: %w", err)
		}
		return n, nil
	case <-ctx.Done():
		return n, ctx.Err()
	}
}

// batch cuts the sources' documents into batches and sends all but the last,
// which it returns.
func batch(ctx context.Context, idx bleve.Index, sources []Source, out chan<- *bleve.Batch) (int, *bleve.Batch, error) {
	n := 0
	b := idx.NewBatch()
	for _, s := range sources {
		err := s.All(ctx, func(d Document) error {
			fields, err := d.fields()
			if err != nil {
				return err
			}
			if err := b.Index(d.key(), fields); err != nil {
				return fmt.Errorf("index %s: %w", d.key(), err)
			}
			n++
			if b.Size() < rebuildBatch {
				return nil
			}
			select {
			case out <- b:
				b = idx.NewBatch()
				return nil
			case <-ctx.Done():
				return context.Cause(ctx)
			}
		})
		if err != nil {
			return n, nil, err
		}
	}
	return n, b, nil
}

// swap puts the rebuilt index in place of the current one: on disk by
// renaming directories (the current one is kept as .old until the new one has
// opened), in memory by exchanging the two. Changes logged during the
// rebuild are replayed last, while writers wait.
func (ix *Index) swap(fresh bleve.Index, next string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if next != "" {
		old := ix.path + ".old"
		if err := ix.idx.Close(); err != nil {
			return fmt.Errorf("close current index: %w", err)
		}
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("remove %s: %w", old, err)
		}
		if err := os.Rename(ix.path, old); err != nil {
			return errors.Join(fmt.Errorf("move current index aside: %w", err), ix.reopen())
		}
		if err := os.Rename(next, ix.path); err != nil {
			return errors.Join(fmt.Errorf("move rebuilt index in place: %w", err), os.Rename(old, ix.path), ix.reopen())
		}
		var err error
		if fresh, err = bleve.OpenUsing(ix.path, openConfig()); err != nil {
			return errors.Join(fmt.Errorf("open rebuilt index: %w", err), os.RemoveAll(ix.path), os.Rename(old, ix.path), ix.reopen())
		}
		defer os.RemoveAll(old)
	} else if err := ix.idx.Close(); err != nil {
		return fmt.Errorf("close current index: %w", err)
	}
	ix.idx, ix.stale = fresh, false
	ix.logMu.Lock()
	defer ix.logMu.Unlock()
	for _, c := range *ix.log {
		if err := write(fresh, c); err != nil {
			return fmt.Errorf("replay change made during rebuild: %w", err)
		}
	}
	ix.log = nil
	return nil
}

// reopen opens the index at ix.path again after a failed swap closed it.
func (ix *Index) reopen() error {
	idx, err := bleve.OpenUsing(ix.path, openConfig())
	if err != nil {
		return fmt.Errorf("reopen %s: %w", ix.path, err)
	}
	ix.idx = idx
	return nil
}

// settle merges a new index's segments before it serves, as bleve's merger
// would in the background. Left to the background, the merges after a
// rebuild of a million cases took over a third of the server's CPU for
// minutes once it served (luva bench: search at 29 requests/s, p99 1.1 s,
// instead of 241 and 0.34 s once they had finished).
func settle(ctx context.Context, idx bleve.Index) error {
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	opts := mergeplan.DefaultMergePlanOptions
	return s.ForceMerge(ctx, &opts)
}
