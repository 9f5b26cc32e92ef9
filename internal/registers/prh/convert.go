package prh

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Address types on the wire.
const (
	addressVisiting = "1"
	addressPostal   = "2"
)

// parseCompany decodes an answer to GET /companies?businessId=id and returns
// the company with that ID. No such company in the answer wraps ErrNotFound;
// a body that is not the documented JSON is an error. It never panics,
// whatever the bytes.
func parseCompany(body []byte, id string) (Company, error) {
	var res companyResult
	if err := json.Unmarshal(body, &res); err != nil {
		return Company{}, fmt.Errorf("decode answer: %w", err)
	}
	// A search by business ID matches one company at most; the check guards
	// against the API ever widening the search to a prefix.
	for _, w := range res.Companies {
		if string(w.BusinessID.Value) == id {
			return w.company(), nil
		}
	}
	return Company{}, ErrNotFound
}

// company turns the wire form into luva's.
func (w wireCompany) company() Company {
	c := Company{
		BusinessID:          string(w.BusinessID.Value),
		Name:                mainName(w.Names),
		Status:              string(w.Status),
		TradeRegisterStatus: string(w.TradeRegisterStatus),
		RegistrationDate:    day(w.RegistrationDate),
		LastModified:        moment(w.LastModified, finnishTime()),
	}
	if c.RegistrationDate.IsZero() {
		c.RegistrationDate = day(w.BusinessID.RegistrationDate)
	}
	if f, ok := currentForm(w.CompanyForms); ok {
		c.Form, c.FormCode = texts(f.Descriptions), string(f.Type)
	}
	if l := w.MainBusinessLine; l != nil {
		c.LineOfBusiness = digits(string(l.Type))
		c.LineOfBusinessText = texts(l.Descriptions)
		c.LineOfBusinessCodeSet = string(l.TypeCodeSet)
	}
	if w.Website != nil {
		c.Website = string(w.Website.URL)
	}
	for _, a := range w.Addresses {
		switch a.Type {
		case addressVisiting:
			c.VisitingAddress = a.address()
		case addressPostal:
			c.PostalAddress = a.address()
		}
	}
	c.Municipality = c.VisitingAddress.MunicipalityCode
	if c.Municipality == "" {
		c.Municipality = c.PostalAddress.MunicipalityCode
	}
	for _, e := range w.RegisteredEntries {
		c.RegisteredEntries = append(c.RegisteredEntries, RegisteredEntry{
			Register: string(e.Register), Authority: string(e.Authority), Type: string(e.Type),
			Text: texts(e.Descriptions), RegistrationDate: day(e.RegistrationDate), EndDate: day(e.EndDate),
		})
	}
	return c
}

// mainName picks the current main name: type "1" without an end date,
// preferring version 1; failing that any main name, failing that any name.
func mainName(names []wireName) string {
	best, rank := "", 0
	for _, n := range names {
		r := 1
		switch {
		case n.Type == "1" && n.EndDate == "" && (n.Version == "1" || n.Version == ""):
			r = 4
		case n.Type == "1" && n.EndDate == "":
			r = 3
		case n.Type == "1":
			r = 2
		}
		if r > rank && n.Name != "" {
			best, rank = string(n.Name), r
		}
	}
	return best
}

// currentForm picks the company form without an end date, preferring
// version 1; the list holds the current form and at most the one before.
func currentForm(forms []wireForm) (wireForm, bool) {
	var found *wireForm
	for i := range forms {
		f := &forms[i]
		if f.EndDate != "" {
			continue
		}
		if found == nil || (f.Version == "1" && found.Version != "1") {
			found = f
		}
	}
	if found == nil {
		return wireForm{}, false
	}
	return *found, true
}

// address turns a wire address into luva's. The municipality is the first
// code a post office gives: every language's post office lies in the same
// municipality.
func (a wireAddress) address() Address {
	out := Address{
		Street:        streetLine(a),
		PostOfficeBox: string(a.PostOfficeBox),
		PostCode:      string(a.PostCode),
		CareOf:        string(a.CO),
		Country:       string(a.Country),
	}
	for _, p := range a.PostOffices {
		if out.MunicipalityCode == "" && validMunicipality(string(p.MunicipalityCode)) {
			out.MunicipalityCode = string(p.MunicipalityCode)
		}
		lang, ok := language(p.LanguageCode)
		if !ok || p.City == "" {
			continue
		}
		if out.City == nil {
			out.City = make(map[string]string, 2)
		}
		out.City[lang] = string(p.City)
	}
	return out
}

// streetLine writes the street as on a letter: "Mannerheimintie 12 B 7",
// apartment suffix joined to the number ("7a").
func streetLine(a wireAddress) string {
	parts := []string{string(a.Street), string(a.BuildingNumber), string(a.Entrance),
		string(a.ApartmentNumber) + string(a.ApartmentIDSuffix)}
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " ")
}

// validMunicipality reports whether s is a three-digit municipality code.
func validMunicipality(s string) bool {
	return len(s) == 3 && digits(s) == s
}

// digits keeps the ASCII digits of s: a TOL code is digits, though people
// write it "56.101".
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
