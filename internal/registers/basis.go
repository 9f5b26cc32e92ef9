package registers

import "github.com/luva-fi/luva/internal/registers/prh"

// registerLabel names the register the company's data comes from: the Trade
// Register for a company registered there, else the Business Information
// System, which holds the line of business of sole traders and others
// outside the Trade Register.
func registerLabel(c prh.Company) map[string]string {
	if c.InTradeRegister() {
		return map[string]string{"fi": "Kaupparekisteri", "sv": "Handelsregistret", "en": "Trade Register"}
	}
	return map[string]string{
		"fi": "Yritys- ja yhteisötietojärjestelmä (YTJ)",
		"sv": "Företags- och organisationsdatasystemet (FODS)",
		"en": "Business Information System (BIS)",
	}
}

// lineBasis says "main line of business 56101 Restaurants" in each language,
// the code alone where the register gave no name in that language.
func lineBasis(c prh.Company) map[string]string {
	lead := map[string]string{"fi": "Päätoimiala", "sv": "Huvudbransch", "en": "Main line of business"}
	out := make(map[string]string, len(lead))
	for lang, l := range lead {
		s := l + " " + c.LineOfBusiness
		if name := c.LineOfBusinessText[lang]; name != "" {
			s += " " + name
		}
		out[lang] = s
	}
	return out
}

// addressBasis says which address the municipality was read from, with the
// address itself: "Visiting address Eteläranta 14 A 3, 00130 HELSINKI".
func addressBasis(c prh.Company) map[string]string {
	a := c.VisitingAddress
	lead := map[string]string{"fi": "Käyntiosoite", "sv": "Besöksadress", "en": "Visiting address"}
	if a.MunicipalityCode == "" {
		a = c.PostalAddress
		lead = map[string]string{"fi": "Postiosoite", "sv": "Postadress", "en": "Postal address"}
	}
	out := make(map[string]string, len(lead))
	for lang, l := range lead {
		out[lang] = l + " " + addressLine(a, lang)
	}
	return out
}

// addressLine writes the address on one line, the city in lang if the
// register gave it, else in Finnish.
func addressLine(a prh.Address, lang string) string {
	street := a.Street
	if street == "" && a.PostOfficeBox != "" {
		street = "PL " + a.PostOfficeBox
		if lang == "sv" {
			street = "PB " + a.PostOfficeBox
		} else if lang == "en" {
			street = "PO Box " + a.PostOfficeBox
		}
	}
	city := a.City[lang]
	if city == "" {
		city = a.City["fi"]
	}
	place := a.PostCode
	if city != "" {
		if place != "" {
			place += " "
		}
		place += city
	}
	switch {
	case street == "":
		return place
	case place == "":
		return street
	}
	return street + ", " + place
}
