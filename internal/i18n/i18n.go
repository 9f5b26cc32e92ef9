// Package i18n holds luva's user-facing text in Finnish, Swedish and English:
// one catalogue per language with flat dotted keys, and plural forms where a
// count is shown. A test fails when a key is missing from any language.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Default is the language of the service when nothing else is known.
const Default = "fi"

// Langs returns the supported languages in the order the switcher shows them.
func Langs() []string { return []string{"fi", "sv", "en"} }

// Supported reports whether lang is one of Langs.
func Supported(lang string) bool { return slices.Contains(Langs(), lang) }

// FromAcceptLanguage picks the first supported language of an Accept-Language
// header, or Default. Quality values are ignored: browsers list languages in
// the order of preference already.
func FromAcceptLanguage(header string) string {
	for _, part := range strings.Split(header, ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if Supported(primary) {
			return primary
		}
	}
	return Default
}

//go:embed catalog/*.json
var catalogFS embed.FS

// entry is one message: a plain text, or plural forms keyed "one" and "other".
type entry struct {
	text   string
	plural map[string]string
}

func (e *entry) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '{' {
		return json.Unmarshal(b, &e.plural)
	}
	return json.Unmarshal(b, &e.text)
}

// Catalog holds the messages of every language.
type Catalog struct {
	messages map[string]map[string]entry // lang -> key -> entry
}

// Load reads the embedded catalogues. A language's messages may be split over
// several files, "<lang>.json" and "<area>.<lang>.json", so that each area of
// the product keeps its own; a key defined twice is an error.
func Load() (*Catalog, error) {
	c := &Catalog{messages: map[string]map[string]entry{}}
	for _, lang := range Langs() {
		c.messages[lang] = map[string]entry{}
	}
	files, err := fs.Glob(catalogFS, "catalog/*.json")
	if err != nil {
		return nil, fmt.Errorf("list catalogues: %w", err)
	}
	for _, f := range files {
		parts := strings.Split(strings.TrimSuffix(path.Base(f), ".json"), ".")
		lang := parts[len(parts)-1]
		if !Supported(lang) {
			return nil, fmt.Errorf("catalogue %s: unknown language %q", f, lang)
		}
		b, err := fs.ReadFile(catalogFS, f)
		if err != nil {
			return nil, fmt.Errorf("read catalogue %s: %w", f, err)
		}
		m := map[string]entry{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("parse catalogue %s: %w", f, err)
		}
		for k, e := range m {
			if _, dup := c.messages[lang][k]; dup {
				return nil, fmt.Errorf("catalogue %s: key %q is defined twice", f, k)
			}
			c.messages[lang][k] = e
		}
	}
	return c, nil
}

// Keys returns the sorted keys of lang's catalogue.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.messages[lang]))
	for k := range c.messages[lang] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Has reports whether lang's catalogue has key.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.messages[lang][key]
	return ok
}

// IsPlural reports whether key in lang has plural forms, and which.
func (c *Catalog) IsPlural(lang, key string) (forms []string, ok bool) {
	e, found := c.messages[lang][key]
	if !found || e.plural == nil {
		return nil, false
	}
	for f := range e.plural {
		forms = append(forms, f)
	}
	slices.Sort(forms)
	return forms, true
}

// T returns the message key in lang with {name} placeholders filled from
// name/value pairs. A missing key returns the key itself, so the page still
// renders and the gap is visible; the catalogue test keeps that from shipping.
func (c *Catalog) T(lang, key string, pairs ...any) string {
	e, ok := c.messages[lang][key]
	if !ok {
		return key
	}
	if e.plural != nil {
		return fill(e.plural["other"], pairs)
	}
	return fill(e.text, pairs)
}

// N returns the plural form of key for count n, with {n} and the other
// placeholders filled.
func (c *Catalog) N(lang, key string, n int, pairs ...any) string {
	e, ok := c.messages[lang][key]
	if !ok {
		return key
	}
	text := e.text
	if e.plural != nil {
		text = e.plural[PluralForm(lang, n)]
	}
	return fill(text, append([]any{"n", n}, pairs...))
}

// PluralForm returns the CLDR plural category of integer n in lang. Finnish,
// Swedish and English all distinguish "one" (exactly 1) from "other".
func PluralForm(lang string, n int) string {
	if n == 1 {
		return "one"
	}
	return "other"
}

// RequiredPluralForms lists the forms a plural message must have in lang.
func RequiredPluralForms(lang string) []string { return []string{"one", "other"} }

func fill(text string, pairs []any) string {
	if len(pairs) < 2 || !strings.Contains(text, "{") {
		return text
	}
	args := make([]string, 0, len(pairs))
	for i := 0; i+1 < len(pairs); i += 2 {
		var v string
		switch x := pairs[i+1].(type) {
		case string:
			v = x
		case int:
			v = strconv.Itoa(x)
		default:
			v = fmt.Sprint(x)
		}
		args = append(args, "{"+fmt.Sprint(pairs[i])+"}", v)
	}
	return strings.NewReplacer(args...).Replace(text)
}
