package search

import (
	"context"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// texts is a title and a body in fi, sv and en.
type texts [3][2]string

// entry is a catalogue entry as the catalogue would hand it over.
type entry struct {
	typ, id, bundle, authority string
	municipalities             []string
	t                          texts
}

// catalogue is a small but realistic set of services and guidance, with the
// wording municipalities and agencies use.
var catalogue = []entry{
	{"service", "ta-noise-notification", "Ta", "helsinki-environment", []string{"091"}, texts{
		{"Meluilmoitus", "Ilmoitus meluavasta tilapäisestä toiminnasta"},
		{"Anmälan om bullrande verksamhet", "Anmälan om tillfällig bullrande verksamhet, till exempel byggarbetsplatser eller publikevenemang."},
		{"Noise notification", "Notification of temporary noisy activities such as construction sites or public events."},
	}},
	{"service", "m-building-permit", "M", "vantaa-building", []string{"092"}, texts{
		{"Rakennuslupa", "Lupa uuden rakennuksen rakentamiseen tai laajentamiseen."},
		{"Bygglov", "Ansökan om lov för att uppföra eller bygga ut en byggnad."},
		{"Building permit", "Permit to construct a new building or extend an existing one."},
	}},
	{"service", "s-fireworks", "S", "rescue-uusimaa", nil, texts{
		{"Ilotulitteiden käyttö", "Ilmoita pelastusviranomaiselle ilotulitteiden käytöstä yleisötilaisuudessa."},
		{"Användning av fyrverkerier", "Meddela räddningsmyndigheten om användning av fyrverkerier vid ett offentligt evenemang."},
		{"Use of fireworks", "Tell the rescue authority before using fireworks at a public event."},
	}},
	{"service", "ta-environmental-permit", "Ta", "helsinki-environment", []string{"091"}, texts{
		{"Ympäristölupa", "Lupa toiminnalle, josta voi aiheutua ympäristön pilaantumista."},
		{"Miljötillstånd", "Tillstånd för verksamhet som kan förorena miljön."},
		{"Environmental permit", "Permit for activities that may pollute the environment."},
	}},
	{"service", "k-dog-registration", "K", "helsinki-services", []string{"091"}, texts{
		{"Koiran rekisteröinti", "Koiraa koskeva koiraverorekisteröinti ja tunnistusmerkintä."},
		{"Registrering av hund", "Registrering av hund för hundskatt och identitetsmärkning."},
		{"Dog registration", "Registering a dog for the dog tax and identification."},
	}},
	{"service", "ta-waste-water", "Ta", "espoo-environment", []string{"049"}, texts{
		{"Jätevesijärjestelmän uusiminen", "Haja-asutusalueen kiinteistön jätevesien käsittelyjärjestelmän rakentaminen tai uusiminen."},
		{"Förnyelse av avloppssystem", "Byggande eller förnyelse av avloppsvattensystem på glesbygden."},
		{"Renewing a wastewater system", "Building or renewing the wastewater treatment system of a rural property."},
	}},
	{"service", "m-demolition-permit", "M", "vantaa-building", []string{"092"}, texts{
		{"Purkamislupa", "Lupa rakennuksen tai sen osan purkamiseen."},
		{"Rivningslov", "Lov att riva en byggnad eller en del av den."},
		{"Demolition permit", "Permit to demolish a building or part of one."},
	}},
	{"service", "te-food-premises", "Te", "helsinki-environment", []string{"091"}, texts{
		{"Elintarvikehuoneiston rekisteröinti", "Ilmoitus elintarvikehuoneistosta ennen toiminnan aloittamista."},
		{"Registrering av livsmedelslokal", "Anmälan om livsmedelslokal innan verksamheten inleds."},
		{"Registering food premises", "Notify the authority of food premises before starting operations."},
	}},
	{"service", "s-outdoor-event", "S", "rescue-uusimaa", nil, texts{
		{"Yleisötilaisuuden pelastussuunnitelma", "Pelastussuunnitelma yli 200 hengen yleisötilaisuudesta."},
		{"Räddningsplan för offentligt evenemang", "Räddningsplan för evenemang med över 200 deltagare."},
		{"Rescue plan for a public event", "Rescue plan for events with more than 200 people."},
	}},
	{"service", "m-land-extraction", "M", "espoo-environment", []string{"049"}, texts{
		{"Maa-aineslupa", "Lupa soran, hiekan tai kiviaineksen ottamiseen."},
		{"Marktäktstillstånd", "Tillstånd för täkt av grus, sand eller sten."},
		{"Soil extraction permit", "Permit to extract gravel, sand or rock."},
	}},
	{"guidance", "noise-guide", "Ta", "", nil, texts{
		{"Näin vähennät rakennustyön melua", "Ohjeita työmaille melun vähentämiseen ja naapureiden tiedottamiseen."},
		{"Så minskar du bullret från byggarbeten", "Råd till byggarbetsplatser om att minska bullret och informera grannar."},
		{"Reducing construction noise", "Advice for building sites on reducing noise and informing neighbours."},
	}},
	{"guidance", "permit-need", "M", "", nil, texts{
		{"Tarvitsenko luvan?", "Selvitä, tarvitseeko hankkeesi rakennusluvan, toimenpideluvan vai ilmoituksen."},
		{"Behöver jag tillstånd?", "Ta reda på om ditt projekt behöver bygglov, åtgärdstillstånd eller en anmälan."},
		{"Do I need a permit?", "Find out whether your project needs a building permit, an action permit or a notification."},
	}},
}

// documents returns the catalogue as search documents, one per language.
func documents() []Document {
	var docs []Document
	for i, e := range catalogue {
		for l, lang := range languages {
			docs = append(docs, Document{
				Type: e.typ, ID: e.id, Lang: lang, Title: e.t[l][0], Body: e.t[l][1],
				URL:     "/" + lang + "/" + e.typ + "/" + e.id,
				Bundles: []string{e.bundle}, Authority: e.authority, Municipalities: e.municipalities,
				Updated: t0.Add(time.Duration(i) * time.Hour),
			})
		}
	}
	return docs
}

// catalogueIndex returns an index in memory holding the catalogue.
func catalogueIndex(tb testing.TB) *Index {
	tb.Helper()
	ix, err := OpenMemory()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	if err := ix.Put(context.Background(), documents()...); err != nil {
		tb.Fatal(err)
	}
	return ix
}

// ids returns the ids of the hits, in order.
func ids(r Result) []string {
	out := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = h.ID
	}
	return out
}
