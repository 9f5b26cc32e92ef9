package prh

import (
	"errors"
	"testing"
)

func TestParseCompanyCopesWithOddButValidAnswers(t *testing.T) {
	t.Parallel()
	const id = "3067891-2"
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, c Company)
	}{
		{"a company with only a postal address takes its municipality from it",
			`{"companies":[{"businessId":{"value":"3067891-2"},"addresses":[
				{"type":2,"postOfficeBox":"44","postCode":"33101","postOffices":[{"city":"TAMPERE","languageCode":"1","municipalityCode":"837"}]}]}]}`,
			func(t *testing.T, c Company) {
				if c.Municipality != "837" || !c.VisitingAddress.IsZero() || c.PostalAddress.PostOfficeBox != "44" {
					t.Errorf("municipality %q, visiting %+v, postal %+v", c.Municipality, c.VisitingAddress, c.PostalAddress)
				}
			}},
		{"codes sent as numbers are read as text",
			`{"companies":[{"businessId":{"value":"3067891-2"},"mainBusinessLine":{"type":56301},
				"status":2,"addresses":[{"type":"1","postOffices":[{"city":"HELSINKI","languageCode":1,"municipalityCode":"091"}]}]}]}`,
			func(t *testing.T, c Company) {
				if c.LineOfBusiness != "56301" || c.Status != "2" || c.Municipality != "091" || c.VisitingAddress.City["fi"] != "HELSINKI" {
					t.Errorf("got %+v", c)
				}
			}},
		{"nulls everywhere leave the fields empty",
			`{"totalResults":1,"companies":[{"businessId":{"value":"3067891-2","registrationDate":null},"names":null,
				"mainBusinessLine":null,"website":null,"addresses":[{"type":1,"street":null,"postOffices":[{"city":"X","languageCode":"9","municipalityCode":null}]}],
				"registrationDate":null,"lastModified":null}]}`,
			func(t *testing.T, c Company) {
				if c.Name != "" || c.LineOfBusiness != "" || c.Municipality != "" || !c.RegistrationDate.IsZero() || len(c.VisitingAddress.City) != 0 {
					t.Errorf("got %+v", c)
				}
			}},
		{"a municipality code that is not three digits is ignored",
			`{"companies":[{"businessId":{"value":"3067891-2"},"addresses":[{"type":1,"postOffices":[{"city":"A","languageCode":"1","municipalityCode":"91"}]},
				{"type":2,"postOffices":[{"city":"B","languageCode":"1","municipalityCode":"092"}]}]}]}`,
			func(t *testing.T, c Company) {
				if c.Municipality != "092" {
					t.Errorf("municipality = %q, want the postal 092", c.Municipality)
				}
			}},
		{"without a current main name an ended one is used, and without any the parallel name",
			`{"companies":[{"businessId":{"value":"3067891-2"},"names":[{"name":"Rinnakkais Ab","type":"2"},{"name":"Vanha Oy","type":"1","endDate":"2020-01-01"}]}]}`,
			func(t *testing.T, c Company) {
				if c.Name != "Vanha Oy" {
					t.Errorf("name = %q, want Vanha Oy", c.Name)
				}
			}},
		{"the ended company form is passed over for the current one",
			`{"companies":[{"businessId":{"value":"3067891-2"},"companyForms":[
				{"type":"13","endDate":"2020-12-31","version":2,"descriptions":[{"languageCode":"1","description":"Kommandiittiyhtiö"}]},
				{"type":"16","version":1,"descriptions":[{"languageCode":"1","description":"Osakeyhtiö"}]}]}]}`,
			func(t *testing.T, c Company) {
				if c.FormCode != "16" || c.Form["fi"] != "Osakeyhtiö" {
					t.Errorf("form %q %v", c.FormCode, c.Form)
				}
			}},
		{"the registration date falls back to the business ID's",
			`{"companies":[{"businessId":{"value":"3067891-2","registrationDate":"2001-02-03"}}]}`,
			func(t *testing.T, c Company) {
				if c.RegistrationDate.Format("2006-01-02") != "2001-02-03" {
					t.Errorf("registration date %v", c.RegistrationDate)
				}
			}},
		{"a last-modified time with an offset is read as given",
			`{"companies":[{"businessId":{"value":"3067891-2"},"lastModified":"2025-07-01T12:00:00Z"}]}`,
			func(t *testing.T, c Company) {
				if c.LastModified.UTC().Hour() != 12 {
					t.Errorf("last modified %v", c.LastModified)
				}
			}},
		{"summer time is honoured in a last-modified time without an offset",
			`{"companies":[{"businessId":{"value":"3067891-2"},"lastModified":"2025-07-01T12:00:00"}]}`,
			func(t *testing.T, c Company) {
				if c.LastModified.UTC().Hour() != 9 {
					t.Errorf("last modified %v, want 09:00 UTC", c.LastModified.UTC())
				}
			}},
		{"a Trade Register entry that has ended does not count",
			`{"companies":[{"businessId":{"value":"3067891-2"},"tradeRegisterStatus":"4","registeredEntries":[{"type":"1","register":"1","authority":"2","endDate":"2024-01-01"}]}]}`,
			func(t *testing.T, c Company) {
				if c.InTradeRegister() {
					t.Error("InTradeRegister() = true for a ceased company")
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := parseCompany([]byte(tc.body), id)
			if err != nil {
				t.Fatalf("parseCompany = %v", err)
			}
			tc.check(t, c)
		})
	}
}

func TestParseCompanyTellsNotFoundFromBroken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		body         string
		wantNotFound bool
	}{
		{"no companies is not found", `{"totalResults":0,"companies":[]}`, true},
		{"a missing list is not found", `{}`, true},
		{"null is not found", `null`, true},
		{"an empty body is broken", ``, false},
		{"a bare string is broken", `"3067891-2"`, false},
		{"a company that is not an object is broken", `{"companies":[42]}`, false},
		{"an address type that is an object is broken", `{"companies":[{"addresses":[{"type":{}}]}]}`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseCompany([]byte(tc.body), "3067891-2")
			if err == nil {
				t.Fatal("parseCompany succeeded, want an error")
			}
			if got := errors.Is(err, ErrNotFound); got != tc.wantNotFound {
				t.Errorf("err = %v; not found = %v, want %v", err, got, tc.wantNotFound)
			}
		})
	}
}
