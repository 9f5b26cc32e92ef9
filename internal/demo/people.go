package demo

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/identity"
)

// Password is the password of every demo account. It is printed at start; the
// demo data set is for trying luva out, never for production.
const Password = "luva-demo-2026"

// personalID makes a valid personal identity code with a temporary individual
// number (900–999), which no real person has.
func personalID(ddmmyy string, century byte, n int) string {
	num, _ := strconv.Atoi(ddmmyy + strconv.Itoa(n))
	return ddmmyy + string(century) + strconv.Itoa(n) + string("0123456789ABCDEFHJKLMNPRSTUVWXY"[num%31])
}

// businessID makes a valid business ID from seven digits, which must not be
// one of the numbers that have no check digit.
func businessID(digits string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(digits[i]-'0') * w
	}
	check := 0
	if r := sum % 11; r > 1 {
		check = 11 - r
	}
	return digits + "-" + strconv.Itoa(check)
}

type personSeed struct {
	username, given, family, email, lang string
	pid                                  string
	platformAdmin                        bool
	note                                 string // what the account is for, printed at start
}

type companySeed struct {
	key, name, nameSV, bid, kind string
	owner                        string // username of the person with every right
	bundle                       string
}

type authoritySeed struct {
	key, name, nameSV, kind string // key is also the catalogue code of a national agency
	areas                   []string
	units                   []string
	users                   map[string]access.Role // username -> role
}

func customers() []personSeed {
	return []personSeed{
		{"maija", "Maija", "Meikäläinen", "maija.meikalainen@example.fi", "fi", personalID("150385", '-', 912), false, "private person"},
		{"eero", "Eero", "Esimerkki", "eero@kesajuhlat.example.fi", "fi", personalID("020790", '-', 924), false, "acts for Kesäjuhlat Oy (event, Ta)"},
		{"anna", "Anna", "Mäkelä", "anna@makelantila.example.fi", "fi", personalID("110478", '-', 936), false, "acts for Mäkelän Maatila Oy (farm, M)"},
		{"mikko", "Mikko", "Malminen", "mikko@lapinmalmi.example.fi", "fi", personalID("300169", '-', 948), false, "acts for Lapin Malmi Oy (mining, K)"},
		{"sari", "Sari", "Teräs", "sari@pohjolanteras.example.fi", "fi", personalID("050582", '-', 950), false, "acts for Pohjolan Teräs Oy (industrial plant, Te)"},
		{"leena", "Leena", "Lindholm", "leena@kotiranta.example.fi", "sv", personalID("220895", '-', 962), false, "acts for Hoivakoti Kotiranta Oy (social services, S)"},
		{"saga", "Saga", "Svensson", "saga@kesajuhlat.example.fi", "sv", personalID("010103", 'A', 974), false, "may view Kesäjuhlat Oy's matters"},
	}
}

func companies() []companySeed {
	return []companySeed{
		{"event", "Kesäjuhlat Oy", "Sommarfest Ab", businessID("3012345"), identity.KindCompany, "eero", "Ta"},
		{"farm", "Mäkelän Maatila Oy", "", businessID("3023456"), identity.KindCompany, "anna", "M"},
		{"mining", "Lapin Malmi Oy", "", businessID("3034567"), identity.KindCompany, "mikko", "K"},
		{"industry", "Pohjolan Teräs Oy", "", businessID("3045678"), identity.KindCompany, "sari", "Te"},
		{"care", "Hoivakoti Kotiranta Oy", "Vårdhem Kotiranta Ab", businessID("3056789"), identity.KindCompany, "leena", "S"},
	}
}

