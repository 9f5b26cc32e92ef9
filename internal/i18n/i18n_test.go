package i18n_test

import (
	"slices"
	"testing"

	"github.com/luva-fi/luva/internal/i18n"
)

func TestEveryKeyExistsInEveryLanguage(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]bool{}
	for _, lang := range i18n.Langs() {
		for _, k := range c.Keys(lang) {
			all[k] = true
		}
	}
	if len(all) == 0 {
		t.Fatal("catalogues are empty")
	}
	for k := range all {
		for _, lang := range i18n.Langs() {
			if !c.Has(lang, k) {
				t.Errorf("key %q is missing from the %s catalogue", k, lang)
				continue
			}
			if c.T(lang, k) == "" {
				t.Errorf("key %q is empty in the %s catalogue", k, lang)
			}
		}
	}
}

func TestPluralMessagesHaveEveryFormOfTheirLanguage(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range i18n.Langs() {
		for _, k := range c.Keys(lang) {
			forms, ok := c.IsPlural(lang, k)
			if !ok {
				continue
			}
			if want := i18n.RequiredPluralForms(lang); !slices.Equal(forms, want) {
				t.Errorf("%s %q has plural forms %v, want %v", lang, k, forms, want)
			}
		}
	}
}

func TestMessagesFillPlaceholdersAndChoosePluralForms(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"fi", 1, "1 palvelukokonaisuus"},
		{"fi", 5, "5 palvelukokonaisuutta"},
		{"sv", 1, "1 servicehelhet"},
		{"sv", 5, "5 servicehelheter"},
		{"en", 1, "1 service bundle"},
		{"en", 0, "0 service bundles"},
	}
	for _, tt := range tests {
		if got := c.N(tt.lang, "bundles.count", tt.n); got != tt.want {
			t.Errorf("N(%s, bundles.count, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
	if got := c.T("en", "no.such.key"); got != "no.such.key" {
		t.Errorf("a missing key gives %q, want the key itself", got)
	}
}
