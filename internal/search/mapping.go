package search

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fi"
	"github.com/blevesearch/bleve/v2/analysis/lang/sv"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/ngram"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/unicodenorm"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// languages are the languages documents and queries come in.
var languages = []string{"fi", "sv", "en"}

// mappingVersion changes whenever the fields or analyzers below change, so
// that an index built by an older luva is known to need a rebuild.
const mappingVersion = "1"

// The fields of a bleve document. Text fields exist once per language (title_fi,
// body_sv, grams_en …) so that each is analysed with its own stemmer and a
// query in one language never compares stems of another.
const (
	fieldType         = "type"
	fieldLang         = "lang"
	fieldBundle       = "bundle"
	fieldAuthority    = "authority"
	fieldMunicipality = "municipality"
	fieldAccess       = "access"
	fieldUpdated      = "updated"
	fieldURL          = "url"
)

func titleField(lang string) string { return "title_" + lang }
func bodyField(lang string) string  { return "body_" + lang }
func gramsField(lang string) string { return "grams_" + lang }
func plainField(lang string) string { return "plain_" + lang }

// Keyword values with a meaning of their own. Owner ids are indexed with a
// prefix so that no id, not even "public", can make a document public.
const (
	everywhere   = "*"      // municipality of a document that applies in every municipality
	public       = "public" // access of a document without owners
	ownerPrefix  = "id:"
	trigramLen   = 3
	gramsAnalyzr = "luva_grams"
	plainAnalyzr = "luva_plain"
)

func langAnalyzer(lang string) string { return "luva_" + lang }

// fiNominativeName is a token filter run after the Finnish snowball stemmer.
// The stemmer leaves a nominative ending in -us/-ys/-os whole but cuts its
// inflected forms to -uks, so "ilmoitus" and "ilmoituksen" stem to
// "ilmoitus" and "ilmoituks" and would never meet; the filter turns a final
// vowel+"ks" back into vowel+"s".
const fiNominativeName = "luva_fi_nominative"

func init() {
	// Registration is bleve's way of naming analysis parts: it happens once,
	// before any index exists, and never changes afterwards.
	err := registry.RegisterTokenFilter(fiNominativeName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return fiNominative{}, nil
	})
	if err != nil {
		panic(err)
	}
}

type fiNominative struct{}

func (fiNominative) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Term = fixNominative(t.Term)
	}
	return input
}

func fixNominative(term []byte) []byte {
	stem, ok := bytes.CutSuffix(term, []byte("ks"))
	if !ok || utf8.RuneCount(stem) < 3 {
		return term
	}
	if r, _ := utf8.DecodeLastRune(stem); strings.ContainsRune("aeiouyäö", r) {
		return append(stem, 's')
	}
	return term
}

// newMapping describes how documents are indexed.
//
// Every text passes NFKC normalisation and lower-casing first, so that text
// typed on any keyboard (decomposed "ä", full-width letters) meets the indexed
// form. Titles and bodies then get the stop words and snowball stemmer of
// their language; the Finnish one is corrected as fiNominative describes.
// Titles are also kept as unstemmed words (plain_*), where a typo is
// measured against what was written rather than against a stem the typo may
// have changed ("demolitoin"), and, in public documents, cut into trigrams of
// those words (grams_*), which lets a query word found inside a compound
// ("ilmoitus" in "Meluilmoitus", "lupa" in "Rakennuslupa") match.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	filters := []struct {
		name string
		cfg  map[string]any
	}{
		{"luva_nfkc", map[string]any{"type": unicodenorm.Name, "form": unicodenorm.NFKC}},
		{"luva_trigram", map[string]any{"type": ngram.Name, "min": float64(trigramLen), "max": float64(trigramLen)}},
	}
	for _, f := range filters {
		if err := m.AddCustomTokenFilter(f.name, f.cfg); err != nil {
			return nil, err
		}
	}
	chains := map[string][]any{
		langAnalyzer("fi"): {"luva_nfkc", lowercase.Name, fi.StopName, fi.SnowballStemmerName, fiNominativeName},
		langAnalyzer("sv"): {"luva_nfkc", lowercase.Name, sv.StopName, sv.SnowballStemmerName},
		langAnalyzer("en"): {"luva_nfkc", en.PossessiveName, lowercase.Name, en.StopName, porter.Name},
		gramsAnalyzr:       {"luva_nfkc", lowercase.Name, "luva_trigram"},
		plainAnalyzr:       {"luva_nfkc", lowercase.Name},
	}
	for name, chain := range chains {
		err := m.AddCustomAnalyzer(name, map[string]any{"type": custom.Name, "tokenizer": unicode.Name, "token_filters": chain})
		if err != nil {
			return nil, err
		}
	}

	doc := bleve.NewDocumentStaticMapping()
	keyword := func(name string) {
		f := bleve.NewKeywordFieldMapping()
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		doc.AddFieldMappingsAt(name, f)
	}
	for _, name := range []string{fieldType, fieldLang, fieldBundle, fieldAuthority, fieldMunicipality, fieldAccess} {
		keyword(name)
	}
	updated := bleve.NewDateTimeFieldMapping()
	updated.IncludeInAll = false
	doc.AddFieldMappingsAt(fieldUpdated, updated)
	url := bleve.NewTextFieldMapping()
	url.Index, url.Store, url.IncludeInAll, url.DocValues = false, true, false, false
	doc.AddFieldMappingsAt(fieldURL, url)
	for _, lang := range languages {
		title := bleve.NewTextFieldMapping()
		title.Analyzer, title.Store, title.IncludeInAll = langAnalyzer(lang), true, false
		doc.AddFieldMappingsAt(titleField(lang), title)
		body := bleve.NewTextFieldMapping()
		body.Analyzer, body.Store, body.IncludeInAll, body.DocValues = langAnalyzer(lang), true, false, false
		doc.AddFieldMappingsAt(bodyField(lang), body)
		grams := bleve.NewTextFieldMapping()
		grams.Analyzer, grams.IncludeTermVectors, grams.IncludeInAll, grams.DocValues = gramsAnalyzr, false, false, false
		doc.AddFieldMappingsAt(gramsField(lang), grams)
		plain := bleve.NewTextFieldMapping()
		plain.Analyzer, plain.IncludeTermVectors, plain.IncludeInAll, plain.DocValues = plainAnalyzr, false, false, false
		doc.AddFieldMappingsAt(plainField(lang), plain)
	}
	m.DefaultMapping = doc
	m.DefaultAnalyzer = langAnalyzer("en")
	m.IndexDynamic, m.StoreDynamic, m.DocValuesDynamic = false, false, false
	return m, nil
}