func authorities() []authoritySeed {
	return []authoritySeed{
		{"helsinki", "Helsingin kaupunki", "Helsingfors stad", "municipality", []string{"091"},
			[]string{"Ympäristöpalvelut", "Rakennusvalvonta", "Elintarviketurvallisuus"},
			map[string]access.Role{"kasittelija": access.CaseHandler, "tarkastaja": access.Inspector, "lausuja": access.StatementGiver,
				"esihenkilo": access.Manager, "sisalto": access.ContentEditor, "hki-admin": access.OrgAdmin}},
		{"police", "Helsingin poliisilaitos", "Polisinrättningen i Helsingfors", "police_department", []string{"091"}, nil,
			map[string]access.Role{"poliisi": access.CaseHandler}},
		{"rescue", "Helsingin pelastuslaitos", "Helsingfors räddningsverk", "rescue_department", []string{"091"}, nil,
			map[string]access.Role{"pelastus": access.Inspector}},
		{"avi", "Etelä-Suomen aluehallintovirasto", "Regionförvaltningsverket i Södra Finland", "avi", []string{"091", "049", "092", "235", "257"}, nil,
			map[string]access.Role{"avi": access.CaseHandler}},
		{"ely", "Lapin ELY-keskus", "NTM-centralen i Lappland", "ely_centre", []string{"698", "320", "261", "273", "583"}, nil,
			map[string]access.Role{"ely": access.CaseHandler}},
		{"tukes", "Turvallisuus- ja kemikaalivirasto Tukes", "Säkerhets- och kemikalieverket Tukes", "national_agency", nil, nil,
			map[string]access.Role{"tukes": access.CaseHandler}},
		{"stuk", "Säteilyturvakeskus STUK", "Strålsäkerhetscentralen STUK", "national_agency", nil, nil,
			map[string]access.Role{"stuk": access.CaseHandler}},
		{"valvira", "Sosiaali- ja terveysalan lupa- ja valvontavirasto Valvira", "Tillstånds- och tillsynsverket för social- och hälsovården Valvira", "national_agency", nil, nil,
			map[string]access.Role{"valvira": access.CaseHandler}},
		{"ruokavirasto", "Ruokavirasto", "Livsmedelsverket", "national_agency", nil, nil,
			map[string]access.Role{"ruokavirasto": access.CaseHandler}},
		{"traficom", "Liikenne- ja viestintävirasto Traficom", "Transport- och kommunikationsverket Traficom", "national_agency", nil, nil,
			map[string]access.Role{"traficom": access.CaseHandler}},
		{"tampere", "Tampereen kaupunki", "Tammerfors stad", "municipality", []string{"837"},
			[]string{"Ympäristöterveys", "Rakennusvalvonta"},
			map[string]access.Role{"tre-kasittelija": access.CaseHandler, "tre-admin": access.OrgAdmin}},
		{"police-sisa", "Sisä-Suomen poliisilaitos", "Polisinrättningen i Inre Finland", "police_department", []string{"837", "536"}, nil,
			map[string]access.Role{"tre-poliisi": access.CaseHandler}},
		{"rescue-pirkanmaa", "Pirkanmaan pelastuslaitos", "Räddningsverket i Birkaland", "rescue_department", []string{"837"}, nil,
			map[string]access.Role{"tre-pelastus": access.Inspector}},
		{"avi-lsso", "Länsi- ja Sisä-Suomen aluehallintovirasto", "Regionförvaltningsverket i Västra och Inre Finland", "avi", []string{"837"}, nil,
			map[string]access.Role{"tre-avi": access.CaseHandler}},
		{"ely-pirkanmaa", "Pirkanmaan ELY-keskus", "NTM-centralen i Birkaland", "ely_centre", []string{"837"}, nil,
			map[string]access.Role{"tre-ely": access.CaseHandler}},
		{"wellbeing", "Länsi-Uudenmaan hyvinvointialue", "Västra Nylands välfärdsområde", "wellbeing_county", []string{"049", "235", "257"}, nil,
			map[string]access.Role{"hyvinvointi": access.StatementGiver}},
	}
}

