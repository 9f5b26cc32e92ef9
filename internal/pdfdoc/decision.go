package pdfdoc

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// Decision is an authority's decision on an application.
type Decision struct {
	Lang               string // "fi", "sv" or "en": dates and the PDF's language
	CaseNumber         string
	ServiceName        string
	Authority          string
	Applicant          string
	DecidedAt          time.Time
	DecidedBy          string   // the official, with title
	Outcome            string   // translated: "Lupa myönnetään"
	Text               string   // the reasoning; paragraphs separated by blank lines
	Conditions         []string // the permit's conditions, numbered
	AppealInstructions string   // how to appeal; paragraphs separated by blank lines
	Obligations        []string // what the applicant must do next
	Labels             DecisionLabels
}

// DecisionLabels are the fixed texts of a decision, translated by the caller.
type DecisionLabels struct {
	Title       string // "Päätös"
	CaseNumber  string // "Asianumero"
	Service     string // "Palvelu"
	Authority   string // "Viranomainen"
	Applicant   string // "Hakija"
	Decided     string // "Päätöspäivä"
	DecidedBy   string // "Päätöksentekijä"
	Outcome     string // "Ratkaisu"
	Reasoning   string // "Perustelut"
	Conditions  string // "Lupaehdot"
	Obligations string // "Velvoitteet"
	Appeal      string // "Muutoksenhakuohje"
	Footer      string // small print on every page
}

// WriteDecision writes d to w as a PDF.
func WriteDecision(w io.Writer, d Decision) error {
	return writeDecision(w, d, true)
}

func writeDecision(w io.Writer, d Decision, compress bool) error {
	if d.DecidedAt.IsZero() {
		return errors.New("write decision: no decision time")
	}
	l := d.Labels
	doc := newDoc(meta{
		title: l.Title + " " + d.CaseNumber, subject: d.ServiceName, authority: d.Authority,
		lang: d.Lang, footer: l.Footer, created: d.DecidedAt,
	}, compress)
	doc.title(l.Title)
	doc.row(l.CaseNumber, d.CaseNumber)
	doc.row(l.Service, d.ServiceName)
	doc.row(l.Authority, d.Authority)
	doc.row(l.Applicant, d.Applicant)
	doc.row(l.Decided, date(d.DecidedAt, d.Lang))
	if d.DecidedBy != "" {
		doc.row(l.DecidedBy, d.DecidedBy)
	}

	doc.heading(l.Outcome)
	doc.pdf.SetFont(font, "B", bodySize)
	doc.pdf.MultiCell(0, lineHeight, winAnsi(d.Outcome), "", "L", false)

	if len(splitParagraphs(d.Text)) > 0 {
		doc.heading(l.Reasoning)
		doc.paragraphs(d.Text)
	}
	if len(d.Conditions) > 0 {
		doc.heading(l.Conditions)
		doc.list(d.Conditions, numbered)
	}
	if len(d.Obligations) > 0 {
		doc.heading(l.Obligations)
		doc.list(d.Obligations, bullet)
	}
	if len(splitParagraphs(d.AppealInstructions)) > 0 {
		doc.heading(l.Appeal)
		doc.paragraphs(d.AppealInstructions)
	}
	if err := doc.write(w); err != nil {
		return fmt.Errorf("write decision %s: %w", d.CaseNumber, err)
	}
	return nil
}
