package analyser_test

import (
	"context"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/demo"
)

// world is the demo data set on a fresh database, with the analyser on it.
type world struct {
	d     *db.DB
	svc   *analyser.Service
	clock *clock.Settable
	orgs  map[string]string // organisation name -> id
}

// now is the demo's "today": early in the year, so that no summer deadline has passed.
var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, d, now); err != nil {
		t.Fatal(err)
	}
	clk := clock.NewSettable(now)
	w := &world{d: d, svc: analyser.NewService(d, catalog.NewStore(d), clk), clock: clk, orgs: map[string]string{}}
	rows, err := d.Read.QueryContext(ctx, `SELECT id, name FROM organisations`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			t.Fatal(err)
		}
		w.orgs[name] = id
	}
	return w
}

// person returns the demo person with the username as a principal acting for themself.
func (w *world) person(t *testing.T, username string) access.Principal {
	t.Helper()
	var id string
	if err := w.d.Read.QueryRowContext(context.Background(), `SELECT person_id FROM local_accounts WHERE username = $1`, username).Scan(&id); err != nil {
		t.Fatalf("demo person %s: %v", username, err)
	}
	return access.Principal{PersonID: id, Name: username}
}

// role returns the demo person holding a role in the named organisation.
func (w *world) role(t *testing.T, username, org string, role access.Role) access.Principal {
	p := w.person(t, username)
	p.Grants = []access.Grant{{OrganisationID: w.orgs[org], Role: role}}
	return p
}

// actingFor returns the demo person acting for the named company with the rights.
func (w *world) actingFor(t *testing.T, username, org string, rights ...access.Right) access.Principal {
	p := w.person(t, username)
	p.ActingFor, p.ActingForName, p.MandateRights = w.orgs[org], org, rights
	return p
}

var req = access.Request{Route: "test", IP: "127.0.0.1"}
