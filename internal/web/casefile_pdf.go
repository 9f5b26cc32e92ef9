package web

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strconv"

	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/pdfdoc"
)

// casefileDecisionPDF gives a case's decision as a PDF in the page's
// language, to the customer and to the authority users who may see the
// case: the cases service decides who that is, and answers "not found" to
// anyone else.
func (h *Handler) casefileDecisionPDF(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	d, err := h.Cases.Detail(ctx, auth.PrincipalFrom(ctx), r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	dec := d.Decision
	if dec == nil {
		h.ErrorPage(w, r, lang, http.StatusNotFound)
		return
	}
	c := d.Case
	authority, err := h.casefileAuthority(ctx, c.Authority, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	doc := pdfdoc.Decision{Lang: lang, CaseNumber: c.Number, ServiceName: c.Title, Authority: authority, Applicant: c.Applicant,
		DecidedAt: dec.DecidedAt, DecidedBy: dec.DecidedByName, Outcome: h.catalog.T(lang, "outcome."+dec.Outcome),
		Text: dec.Body, Conditions: dec.Conditions, AppealInstructions: dec.Appeal, Labels: h.casefileDecisionLabels(lang)}
	for _, o := range casefileObligations(d.Obligations) {
		line := o.Title + ": " + formatTime(lang, o.DueDate, false)
		if o.Recurrence == "yearly" {
			line += " (" + h.catalog.T(lang, "casefile.obligations.yearly") + ")"
		}
		doc.Obligations = append(doc.Obligations, line)
	}
	var buf bytes.Buffer
	if err := pdfdoc.WriteDecision(&buf, doc); err != nil {
		h.Error(w, r, lang, fmt.Errorf("decision of case %s: %w", c.ID, err))
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	name := h.catalog.T(lang, "casefile.pdf.file", "number", c.Number)
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
		hd.Set("Content-Disposition", v)
	}
	// A decision is personal data: no shared cache may keep it.
	hd.Set("Cache-Control", "private, no-cache")
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	if _, err := buf.WriteTo(w); err != nil {
		h.log.WarnContext(ctx, "send a decision", "case", c.ID, "err", err)
	}
}

// casefileDecisionLabels are the decision's fixed texts in lang.
func (h *Handler) casefileDecisionLabels(lang string) pdfdoc.DecisionLabels {
	t := func(key string) string { return h.catalog.T(lang, "casefile.pdf."+key) }
	return pdfdoc.DecisionLabels{Title: t("title"), CaseNumber: t("number"), Service: t("service"), Authority: t("authority"),
		Applicant: t("applicant"), Decided: t("decided"), DecidedBy: t("decided_by"), Outcome: t("outcome"), Reasoning: t("reasons"),
		Conditions: t("conditions"), Obligations: t("obligations"), Appeal: t("appeal"), Footer: t("footer")}
}
