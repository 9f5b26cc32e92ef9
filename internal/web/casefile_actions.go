package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/errs"
)

// casefileFormPath is the first page of the form where the customer fills in
// a draft, a supplement or a change.
func casefileFormPath(lang, id string) string { return "/" + lang + "/applications/" + id + "/pages/1" }

// casefileEdit starts a supplement (when the authority asked for one) or a
// proposed change, and takes the customer to the form. Starting one that is
// already under way just continues it.
func (h *Handler) casefileEdit(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	c, err := h.Cases.Edit(ctx, auth.PrincipalFrom(ctx), r.PathValue("id"))
	if err != nil {
		h.casefileFailed(w, r, lang, err, nil)
		return
	}
	http.Redirect(w, r, casefileFormPath(lang, c.ID), http.StatusSeeOther)
}

// casefileConfirmData is what a confirmation page asks and where it posts.
type casefileConfirmData struct {
	Case    cases.Case
	Heading string // message keys
	Body    string
	Button  string
	// Subject fills the body's {subject}, such as a partner's name.
	Subject string
	Action  string
	Back    string
	// Reason asks for an optional reason, as for a cancellation.
	Reason bool
}

// casefileConfirm renders a confirmation page for the case the path names.
func (h *Handler) casefileConfirm(w http.ResponseWriter, r *http.Request, lang string, d casefileConfirmData) {
	d.Back = casefilePath(lang, d.Case.ID)
	h.page(w, r, "case-confirm", Page{Lang: lang, Title: h.catalog.T(lang, d.Heading), Nav: "folder", Data: d})
}

func (h *Handler) casefileConfirmDiscard(w http.ResponseWriter, r *http.Request, lang string) {
	d, _, err := h.casefileDetail(r)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if d.Case.Editing == "" || !d.Role.Apply {
		// Nothing to discard any more (another tab sent or discarded it).
		http.Redirect(w, r, casefilePath(lang, d.Case.ID), http.StatusSeeOther)
		return
	}
	h.casefileConfirm(w, r, lang, casefileConfirmData{Case: d.Case, Heading: "casefile.discard.title", Body: "casefile.discard.body." + d.Case.Editing,
		Button: "casefile.discard.submit", Action: casefilePath(lang, d.Case.ID) + "/discard-edit"})
}

func (h *Handler) casefileDiscardEdit(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	c, err := h.Cases.DiscardEdit(ctx, auth.PrincipalFrom(ctx), r.PathValue("id"))
	if err != nil {
		h.casefileFailed(w, r, lang, err, nil)
		return
	}
	casefileRedirect(w, r, casefilePath(lang, c.ID), "casefile.edit_discarded", "")
}

// casefileVisibility shows a draft to the authority for advice, or hides it
// again.
func (h *Handler) casefileVisibility(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	to := cases.State(r.PostFormValue("to"))
	if to != cases.Visible && to != cases.Draft {
		h.Error(w, r, lang, errs.E(errs.Invalid, "a draft is either visible or not"))
		return
	}
	c, err := h.Cases.Transition(ctx, auth.PrincipalFrom(ctx), auth.RequestInfo(r), r.PathValue("id"), to, "")
	if err != nil {
		h.casefileFailed(w, r, lang, err, nil)
		return
	}
	casefileRedirect(w, r, casefilePath(lang, c.ID), "casefile.visibility_"+string(to), "")
}

// casefileMessageSend sends the customer's message to the authority.
func (h *Handler) casefileMessageSend(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	body := r.PostFormValue("body")
	id := r.PathValue("id")
	if _, err := h.Cases.Message(ctx, auth.PrincipalFrom(ctx), auth.RequestInfo(r), id, body); err != nil {
		h.casefileFailed(w, r, lang, err, map[string]string{"body": body})
		return
	}
	casefileRedirect(w, r, casefilePath(lang, id), "casefile.message_sent", "messages")
}

