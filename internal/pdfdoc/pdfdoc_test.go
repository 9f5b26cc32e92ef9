package pdfdoc

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var helsinki = time.FixedZone("EET", 2*60*60)

func sampleReceipt() Receipt {
	return Receipt{
		Lang:        "fi",
		CaseNumber:  "LUVA-2025-000123",
		ServiceName: "Maa-ainesten ottolupa",
		Authority:   "Pääkaupunkiseudun ympäristöviranomainen",
		Applicant:   "Äijälä Öljy Oy",
		ActingFor:   "Åsa Sjöström",
		SubmittedAt: time.Date(2025, 3, 14, 9, 5, 0, 0, helsinki),
		Sections: []Section{{
			Title: "Hankkeen tiedot",
			Rows: []Row{
				{"Ottamisalue", "Kiinteistö 091-403-0001-0012, Sipoo"},
				{"Kustannusarvio", "12 500 € (arvio 2025–2026)"},
				{"Kuvaus", strings.Repeat("Soranotto pohjavesialueen ulkopuolella. ", 12)},
			},
		}},
		Attachments: []Attachment{
			{Name: "asemapiirros.pdf", Size: 1_234_567, SHA256: strings.Repeat("ab", 32)},
			{Name: "ympäristöselvitys.docx", Size: 845, SHA256: strings.Repeat("0f", 32)},
		},
		Labels: ReceiptLabels{
			Title: "Vastaanottokuittaus", Intro: "Hakemuksesi on vastaanotettu.",
			CaseNumber: "Asianumero", Service: "Palvelu", Authority: "Viranomainen",
			Applicant: "Hakija", ActingFor: "Asioinut puolesta", Submitted: "Lähetetty",
			Attachments: "Liitteet", NoAttachments: "Ei liitteitä", Checksum: "SHA-256",
			Footer: "Kuitti on muodostettu automaattisesti.",
		},
	}
}

func sampleDecision() Decision {
	return Decision{
		Lang:        "sv",
		CaseNumber:  "LUVA-2025-000123",
		ServiceName: "Marktäktstillstånd",
		Authority:   "Miljömyndigheten i huvudstadsregionen",
		Applicant:   "Äijälä Öljy Ab",
		DecidedAt:   time.Date(2025, 4, 2, 13, 0, 0, 0, helsinki),
		DecidedBy:   "Åke Öhman, miljöinspektör",
		Outcome:     "Tillstånd beviljas",
		Text:        "Ansökan uppfyller kraven i marktäktslagen.\n\nTäkten ligger utanför grundvattenområdet – inga hinder föreligger.",
		Conditions:  []string{"Täkten ska vara avslutad senast 31.12.2030.", "Avgift 1 200 € betalas årligen."},
		Obligations: []string{"Lämna en årsrapport före utgången av februari."},
		AppealInstructions: "Omprövning får begäras inom 30 dagar.\n\n" +
			"Begäran lämnas till myndigheten.",
		Labels: DecisionLabels{
			Title: "Beslut", CaseNumber: "Ärendenummer", Service: "Tjänst", Authority: "Myndighet",
			Applicant: "Sökande", Decided: "Beslutsdatum", DecidedBy: "Beslutsfattare",
			Outcome: "Avgörande", Reasoning: "Motivering", Conditions: "Tillståndsvillkor",
			Obligations: "Skyldigheter", Appeal: "Anvisning om omprövning", Footer: "luva",
		},
	}
}

func render(t *testing.T, write func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatalf("output starts with %q", b.Bytes()[:min(10, b.Len())])
	}
	return b.Bytes()
}

func TestDocumentsAreTheSameForTheSameInput(t *testing.T) {
	t.Parallel()
	for name, write := range map[string]func(*bytes.Buffer) error{
		"receipt":  func(b *bytes.Buffer) error { return WriteReceipt(b, sampleReceipt()) },
		"decision": func(b *bytes.Buffer) error { return WriteDecision(b, sampleDecision()) },
	} {
		t.Run(name, func(t *testing.T) {
			first, second := render(t, write), render(t, write)
			if !bytes.Equal(first, second) {
				t.Error("two renderings differ")
			}
		})
	}
}

func TestReceiptHoldsItsTextInWindows1252(t *testing.T) {
	t.Parallel()
	out := string(render(t, func(b *bytes.Buffer) error { return writeReceipt(b, sampleReceipt(), false) }))
	for _, want := range []string{
		"Vastaanottokuittaus", "LUVA-2025-000123", "\xc4ij\xe4l\xe4 \xd6ljy Oy", "\xc5sa Sj\xf6str\xf6m",
		"L\xe4hetetty", "14.3.2025 klo 9.05", "12 500 \x80 \\(arvio 2025\x962026\\)",
		"asemapiirros.pdf", "1,2 MB", "845 B", strings.Repeat("ab", 32), "Kuitti on muodostettu",
		"1 / 1", "/Lang (fi)", "/CreationDate (D:20250314070500)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("receipt lacks %q", want)
		}
	}
	if strings.Contains(out, "Ã") {
		t.Error("receipt holds UTF-8 bytes in its page content")
	}
}

