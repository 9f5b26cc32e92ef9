package app_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/db"
)

var update = flag.Bool("update", false, "rewrite docs/ACCESS.md from the code")

// persona is a kind of principal in the access matrix, acting on its own
// things: its own profile, its own company, its own authority.
type persona struct {
	name string
	p    access.Principal
}

func personas() []persona {
	all := []access.Right{access.RightApply, access.RightView, access.RightManage}
	grant := func(r access.Role) []access.Grant { return []access.Grant{{OrganisationID: "own", Role: r}} }
	return []persona{
		{"anonymous", access.Anonymous},
		{"customer", access.Principal{PersonID: "me"}},
		{"mandate: view", access.Principal{PersonID: "me", ActingFor: "own", MandateRights: []access.Right{access.RightView}}},
		{"mandate: all rights", access.Principal{PersonID: "me", ActingFor: "own", MandateRights: all}},
		{"case handler, inspector, statement giver, content editor", access.Principal{PersonID: "me", Grants: grant(access.CaseHandler)}},
		{"manager", access.Principal{PersonID: "me", Grants: grant(access.Manager)}},
		{"organisation admin", access.Principal{PersonID: "me", Grants: grant(access.OrgAdmin)}},
		{"platform admin", access.Principal{PersonID: "me", PlatformAdmin: true}},
	}
}

// matrix renders the route × role table from the routes the app registers and
// the one policy.
func matrix(rules []access.RouteRule) string {
	var b strings.Builder
	b.WriteString("# Access matrix\n\nGenerated from the code by `go test ./internal/app -run TestAccessMatrix -update`; a test fails when it is out of date.\n")
	b.WriteString("Each person acts on their own things: their own profile, the company they act for, the authority they work in. ")
	b.WriteString("Routes under an organisation (`{org}`, or `?org=` for the audit log) are allowed only for that organisation; everything not allowed is denied.\n\n")
	b.WriteString("| route | action |")
	for _, p := range personas() {
		b.WriteString(" " + p.name + " |")
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---|", len(personas())) + "\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "| `%s %s` | %s |", r.Method, r.Pattern, r.Action)
		for _, p := range personas() {
			res := access.Resource{PersonID: p.p.PersonID}
			if strings.Contains(r.Pattern, "{org}") || r.Action == access.ViewAudit || r.Action == access.ViewMandates || r.Action == access.ManageMandates {
				res.OrganisationID = "own"
			}
			mark := "–"
			if access.Allowed(p.p, r.Action, res) {
				mark = "yes"
			}
			b.WriteString(" " + mark + " |")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestAccessMatrixInDocsIsCurrent(t *testing.T) {
	a := openApp(t, db.SQLite)
	want := matrix(a.Rules())
	const path = "../../docs/ACCESS.md"
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v (run go test ./internal/app -run TestAccessMatrix -update)", path, err)
	}
	if string(got) != want {
		t.Errorf("%s is out of date: run go test ./internal/app -run TestAccessMatrix -update", path)
	}
}
