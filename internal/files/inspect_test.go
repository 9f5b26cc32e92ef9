package files

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/blob"
	"github.com/luva-fi/luva/internal/errs"
)

func memStore(t *testing.T) *blob.Store {
	t.Helper()
	s, err := blob.Open(t.Context(), "mem://", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func sha(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// put is the path a handler takes: inspect, then let the blob store read.
func put(t *testing.T, s *blob.Store, content []byte, name string, p Policy, sc Scanner) (blob.Object, Checked, error) {
	t.Helper()
	up, err := Inspect(t.Context(), bytes.NewReader(content), name, "", p, sc)
	if err != nil {
		return blob.Object{}, Checked{}, err
	}
	defer up.Close()
	obj, err := s.Put(t.Context(), up, p.MaxBytes, up.ContentType())
	return obj, up.Checked(), err
}

func TestInspectedFilesStreamIntoTheBlobStore(t *testing.T) {
	t.Parallel()
	s := memStore(t)
	clamd := fakeClamd{}.start(t)
	text := bytes.Repeat([]byte("Perustelut: ääni ja melu.\n"), 10_000) // longer than the head
	tests := []struct {
		name    string
		content []byte
		file    string
		scanner Scanner
		want    Checked
	}{
		{"a small PDF, unscanned", []byte(minimalPDF), "../hakemus.pdf", nil,
			Checked{Name: "hakemus.pdf", ContentType: "application/pdf", Size: int64(len(minimalPDF)), SHA256: sha([]byte(minimalPDF))}},
		{"a long text, scanned", text, "perustelut.txt", clamd,
			Checked{Name: "perustelut.txt", ContentType: "text/plain", Size: int64(len(text)), SHA256: sha(text), Scanned: true}},
		{"a PNG, scanned", pngFile(t, 64, 64), "kuva.png", clamd,
			Checked{Name: "kuva.png", ContentType: "image/png", Size: int64(len(pngFile(t, 64, 64))), SHA256: sha(pngFile(t, 64, 64)), Scanned: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj, got, err := put(t, s, tt.content, tt.file, DefaultPolicy(), tt.scanner)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Checked = %+v, want %+v", got, tt.want)
			}
			if obj.SHA256 != got.SHA256 || obj.Size != got.Size {
				t.Errorf("stored %+v, checked %+v", obj, got)
			}
		})
	}
}

func TestRefusedFilesAreNotStored(t *testing.T) {
	t.Parallel()
	s := memStore(t)
	small := Policy{MaxBytes: 5000, Allowed: DefaultPolicy().Allowed}
	infected := append([]byte("Liite: "), eicar...)
	big := bytes.Repeat([]byte("a"), 6000)
	tests := []struct {
		name    string
		content []byte
		file    string
		p       Policy
		scanner Scanner
		want    string
	}{
		{"an infected text", infected, "liite.txt", DefaultPolicy(), fakeClamd{}.start(t), Infected},
		{"a text over the limit, found while streaming", big, "iso.txt", small, nil, TooLarge},
		{"a text over the limit, scanned", big, "iso.txt", small, fakeClamd{}.start(t), TooLarge},
		{"a program named as a PDF, found at the head", exeFile(), "lasku.pdf", DefaultPolicy(), nil, Disguised},
		{"an empty file", nil, "tyhjä.pdf", DefaultPolicy(), nil, Empty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got, err := put(t, s, tt.content, tt.file, tt.p, tt.scanner)
			if Code(err) != tt.want {
				t.Fatalf("err = %v, want code %q", err, tt.want)
			}
			if errs.KindOf(err) != errs.Invalid {
				t.Errorf("kind = %v, want invalid", errs.KindOf(err))
			}
			if got != (Checked{}) {
				t.Errorf("Checked = %+v for a refused file", got)
			}
			if len(tt.content) > 0 {
				if _, err := s.Open(t.Context(), blob.Key(sha(tt.content))); errs.KindOf(err) != errs.NotFound {
					t.Errorf("refused file was stored: %v", err)
				}
			}
		})
	}
}

// stubScanner returns its verdict and error without reading.
type stubScanner struct {
	v   Verdict
	err error
}

func (s stubScanner) Scan(context.Context, io.Reader) (Verdict, error) { return s.v, s.err }

func TestScannerFailuresStopTheUpload(t *testing.T) {
	t.Parallel()
	s := memStore(t)
	down := Clamd{Network: "unix", Address: t.TempDir() + "/no-clamd.sock", Timeout: time.Second}
	tests := []struct {
		name    string
		scanner Scanner
		want    string
	}{
		{"clamd is not running", down, "connect to clamd"},
		{"the scanner fails at once", stubScanner{err: errors.New("out of memory")}, "out of memory"},
		{"the scanner says clean without reading", stubScanner{v: Verdict{Clean: true, Scanned: true}}, "stopped reading"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			content := bytes.Repeat([]byte("x"), 100_000)
			_, _, err := put(t, s, content, "a.txt", DefaultPolicy(), tt.scanner)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one with %q", err, tt.want)
			}
			if Code(err) != "" {
				t.Errorf("a failure of ours has code %q", Code(err))
			}
		})
	}
}

func TestAClosedUploadReadsNoMore(t *testing.T) {
	t.Parallel()
	up, err := Inspect(t.Context(), bytes.NewReader([]byte(minimalPDF)), "a.pdf", "", DefaultPolicy(), fakeClamd{}.start(t))
	if err != nil {
		t.Fatal(err)
	}
	up.Close()
	if n, err := up.Read(make([]byte, 10)); n != 0 || err == nil {
		t.Errorf("Read after Close = %d, %v", n, err)
	}
}

func TestAnUploadStopsWithItsContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	up, err := Inspect(ctx, bytes.NewReader(bytes.Repeat([]byte("y"), 10_000)), "a.txt", "", DefaultPolicy(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer up.Close()
	cancel()
	if _, err := io.ReadAll(up); !errors.Is(err, context.Canceled) {
		t.Errorf("ReadAll = %v, want context.Canceled", err)
	}
}
