// Package registers turns what public registers hold about a customer into
// answers the permit-need analyser can fill in before it asks (function 23b):
// the company's municipality and what its line of business says about the
// undertaking. Each answer names the register it came from, so the customer
// sees why it is there and can change it.
//
// The answers name the analyser's questions by id. The ids and values here
// must match the questionnaires' (municipality, activities, kind, farm,
// animals, mining, industrial_plant, chemicals, social_services,
// health_services); the analyser ignores a fact for a question its
// questionnaire does not have, so a mismatch loses the pre-answer, never
// gives a wrong one.
package registers

import (
	"slices"
	"strings"

	"github.com/luva-fi/luva/internal/registers/prh"
)

// Fact is one pre-answer: the question it answers, the answer, and where it
// came from. Value is a string for a single choice or municipality, a bool for
// yes/no and a []string for a multiple choice; a []string names options known
// to apply, which the analyser offers as ticked while the customer may tick
// more.
type Fact struct {
	Question    string
	Value       any
	Source      string            // machine name of the source, such as "prh"
	SourceLabel map[string]string // the register by language: Kaupparekisteri, Handelsregistret, Trade Register
	Basis       map[string]string // what in the register the answer rests on, by language
}

// SourcePRH is the Source of facts from PRH's open data.
const SourcePRH = "prh"

// lineRule says what a main line of business answers: when the TOL 2008 code
// matches, the question gets the value (for "activities" the value is added
// to the list).
type lineRule struct {
	matches  func(tol string) bool
	question string
	value    any
}

// lineRules is the table from TOL 2008 (Statistics Finland's Toimialaluokitus,
// the national NACE Rev. 2) to the analyser's questions. A code matches a rule
// by its leading digits; the order only decides the order of the facts. The
// divisions kept here are unchanged in TOL 2025, which PRH may start sending.
func lineRules() []lineRule {
	return []lineRule{
		{prefix("01"), "farm", true},                  // 01 Crop and animal production, hunting
		{prefix("014"), "animals", true},              // 01.4 Animal production
		{divisions(5, 9), "mining", true},             // B 05–09 Mining and quarrying
		{divisions(10, 33), "industrial_plant", true}, // C 10–33 Manufacturing
		{prefix("20"), "chemicals", true},             // 20 Manufacture of chemicals and chemical products
		{prefix("56"), "activities", "food"},          // 56 Food and beverage service activities
		{prefix("5630"), "activities", "alcohol"},     // 56.30 Beverage serving activities
		{prefix("8230"), "kind", "festival"},          // 82.30 Organisation of conventions and trade shows
		{prefix("90"), "kind", "festival"},            // 90 Creative, arts and entertainment activities
		{prefix("932"), "kind", "festival"},           // 93.2 Amusement and recreation activities (93.1 sports clubs and gyms hold no events by trade)
		{prefix("86"), "health_services", true},       // 86 Human health activities
		{divisions(87, 88), "social_services", true},  // 87 Residential care, 88 Social work without accommodation
	}
}

// prefix matches codes that start with p.
func prefix(p string) func(string) bool {
	return func(tol string) bool { return strings.HasPrefix(tol, p) }
}

// divisions matches codes in the two-digit divisions from to to, inclusive.
func divisions(from, to int) func(string) bool {
	return func(tol string) bool {
		if len(tol) < 2 || tol[0] < '0' || tol[0] > '9' || tol[1] < '0' || tol[1] > '9' {
			return false
		}
		d := int(tol[0]-'0')*10 + int(tol[1]-'0')
		return from <= d && d <= to
	}
}

// FactsFromCompany returns the pre-answers a company's register data gives:
// its municipality first, then what its main line of business answers. A
// company without a municipality code or a line of business gives fewer
// facts, possibly none.
func FactsFromCompany(c prh.Company) []Fact {
	label := registerLabel(c)
	var facts []Fact
	if c.Municipality != "" {
		facts = append(facts, Fact{Question: "municipality", Value: c.Municipality,
			Source: SourcePRH, SourceLabel: label, Basis: addressBasis(c)})
	}
	if c.LineOfBusiness == "" {
		return facts
	}
	basis := lineBasis(c)
	at := map[string]int{} // question -> index in facts
	for _, r := range lineRules() {
		if !r.matches(c.LineOfBusiness) {
			continue
		}
		i, seen := at[r.question]
		switch {
		case r.question == "activities" && seen:
			list := facts[i].Value.([]string)
			if !slices.Contains(list, r.value.(string)) {
				facts[i].Value = append(list, r.value.(string))
			}
		case seen: // a single answer: the first rule that matches gives it
		default:
			v := r.value
			if r.question == "activities" {
				v = []string{r.value.(string)}
			}
			at[r.question] = len(facts)
			facts = append(facts, Fact{Question: r.question, Value: v,
				Source: SourcePRH, SourceLabel: label, Basis: basis})
		}
	}
	return facts
}
