package search

import (
	"fmt"
	"testing"

	"github.com/blevesearch/bleve/v2"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fi"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/sv"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
)

func TestScratch(t *testing.T) {
	m := bleve.NewIndexMapping()
	for lang, words := range map[string][]string{
		"fi": {"meluilmoitus", "meluilmoituksen", "meluilmoitukset", "ilmoitus", "ilmoituksen", "ilmoitukset", "ilmoituksia", "melu", "melun", "meluavasta", "meluilmoitsu", "rakennuslupa", "rakennusluvan", "luvan", "lupa", "lupaa", "ympäristölupa", "ympäristöluvan", "maa-aineslupa", "kaivo", "kaivoluvan", "toimenpidelupa", "poikkeamispäätös", "ilotulitus", "ilotulituksen", "tilapäisestä", "toiminnasta", "koiran", "koira", "koirat", "jätevesi", "jäteveden", "jätevesien", "vesi", "veden"},
		"sv": {"bullret", "buller", "bullrande", "bulleranmälan", "anmälan", "anmälningar", "anmälningen", "bullerstörning", "bygglov", "bygglovet", "lov", "miljötillstånd", "tillstånd", "tillståndet", "verksamhet", "verksamheten", "fyrverkerier", "fyrverkerierna"},
		"en": {"fireworks", "firework", "noise", "notification", "notifications", "building", "permit", "permits"},
	} {
		a := m.AnalyzerNamed(lang)
		for _, w := range words {
			ts := a.Analyze([]byte(w))
			var out []string
			for _, tk := range ts {
				out = append(out, string(tk.Term))
			}
			fmt.Println(lang, w, "->", out)
		}
	}
}
