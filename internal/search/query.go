package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Query is what a search box and its filters ask for.
type Query struct {
	// Text is whatever the user typed. Any string is accepted; an empty one
	// lists the documents the filters let through, newest first.
	Text string
	// Lang is the user's language (fi, sv or en); documents in other
	// languages are left out. Any other value searches every language.
	Lang string
	// Types, Bundles: a document passes when it has any of the values; an
	// empty list lets every document through.
	Types, Bundles []string
	Authority      string
	// Municipality keeps documents that apply there or in every municipality.
	Municipality string
	// Viewer lists the ids (the person and their organisations) whose private
	// documents the searcher may see. Public documents are always visible.
	Viewer []string
	// Limit is the page size, 20 when not set and at most 100; Offset skips
	// that many hits, at most 1000.
	Limit, Offset int
}

// Result is one page of hits and how many there are in all.
type Result struct {
	Total int
	Hits  []Hit
}

// Hit is one document found. Snippet is plain text from the body around the
// first match, or its beginning.
type Hit struct {
	Type, ID, Lang, Title, URL string
	Score                      float64
	Snippet                    string
}

// Limits that keep any input cheap to answer.
const (
	maxQueryRunes = 200
	maxTerms      = 8  // analysed words used from one query
	maxGramRunes  = 30 // longer words are matched exactly only
	defaultLimit  = 20
	maxLimit      = 100
	maxOffset     = 1000
)

// Search finds documents. It never fails because of what the text holds; an
// error means the index itself failed or ctx ended.
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	text := normalise(q.Text)
	langs := languages
	if slices.Contains(languages, q.Lang) {
		langs = []string{q.Lang}
	}
	limit, offset := q.Limit, min(max(q.Offset, 0), maxOffset)
	if limit <= 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	must := filters(q, langs)
	var req *bleve.SearchRequest
	var stems map[string][]string
	if text == "" {
		req = bleve.NewSearchRequestOptions(query.NewConjunctionQuery(must), limit, offset, false)
		req.Score = "none"
		req.SortByCustom(bsearch.SortOrder{
			&bsearch.SortField{Field: fieldUpdated, Desc: true, Missing: bsearch.SortFieldMissingLast},
			&bsearch.SortDocID{},
		})
	} else {
		match, words, err := ix.textQuery(text, langs)
		if err != nil {
			return Result{}, err
		}
		if match == nil {
			return Result{}, nil // only stop words or punctuation
		}
		req = bleve.NewSearchRequestOptions(query.NewConjunctionQuery(append(must, match)), limit, offset, false)
		stems = words
	}
	req.Fields = []string{fieldURL}
	for _, lang := range langs {
		req.Fields = append(req.Fields, titleField(lang), bodyField(lang))
	}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		// The text stays out of the message: people search for names.
		return Result{}, fmt.Errorf("search: %w", err)
	}
	out := Result{Total: int(res.Total), Hits: make([]Hit, 0, len(res.Hits))}
	for _, m := range res.Hits {
		out.Hits = append(out.Hits, ix.hit(m, stems))
	}
	return out, nil
}

// normalise makes any input a short, valid string.
func normalise(s string) string {
	s = strings.ToValidUTF8(s, " ")
	if utf8.RuneCountInString(s) > maxQueryRunes {
		s = string([]rune(s)[:maxQueryRunes])
	}
	return strings.TrimSpace(s)
}

// filters are the conditions every hit must meet. They carry no weight in
// the score. They are conjuncts rather than a boolean filter so that bleve
// starts from the rarest of them: a signed-in user's own cases and the public
// documents are a small part of an index holding every case.
func filters(q Query, langs []string) []query.Query {
	visible := []string{public}
	for _, v := range q.Viewer {
		if v != "" {
			visible = append(visible, ownerPrefix+v)
		}
	}
	must := []query.Query{anyOf(fieldAccess, visible)}
	if len(langs) == 1 {
		must = append(must, anyOf(fieldLang, langs))
	}
	if len(q.Types) > 0 {
		must = append(must, anyOf(fieldType, q.Types))
	}
	if len(q.Bundles) > 0 {
		must = append(must, anyOf(fieldBundle, q.Bundles))
	}
	if q.Authority != "" {
		must = append(must, anyOf(fieldAuthority, []string{q.Authority}))
	}
	if q.Municipality != "" {
		must = append(must, anyOf(fieldMunicipality, []string{everywhere, q.Municipality}))
	}
	return must
}

func anyOf(field string, values []string) query.Query {
	qs := make([]query.Query, len(values))
	for i, v := range values {
		qs[i] = term(field, v, 0)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

func term(field, value string, boost float64) *query.TermQuery {
	t := query.NewTermQuery(value)
	t.SetField(field)
	t.SetBoost(boost)
	return t
}

// hit turns a match into a Hit, its snippet starting near the first word of
// the body whose stem the query holds. Finding it here, for the few hits of a
// page, costs less than asking bleve for the locations of every match.
func (ix *Index) hit(m *bsearch.DocumentMatch, stems map[string][]string) Hit {
	typ, id, lang := parseKey(m.ID)
	str := func(field string) string { s, _ := m.Fields[field].(string); return s }
	h := Hit{Type: typ, ID: id, Lang: lang, Title: str(titleField(lang)), URL: str(fieldURL)}
	if !math.IsNaN(m.Score) && !math.IsInf(m.Score, 0) {
		h.Score = m.Score
	}
	body, at := str(bodyField(lang)), -1
	if len(stems[lang]) > 0 {
		for _, t := range ix.idx.Mapping().AnalyzerNamed(langAnalyzer(lang)).Analyze([]byte(body)) {
			if slices.Contains(stems[lang], string(t.Term)) {
				at = t.Start
				break
			}
		}
	}
	h.Snippet = snippet(body, at)
	return h
}

// snippet cuts about 200 characters of body, starting a little before the
// byte offset at when it is known, on word boundaries.
func snippet(body string, at int) string {
	const before, width = 60, 200
	start := 0
	if at > 0 && at <= len(body) {
		start = at
		for i := 0; i < before && start > 0; i++ {
			_, size := utf8.DecodeLastRuneInString(body[:start])
			start -= size
		}
		if sp := strings.IndexByte(body[start:at], ' '); start > 0 && sp >= 0 {
			start += sp + 1
		}
	}
	s, cut := body[start:], false
	if utf8.RuneCountInString(s) > width {
		s, cut = string([]rune(s)[:width]), true
		if sp := strings.LastIndexByte(s, ' '); sp > width/2 {
			s = s[:sp]
		}
	}
	s = strings.Join(strings.Fields(s), " ")
	if start > 0 {
		s = "…" + s
	}
	if cut {
		s += "…"
	}
	return s
}
