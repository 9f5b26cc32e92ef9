package web

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/forms"
)

// casefileData is what the customer's case page shows.
type casefileData struct {
	cases.Detail
	AuthorityName string
	// Open is the completion request waiting for the customer, with its
	// deadline as a date.
	Open         *cases.CompletionRequest
	OpenDeadline time.Time
	Timeline     []casefileEvent
	Versions     []casefileVersion
	// Pending lists what the supplement or change being prepared changes,
	// against the version last sent.
	Pending     []forms.Change
	Files       []casefileAttachment
	Messages    []casefileMessage
	Obligations []casefileObligation
	// What the person may do here.
	CanEdit     bool // fill in the draft, or the supplement or change under way
	CanChange   bool // start a supplement or a change of a sent application
	CanDiscard  bool
	CanCancel   bool
	CanMessage  bool
	CanPartners bool
	ToVisible   bool // show the draft to the authority for advice
	ToDraft     bool // hide it again
}

// casefileEvent is one line of a case's history, as people read it.
type casefileEvent struct {
	At        time.Time
	Who       string
	Side      cases.Side
	From, To  cases.State
	Reason    string
	Outcome   string // for a decision: the outcome the reason names
	Started   bool   // the draft was opened
	CaseID    string // on an undertaking's combined timeline
	CaseTitle string
}

// casefileVersion is one version sent, with what changed from the one before.
type casefileVersion struct {
	cases.Version
	// Previous is the number of the version the changes are counted from.
	Previous int
	Changes  []forms.Change
	Files    int
}

// casefileAttachment is a current attachment with the label of its slot.
type casefileAttachment struct {
	cases.Attachment
	Slot string
}

// SizeKB is the file's size in kilobytes, rounded up.
func (f casefileAttachment) SizeKB() int64 { return (f.Size + 1023) / 1024 }

// casefileMessage is a message, with the system's decision notice recognised.
type casefileMessage struct {
	cases.Message
	Decision string // the outcome of a "decision:<outcome>" notice
}

// casefileObligation is a duty set by a decision, with its due date as a date.
type casefileObligation struct {
	cases.Obligation
	DueDate time.Time
}

// casefileDecisionPrefix starts the body of the message the service leaves when a
// decision is given.
const casefileDecisionPrefix = "decision:"

func (h *Handler) casefileView(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderCasefile(w, r, lang, http.StatusOK, nil, nil)
}

