package web

import (
	"net/http"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/i18n"
)

func (h *Handler) registerBundleAdmin(mux *http.ServeMux) {
	h.route(mux, "GET /admin/bundles", access.ManageBundles, h.bundlesAdmin)
	h.route(mux, "POST /admin/bundles/{code}", access.ManageBundles, h.saveBundle)
}

type bundlesAdminData struct {
	Codes []string
	Langs []string
}

func (h *Handler) bundlesAdmin(w http.ResponseWriter, r *http.Request, lang string) {
	h.renderBundlesAdmin(w, r, lang, http.StatusOK, nil, nil)
}

func (h *Handler) renderBundlesAdmin(w http.ResponseWriter, r *http.Request, lang string, status int, form, errors map[string]string) {
	ctx := r.Context()
	d := bundlesAdminData{Langs: i18n.Langs()}
	stored := map[string]string{}
	for _, l := range i18n.Langs() {
		bs, err := h.Catalog.Bundles(ctx, l)
		if err != nil {
			h.Error(w, r, lang, err)
			return
		}
		for _, b := range bs {
			if l == i18n.Default {
				d.Codes = append(d.Codes, b.Code)
			}
			stored[b.Code+"_name_"+l], stored[b.Code+"_summary_"+l] = b.Name, b.Summary
		}
	}
	for k, v := range form {
		stored[k] = v
	}
	h.pageStatus(w, r, status, "bundles-admin", Page{Lang: lang, Title: h.catalog.T(lang, "bundles.admin.title"), Nav: "admin", Data: d, Form: stored, Errors: errors})
}

func (h *Handler) saveBundle(w http.ResponseWriter, r *http.Request, lang string) {
	code := r.PathValue("code")
	texts := map[string]catalog.BundleText{}
	form := map[string]string{}
	for _, l := range i18n.Langs() {
		t := catalog.BundleText{Name: r.PostFormValue(code + "_name_" + l), Summary: r.PostFormValue(code + "_summary_" + l)}
		texts[l] = t
		form[code+"_name_"+l], form[code+"_summary_"+l] = t.Name, t.Summary
	}
	err := h.Content.UpdateBundle(r.Context(), auth.PrincipalFrom(r.Context()), auth.RequestInfo(r), code, texts)
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid {
		h.renderBundlesAdmin(w, r, lang, http.StatusUnprocessableEntity, form, e.Fields)
		return
	}
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	seeOther(w, r, "/"+lang+"/admin/bundles", "bundle_saved")
}
