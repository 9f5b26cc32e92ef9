package files

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image/png"
	"strings"
	"testing"
)

func TestThumbnailScalesImagesDown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		content      []byte
		contentType  string
		wantW, wantH int
	}{
		{"a wide PNG", pngFile(t, 400, 200), "image/png", 100, 50},
		{"a tall JPEG", jpegFile(t, 150, 600), "image/jpeg", 25, 100},
		{"a GIF", gifFile(t, 300, 300), "image/gif", 100, 100},
		{"a small image keeps its size", pngFile(t, 40, 30), "image/png", 40, 30},
		{"a very thin image keeps a pixel", pngFile(t, 1000, 2), "image/png", 100, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Thumbnail(bytes.NewReader(tt.content), tt.contentType, 100)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("thumbnail is no PNG: %v", err)
			}
			if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w != tt.wantW || h != tt.wantH {
				t.Errorf("thumbnail is %d × %d, want %d × %d", w, h, tt.wantW, tt.wantH)
			}
		})
	}
}

// bomb is a PNG whose header claims w × h pixels.
func bomb(t *testing.T, w, h uint32) []byte {
	b := pngFile(t, 1, 1)
	ihdr := b[12:29] // "IHDR" and its 13 bytes
	binary.BigEndian.PutUint32(ihdr[4:], w)
	binary.BigEndian.PutUint32(ihdr[8:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(ihdr))
	return b
}

func TestThumbnailRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		content     []byte
		contentType string
		want        string
	}{
		{"a decompression bomb", bomb(t, 100_000, 100_000), "image/png", "refused"},
		{"just over the pixel limit", bomb(t, 10_000, 5_001), "image/png", "refused"},
		{"a PDF", []byte(minimalPDF), "application/pdf", "not an image"},
		{"a PNG that is not one", []byte("not a png"), "image/png", "header"},
		{"a PNG cut short", pngFile(t, 50, 50)[:80], "image/png", "decode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Thumbnail(bytes.NewReader(tt.content), tt.contentType, 100)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Thumbnail = %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestPreviewable(t *testing.T) {
	t.Parallel()
	for ct, want := range map[string]string{
		"image/png": "image", "image/jpeg": "image", "image/gif": "image", "image/webp": "image",
		"application/pdf": "pdf", "APPLICATION/PDF": "pdf",
		"text/plain; charset=utf-8": "", "image/svg+xml": "", "": "",
	} {
		if got := Previewable(ct); got != want {
			t.Errorf("Previewable(%q) = %q, want %q", ct, got, want)
		}
	}
}
