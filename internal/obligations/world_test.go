package obligations_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/obligations"
)

// world is a database with an authority, two customers, a company one of them
// acts for, and a decided case of each, on a clock the test moves.
type world struct {
	db    *db.DB
	clock *clock.Settable
	svc   *obligations.Service
	// maija and ville are private customers; eero acts for the company;
	// handler works in the authority "hki", stranger in "tre".
	maija, ville, eero, saga, handler, stranger access.Principal
	maijaCase, villeCase, companyCase           string
}

var req = access.Request{Route: "test"}

// start is 1 March 2026, 09:00 in Helsinki.
var start = time.Date(2026, 3, 1, 7, 0, 0, 0, time.UTC)

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{db: d, clock: clock.NewSettable(start)}
	w.svc = obligations.NewService(obligations.Config{DB: d, Clock: w.clock})
	now := start.UTC()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := d.Write.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, p := range []struct{ id, given, lang string }{{"p-maija", "Maija", "fi"}, {"p-ville", "Ville", "sv"}, {"p-eero", "Eero", "en"},
		{"p-saga", "Saga", "fi"}, {"p-handler", "Kaisa", "fi"}, {"p-stranger", "Teemu", "fi"}} {
		exec(`INSERT INTO persons (id, given_names, family_name, lang, created_at, updated_at) VALUES ($1, $2, 'Testi', $3, $4, $4)`, p.id, p.given, p.lang, now)
	}
	exec(`INSERT INTO organisations (id, kind, name, created_at) VALUES ('hki', 'authority', 'Helsinki', $1), ('tre', 'authority', 'Tampere', $1),
('firm', 'company', 'Kesäjuhlat Oy', $1)`, now)
	exec(`INSERT INTO mandates (id, person_id, organisation_id, rights, created_at) VALUES ('m1', 'p-eero', 'firm', 'apply,view', $1), ('m2', 'p-saga', 'firm', 'view', $1)`, now)
	addCase := func(id, person, actingFor, service string) string {
		exec(`INSERT INTO cases (id, number, service_id, authority_org, person_id, acting_for, applicant_name, form_id, form_version, state, title, answers,
created_at, updated_at, submitted_at, decided_at) VALUES ($1, $2, $3, 'hki', $4, $5, 'Hakija', 'generic', 1, 'decided', 'Ympäristölupa', '{}', $6, $6, $6, $6)`,
			id, "LUVA-2026-"+id, service, person, actingFor, now)
		return id
	}
	w.maijaCase = addCase("000001", "p-maija", "", "te-environmental-permit-municipal")
	w.villeCase = addCase("000002", "p-ville", "", "ta-noise-notification")
	w.companyCase = addCase("000003", "p-eero", "firm", "m-food-premises-notification")
	grant := func(org string, r access.Role) []access.Grant { return []access.Grant{{OrganisationID: org, Role: r}} }
	w.maija = access.Principal{PersonID: "p-maija", Name: "Maija Testi"}
	w.ville = access.Principal{PersonID: "p-ville", Name: "Ville Testi"}
	w.eero = access.Principal{PersonID: "p-eero", Name: "Eero Testi", ActingFor: "firm", MandateRights: []access.Right{access.RightApply, access.RightView}}
	w.saga = access.Principal{PersonID: "p-saga", Name: "Saga Testi", ActingFor: "firm", MandateRights: []access.Right{access.RightView}}
	w.handler = access.Principal{PersonID: "p-handler", Name: "Kaisa Testi", Grants: grant("hki", access.CaseHandler)}
	w.stranger = access.Principal{PersonID: "p-stranger", Name: "Teemu Testi", Grants: grant("tre", access.CaseHandler)}
	return w
}

// add gives a case a duty as the handler, failing the test on error.
func (w *world) add(t *testing.T, caseID string, in obligations.Input) obligations.Obligation {
	t.Helper()
	o, err := w.svc.Add(context.Background(), w.handler, req, caseID, in)
	if err != nil {
		t.Fatalf("add obligation: %v", err)
	}
	return o
}

// set moves the clock to 09:00 in Helsinki on day.
func (w *world) set(day string) {
	d, _ := time.ParseInLocation(time.DateOnly, day, time.FixedZone("EET", 2*3600))
	w.clock.Set(d.Add(9 * time.Hour))
}

// count is a number from the database.
func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil && err != sql.ErrNoRows {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
