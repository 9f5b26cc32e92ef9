package blob_test

import (
	"context"
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
