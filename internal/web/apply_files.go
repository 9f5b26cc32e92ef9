package web

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/files"
	"github.com/luva-fi/luva/internal/forms"
	"github.com/luva-fi/luva/internal/pdfdoc"
)

// thumbnailSide is the longest side of an image preview, in pixels.
const thumbnailSide = 800

// pdfPreviewPolicy lets the browser's own PDF viewer show an attachment
// inline, and nothing else: the site-wide policy's object-src 'none' would
// leave the preview blank.
const pdfPreviewPolicy = "default-src 'none'; object-src 'self'; plugin-types application/pdf; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

// caseAttachment gives an attachment of a case to those who may see the
// case: to download, or with ?preview=1 to look at in the browser, an image
// as a thumbnail and a PDF inline. Other types have no preview.
func (h *Handler) caseAttachment(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	preview := r.URL.Query().Get("preview") == "1"
	a, rc, err := h.Cases.Files.Open(ctx, auth.PrincipalFrom(ctx), auth.RequestInfo(r), r.PathValue("id"), r.PathValue("aid"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	defer rc.Close()
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, no-cache")
	kind := files.Previewable(a.ContentType)
	switch {
	case preview && kind == "image":
		png, err := files.Thumbnail(rc, a.ContentType, thumbnailSide)
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		hd.Set("Content-Type", files.ThumbnailType)
		hd.Set("Content-Length", strconv.Itoa(len(png)))
		w.Write(png) //nolint:errcheck // the client went away
		return
	case preview && kind == "pdf":
		hd.Set("Content-Security-Policy", pdfPreviewPolicy)
		hd.Set("Content-Disposition", disposition("inline", a.Name))
	case preview:
		h.ErrorPage(w, r, lang, http.StatusNotFound)
		return
	default:
		hd.Set("Content-Disposition", disposition("attachment", a.Name))
	}
	hd.Set("Content-Type", a.ContentType)
	hd.Set("Content-Length", strconv.FormatInt(a.Size, 10))
	if _, err := io.Copy(w, rc); err != nil {
		h.log.WarnContext(ctx, "send an attachment", "attachment", a.ID, "err", err)
	}
}

// disposition is a Content-Disposition header with the file's name, which
// CleanName made safe when it was uploaded; names beyond ASCII are encoded
// as RFC 2231 says.
func disposition(kind, name string) string {
	if v := mime.FormatMediaType(kind, map[string]string{"filename": name}); v != "" {
		return v
	}
	return kind
}

// caseReceipt gives the receipt of a sent application as a PDF in the page's
// language: what was sent first (version 1), page by page as the form showed
// it, with each attachment's name, size and SHA-256, so that the customer
// can later show what the authority received.
func (h *Handler) caseReceipt(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	d, err := h.Cases.Detail(ctx, auth.PrincipalFrom(ctx), r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	c := d.Case
	if !c.Sent() || len(d.Versions) == 0 {
		h.ErrorPage(w, r, lang, http.StatusNotFound)
		return
	}
	first := d.Versions[0]
	f, _, err := h.Cases.Forms.Compiled(ctx, c.FormID, c.FormVersion)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	authority, err := h.People.Organisation(ctx, c.Authority)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	names := map[string]string{}
	for _, a := range d.Attachments {
		names[a.ID] = a.Name
	}
	rec := pdfdoc.Receipt{Lang: lang, CaseNumber: c.Number, ServiceName: c.Title, Authority: authority.DisplayName(lang),
		Applicant: first.CreatedByName, SubmittedAt: *c.SubmittedAt, Labels: h.receiptLabels(lang)}
	if c.ActingFor != "" {
		rec.ActingFor = c.Applicant
	}
	for _, sp := range f.Summary(forms.Answers(first.Answers), lang) {
		sec := pdfdoc.Section{Title: sp.Title}
		for _, row := range sp.Rows {
			value := row.Text
			switch {
			case len(row.Files) > 0:
				value = fileNames(strings.Join(row.Files, ", "), names)
			case row.Key != "":
				value = h.catalog.T(lang, row.Key)
			}
			sec.Rows = append(sec.Rows, pdfdoc.Row{Label: row.Label, Value: value})
		}
		rec.Sections = append(rec.Sections, sec)
	}
	for _, id := range first.Attachments {
		if a, ok := d.Attachment(id); ok {
			rec.Attachments = append(rec.Attachments, pdfdoc.Attachment{Name: a.Name, Size: a.Size, SHA256: a.SHA256})
		}
	}
	var buf bytes.Buffer
	if err := pdfdoc.WriteReceipt(&buf, rec); err != nil {
		h.Error(w, r, lang, fmt.Errorf("receipt of case %s: %w", c.ID, err))
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	hd.Set("Content-Disposition", disposition("attachment", h.catalog.T(lang, "apply.receipt.file", "number", c.Number)))
	hd.Set("Cache-Control", "private, no-cache")
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	buf.WriteTo(w) //nolint:errcheck // the client went away
}

// receiptLabels are the receipt's fixed texts in lang.
func (h *Handler) receiptLabels(lang string) pdfdoc.ReceiptLabels {
	t := func(key string) string { return h.catalog.T(lang, "apply.receipt."+key) }
	return pdfdoc.ReceiptLabels{Title: t("title"), Intro: t("intro"), CaseNumber: t("number"), Service: t("service"),
		Authority: t("authority"), Applicant: t("applicant"), ActingFor: t("acting_for"), Submitted: t("submitted"),
		Attachments: t("attachments"), NoAttachments: t("no_attachments"), Checksum: t("checksum"), Footer: t("footer")}
}
