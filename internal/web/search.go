package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/search"
)

// searchPage is the length of one page of search results.
const searchPage = 20

func (h *Handler) registerSearch(mux *http.ServeMux) {
	h.route(mux, "GET /search", access.Public, h.search)
}

type searchData struct {
	Query          string
	Result         search.Result
	Bundles        []catalog.Bundle
	Municipalities []identity.Municipality
	From, To       int
	PrevURL        string
	NextURL        string
}

func (h *Handler) search(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	offset = max(0, min(offset, 1000))
	query := search.Query{Text: q.Get("q"), Lang: lang, Municipality: q.Get("municipality"), Limit: searchPage, Offset: offset,
		Viewer: auth.PrincipalFrom(ctx).Parties()}
	if b := q.Get("bundle"); b != "" {
		query.Bundles = []string{b}
	}
	res, err := h.Search.Search(ctx, query)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d := searchData{Query: q.Get("q"), Result: res, From: offset + 1, To: offset + len(res.Hits)}
	if d.Bundles, err = h.Catalog.Bundles(ctx, lang); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if d.Municipalities, err = identity.Municipalities(); err != nil {
		h.Error(w, r, lang, err)
		return
	}
	pageURL := func(off int) string {
		v := url.Values{}
		for _, k := range []string{"q", "bundle", "municipality"} {
			if x := q.Get(k); x != "" {
				v.Set(k, x)
			}
		}
		v.Set("offset", strconv.Itoa(off))
		return "/" + lang + "/search?" + v.Encode()
	}
	if offset > 0 {
		d.PrevURL = pageURL(max(0, offset-searchPage))
	}
	if offset+len(res.Hits) < res.Total && offset+searchPage <= 1000 {
		d.NextURL = pageURL(offset + searchPage)
	}
	form := map[string]string{"q": q.Get("q"), "bundle": q.Get("bundle"), "municipality": q.Get("municipality")}
	h.page(w, r, "search", Page{Lang: lang, Title: h.catalog.T(lang, "search.title"), Nav: "search", Data: d, Form: form})
}