// casefileInvite invites a partner to the application by email.
func (h *Handler) casefileInvite(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	email, canEdit := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("can_edit") == "on"
	id := r.PathValue("id")
	form := map[string]string{"email": email}
	if canEdit {
		form["can_edit"] = "on"
	}
	if email == "" {
		h.renderCasefile(w, r, lang, http.StatusUnprocessableEntity, map[string]string{"email": "casefile.partners.error.email"}, form)
		return
	}
	if _, err := h.Cases.InvitePartner(ctx, auth.PrincipalFrom(ctx), auth.RequestInfo(r), h.Persons, id, email, canEdit); err != nil {
		h.casefileFailed(w, r, lang, err, form)
		return
	}
	casefileRedirect(w, r, casefilePath(lang, id), "casefile.partner_invited", "partners")
}

// casefilePartner finds the partner the path names among the case's partners.
func casefilePartner(d cases.Detail, person string) (cases.Partner, bool) {
	i := slices.IndexFunc(d.Partners, func(p cases.Partner) bool { return p.PersonID == person })
	if i < 0 {
		return cases.Partner{}, false
	}
	return d.Partners[i], true
}

func (h *Handler) casefileConfirmRemovePartner(w http.ResponseWriter, r *http.Request, lang string) {
	d, _, err := h.casefileDetail(r)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	pt, ok := casefilePartner(d, r.PathValue("person"))
	if !ok || !d.Role.Customer || !d.Role.Apply {
		h.ErrorPage(w, r, lang, http.StatusNotFound)
		return
	}
	h.casefileConfirm(w, r, lang, casefileConfirmData{Case: d.Case, Heading: "casefile.partners.remove.title", Body: "casefile.partners.remove.body",
		Button: "casefile.partners.remove.submit", Subject: pt.Name, Action: casefilePath(lang, d.Case.ID) + "/partners/" + pt.PersonID + "/remove"})
}

func (h *Handler) casefileRemovePartner(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	id := r.PathValue("id")
	if err := h.Cases.RemovePartner(ctx, auth.PrincipalFrom(ctx), auth.RequestInfo(r), id, r.PathValue("person")); err != nil {
		h.casefileFailed(w, r, lang, err, nil)
		return
	}
	casefileRedirect(w, r, casefilePath(lang, id), "casefile.partner_removed", "partners")
}

// casefileConfirmCancel asks before cancelling a sent application or deleting a
// draft: both end the case for good.
func (h *Handler) casefileConfirmCancel(w http.ResponseWriter, r *http.Request, lang string) {
	d, _, err := h.casefileDetail(r)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if !d.Role.Customer || !slices.Contains(d.Next, cases.Cancelled) {
		http.Redirect(w, r, casefilePath(lang, d.Case.ID), http.StatusSeeOther)
		return
	}
	cd := casefileConfirmData{Case: d.Case, Action: casefilePath(lang, d.Case.ID) + "/cancel", Subject: d.Case.Title}
	if d.Case.Sent() {
		cd.Heading, cd.Body, cd.Button, cd.Reason = "casefile.cancel.title", "casefile.cancel.body", "casefile.cancel.submit", true
	} else {
		cd.Heading, cd.Body, cd.Button = "casefile.delete.title", "casefile.delete.body", "casefile.delete.submit"
	}
	h.casefileConfirm(w, r, lang, cd)
}

func (h *Handler) casefileCancel(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	c, err := h.Cases.Transition(ctx, auth.PrincipalFrom(ctx), auth.RequestInfo(r), r.PathValue("id"), cases.Cancelled, r.PostFormValue("reason"))
	if err != nil {
		h.casefileFailed(w, r, lang, err, nil)
		return
	}
	if !c.Sent() {
		// A deleted draft leaves nothing to look at: back to the folder.
		casefileRedirect(w, r, "/"+lang+"/folder", "casefile.draft_deleted", "")
		return
	}
	casefileRedirect(w, r, casefilePath(lang, c.ID), "casefile.cancelled", "")
}
