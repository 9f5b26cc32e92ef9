package demo

import "github.com/luva-fi/luva/internal/catalog"

type bundleSeed struct {
	code  string
	texts map[string]catalog.BundleText
}

// bundles are the five service bundles of the one-stop service, with the kinds
// of permit each typically gathers.
func bundles() []bundleSeed {
	return []bundleSeed{
		{"Ta", map[string]catalog.BundleText{
			"fi": {Name: "Tapahtuman järjestäminen", Summary: "Yleisötilaisuuden ilmoitus poliisille, meluilmoitus, pelastussuunnitelma, elintarvikkeiden myynti, anniskelu ja tilapäiset liikennejärjestelyt."},
			"sv": {Name: "Ordna ett evenemang", Summary: "Anmälan om offentlig tillställning till polisen, bulleranmälan, räddningsplan, försäljning av livsmedel, servering av alkohol och tillfälliga trafikarrangemang."},
			"en": {Name: "Organising an event", Summary: "Public event notice to the police, noise notification, rescue plan, food sales, alcohol serving and temporary traffic arrangements."},
		}},
		{"M", map[string]catalog.BundleText{
			"fi": {Name: "Maaseutuyritys", Summary: "Tuotantoeläinten ilmoitukset, elintarvikehuoneisto, lantalat, ympäristöilmoitukset ja maatalouden tuet."},
			"sv": {Name: "Landsbygdsföretag", Summary: "Anmälningar om produktionsdjur, livsmedelslokal, gödselstäder, miljöanmälningar och jordbruksstöd."},
			"en": {Name: "Rural business", Summary: "Farm animal notifications, food premises, manure storage, environmental notifications and agricultural subsidies."},
		}},
		{"Te", map[string]catalog.BundleText{
			"fi": {Name: "Teollisuuslaitos", Summary: "Ympäristölupa, kemikaalien varastointi-ilmoitus, rakennuslupa, jätelupa ja painelaitteet."},
			"sv": {Name: "Industrianläggning", Summary: "Miljötillstånd, anmälan om lagring av kemikalier, bygglov, avfallstillstånd och tryckbärande anordningar."},
			"en": {Name: "Industrial plant", Summary: "Environmental permit, chemical storage notification, building permit, waste permit and pressure equipment."},
		}},
		{"K", map[string]catalog.BundleText{
			"fi": {Name: "Kaivostoiminta", Summary: "Malminetsintälupa, kaivoslupa, ympäristö- ja vesiluvat sekä Tukesin kemikaaliluvat."},
			"sv": {Name: "Gruvverksamhet", Summary: "Malmletningstillstånd, gruvtillstånd, miljö- och vattentillstånd samt Tukes kemikalietillstånd."},
			"en": {Name: "Mining", Summary: "Exploration permit, mining permit, environmental and water permits, and Tukes chemical permits."},
		}},
		{"S", map[string]catalog.BundleText{
			"fi": {Name: "Sosiaali- ja terveyspalvelut", Summary: "Yksityisten sosiaali- ja terveyspalvelujen lupa ja rekisteröinti sekä palveluyksikön rekisteröinti."},
			"sv": {Name: "Social- och hälsovårdstjänster", Summary: "Tillstånd och registrering för privata social- och hälsovårdstjänster samt registrering av serviceenheter."},
			"en": {Name: "Social and health services", Summary: "Permit and registration of private social and health services, and registration of service units."},
		}},
	}
}
