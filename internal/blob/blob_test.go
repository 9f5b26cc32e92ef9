package blob_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/blob"
	"github.com/luva-fi/luva/internal/errs"
)

func stores(t *testing.T) map[string]*blob.Store {
	t.Helper()
	dirURL, err := blob.DirURL(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*blob.Store{}
	for name, url := range map[string]string{"directory": dirURL, "memory": "mem://"} {
		s, err := blob.Open(context.Background(), url, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		out[name] = s
	}
	return out
}

func TestStoreKeepsContentByItsHash(t *testing.T) {
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			const plan = "Pelastussuunnitelma: Ruisrock 2026"
			obj, err := s.Put(ctx, strings.NewReader(plan), 0, "text/plain")
			if err != nil {
				t.Fatal(err)
			}
			if obj.Size != int64(len(plan)) || !strings.HasSuffix(obj.Key, obj.SHA256) || len(obj.SHA256) != 64 {
				t.Errorf("object %+v does not describe the content", obj)
			}
			again, err := s.Put(ctx, strings.NewReader(plan), 0, "text/plain")
			if err != nil || again != obj {
				t.Errorf("second put gave %+v, %v; want the same object", again, err)
			}
			r, err := s.Open(ctx, obj.Key)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			got, _ := io.ReadAll(r)
			if string(got) != plan {
				t.Errorf("read %q, want %q", got, plan)
			}
		})
	}
}

func TestStoreRefusesFilesOverTheLimitAndReportsMissingOnes(t *testing.T) {
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if _, err := s.Put(ctx, strings.NewReader("12345678901"), 10, ""); errs.KindOf(err) != errs.Invalid {
				t.Errorf("11 bytes with a limit of 10: err %v, want invalid", err)
			}
			if _, err := s.Put(ctx, strings.NewReader("1234567890"), 10, ""); err != nil {
				t.Errorf("10 bytes with a limit of 10: %v", err)
			}
			missing := blob.Key(strings.Repeat("ab", 32))
			if _, err := s.Open(ctx, missing); errs.KindOf(err) != errs.NotFound {
				t.Errorf("open missing: err %v, want not found", err)
			}
			if err := s.Delete(ctx, missing); err != nil {
				t.Errorf("delete missing: %v", err)
			}
		})
	}
}

// A file larger than what Put keeps in memory goes through a temporary
// file; what is stored must be the same bytes in the same order.
func TestStoreKeepsLargeFilesWhole(t *testing.T) {
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			content := make([]byte, 9<<20+123)
			for i := range content {
				content[i] = byte(i*7 + i/4096)
			}
			sum := sha256.Sum256(content)
			obj, err := s.Put(ctx, bytes.NewReader(content), 10<<20, "application/pdf")
			if err != nil {
				t.Fatal(err)
			}
			if obj.Size != int64(len(content)) || obj.SHA256 != hex.EncodeToString(sum[:]) {
				t.Fatalf("object %+v, want size %d and sha256 %x", obj, len(content), sum)
			}
			r, err := s.Open(ctx, obj.Key)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			got, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(got, content) {
				t.Fatalf("read back %d bytes (err %v), not the %d stored", len(got), err, len(content))
			}
			if _, err := s.Put(ctx, bytes.NewReader(content), 5<<20, "application/pdf"); errs.KindOf(err) != errs.Invalid {
				t.Errorf("a 9 MB file under a 5 MB limit: %v, want invalid", err)
			}
		})
	}
}
