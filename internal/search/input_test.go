package search

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestSearchAcceptsAnyText(t *testing.T) {
	t.Parallel()
	ix := catalogueIndex(t)
	tests := []struct {
		name, text string
	}{
		{"only spaces", " \t\n "},
		{"query-string syntax", `title:melu +lupa -koira ~2 ^3 * ? "a" (b) [c TO d] {e} \ / && || !`},
		{"a regular expression", `/.*(a|b)+[^c]{2,}/`},
		{"invalid UTF-8", "melu\xff\xfeilmoitus\xc3"},
		{"NUL and control characters", "melu\x00\x01\x1b[31milmoitus"},
		{"emoji and joiners", "👩‍👩‍👧 🏳️‍🌈 melu\u200d\u200b"},
		{"right-to-left text", "\u202eמלו ضوضاء"},
		{"only stop words", "ja tai on"},
		{"a very long text", strings.Repeat("meluilmoitus ", 5000)},
		{"a very long word", strings.Repeat("ä", 10000)},
		{"many distinct words", strings.Repeat("a b c d e f g h i j k l m n o p ", 50)},
		{"digits and punctuation", "2026-11-25 12:00 #1/2 § 3.4 %"},
	}
	for _, tt := range tests {
		for _, lang := range []string{"fi", "sv", "en", "", "xx"} {
			t.Run(tt.name+" in "+lang, func(t *testing.T) {
				if _, err := ix.Search(context.Background(), Query{Text: tt.text, Lang: lang, Limit: -1, Offset: -5}); err != nil {
					t.Errorf("error %v", err)
				}
			})
		}
	}
}

func TestSearchNormalisesWhatKeyboardsType(t *testing.T) {
	t.Parallel()
	ix := catalogueIndex(t)
	tests := []struct{ name, text string }{
		{"decomposed umlauts", "ympa\u0308risto\u0308lupa"},
		{"capitals", "YMPÄRISTÖLUPA"},
		{"full-width letters", "ｙｍｐäｒｉｓｔöｌｕｐａ"},
		{"surrounding punctuation", "«ympäristölupa»?!"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Query{Text: tt.text, Lang: "fi"})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(ids(res), "ta-environmental-permit") {
				t.Errorf("%q found %v", tt.text, ids(res))
			}
		})
	}
}

func FuzzSearch(f *testing.F) {
	ix := catalogueIndex(f)
	for _, s := range []string{"", "meluilmoitus", "bulleranmälan", "ä\u0308", "\xff", `+-&|!(){}[]^"~*?:\/`, strings.Repeat("x", 300)} {
		f.Add(s, "fi")
	}
	f.Fuzz(func(t *testing.T, text, lang string) {
		res, err := ix.Search(context.Background(), Query{Text: text, Lang: lang, Municipality: text, Bundles: []string{text}})
		if err != nil {
			t.Fatalf("Search(%q, %q): %v", text, lang, err)
		}
		if len(res.Hits) > defaultLimit {
			t.Fatalf("Search(%q): %d hits, more than the limit", text, len(res.Hits))
		}
	})
}
