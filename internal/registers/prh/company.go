package prh

import "time"

// Company is what luva keeps of a company's register data. Texts the register
// gives in several languages are maps keyed "fi", "sv" and "en"; a language
// the register did not give is missing from the map.
type Company struct {
	BusinessID string // normalised, such as "0112038-9"
	Name       string // the current main name (toiminimi)

	Form     map[string]string // the current company form, such as Osakeyhtiö
	FormCode string            // its code in PRH's YRMU list, such as "16"

	LineOfBusiness        string            // the main line of business as a TOL 2008 code, such as "56101"
	LineOfBusinessText    map[string]string // its name, such as Ravintolat
	LineOfBusinessCodeSet string            // the classification PRH names, such as "TOIMI3"

	// Municipality is the three-digit code of the municipality of the visiting
	// address, or of the postal address when there is no visiting one.
	Municipality    string
	VisitingAddress Address
	PostalAddress   Address
	Website         string

	Status              string // the state of the business ID (PRH list STATUS3): "2" valid
	TradeRegisterStatus string // the Trade Register state (list REK_KDI): "1" registered
	RegisteredEntries   []RegisteredEntry

	RegistrationDate time.Time // the company's, else the business ID's; midnight UTC
	LastModified     time.Time // when PRH last changed the data
}

// Address is a visiting or postal address.
type Address struct {
	Street           string            // street, building, entrance and apartment, as written on a letter
	PostOfficeBox    string            // "PL 123" is given as "123"
	PostCode         string            // five digits
	City             map[string]string // the post office's name by language
	MunicipalityCode string            // three digits, such as "091" for Helsinki
	Country          string            // two letters, empty for Finland
	CareOf           string            // the c/o line
}

// IsZero reports whether the register gave no such address.
func (a Address) IsZero() bool {
	return a.Street == "" && a.PostOfficeBox == "" && a.PostCode == "" && len(a.City) == 0 &&
		a.MunicipalityCode == "" && a.Country == "" && a.CareOf == ""
}

// RegisteredEntry is the company's entry in one register: the Trade Register,
// the VAT register, the employer register and so on.
type RegisteredEntry struct {
	Register         string            // register code (PRH list REK): "1" Trade Register, "6" VAT register
	Authority        string            // code of the authority keeping it (list VIRANOM)
	Type             string            // the state of the entry (list REK_KDI, read with the register code)
	Text             map[string]string // the state in words, such as Rekisterissä
	RegistrationDate time.Time
	EndDate          time.Time // zero while the entry is current
}

// The register codes luva reads.
const (
	RegisterTrade = "1" // Kaupparekisteri, the Trade Register
)

// InTradeRegister reports whether the company is registered in the Trade
// Register now, so that what PRH holds of it comes from there.
func (c Company) InTradeRegister() bool {
	if c.TradeRegisterStatus == "1" {
		return true
	}
	for _, e := range c.RegisteredEntries {
		if e.Register == RegisterTrade && e.Type == "1" && e.EndDate.IsZero() {
			return true
		}
	}
	return false
}
