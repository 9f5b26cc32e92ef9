package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/forms"
)

// previewPage is one entry of the preview's page list.
type previewPage struct {
	N           int
	Title       string
	Conditional bool
	Current     bool
	Href        string
}

type formPreviewData struct {
	ID, Title string
	Version   cases.FormVersion
	Page      forms.PageView
	N, Count  int
	Pages     []previewPage
	Prev      string
	Next      string
}

// formPreview shows one page of a form version as a customer starting an
// application sees it. Nothing can be sent from it.
func (h *Handler) formPreview(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	id := r.PathValue("id")
	vs, err := h.Cases.Forms.Editable(ctx, auth.PrincipalFrom(ctx), id)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	v, ok := formVersion(vs, r.PathValue("v"))
	if !ok {
		h.ErrorPage(w, r, lang, http.StatusNotFound)
		return
	}
	c, _, err := h.Cases.Forms.Compiled(ctx, id, v.Version)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	def := c.Form()
	n := 1
	if s := r.URL.Query().Get("page"); s != "" {
		if n, err = strconv.Atoi(s); err != nil || n < 1 || n > len(def.Pages) {
			h.ErrorPage(w, r, lang, http.StatusNotFound)
			return
		}
	}
	base := fmt.Sprintf("/%s/forms/%s/versions/%d/preview?page=", lang, id, v.Version)
	d := formPreviewData{ID: id, Title: def.Title.In(lang), Version: v, N: n, Count: len(def.Pages),
		Page: c.View(n-1, forms.Answers{}, nil, nil, lang)}
	for i, pg := range def.Pages {
		d.Pages = append(d.Pages, previewPage{N: i + 1, Title: pg.Title.In(lang), Conditional: pg.Visible != "", Current: i+1 == n, Href: base + strconv.Itoa(i+1)})
	}
	if n > 1 {
		d.Prev = base + strconv.Itoa(n-1)
	}
	if n < len(def.Pages) {
		d.Next = base + strconv.Itoa(n+1)
	}
	h.page(w, r, "formadmin-preview", Page{Lang: lang, Title: h.catalog.T(lang, "formadmin.preview.title", "form", d.Title, "version", v.Version), Nav: "admin", Data: d})
}
