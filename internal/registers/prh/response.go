package prh

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // PRH's timestamps are Finnish local time; the zone must load on any host
)

// The wire format, after the API's OpenAPI document
// (GET {base}/schema?lang=en, components CompanyResult and Company). Only the
// fields luva reads are declared; the decoder skips the rest.
type (
	companyResult struct {
		TotalResults int64         `json:"totalResults"`
		Companies    []wireCompany `json:"companies"`
	}
	wireCompany struct {
		BusinessID struct {
			Value            text `json:"value"`
			RegistrationDate text `json:"registrationDate"`
		} `json:"businessId"`
		Names            []wireName `json:"names"`
		MainBusinessLine *wireLine  `json:"mainBusinessLine"`
		Website          *struct {
			URL text `json:"url"`
		} `json:"website"`
		CompanyForms        []wireForm    `json:"companyForms"`
		RegisteredEntries   []wireEntry   `json:"registeredEntries"`
		Addresses           []wireAddress `json:"addresses"`
		TradeRegisterStatus text          `json:"tradeRegisterStatus"`
		Status              text          `json:"status"`
		RegistrationDate    text          `json:"registrationDate"`
		LastModified        text          `json:"lastModified"`
	}
	wireName struct {
		Name    text `json:"name"`
		Type    text `json:"type"` // list TLAJI: "1" main name
		EndDate text `json:"endDate"`
		Version text `json:"version"` // "1" is current, others earlier
	}
	wireLine struct {
		Type         text          `json:"type"`
		TypeCodeSet  text          `json:"typeCodeSet"`
		Descriptions []description `json:"descriptions"`
	}
	wireForm struct {
		Type         text          `json:"type"`
		Descriptions []description `json:"descriptions"`
		EndDate      text          `json:"endDate"`
		Version      text          `json:"version"`
	}
	wireEntry struct {
		Type             text          `json:"type"`
		Register         text          `json:"register"`
		Authority        text          `json:"authority"`
		Descriptions     []description `json:"descriptions"`
		RegistrationDate text          `json:"registrationDate"`
		EndDate          text          `json:"endDate"`
	}
	wireAddress struct {
		Type              text         `json:"type"` // 1 visiting, 2 postal; an integer on the wire
		Street            text         `json:"street"`
		BuildingNumber    text         `json:"buildingNumber"`
		Entrance          text         `json:"entrance"`
		ApartmentNumber   text         `json:"apartmentNumber"`
		ApartmentIDSuffix text         `json:"apartmentIdSuffix"`
		PostOfficeBox     text         `json:"postOfficeBox"`
		PostCode          text         `json:"postCode"`
		PostOffices       []postOffice `json:"postOffices"`
		CO                text         `json:"co"`
		Country           text         `json:"country"`
	}
	postOffice struct {
		City             text `json:"city"`
		LanguageCode     text `json:"languageCode"`
		MunicipalityCode text `json:"municipalityCode"`
	}
	description struct {
		LanguageCode text `json:"languageCode"`
		Description  text `json:"description"`
	}
)

// text is a string on the wire that may also come as a number or null. The
// OpenAPI document types most codes as strings but the address type as an
// integer, and clients in the wild have seen numbers for other codes too: a
// code should not fail the whole company for its quoting.
type text string

// UnmarshalJSON accepts a string, a number or null.
func (t *text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*t = ""
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(strings.TrimSpace(s))
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("want a string or a number, got %.20s", b)
	}
	*t = text(n.String())
	return nil
}

// language maps one of the API's language codes to luva's.
func language(code text) (string, bool) {
	switch code {
	case "1":
		return "fi", true
	case "2":
		return "sv", true
	case "3":
		return "en", true
	}
	return "", false
}

// texts turns descriptions into a map by language, dropping languages luva
// does not know and empty descriptions. It returns nil for none.
func texts(ds []description) map[string]string {
	var m map[string]string
	for _, d := range ds {
		lang, ok := language(d.LanguageCode)
		if !ok || d.Description == "" {
			continue
		}
		if m == nil {
			m = make(map[string]string, 3)
		}
		m[lang] = string(d.Description)
	}
	return m
}

// finnishTime is the zone of lastModified, which the API gives "without a
// time zone" (its words): PRH's own, Finnish time.
func finnishTime() *time.Location {
	loc, err := time.LoadLocation("Europe/Helsinki")
	if err != nil { // cannot happen with time/tzdata linked in
		return time.UTC
	}
	return loc
}

// day parses a yyyy-mm-dd date; anything else is no date.
func day(t text) time.Time {
	d, err := time.Parse(time.DateOnly, string(t))
	if err != nil {
		return time.Time{}
	}
	return d
}

// moment parses lastModified: "2025-03-14T09:21:47" in loc, or a full
// RFC 3339 time should the API start sending its offset.
func moment(t text, loc *time.Location) time.Time {
	if m, err := time.ParseInLocation("2006-01-02T15:04:05", string(t), loc); err == nil {
		return m
	}
	if m, err := time.Parse(time.RFC3339, string(t)); err == nil {
		return m
	}
	return time.Time{}
}