// authorityUser describes a demo authority account.
func authorityUser(username string, role access.Role) personSeed {
	given := map[access.Role]string{access.CaseHandler: "Kaisa", access.Inspector: "Tapio", access.StatementGiver: "Liisa",
		access.Manager: "Esa", access.ContentEditor: "Siiri", access.OrgAdmin: "Aki"}[role]
	return personSeed{username: username, given: given, family: "Viranomainen (" + username + ")",
		email: username + "@viranomainen.example.fi", lang: "fi", note: string(role)}
}

// loadPeople creates the demo people, organisations, roles and mandates in tx,
// and returns the authorities' ids by their seed key.
func loadPeople(ctx context.Context, tx *sql.Tx, now time.Time) (map[string]string, error) {
	authorityIDs := map[string]string{}
	ids := map[string]string{}
	add := func(s personSeed, orgName string) error {
		p, err := identity.CreatePerson(ctx, tx, now, identity.Person{GivenNames: s.given, FamilyName: s.family, PersonalID: s.pid,
			Email: s.email, Lang: s.lang, NotifyInApp: true, NotifyEmail: true, PlatformAdmin: s.platformAdmin})
		if err != nil {
			return fmt.Errorf("demo person %s: %w", s.username, err)
		}
		if err := identity.SetLocalAccount(ctx, tx, now, p.ID, s.username, Password); err != nil {
			return err
		}
		ids[s.username] = p.ID
		return nil
	}
	for _, s := range customers() {
		if err := add(s, ""); err != nil {
			return nil, err
		}
	}
	for _, c := range companies() {
		org, err := identity.CreateOrganisation(ctx, tx, now, identity.Organisation{Kind: c.kind, Name: c.name, NameSV: c.nameSV, BusinessID: c.bid})
		if err != nil {
			return nil, err
		}
		if _, err := identity.PutMandate(ctx, tx, now, identity.Mandate{PersonID: ids[c.owner], OrganisationID: org.ID, Rights: access.Rights()}); err != nil {
			return nil, err
		}
		if c.key == "event" {
			if _, err := identity.PutMandate(ctx, tx, now, identity.Mandate{PersonID: ids["saga"], OrganisationID: org.ID, Rights: []access.Right{access.RightView}, GrantedBy: ids["eero"]}); err != nil {
				return nil, err
			}
		}
	}
	for _, a := range authorities() {
		code := ""
		if a.kind == "national_agency" {
			code = a.key
		}
		org, err := identity.CreateOrganisation(ctx, tx, now, identity.Organisation{Kind: identity.KindAuthority, Name: a.name, NameSV: a.nameSV,
			AuthorityType: a.kind, Code: code, Municipalities: a.areas})
		if err != nil {
			return nil, err
		}
		authorityIDs[a.key] = org.ID
		for _, u := range a.units {
			if _, err := identity.CreateUnit(ctx, tx, identity.Unit{OrganisationID: org.ID, Name: u}); err != nil {
				return nil, err
			}
		}
		for _, username := range slices.Sorted(maps.Keys(a.users)) {
			if err := add(authorityUser(username, a.users[username]), a.name); err != nil {
				return nil, err
			}
			if _, err := identity.GrantRole(ctx, tx, now, identity.RoleGrant{PersonID: ids[username], OrganisationID: org.ID, Role: a.users[username]}); err != nil {
				return nil, err
			}
		}
	}
	return authorityIDs, add(platformAdmin(), "")
}

func platformAdmin() personSeed {
	return personSeed{username: "paakayttaja", given: "Paula", family: "Pääkäyttäjä", email: "paakayttaja@luva.example.fi", lang: "fi", platformAdmin: true, note: "platform admin"}
}

// Accounts lists the demo sign-ins and what each is for.
func Accounts() []Account {
	var out []Account
	for _, s := range customers() {
		out = append(out, Account{Username: s.username, Password: Password, Role: s.note})
	}
	for _, a := range authorities() {
		for _, u := range slices.Sorted(maps.Keys(a.users)) {
			out = append(out, Account{Username: u, Password: Password, Role: a.name + ": " + string(a.users[u])})
		}
	}
	return append(out, Account{Username: platformAdmin().username, Password: Password, Role: platformAdmin().note})
}
