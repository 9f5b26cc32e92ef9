package web

import (
	"net/http"

	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/obligations"
)

// obligationsDoneData is the form that marks a duty's occurrence done.
type obligationsDoneData struct {
	Row    obligationsRow
	Today  string
	Errors []FieldError
}

func (h *Handler) obligationsDone(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderObligationsDone(w, r, lang, http.StatusOK, nil, nil)
}

func (h *Handler) renderObligationsDone(w http.ResponseWriter, r *http.Request, lang string, status int, form, errors map[string]string) {
	svc, err := h.obligationsService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	o, err := svc.Obligation(r.Context(), auth.PrincipalFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	today := svc.Today()
	if !o.Open() {
		seeOther(w, r, "/"+lang+"/annual-clock", "")
		return
	}
	d := obligationsDoneData{Row: h.obligationsRows(lang, today, []obligations.Obligation{o})[0], Today: today}
	if form == nil {
		form = map[string]string{"done_on": today}
	}
	d.Errors = Page{Errors: errors}.ErrorList("done_on")
	h.pageStatus(w, r, status, "obligations-done", Page{Lang: lang, Title: h.catalog.T(lang, "obligations.done.title"), Nav: "annual-clock",
		Data: d, Form: form, Errors: errors})
}

func (h *Handler) obligationsDoneSend(w http.ResponseWriter, r *http.Request, lang string) {
	svc, err := h.obligationsService()
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	form := map[string]string{"done_on": r.PostFormValue("done_on")}
	o, err := svc.Done(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), r.PathValue("id"), form["done_on"])
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid {
		h.renderObligationsDone(w, r, lang, http.StatusUnprocessableEntity, form, e.Fields)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	notice := "done"
	if o.Open() {
		notice = "done_next"
	}
	seeOther(w, r, "/"+lang+"/annual-clock", notice)
}
