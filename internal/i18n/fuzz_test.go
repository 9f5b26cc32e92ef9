package i18n_test

import (
	"testing"

	"github.com/luva-fi/luva/internal/i18n"
)

func FuzzFromAcceptLanguage(f *testing.F) {
	for _, s := range []string{"", "sv-FI,sv;q=0.9,en;q=0.8", "en", "*", "de-DE;q=1.0,,;", "FI", ";;;,,,-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		if lang := i18n.FromAcceptLanguage(header); !i18n.Supported(lang) {
			t.Errorf("FromAcceptLanguage(%q) = %q, not a supported language", header, lang)
		}
	})
}
