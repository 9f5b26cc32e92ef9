package api

import (
	"net/http"

	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/i18n"
)

// contentLang reads the ?lang= parameter that chooses the language of content.
func (a *API) contentLang(r *http.Request) (string, error) {
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		return i18n.Default, nil
	}
	if !i18n.Supported(lang) {
		e := errs.E(errs.Invalid, "unsupported language")
		e.Fields = map[string]string{"lang": "must be one of fi, sv, en"}
		return "", e
	}
	return lang, nil
}

type bundleList struct {
	Items []catalog.Bundle `json:"items"`
}

func (a *API) listBundles(w http.ResponseWriter, r *http.Request) {
	lang, err := a.contentLang(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	bs, err := a.Bundles.Bundles(r.Context(), lang)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if bs == nil {
		bs = []catalog.Bundle{}
	}
	writeJSON(w, http.StatusOK, bundleList{Items: bs})
}

func (a *API) bundle(w http.ResponseWriter, r *http.Request) {
	lang, err := a.contentLang(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	b, err := a.Bundles.Bundle(r.Context(), r.PathValue("code"), lang)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, b)
}

func (a *API) versionInfo(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"version": a.Version})
}
