package web

import (
	"net/http"

	"github.com/luva-fi/luva/internal/catalog"
)

type frontData struct {
	Bundles []catalog.Bundle
}

func (h *Handler) front(w http.ResponseWriter, r *http.Request, lang string) {
	bundles, err := h.Bundles.Bundles(r.Context(), lang)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	h.page(w, r, "front", Page{Lang: lang, Title: h.catalog.T(lang, "nav.home"), Path: "/", Nav: "home", Data: frontData{Bundles: bundles}})
}

func (h *Handler) accessibility(w http.ResponseWriter, r *http.Request, lang string) {
	h.page(w, r, "accessibility", Page{Lang: lang, Title: h.catalog.T(lang, "a11y.title"), Path: "/accessibility", Nav: "accessibility"})
}
