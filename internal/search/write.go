package search

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
)

// change is one write: documents removed, then documents put, in one batch.
type change struct {
	del []string // bleve document ids
	put []Document
}

// Put adds or replaces documents, all in one batch.
func (ix *Index) Put(ctx context.Context, docs ...Document) error {
	return ix.apply(ctx, change{put: docs})
}

// Delete removes the document of the type and id in every language.
func (ix *Index) Delete(ctx context.Context, typ, id string) error {
	return ix.apply(ctx, change{del: allLangs(typ, id)})
}

// Replace makes docs the only documents of the type and id: languages missing
// from docs are removed, in the same batch.
func (ix *Index) Replace(ctx context.Context, typ, id string, docs ...Document) error {
	return ix.apply(ctx, change{del: allLangs(typ, id), put: docs})
}

func allLangs(typ, id string) []string {
	keys := make([]string, len(languages))
	for i, lang := range languages {
		keys[i] = docKey(typ, id, lang)
	}
	return keys
}

func (ix *Index) apply(ctx context.Context, c change) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := write(ix.idx, c); err != nil {
		return err
	}
	// A rebuild running now may already have read the old state of these
	// documents; it replays this change before it swaps its index in.
	ix.logMu.Lock()
	if ix.log != nil {
		*ix.log = append(*ix.log, c)
	}
	ix.logMu.Unlock()
	return nil
}

func write(idx bleve.Index, c change) error {
	b := idx.NewBatch()
	for _, key := range c.del {
		b.Delete(key)
	}
	for _, d := range c.put {
		fields, err := d.fields()
		if err != nil {
			return err
		}
		if err := b.Index(d.key(), fields); err != nil {
			return fmt.Errorf("index %s: %w", d.key(), err)
		}
	}
	if err := idx.Batch(b); err != nil {
		return fmt.Errorf("write %d search documents: %w", b.Size(), err)
	}
	return nil
}

// fields is the document as bleve indexes it.
func (d Document) fields() (map[string]any, error) {
	switch {
	case d.Type == "" || strings.Contains(d.Type, "/"):
		return nil, fmt.Errorf("search document %s: type must be set and hold no slash", d.key())
	case d.ID == "":
		return nil, fmt.Errorf("search document %s: id must be set", d.key())
	case !slices.Contains(languages, d.Lang):
		return nil, fmt.Errorf("search document %s: language must be one of %v", d.key(), languages)
	case slices.Contains(d.Owners, ""):
		// An empty owner must not quietly make a private document public.
		return nil, fmt.Errorf("search document %s: empty owner id", d.key())
	}
	access := []string{public}
	if len(d.Owners) > 0 {
		access = make([]string, len(d.Owners))
		for i, o := range d.Owners {
			access[i] = ownerPrefix + o
		}
	}
	municipalities := d.Municipalities
	if len(municipalities) == 0 {
		municipalities = []string{everywhere}
	}
	f := map[string]any{
		fieldType:          d.Type,
		fieldLang:          d.Lang,
		fieldBundle:        d.Bundles,
		fieldAuthority:     d.Authority,
		fieldMunicipality:  municipalities,
		fieldAccess:        access,
		fieldURL:           d.URL,
		titleField(d.Lang): d.Title,
		bodyField(d.Lang):  d.Body,
		plainField(d.Lang): d.Title,
	}
	if len(d.Owners) == 0 {
		// Trigrams are for public documents only: in cases, which are most of
		// the index, their long postings would make every search slow, and a
		// case is found by its own words, their starts and their typos.
		f[gramsField(d.Lang)] = d.Title
	}
	if !d.Updated.IsZero() {
		f[fieldUpdated] = d.Updated.UTC()
	}
	return f, nil
}