// renderCasefile renders the case page with status, and after a failed post the
// errors and what was typed.
func (h *Handler) renderCasefile(w http.ResponseWriter, r *http.Request, lang string, status int, errors, form map[string]string) {
	ctx := r.Context()
	d, err := h.Cases.Detail(ctx, auth.PrincipalFrom(ctx), r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	cd, err := h.casefileData(ctx, d, lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	title := d.Case.Title
	if d.Case.Number != "" {
		title += " " + d.Case.Number
	}
	h.pageStatus(w, r, status, "case-view", Page{Lang: lang, Title: title, Nav: "folder", Data: cd, Errors: errors, Form: form})
}

// casefileData prepares a case for its page in lang.
func (h *Handler) casefileData(ctx context.Context, d cases.Detail, lang string) (casefileData, error) {
	c, role := d.Case, d.Role
	cd := casefileData{Detail: d, Open: d.OpenRequest()}
	name, err := h.casefileAuthority(ctx, c.Authority, lang)
	if err != nil {
		return casefileData{}, err
	}
	cd.AuthorityName = name
	if cd.Open != nil {
		cd.OpenDeadline = casefileDay(cd.Open.Deadline)
	}
	cd.Timeline = casefileTimeline(c, d.History)
	form, err := h.Cases.Form(ctx, c)
	if err != nil {
		return casefileData{}, err
	}
	for i, v := range d.Versions {
		vv := casefileVersion{Version: v, Files: len(v.Attachments)}
		if i > 0 {
			vv.Previous = d.Versions[i-1].Number
			vv.Changes = forms.Diff(form, forms.Answers(d.Versions[i-1].Answers), forms.Answers(v.Answers), lang)
		}
		cd.Versions = append(cd.Versions, vv)
	}
	if c.Editing != "" && len(d.Versions) > 0 {
		cd.Pending = forms.Diff(form, forms.Answers(d.Versions[len(d.Versions)-1].Answers), forms.Answers(c.Answers), lang)
	}
	labels := casefileSlots(form.Form(), lang)
	for _, a := range d.Current() {
		cd.Files = append(cd.Files, casefileAttachment{Attachment: a, Slot: labels[a.Field]})
	}
	for _, m := range d.Messages {
		mv := casefileMessage{Message: m}
		if outcome, ok := strings.CutPrefix(m.Body, casefileDecisionPrefix); ok && m.Side == cases.Authority && slices.Contains(cases.Outcomes(), outcome) {
			mv.Decision = outcome
		}
		cd.Messages = append(cd.Messages, mv)
	}
	cd.Obligations = casefileObligations(d.Obligations)
	customer := role.Customer || role.Partner
	cd.CanEdit = role.Apply && (c.State == cases.Draft || c.State == cases.Visible || c.Editing != "")
	cd.CanChange = role.Apply && c.Sent() && c.Editing == "" &&
		(c.State == cases.Submitted || c.State == cases.Processing || c.State == cases.Complement)
	cd.CanDiscard = role.Apply && c.Editing != ""
	cd.CanCancel = role.Customer && role.Apply && slices.Contains(d.Next, cases.Cancelled)
	cd.CanMessage = customer && (role.Apply || role.Customer) && c.Sent()
	cd.CanPartners = role.Customer && role.Apply
	cd.ToVisible = role.Apply && slices.Contains(d.Next, cases.Visible)
	cd.ToDraft = role.Apply && c.State == cases.Visible && slices.Contains(d.Next, cases.Draft)
	return cd, nil
}

// timeline turns a case's history into lines to read, from the draft's
// opening on.
func casefileTimeline(c cases.Case, hist []cases.Change) []casefileEvent {
	out := []casefileEvent{{At: c.CreatedAt, Started: true, To: cases.Draft, CaseID: c.ID, CaseTitle: c.Title}}
	for _, ch := range hist {
		e := casefileEvent{At: ch.At, Who: ch.ActorName, Side: ch.Side, From: ch.From, To: ch.To, Reason: ch.Reason, CaseID: c.ID, CaseTitle: c.Title}
		// A decision's history entry carries its outcome as the reason: say
		// the outcome instead of showing a code.
		if ch.To == cases.Decided && slices.Contains(cases.Outcomes(), ch.Reason) {
			e.Outcome, e.Reason = ch.Reason, ""
		}
		out = append(out, e)
	}
	return out
}

// casefileSlots maps the attachment fields of a form to their labels in lang.
func casefileSlots(f forms.Form, lang string) map[string]string {
	out := map[string]string{}
	var walk func([]forms.Field)
	walk = func(fs []forms.Field) {
		for _, x := range fs {
			if x.Type == forms.Attachment {
				out[x.ID] = x.Label.In(lang)
			}
			walk(x.Fields)
		}
	}
	for _, pg := range f.Pages {
		for _, sec := range pg.Sections {
			walk(sec.Fields)
		}
	}
	return out
}

func casefileObligations(os []cases.Obligation) []casefileObligation {
	out := make([]casefileObligation, 0, len(os))
	for _, o := range os {
		out = append(out, casefileObligation{Obligation: o, DueDate: casefileDay(o.Due)})
	}
	return out
}

// casefileAuthority is the name of the authority organisation in lang, or its
// id when the catalogue no longer lists it.
func (h *Handler) casefileAuthority(ctx context.Context, id, lang string) (string, error) {
	providers, err := h.Catalog.Providers(ctx)
	if err != nil {
		return "", err
	}
	for _, p := range providers {
		if p.ID == id {
			return p.DisplayName(lang), nil
		}
	}
	return id, nil
}

// casefileDetail reads the case the path names, for the confirmation pages.
func (h *Handler) casefileDetail(r *http.Request) (cases.Detail, access.Principal, error) {
	p := auth.PrincipalFrom(r.Context())
	d, err := h.Cases.Detail(r.Context(), p, r.PathValue("id"))
	return d, p, err
}
