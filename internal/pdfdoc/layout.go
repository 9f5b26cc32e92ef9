// Package pdfdoc lays out the PDF documents luva gives to people: the
// receipt of a submitted application and the decision on it. The caller
// translates every fixed text and passes it in the document's Labels; this
// package only places them. Output is A4 with the PDF core fonts
// (Helvetica) in Windows-1252, which covers Finnish, Swedish and English, so
// no font files are needed at run time. The same input gives the same bytes:
// the document's dates come from the input, never from the clock.
package pdfdoc

import (
	"fmt"
	"io"
	"time"

	"github.com/go-pdf/fpdf"
)

// Page geometry and type sizes, in millimetres and points.
const (
	margin     = 20.0
	topMargin  = 28.0 // below the running header
	labelWidth = 50.0
	lineHeight = 5.0
	bodySize   = 10.0
	smallSize  = 8.0
	titleSize  = 16.0
	headSize   = 12.0
	font       = "Helvetica"
	monoFont   = "Courier"
)

// meta is the document information shared by receipts and decisions.
type meta struct {
	title, subject, authority, lang, footer string
	created                                 time.Time
}

// doc is a PDF under construction with luva's page furniture.
type doc struct {
	pdf  *fpdf.Fpdf
	lang string
}

// newDoc starts an A4 document with header, footer and metadata; compress
// is off only in tests, to read the page content.
func newDoc(m meta, compress bool) *doc {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(margin, topMargin, margin)
	p.SetAutoPageBreak(true, 22)
	p.SetCompression(compress)
	p.SetCatalogSort(true)
	p.SetCreationDate(m.created.UTC())
	p.SetModificationDate(m.created.UTC())
	p.SetTitle(m.title, true)
	p.SetSubject(m.subject, true)
	p.SetAuthor("luva", true)
	p.SetCreator("luva", true)
	p.SetProducer("luva", true)
	p.SetLang(language(m.lang))
	p.AliasNbPages("{nb}")

	authority := winAnsi(m.authority)
	p.SetHeaderFunc(func() {
		p.SetY(12)
		p.SetFont(font, "B", 14)
		p.CellFormat(30, 6, "luva", "", 0, "L", false, 0, "")
		p.SetFont(font, "", bodySize)
		p.CellFormat(0, 6, authority, "", 1, "R", false, 0, "")
		p.SetDrawColor(160, 160, 160)
		p.Line(margin, 20, 210-margin, 20)
		p.SetY(topMargin)
	})
	footer := winAnsi(m.footer)
	p.SetFooterFunc(func() {
		p.SetY(-15)
		p.SetFont(font, "", smallSize)
		p.SetTextColor(90, 90, 90)
		p.CellFormat(130, 4, footer, "", 0, "L", false, 0, "")
		p.CellFormat(0, 4, fmt.Sprintf("%d / {nb}", p.PageNo()), "", 0, "R", false, 0, "")
		p.SetTextColor(0, 0, 0)
	})
	p.AddPage()
	return &doc{pdf: p, lang: m.lang}
}

// title writes the document's title.
func (d *doc) title(s string) {
	d.pdf.SetFont(font, "B", titleSize)
	d.pdf.MultiCell(0, 8, winAnsi(s), "", "L", false)
	d.pdf.Ln(3)
}

// heading writes a section heading, on a new page when too little room is
// left for it and a line or two after it.
func (d *doc) heading(s string) {
	_, pageH := d.pdf.GetPageSize()
	if d.pdf.GetY()+4*lineHeight > pageH-22 {
		d.pdf.AddPage()
	} else {
		d.pdf.Ln(3)
	}
	d.pdf.SetFont(font, "B", headSize)
	d.pdf.MultiCell(0, 6, winAnsi(s), "", "L", false)
	d.pdf.Ln(1)
}

// row writes a label and its value side by side, both wrapped. A row that
// fits on a page is not split across two.
func (d *doc) row(label, value string) {
	p := d.pdf
	l, v := winAnsi(label), winAnsi(value)
	valueWidth := 210 - 2*margin - labelWidth

	p.SetFont(font, "B", bodySize)
	lines := len(p.SplitLines([]byte(l), labelWidth))
	p.SetFont(font, "", bodySize)
	lines = max(lines, len(p.SplitLines([]byte(v), valueWidth)), 1)
	_, pageH := p.GetPageSize()
	if h := float64(lines) * lineHeight; p.GetY()+h > pageH-22 && h < pageH-topMargin-22 {
		p.AddPage()
	}

	y, page := p.GetY(), p.PageNo()
	p.SetFont(font, "B", bodySize)
	p.MultiCell(labelWidth, lineHeight, l, "", "L", false)
	labelEnd := p.GetY()
	p.SetXY(margin+labelWidth, y)
	p.SetFont(font, "", bodySize)
	p.MultiCell(valueWidth, lineHeight, v, "", "L", false)
	if p.PageNo() == page {
		p.SetY(max(labelEnd, p.GetY()))
	}
	p.Ln(1)
}

// paragraphs writes text whose paragraphs are separated by blank lines.
func (d *doc) paragraphs(text string) {
	d.pdf.SetFont(font, "", bodySize)
	for _, para := range splitParagraphs(text) {
		d.pdf.MultiCell(0, lineHeight, winAnsi(para), "", "L", false)
		d.pdf.Ln(2)
	}
}

// list writes items, each with the marker mark(i) hanging before it.
func (d *doc) list(items []string, mark func(i int) string) {
	p := d.pdf
	p.SetFont(font, "", bodySize)
	for i, it := range items {
		p.SetX(margin)
		p.CellFormat(8, lineHeight, winAnsi(mark(i)), "", 0, "L", false, 0, "")
		p.MultiCell(0, lineHeight, winAnsi(it), "", "L", false)
		p.Ln(1)
	}
}

// small writes a line of small print, in the monospaced font when mono.
func (d *doc) small(s string, mono bool) {
	f := font
	if mono {
		f = monoFont
	}
	d.pdf.SetFont(f, "", smallSize)
	d.pdf.MultiCell(0, 4, winAnsi(s), "", "L", false)
}

// write finishes the document into w.
func (d *doc) write(w io.Writer) error {
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}

func bullet(int) string     { return "•" }
func numbered(i int) string { return fmt.Sprintf("%d.", i+1) }
