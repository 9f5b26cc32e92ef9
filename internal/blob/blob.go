// Package blob stores attachments and other files through one interface: a local
// directory by default, S3-compatible object storage by URL (gocloud.dev/blob).
// Files are addressed by the SHA-256 of their content, so the same file is stored
// once and a key can never point at changed content.
package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	gcblob "gocloud.dev/blob"
	"gocloud.dev/gcerrors"

	_ "gocloud.dev/blob/fileblob" // file:// URLs
	_ "gocloud.dev/blob/memblob"  // mem:// URLs, for tests
	_ "gocloud.dev/blob/s3blob"   // s3:// URLs, also for S3-compatible stores via endpoint=

	"github.com/luva-fi/luva/internal/errs"
)

// Store is a content-addressed file store.
type Store struct {
	bucket *gcblob.Bucket
	tmpDir string
}

// Object describes a stored file.
type Object struct {
	Key    string // "sha256/<first two hex>/<hex>"
	SHA256 string
	Size   int64
}

// DirURL is the URL of a local directory store, created when missing.
func DirURL(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("blob directory %s: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return "", fmt.Errorf("create blob directory %s: %w", abs, err)
	}
	// No metadata sidecars: luva keeps each file's type and name in the
	// database, and a sidecar is one more file created per upload (file
	// creation was most of an upload's time in luva bench's profile).
	return "file://" + filepath.ToSlash(abs) + "?no_tmp_dir=true&metadata=skip", nil
}

// Open opens the store at url (file://, s3:// or mem://). tmpDir holds uploads
// while their hash is computed; empty means the system's.
func Open(ctx context.Context, url, tmpDir string) (*Store, error) {
	b, err := gcblob.OpenBucket(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("open blob store %s: %w", url, err)
	}
	return &Store{bucket: b, tmpDir: tmpDir}, nil
}

// Close releases the store.
func (s *Store) Close() error { return s.bucket.Close() }

// memoryLimit is the largest upload Put keeps in memory while hashing it.
const memoryLimit = 4 << 20

// Put stores the content of r, at most limit bytes (0: no limit), and returns
// its address. Storing the same content again writes nothing new.
func (s *Store) Put(ctx context.Context, r io.Reader, limit int64, contentType string) (Object, error) {
	src := r
	if limit > 0 {
		src = io.LimitReader(r, limit+1)
	}
	// The key is known only at the end, so the content waits somewhere
	// first: in memory up to memoryLimit (most attachments), in a
	// temporary file beyond.
	h := sha256.New()
	var buf bytes.Buffer
	size, err := io.Copy(io.MultiWriter(&buf, h), io.LimitReader(src, memoryLimit+1))
	if err != nil {
		return Object{}, fmt.Errorf("put blob: read upload: %w", err)
	}
	var content io.Reader = bytes.NewReader(buf.Bytes())
	if size > memoryLimit {
		tmp, err := os.CreateTemp(s.tmpDir, "luva-upload-*")
		if err != nil {
			return Object{}, fmt.Errorf("put blob: temporary file: %w", err)
		}
		defer os.Remove(tmp.Name())
		defer tmp.Close()
		more, err := io.Copy(io.MultiWriter(tmp, h), src)
		if err != nil {
			return Object{}, fmt.Errorf("put blob: read upload: %w", err)
		}
		size += more
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return Object{}, fmt.Errorf("put blob: rewind: %w", err)
		}
		content = io.MultiReader(bytes.NewReader(buf.Bytes()), tmp)
	}
	if limit > 0 && size > limit {
		return Object{}, errs.E(errs.Invalid, fmt.Sprintf("file is larger than %d bytes", limit))
	}
	sum := hex.EncodeToString(h.Sum(nil))
	obj := Object{Key: Key(sum), SHA256: sum, Size: size}
	if ok, err := s.bucket.Exists(ctx, obj.Key); err != nil {
		return Object{}, fmt.Errorf("put blob %s: %w", obj.Key, err)
	} else if ok {
		return obj, nil
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	err = s.bucket.Upload(ctx, obj.Key, content, &gcblob.WriterOptions{ContentType: contentType})
	if err != nil {
		return Object{}, fmt.Errorf("put blob %s: %w", obj.Key, err)
	}
	return obj, nil
}

// Key is the storage key of content with the given SHA-256 (hex).
func Key(sha string) string { return "sha256/" + sha[:2] + "/" + sha }

// Open returns a reader of the stored file at key.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if !strings.HasPrefix(key, "sha256/") {
		return nil, errs.E(errs.Invalid, "not a blob key")
	}
	r, err := s.bucket.NewReader(ctx, key, nil)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil, errs.Wrap(errs.NotFound, "file not found", err)
	}
	if err != nil {
		return nil, fmt.Errorf("open blob %s: %w", key, err)
	}
	return r, nil
}

// Delete removes the file at key; a missing file is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	err := s.bucket.Delete(ctx, key)
	if err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		return fmt.Errorf("delete blob %s: %w", key, err)
	}
	return nil
}
