package search

import (
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// How much each way of matching a word counts. An exact stem in the title
// counts most; a typo, a part of a compound and a match in the body less.
const (
	boostTitle      = 4
	boostBody       = 1
	boostTitleFuzzy = 1.5
	boostPrefix     = 1
	boostGrams      = 1
	boostCompound   = 1
)

// textQuery builds, without any query syntax, what the words of text must
// match: per language, any of the analysed words, each in one of the ways
// wordQuery lists. It also returns the stems it looked for, by language. The
// query is nil when text has no searchable word.
func (ix *Index) textQuery(text string, langs []string) (query.Query, map[string][]string, error) {
	advanced, err := ix.idx.Advanced()
	if err != nil {
		return nil, nil, fmt.Errorf("search: %w", err)
	}
	r, err := advanced.Reader()
	if err != nil {
		return nil, nil, fmt.Errorf("search: open reader: %w", err)
	}
	defer r.Close()

	var perLang []query.Query
	stems := map[string][]string{}
	for _, lang := range langs {
		words := ix.analyse(lang, text)
		if len(words) == 0 {
			continue
		}
		known, err := dictionaries(r, titleField(lang), bodyField(lang))
		if err != nil {
			return nil, nil, err
		}
		qs := make([]query.Query, len(words))
		for i, w := range words {
			qs[i] = wordQuery(lang, w, known)
			stems[lang] = append(stems[lang], w.stem)
		}
		// Any word may match; documents matching more of them score higher.
		// Requiring most words would also make bleve walk every document
		// matching some of them before the filters narrow anything down,
		// hundreds of milliseconds in an index of a million cases.
		perLang = append(perLang, query.NewDisjunctionQuery(qs))
	}
	switch len(perLang) {
	case 0:
		return nil, nil, nil
	case 1:
		return perLang[0], stems, nil
	}
	return query.NewDisjunctionQuery(perLang), stems, nil
}

// word is a word of a query: its stem in the query's language and the word
// as written, lower-cased.
type word struct{ stem, plain string }

// analyse returns the distinct words of text in lang, at most maxTerms; stop
// words are left out.
func (ix *Index) analyse(lang, text string) []word {
	m := ix.idx.Mapping()
	plain := map[int]string{}
	for _, t := range m.AnalyzerNamed(plainAnalyzr).Analyze([]byte(text)) {
		plain[t.Position] = string(t.Term)
	}
	var words []word
	for _, t := range m.AnalyzerNamed(langAnalyzer(lang)).Analyze([]byte(text)) {
		w := word{stem: string(t.Term), plain: plain[t.Position]}
		if w.plain == "" {
			w.plain = w.stem
		}
		if !slices.ContainsFunc(words, func(o word) bool { return o.stem == w.stem }) {
			words = append(words, w)
		}
		if len(words) == maxTerms {
			break
		}
	}
	return words
}

// wordQuery matches one analysed word w:
//
//   - the stem in the title or the body ("ilmoituksen" finds "Ilmoitus …");
//   - a title stem or title word one or two edits away, for typos
//     ("meluilmoitsu", "demolitoin");
//   - at the start of a title word ("melu" finds "Meluilmoitus");
//   - inside a public document's title word, by trigrams ("ilmoitus" finds
//     "Meluilmoitus");
//   - split where its tail is a known stem, the head matching nearby words
//     ("bulleranmälan" finds "Anmälan om bullrande verksamhet").
func wordQuery(lang string, word word, known func(string) bool) query.Query {
	title, body, w := titleField(lang), bodyField(lang), word.stem
	alts := []query.Query{term(title, w, boostTitle), term(body, w, boostBody)}
	// Typos are looked for in titles only: bodies hold the most distinct
	// words (addresses, case numbers), and walking them costs most.
	if f := fuzziness(w); f > 0 {
		alts = append(alts, fuzzy(title, w, f, boostTitleFuzzy))
	}
	if f := fuzziness(word.plain); f > 0 {
		alts = append(alts, fuzzy(plainField(lang), word.plain, f, boostTitleFuzzy))
	}
	if p := prefix(title, w, boostPrefix); p != nil {
		alts = append(alts, p)
	}
	if g := grams(gramsField(lang), w, boostGrams); g != nil {
		alts = append(alts, g)
	}
	for _, split := range compoundSplits(w, known) {
		head, tail := split[0], split[1]
		headAlts := []query.Query{term(title, head, 1), term(body, head, 1)}
		if f := fuzziness(head); f > 0 {
			headAlts = append(headAlts, fuzzy(title, head, 1, 1))
		}
		if g := grams(gramsField(lang), head, 1); g != nil {
			headAlts = append(headAlts, g)
		}
		c := query.NewConjunctionQuery([]query.Query{
			query.NewDisjunctionQuery(headAlts),
			query.NewDisjunctionQuery([]query.Query{term(title, tail, 1), term(body, tail, 1)}),
		})
		c.SetBoost(boostCompound)
		alts = append(alts, c)
	}
	return query.NewDisjunctionQuery(alts)
}

// fuzziness allows one typo in words of five to seven letters and two in
// longer ones; shorter words would match too many others.
func fuzziness(w string) int {
	switch n := utf8.RuneCountInString(w); {
	case n > maxGramRunes:
		return 0
	case n >= 8:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

func fuzzy(field, w string, f int, boost float64) query.Query {
	q := query.NewFuzzyQuery(w)
	q.SetField(field)
	q.SetFuzziness(f)
	q.SetPrefix(1) // few typos hit the first letter; it keeps the expansion small
	q.SetBoost(boost)
	return q
}

// prefix matches title words that begin with w: the head of a compound
// ("melu" finds "Meluilmoitus") or a word still being typed. Shorter words
// than four letters would begin too many.
func prefix(field, w string, boost float64) query.Query {
	if n := utf8.RuneCountInString(w); n < 4 || n > maxGramRunes {
		return nil
	}
	q := query.NewPrefixQuery(w)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// grams matches titles holding every trigram of w, which is how a word is
// found inside a compound. Words shorter than a trigram, or absurdly long,
// get nothing.
func grams(field, w string, boost float64) query.Query {
	rs := []rune(w)
	if len(rs) < trigramLen || len(rs) > maxGramRunes {
		return nil
	}
	var qs []query.Query
	var seen []string
	for i := 0; i+trigramLen <= len(rs); i++ {
		g := string(rs[i : i+trigramLen])
		if !slices.Contains(seen, g) {
			seen = append(seen, g)
			qs = append(qs, term(field, g, boost/float64(len(rs)-trigramLen+1)))
		}
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewConjunctionQuery(qs)
}

// compoundSplits returns the ways to cut w into a head of three or more
// letters and a tail of four or more that is a stem found in the index: the
// compound's last part, which carries the meaning and the inflection in
// Finnish and Swedish. At most three are returned, longest tail first.
func compoundSplits(w string, known func(string) bool) [][2]string {
	rs := []rune(w)
	if len(rs) < 7 || len(rs) > maxGramRunes {
		return nil
	}
	var out [][2]string
	for i := 3; i+4 <= len(rs) && len(out) < 3; i++ {
		if tail := string(rs[i:]); known(tail) {
			out = append(out, [2]string{string(rs[:i]), tail})
		}
	}
	return out
}

// dictionaries returns a test of whether a stem occurs in any of the fields.
func dictionaries(r index.IndexReader, fields ...string) (func(string) bool, error) {
	rc, ok := r.(index.IndexReaderContains)
	if !ok {
		return func(string) bool { return false }, nil
	}
	dicts := make([]index.FieldDictContains, len(fields))
	for i, f := range fields {
		d, err := rc.FieldDictContains(f)
		if err != nil {
			return nil, fmt.Errorf("search: read terms of %s: %w", f, err)
		}
		dicts[i] = d
	}
	return func(w string) bool {
		for _, d := range dicts {
			if ok, err := d.Contains([]byte(w)); err == nil && ok {
				return true
			}
		}
		return false
	}, nil
}
