package blob_test

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/luva-fi/luva/internal/blob"
)

// TestStoreWorksOnS3CompatibleStorage runs the store against an in-process S3
// server, reached by URL exactly as production reaches its object storage.
func TestStoreWorksOnS3CompatibleStorage(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket("luva-files"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	defer srv.Close()
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")

	ctx := context.Background()
	url := "s3://luva-files?region=eu-north-1&use_path_style=true&disable_https=true&endpoint=" + srv.URL
	s, err := blob.Open(ctx, url, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	obj, err := s.Put(ctx, strings.NewReader("Ympäristölupahakemus"), 1<<20, "text/plain")
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Open(ctx, obj.Key)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got, _ := io.ReadAll(r); string(got) != "Ympäristölupahakemus" {
		t.Errorf("read back %q", got)
	}
	if err := s.Delete(ctx, obj.Key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(ctx, obj.Key); err == nil {
		t.Error("the deleted file can still be opened")
	}
}
