package files

import (
	"errors"
	"fmt"
	"testing"

	"github.com/luva-fi/luva/internal/errs"
)

func TestPolicyCheckTakesOrRefusesFiles(t *testing.T) {
	t.Parallel()
	pdf := []byte(minimalPDF)
	tests := []struct {
		name     string
		file     string
		declared string
		head     []byte
		size     int64
		want     string // the code, "" for taken
	}{
		{"a PDF is taken", "hakemus.pdf", "application/pdf", pdf, int64(len(pdf)), ""},
		{"a PDF with an upper-case extension is taken", "HAKEMUS.PDF", "", pdf, 100, ""},
		{"a PNG photo is taken", "kuva.png", "image/png", pngFile(t, 8, 8), 100, ""},
		{"a JPEG photo is taken", "valokuva.jpeg", "image/jpeg", jpegFile(t, 8, 8), 100, ""},
		{"a WebP saved as .jpg is taken as what it is", "kuva.jpg", "image/jpeg", webpHead(), 100, ""},
		{"a CSV the detector takes for text is taken", "taulukko.csv", "application/vnd.ms-excel", []byte("yksi sarake\nrivi\n"), 20, ""},
		{"a Word document is taken", "liite.docx", "", docxFile(t), 400, ""},
		{"an Office file seen only as ZIP is taken by its name", "liite.xlsx", "", zipFile(t, "[Content_Types].xml"), 400, ""},
		{"an OpenDocument text is taken", "selvitys.odt", "", odtFile(t), 400, ""},
		{"a file without extension is judged by content", "skannaus", "", pdf, 100, ""},
		{"a name with a path keeps its base name", "../../etc/hakemus.pdf", "", pdf, 100, ""},

		{"an empty file is refused", "tyhjä.pdf", "application/pdf", nil, 0, Empty},
		{"an empty head of unknown size is refused", "tyhjä.pdf", "", nil, -1, Empty},
		{"a file over the limit is refused", "iso.pdf", "", pdf, 25<<20 + 1, TooLarge},
		{"a program renamed .pdf is disguised", "lasku.pdf", "application/pdf", exeFile(), 256, Disguised},
		{"a ZIP named .pdf is disguised", "lasku.pdf", "", zipFile(t, "a.txt"), 200, Disguised},
		{"a Linux program named .txt is disguised", "ohje.txt", "", elfFile(), 64, Disguised},
		{"a PDF named .png is disguised", "kuva.png", "", pdf, 100, Disguised},
		{"a program declared as PDF without extension is disguised", "lasku", "application/pdf", exeFile(), 256, Disguised},
		{"a program is not allowed", "ohjelma", "", exeFile(), 256, TypeNotAllowed},
		{"a ZIP is not allowed", "paketti.zip", "application/zip", zipFile(t, "a.txt"), 200, TypeNotAllowed},
		{"a picture named .exe is refused by its name", "kuva.exe", "", pngFile(t, 2, 2), 100, BadName},
		{"a name of dots only is refused", "..", "", pdf, 100, BadName},
		{"a name that is a folder is refused", "liitteet/", "", pdf, 100, BadName},
	}
	p := DefaultPolicy()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := p.Check(tt.file, tt.declared, tt.head, tt.size)
			if got := Code(err); got != tt.want {
				t.Fatalf("Check(%q) = %v, want code %q", tt.file, err, tt.want)
			}
			if err != nil && errs.KindOf(err) != errs.Invalid {
				t.Errorf("refusal is of kind %v, want invalid", errs.KindOf(err))
			}
		})
	}
}

func TestErrorCarriesWhatTheMessageNeeds(t *testing.T) {
	t.Parallel()
	p := Policy{MaxBytes: 10, Allowed: []string{"application/pdf"}}
	err := p.Check("a/b/iso.pdf", "", []byte(minimalPDF), 11)
	var e *Error
	if !errors.As(fmt.Errorf("upload: %w", err), &e) {
		t.Fatalf("Check = %v, want an *Error", err)
	}
	if e.Code != TooLarge || e.Max != 10 || e.Size != 11 || e.Name != "iso.pdf" {
		t.Errorf("error = %+v", e)
	}

	err = p.Check("lasku.pdf", "", exeFile(), -1)
	if !errors.As(err, &e) || e.Claimed != "application/pdf" || e.Detected != "application/vnd.microsoft.portable-executable" {
		t.Errorf("disguise error = %+v", err)
	}
}

func TestCodeOfOtherErrorsIsEmpty(t *testing.T) {
	t.Parallel()
	for _, err := range []error{nil, errors.New("clamd down")} {
		if c := Code(err); c != "" {
			t.Errorf("Code(%v) = %q, want empty", err, c)
		}
	}
}

func FuzzPolicyCheck(f *testing.F) {
	f.Add("hakemus.pdf", "application/pdf", []byte(minimalPDF))
	f.Add("../kuva.exe", "", exeFile())
	f.Add("taulukko.csv", "text/csv", []byte("a,b\n1,2\n"))
	p := DefaultPolicy()
	f.Fuzz(func(t *testing.T, name, declared string, head []byte) {
		err := p.Check(name, declared, head, int64(len(head)))
		if err != nil && Code(err) == "" {
			t.Fatalf("Check refused without a code: %v", err)
		}
		if err == nil {
			ct, _ := p.classify(name, declared, head, int64(len(head)))
			if Detect(head) == "application/vnd.microsoft.portable-executable" || ct == "" {
				t.Fatalf("Check took %q as %q", name, ct)
			}
		}
	})
}