func TestDecisionHoldsItsSections(t *testing.T) {
	t.Parallel()
	out := string(render(t, func(b *bytes.Buffer) error { return writeDecision(b, sampleDecision(), false) }))
	for _, want := range []string{
		"Beslut", "\xc5ke \xd6hman", "2.4.2025", "Tillst\xe5nd beviljas", "Motivering",
		"grundvattenomr\xe5det \x96 inga", "1.", "2.", "1 200 \x80", "\x95", "Skyldigheter",
		"Anvisning om ompr\xf6vning", "/Lang (sv)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("decision lacks %q", want)
		}
	}
}

func TestLongContentFlowsOverPages(t *testing.T) {
	t.Parallel()
	r := sampleReceipt()
	rows := make([]Row, 200)
	for i := range rows {
		rows[i] = Row{Label: fmt.Sprintf("Kenttä %d", i+1), Value: fmt.Sprintf("Arvo %d: öljysäiliö", i+1)}
	}
	r.Sections = append(r.Sections, Section{Title: "Liite A", Rows: rows})
	out := string(render(t, func(b *bytes.Buffer) error { return writeReceipt(b, r, false) }))
	n := pageCount(t, out)
	if n < 5 {
		t.Fatalf("receipt of 200 rows has %d pages, want at least 5", n)
	}
	for _, want := range []string{"Kentt\xe4 200", fmt.Sprintf("1 / %d", n), fmt.Sprintf("%d / %d", n, n)} {
		if !strings.Contains(out, want) {
			t.Errorf("receipt of %d pages lacks %q", n, want)
		}
	}

	d := sampleDecision()
	d.Text = strings.Repeat(strings.Repeat("Ett långt stycke motivering. ", 30)+"\n\n", 30)
	out = string(render(t, func(b *bytes.Buffer) error { return writeDecision(b, d, false) }))
	if n := pageCount(t, out); n < 3 || !strings.Contains(out, fmt.Sprintf("%d / %d", n, n)) {
		t.Errorf("long decision has %d pages, want at least 3, numbered", n)
	}
}

// pageCount reads the page count from an uncompressed PDF.
func pageCount(t *testing.T, pdf string) int {
	t.Helper()
	m := regexp.MustCompile(`/Type /Pages\n/Kids \[[^]]*\]\n/Count (\d+)`).FindStringSubmatch(pdf)
	if m == nil {
		t.Fatal("no page tree found")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestDocumentsNeedTheirTime(t *testing.T) {
	t.Parallel()
	r := sampleReceipt()
	r.SubmittedAt = time.Time{}
	if err := WriteReceipt(&bytes.Buffer{}, r); err == nil {
		t.Error("receipt without time written")
	}
	d := sampleDecision()
	d.DecidedAt = time.Time{}
	if err := WriteDecision(&bytes.Buffer{}, d); err == nil {
		t.Error("decision without time written")
	}
}

func TestWinAnsi(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Päätös Åbo", "P\xe4\xe4t\xf6s \xc5bo"},
		{"pa\u0308a\u0308to\u0308s", "p\xe4\xe4t\xf6s"},
		{"5 € – “lainaus”", "5 \x80 \x96 \x93lainaus\x94"},
		{"Čeština ŋ", "Ce\x9atina ?"},
		{"a\tb\r\nc\x00", "a b\nc"},
		{"Šiauliai ž", "\x8aiauliai \x9e"},
	}
	for _, tt := range tests {
		if got := winAnsi(tt.in); got != tt.want {
			t.Errorf("winAnsi(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPdftotextReadsTheLetters checks the text as a PDF reader sees it, when
// poppler's pdftotext is installed.
func TestPdftotextReadsTheLetters(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "beslut.pdf")
	if err := os.WriteFile(file, render(t, func(b *bytes.Buffer) error { return WriteDecision(b, sampleDecision()) }), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`1\s*/\s*1`).Match(out) {
		t.Errorf("pdftotext output lacks the page number")
	}
	for _, want := range []string{"Åke Öhman", "Tillstånd beviljas", "1 200 €", "grundvattenområdet – inga", "Ärendenummer"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("pdftotext output lacks %q:\n%s", want, out)
		}
	}
}
