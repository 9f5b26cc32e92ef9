package pdfdoc

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// Receipt is the acknowledgement an applicant gets for a submission.
type Receipt struct {
	Lang        string // "fi", "sv" or "en": dates, numbers, the PDF's language
	CaseNumber  string
	ServiceName string
	Authority   string
	Applicant   string
	ActingFor   string // the organisation or person applied for; "" for oneself
	SubmittedAt time.Time
	Sections    []Section // the application's content, as the form showed it
	Attachments []Attachment
	Labels      ReceiptLabels
}

// Section is a titled group of label–value rows.
type Section struct {
	Title string
	Rows  []Row
}

// Row is one label and its value, both already in the reader's language.
type Row struct {
	Label, Value string
}

// Attachment is a file sent with a submission. The checksum lets anyone
// show later that a file is the one received.
type Attachment struct {
	Name   string
	Size   int64
	SHA256 string // hex
}

// ReceiptLabels are the fixed texts of a receipt, translated by the caller.
type ReceiptLabels struct {
	Title         string // "Vastaanottokuittaus"
	Intro         string // a sentence under the title; may be ""
	CaseNumber    string // "Asianumero"
	Service       string // "Palvelu"
	Authority     string // "Viranomainen"
	Applicant     string // "Hakija"
	ActingFor     string // "Asioinut puolesta"
	Submitted     string // "Lähetetty"
	Attachments   string // "Liitteet"
	NoAttachments string // "Ei liitteitä"
	Checksum      string // "SHA-256-tarkiste"
	Footer        string // small print on every page
}

// WriteReceipt writes r to w as a PDF.
func WriteReceipt(w io.Writer, r Receipt) error {
	return writeReceipt(w, r, true)
}

func writeReceipt(w io.Writer, r Receipt, compress bool) error {
	if r.SubmittedAt.IsZero() {
		return errors.New("write receipt: no submission time")
	}
	l := r.Labels
	d := newDoc(meta{
		title: l.Title + " " + r.CaseNumber, subject: r.ServiceName, authority: r.Authority,
		lang: r.Lang, footer: l.Footer, created: r.SubmittedAt,
	}, compress)
	d.title(l.Title)
	if l.Intro != "" {
		d.paragraphs(l.Intro)
	}
	d.row(l.CaseNumber, r.CaseNumber)
	d.row(l.Service, r.ServiceName)
	d.row(l.Authority, r.Authority)
	d.row(l.Applicant, r.Applicant)
	if r.ActingFor != "" {
		d.row(l.ActingFor, r.ActingFor)
	}
	d.row(l.Submitted, dateTime(r.SubmittedAt, r.Lang))

	for _, s := range r.Sections {
		d.heading(s.Title)
		for _, row := range s.Rows {
			d.row(row.Label, row.Value)
		}
	}

	d.heading(l.Attachments)
	if len(r.Attachments) == 0 {
		d.paragraphs(l.NoAttachments)
	}
	for _, a := range r.Attachments {
		d.row(a.Name, size(a.Size, r.Lang))
		d.small(l.Checksum+": "+a.SHA256, true)
		d.pdf.Ln(2)
	}
	if err := d.write(w); err != nil {
		return fmt.Errorf("write receipt %s: %w", r.CaseNumber, err)
	}
	return nil
}
