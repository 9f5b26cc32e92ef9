package api

import (
	"net/http"
	"strconv"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/search"
)

func (a *API) registerSearch(mux *http.ServeMux) {
	a.handle(mux, "GET", "/api/v1/search", access.Public, a.search)
}

type searchItem struct {
	Type    string  `json:"type"`
	ID      string  `json:"id"`
	Lang    string  `json:"lang"`
	Title   string  `json:"title"`
	URL     string  `json:"url"`
	Snippet string  `json:"snippet,omitempty"`
	Score   float64 `json:"score"`
}

// maxFilterValues bounds each list filter; there are five bundles and three
// types, so more values are not a person's doing.
const maxFilterValues = 10

// search answers any text, even empty or odd, with the documents the caller
// may see: public ones, and their own cases when signed in.
func (a *API) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lang, err := a.contentLang(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	query := search.Query{Text: q.Get("q"), Lang: lang, Municipality: q.Get("municipality"), Authority: q.Get("authority"),
		Viewer: auth.PrincipalFrom(r.Context()).Parties()}
	for _, k := range []struct {
		name string
		dst  *[]string
	}{{"bundle", &query.Bundles}, {"type", &query.Types}} {
		if v := q[k.name]; len(v) > 0 {
			*k.dst = v[:min(len(v), maxFilterValues)]
		}
	}
	for name, dst := range map[string]*int{"limit": &query.Limit, "offset": &query.Offset} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				a.writeError(w, r, invalidField(name, "must be a non-negative integer"))
				return
			}
			*dst = n
		}
	}
	res, err := a.Search.Search(r.Context(), query)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	items := []searchItem{}
	for _, h := range res.Hits {
		items = append(items, searchItem{Type: h.Type, ID: h.ID, Lang: h.Lang, Title: h.Title, URL: h.URL, Snippet: h.Snippet, Score: h.Score})
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": res.Total, "items": items})
}
