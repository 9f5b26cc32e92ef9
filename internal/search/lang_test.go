package search

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestSearchFindsInflectedFormsCompoundsAndTypos(t *testing.T) {
	t.Parallel()
	ix := catalogueIndex(t)
	tests := []struct {
		name, lang, text, want string
	}{
		{"Finnish: the compound itself", "fi", "meluilmoitus", "ta-noise-notification"},
		{"Finnish: the first part of the compound, found inside the title", "fi", "melu", "ta-noise-notification"},
		{"Finnish: the last part of the compound", "fi", "ilmoitus", "ta-noise-notification"},
		{"Finnish: the last part inflected", "fi", "ilmoituksen", "ta-noise-notification"},
		{"Finnish: the compound inflected", "fi", "meluilmoituksen", "ta-noise-notification"},
		{"Finnish: the compound with two letters swapped", "fi", "meluilmoitsu", "ta-noise-notification"},
		{"Finnish: two inflected words, one with consonant gradation", "fi", "koiran rekisteröinnin", "k-dog-registration"},
		{"Finnish: consonant gradation in a compound", "fi", "rakennusluvan", "m-building-permit"},
		{"Finnish: the last part of another compound", "fi", "lupa", "m-building-permit"},
		{"Swedish: the base form of the word inside the title", "sv", "buller", "ta-noise-notification"},
		{"Swedish: a compound of two title words", "sv", "bulleranmälan", "ta-noise-notification"},
		{"Swedish: a definite form", "sv", "verksamheten", "ta-noise-notification"},
		{"Swedish: a compound with a linking s", "sv", "bygglovsansökan", "m-building-permit"},
		{"Swedish: a plural", "sv", "fyrverkerierna", "s-fireworks"},
		{"English: a plural", "en", "fireworks", "s-fireworks"},
		{"English: a singular of a plural title word", "en", "firework", "s-fireworks"},
		{"English: a typo", "en", "demolitoin", "m-demolition-permit"},
		{"any language when none is given", "", "bygglov", "m-building-permit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Query{Text: tt.text, Lang: tt.lang})
			if err != nil {
				t.Fatal(err)
			}
			if top := ids(res)[:min(3, len(res.Hits))]; !slices.Contains(top, tt.want) {
				t.Errorf("%q found %v, want %s among the first three", tt.text, ids(res), tt.want)
			}
		})
	}
}

// The catalogue's bodies repeat the title words, so the cases above could
// pass through the body alone. With only a title, each way of matching a
// word has to work on its own.
func TestEachWayOfMatchingWorksOnATitleAlone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ix, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	err = ix.Put(ctx,
		Document{Type: "service", ID: "noise", Lang: "fi", Title: "Meluilmoitus"},
		Document{Type: "service", ID: "noise", Lang: "sv", Title: "Anmälan om bullrande verksamhet"},
		Document{Type: "service", ID: "other", Lang: "fi", Title: "Rakennuslupa"},
		Document{Type: "service", ID: "other", Lang: "sv", Title: "Bygglov"},
	)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, lang, text string
		found            bool
	}{
		{"a stem corrected to the nominative matches the title's stem", "fi", "meluilmoituksen", true},
		{"the start of a title word matches the head of a compound", "fi", "melu", true},
		{"trigrams find the stem of an inflected tail", "fi", "ilmoituksen", true},
		{"two edits are forgiven in a long word", "fi", "meluilmoitsu", true},
		{"a split compound finds its parts as separate words", "sv", "bulleranmälan", true},
		{"a word that is not there finds nothing", "fi", "koira", false},
		{"a word of the other document finds nothing", "fi", "rakennus", false},
		{"another compound with the same head finds nothing", "fi", "melumittaus", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(ctx, Query{Text: tt.text, Lang: tt.lang})
			if err != nil {
				t.Fatal(err)
			}
			if found := slices.Contains(ids(res), "noise"); found != tt.found {
				t.Errorf("%q found %v; want noise found: %v", tt.text, ids(res), tt.found)
			}
		})
	}
}

func TestFinnishStemsMeetInTheNominative(t *testing.T) {
	t.Parallel()
	ix := catalogueIndex(t)
	tests := []struct{ word, want string }{
		{"ilmoitus", "ilmoitus"},
		{"ilmoituksen", "ilmoitus"},
		{"ilmoituksia", "ilmoitus"},
		{"rakennuksen", "rakennus"},
		{"päätöksen", "päätös"},
		{"koiran", "koira"},
		{"maks", "maks"}, // a consonant before ks: left alone
	}
	for _, tt := range tests {
		t.Run(tt.word+" stems to "+tt.want, func(t *testing.T) {
			if got := ix.analyse("fi", tt.word); len(got) != 1 || got[0].stem != tt.want {
				t.Errorf("analyse(%q) = %q, want [%s]", tt.word, got, tt.want)
			}
		})
	}
}

func TestSearchRanksTitleMatchesAboveBodyMatchesAndMakesSnippets(t *testing.T) {
	t.Parallel()
	ix := catalogueIndex(t)
	res, err := ix.Search(context.Background(), Query{Text: "meluilmoitus", Lang: "fi"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		t.Fatal("found nothing")
	}
	h := res.Hits[0]
	if h.ID != "ta-noise-notification" || h.Type != "service" || h.Lang != "fi" || h.Title != "Meluilmoitus" || h.URL != "/fi/service/ta-noise-notification" {
		t.Errorf("first hit %+v", h)
	}
	if h.Snippet != "Ilmoitus meluavasta tilapäisestä toiminnasta" {
		t.Errorf("snippet %q, want the body", h.Snippet)
	}
	if res.Total != len(res.Hits) {
		t.Errorf("total %d, hits %d", res.Total, len(res.Hits))
	}
}

func TestSnippetCutsLongBodiesAroundTheMatch(t *testing.T) {
	t.Parallel()
	long := ""
	for range 40 {
		long += "sanoja "
	}
	body := long + "meluilmoitus tehdään ajoissa " + long
	at := len(long)
	got := snippet(body, at)
	if !strings.HasPrefix(got, "…") || len([]rune(got)) > 202 {
		t.Errorf("snippet %q: want an ellipsis first and at most 202 characters", got)
	}
	if want := "meluilmoitus tehdään"; !strings.Contains(got, want) {
		t.Errorf("snippet %q does not hold %q", got, want)
	}
}
