package files

import (
	"archive/zip"
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
)

// Small files of each kind, made here so that no binary test data is kept.

const minimalPDF = "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n" +
	"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"

// eicar is the antivirus test file every scanner flags.
const eicar = `X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`

func testImage(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), 200, 255})
		}
	}
	return img
}

func pngFile(t testing.TB, w, h int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, testImage(w, h)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegFile(t testing.TB, w, h int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, testImage(w, h), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gifFile(t testing.TB, w, h int) []byte {
	var b bytes.Buffer
	if err := gif.Encode(&b, testImage(w, h), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// zipFile makes a ZIP archive holding the named entries.
func zipFile(t testing.TB, names ...string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// docxFile is the skeleton of a Word document: a ZIP with its tell-tale parts.
func docxFile(t testing.TB) []byte {
	return zipFile(t, "[Content_Types].xml", "_rels/.rels", "word/document.xml")
}

// odtFile is an OpenDocument text: a ZIP whose first entry, stored, is the type.
func odtFile(t testing.TB) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("application/vnd.oasis.opendocument.text"))
	w, _ = zw.Create("content.xml")
	w.Write([]byte("<office:document-content/>"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// exeFile starts like a Windows program: an MZ header pointing at "PE\0\0".
func exeFile() []byte {
	b := make([]byte, 256)
	copy(b, "MZ")
	b[0x3c] = 0x80
	copy(b[0x80:], "PE\x00\x00")
	return b
}

// elfFile starts like a Linux program.
func elfFile() []byte {
	b := make([]byte, 64)
	copy(b, "\x7fELF\x02\x01\x01")
	b[16] = 2 // ET_EXEC
	return b
}

// webpHead is the start of a WebP file, enough for detection.
func webpHead() []byte {
	return []byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00")
}

func TestDetectReadsTheTypeFromTheContent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		b    []byte
		want string
	}{
		{"a PDF", []byte(minimalPDF), "application/pdf"},
		{"a PNG", pngFile(t, 4, 4), "image/png"},
		{"a JPEG", jpegFile(t, 4, 4), "image/jpeg"},
		{"a GIF", gifFile(t, 4, 4), "image/gif"},
		{"a WebP", webpHead(), "image/webp"},
		{"a ZIP", zipFile(t, "a.txt"), "application/zip"},
		{"a Word document", docxFile(t), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"an OpenDocument text", odtFile(t), "application/vnd.oasis.opendocument.text"},
		{"a Windows program", exeFile(), "application/vnd.microsoft.portable-executable"},
		{"a Linux program", elfFile(), "application/x-executable"},
		{"Finnish text, without its charset", []byte("Hakemus ääniä varten\n"), "text/plain"},
		{"a CSV table", []byte("nimi,ikä\nMatti,42\nLiisa,37\n"), "text/csv"},
		{"nothing", nil, "text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect(tt.b); got != tt.want {
				t.Errorf("Detect = %q, want %q", got, tt.want)
			}
		})
	}
}
