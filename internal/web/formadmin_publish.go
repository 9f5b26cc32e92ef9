package web

import (
	"fmt"
	"net/http"

	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/errs"
)

// formConfirmData is the confirmation of publishing or withdrawing a version.
type formConfirmData struct {
	ID, Title string
	Version   int
	Kind      string // "publish" or "withdraw"
	Action    string // the address the confirmation posts to
	// Current is set when withdrawing the version new applications start on.
	Current bool
}

func (h *Handler) formConfirmPublish(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	id := r.PathValue("id")
	vs, err := h.Cases.Forms.Editable(ctx, auth.PrincipalFrom(ctx), id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if vs[0].State != cases.FormDraft {
		seeFormNotice(w, r, lang, id, "nothing")
		return
	}
	d := formConfirmData{ID: id, Title: formTitle(vs[0], lang), Version: vs[0].Version, Kind: "publish", Action: "/" + lang + "/forms/" + id + "/publish"}
	h.page(w, r, "formadmin-confirm", Page{Lang: lang, Title: h.catalog.T(lang, "formadmin.publish.title", "version", d.Version), Nav: "admin", Data: d})
}

// formPublish publishes the draft; the cases service decides whether the
// editor may. With no draft left (published meanwhile, say) the editor is
// told there was nothing to publish.
func (h *Handler) formPublish(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	id := r.PathValue("id")
	_, err := h.Cases.Forms.Publish(ctx, auth.PrincipalFrom(ctx), auth.RequestInfo(r), id)
	if errs.KindOf(err) == errs.Conflict {
		seeFormNotice(w, r, lang, id, "nothing")
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeFormNotice(w, r, lang, id, "published")
}

// withdrawable returns the version to withdraw when it is in use.
func (h *Handler) withdrawable(w http.ResponseWriter, r *http.Request, lang string) (cases.FormVersion, bool) {
	ctx := r.Context()
	vs, err := h.Cases.Forms.Editable(ctx, auth.PrincipalFrom(ctx), r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return cases.FormVersion{}, false
	}
	v, ok := formVersion(vs, r.PathValue("v"))
	if !ok || (v.State != cases.FormPublished && v.State != cases.FormSuperseded) {
		h.ErrorPage(w, r, lang, http.StatusNotFound)
		return cases.FormVersion{}, false
	}
	return v, true
}

func (h *Handler) formConfirmWithdraw(w http.ResponseWriter, r *http.Request, lang string) {
	v, ok := h.withdrawable(w, r, lang)
	if !ok {
		return
	}
	d := formConfirmData{ID: v.FormID, Title: formTitle(v, lang), Version: v.Version, Kind: "withdraw", Current: v.State == cases.FormPublished,
		Action: fmt.Sprintf("/%s/forms/%s/versions/%d/withdraw", lang, v.FormID, v.Version)}
	h.page(w, r, "formadmin-confirm", Page{Lang: lang, Title: h.catalog.T(lang, "formadmin.withdraw.title", "version", d.Version), Nav: "admin", Data: d})
}

func (h *Handler) formWithdraw(w http.ResponseWriter, r *http.Request, lang string) {
	v, ok := h.withdrawable(w, r, lang)
	if !ok {
		return
	}
	ctx := r.Context()
	if err := h.Cases.Forms.Withdraw(ctx, auth.PrincipalFrom(ctx), auth.RequestInfo(r), v.FormID, v.Version); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeFormNotice(w, r, lang, v.FormID, "withdrawn")
}
