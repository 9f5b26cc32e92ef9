package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/forms"
	"github.com/luva-fi/luva/internal/identity"
)

// authorityCaseView is the authority's overview of one case: the case as the service
// tells it, and what the page works out for reading it.
type authorityCaseView struct {
	cases.Detail
	Authority    identity.Organisation
	Company      *identity.Organisation // the company the applicant acts for
	Municipality string
	SentBy       string
	Summary      []forms.SummaryPage
	// Files names the attachments by id, for the summary's attachment slots.
	Files    map[string]cases.Attachment
	Changes  []authorityVersion
	Open     *cases.CompletionRequest
	Messages []authorityMessageView
	// The actions the user may take now, by the case's state and their role.
	Mine, CanTake, CanComplete, CanDecide, CanMove bool
	// Problem is the message key of what stopped an action, such as a
	// conflict with someone else's change.
	Problem string
}

// authorityVersion is a version sent after the first, with what it changed.
type authorityVersion struct {
	cases.Version
	Changes []forms.Change
}

// authorityMessageView is a message; a decision's automatic message names its outcome.
type authorityMessageView struct {
	cases.Message
	Outcome string
}

// authorityCaseView reads case id for the overview. Anyone who may not see the case as
// an authority gets not found, like a case that does not exist.
func (h *Handler) authorityCaseView(r *http.Request, lang string) (authorityCaseView, error) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	d, err := h.Cases.Detail(ctx, p, r.PathValue("id"))
	if err != nil {
		return authorityCaseView{}, err
	}
	if !d.Role.View {
		return authorityCaseView{}, errs.E(errs.NotFound, "no such case")
	}
	v := authorityCaseView{Detail: d, Open: d.OpenRequest(), Files: map[string]cases.Attachment{}}
	if v.Authority, err = h.People.Organisation(ctx, d.Case.Authority); err != nil {
		return authorityCaseView{}, err
	}
	if d.Case.ActingFor != "" {
		org, err := h.People.Organisation(ctx, d.Case.ActingFor)
		if err != nil {
			return authorityCaseView{}, err
		}
		v.Company = &org
	}
	v.Municipality = municipalityName(d.Case.Municipality, lang)
	if len(d.Versions) > 0 {
		v.SentBy = d.Versions[0].CreatedByName
	}
	for _, a := range d.Attachments {
		v.Files[a.ID] = a
	}
	form, err := h.Cases.Form(ctx, d.Case)
	if err != nil {
		return authorityCaseView{}, err
	}
	v.Summary = form.Summary(forms.Answers(d.Case.Answers), lang)
	for i := 1; i < len(d.Versions); i++ {
		changes := forms.Diff(form, forms.Answers(d.Versions[i-1].Answers), forms.Answers(d.Versions[i].Answers), lang)
		for j := range changes {
			changes[j].Old, changes[j].New = v.fileNames(changes[j].Old), v.fileNames(changes[j].New)
		}
		v.Changes = append(v.Changes, authorityVersion{Version: d.Versions[i], Changes: changes})
	}
	for _, m := range d.Messages {
		mv := authorityMessageView{Message: m}
		if outcome, ok := strings.CutPrefix(m.Body, "decision:"); ok && m.Side == cases.Authority {
			mv.Outcome = outcome
		}
		v.Messages = append(v.Messages, mv)
	}
	c, model := d.Case, h.Cases.Model()
	v.Mine = c.HandlerID != "" && c.HandlerID == p.PersonID
	if d.Role.Handle {
		def, _ := model.Def(c.State)
		v.CanTake = !v.Mine && def.Open && c.State != cases.Appealed
		v.CanComplete = model.Allows(c.State, cases.Complement, cases.Authority) && v.Open == nil
		v.CanDecide = model.Allows(c.State, cases.Decided, cases.Authority)
		v.CanMove = len(d.Next) > 0
	}
	return v, nil
}

// fileNames replaces the attachment ids a diff shows with the files' names.
func (v authorityCaseView) fileNames(s string) string {
	for id, a := range v.Files {
		s = strings.ReplaceAll(s, id, a.Name)
	}
	return s
}

func (h *Handler) authorityCase(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderAuthorityCase(w, r, lang, http.StatusOK, nil, nil, "")
}

// renderAuthorityCase shows the overview; after a failed post, with what was typed in
// form, its errors, and problem as the message key of what stopped the
// action as a whole.
func (h *Handler) renderAuthorityCase(w http.ResponseWriter, r *http.Request, lang string, status int, form, errors map[string]string, problem string) {
	v, err := h.authorityCaseView(r, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	v.Problem = problem
	h.pageStatus(w, r, status, "authority-case", h.authorityPage(r, lang, v.Case.Number, v, form, errors))
}

// Day reads a stored date (2026-06-01) for showing in the page's language.
func (v authorityCaseView) Day(s string) time.Time {
	t, _ := authorityDay(s)
	return t
}

// KB is a file size in kilobytes, rounded up so that no file shows as 0.
func (v authorityCaseView) KB(size int64) int64 { return (size + 1023) / 1024 }

// authorityPage is a page of one case, with the notice of an action just done.
func (h *Handler) authorityPage(r *http.Request, lang, title string, data any, form, errors map[string]string) Page {
	p := Page{Lang: lang, Title: title, Nav: "authority", Data: data, Form: form, Errors: errors}
	if n := r.URL.Query().Get("done"); n != "" && h.catalog.Has(lang, "authority.notice."+n) {
		p.Notice = "authority.notice." + n
	}
	return p
}
