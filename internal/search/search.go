// Package search is luva's search index: one search box over services,
// guidance and, for a signed-in user, their own cases, in Finnish, Swedish and
// English.
//
// The index is derived data. It follows the database through the outbox
// (Handler) and can be thrown away and rebuilt from the database at any time
// (Rebuild, luva search rebuild). It lives in a directory of its own under
// the data directory (Path); each node of a cluster keeps its own copy.
package search

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Document is one searchable thing in one language.
type Document struct {
	Type  string // "service", "guidance", "case", …
	ID    string
	Lang  string // fi, sv or en
	Title string
	Body  string
	URL   string
	// Bundles are the service bundle codes the document belongs to.
	Bundles   []string
	Authority string
	// Municipalities the document applies in; empty means every municipality.
	Municipalities []string
	// Owners are the person and organisation ids allowed to see the document;
	// empty means everyone may.
	Owners  []string
	Updated time.Time
}

// key is the bleve document id: one document per type, id and language.
func (d Document) key() string { return docKey(d.Type, d.ID, d.Lang) }

func docKey(typ, id, lang string) string { return typ + "/" + id + "/" + lang }

// parseKey splits a bleve document id; the id in the middle may hold slashes.
func parseKey(key string) (typ, id, lang string) {
	typ, rest, _ := strings.Cut(key, "/")
	if i := strings.LastIndexByte(rest, '/'); i >= 0 {
		return typ, rest[:i], rest[i+1:]
	}
	return typ, rest, ""
}

// Index is an open search index. Its methods are safe for concurrent use.
type Index struct {
	path string // "" for an index in memory

	mu    sync.RWMutex // held for reading by searches and writes, for writing by the rebuild's swap
	idx   bleve.Index
	stale bool

	rebuilding sync.Mutex // one rebuild at a time
	logMu      sync.Mutex
	log        *[]change // while a rebuild runs, the changes to replay into its new index
}

// ErrInUse is returned by Open when another process holds the index open,
// typically a running luva serve.
var ErrInUse = errors.New("search index in use by another process")

// Path returns where the index lives inside a data directory.
func Path(dataDir string) string { return filepath.Join(dataDir, "index", "search.bleve") }

// Open opens the index at path, creating an empty one when there is none.
func Open(path string) (*Index, error) {
	// A rebuild that died between its two renames left the previous index
	// under its old name; it is whole, so take it back.
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Stat(path + ".old"); err == nil {
			if err := os.Rename(path+".old", path); err != nil {
				return nil, fmt.Errorf("restore search index %s: %w", path, err)
			}
		}
	}
	idx, created, err := openOrCreate(path)
	if err != nil {
		return nil, err
	}
	ix := &Index{path: path, idx: idx, stale: created}
	if !created {
		v, err := idx.GetInternal([]byte(versionKey))
		if err != nil {
			idx.Close()
			return nil, fmt.Errorf("read search index version at %s: %w", path, err)
		}
		ix.stale = string(v) != mappingVersion
	}
	return ix, nil
}

// OpenMemory returns an empty index held in memory, for tests.
func OpenMemory() (*Index, error) {
	idx, err := newIndex("", nil)
	if err != nil {
		return nil, err
	}
	return &Index{idx: idx}, nil
}

const versionKey = "luva_mapping_version"

func openOrCreate(path string) (idx bleve.Index, created bool, err error) {
	_, err = os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, false, fmt.Errorf("create search index directory: %w", err)
		}
		idx, err := newIndex(path, nil)
		return idx, true, err
	case err != nil:
		return nil, false, fmt.Errorf("open search index %s: %w", path, err)
	}
	idx, err = bleve.OpenUsing(path, openConfig())
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, false, fmt.Errorf("open search index %s: %w", path, ErrInUse)
	}
	if err != nil {
		return nil, false, fmt.Errorf("open search index %s: %w", path, err)
	}
	return idx, false, nil
}

// openConfig is how an existing index is opened. Without a timeout a second
// process would wait forever for the lock. Writes are durable when Batch
// returns, whatever the index was built with.
func openConfig() map[string]any {
	return map[string]any{"bolt_timeout": "2s", "unsafe_batch": false}
}

// newIndex creates an empty index at path, or in memory when path is "". Both
// use scorch, bleve's current engine, so tests exercise what production runs.
// A rebuild passes unsafe_batch: its batches then return before they reach
// the disk, which Close waits for instead.
func newIndex(path string, config map[string]any) (bleve.Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("search index mapping: %w", err)
	}
	idx, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, config)
	if err != nil {
		return nil, fmt.Errorf("create search index %s: %w", path, err)
	}
	if err := idx.SetInternal([]byte(versionKey), []byte(mappingVersion)); err != nil {
		idx.Close()
		return nil, fmt.Errorf("create search index %s: %w", path, err)
	}
	return idx, nil
}

// NeedsRebuild reports whether Open created the index just now or found one
// built by another version of luva: either way its content does not reflect
// the database until Rebuild has run.
func (ix *Index) NeedsRebuild() bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.stale
}

// Close closes the index.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.idx.Close(); err != nil {
		return fmt.Errorf("close search index: %w", err)
	}
	return nil
}

// Count returns how many documents the index holds, all languages counted.
func (ix *Index) Count() (int, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	n, err := ix.idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("count search documents: %w", err)
	}
	return int(n), nil
}
