package cases_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/blob"
	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/demo"
	"github.com/luva-fi/luva/internal/workdays"
)

// world is the demo data set on a fresh database with the case service on it
// and a small noise-notification form installed.
type world struct {
	d     *db.DB
	svc   *cases.Service
	clock *clock.Settable
	orgs  map[string]string // organisation name -> id
}

// now is a Monday in Helsinki, so that working-day counts are easy to follow.
var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

var req = access.Request{Route: "test", IP: "127.0.0.1"}

const testForm = `{
 "id": "noise-test",
 "services": ["ta-noise-notification"],
 "title": {"fi": "Meluilmoitus", "sv": "Bulleranmälan", "en": "Noise notification"},
 "pages": [
  {"id": "event", "title": {"fi": "Tapahtuma", "sv": "Evenemang", "en": "Event"}, "sections": [
   {"id": "basics", "title": {"fi": "Perustiedot", "sv": "Grunduppgifter", "en": "Basics"}, "fields": [
    {"id": "event_name", "type": "text", "required": true, "label": {"fi": "Nimi", "sv": "Namn", "en": "Name"}},
    {"id": "db_level", "type": "number", "required": true, "min": 30, "max": 140, "label": {"fi": "Melutaso", "sv": "Bullernivå", "en": "Noise level"}},
    {"id": "site_plan", "type": "attachment", "required": true, "max_bytes": 1048576, "accept": ["application/pdf", "image/png"],
     "label": {"fi": "Asemapiirros", "sv": "Situationsplan", "en": "Site plan"}}
   ]}
  ]}
 ]
}`

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, d, now); err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.Open(ctx, "mem://", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	clk := clock.NewSettable(now)
	svc := cases.NewService(cases.Config{DB: d, Clock: clk, Calendar: workdays.New(), Catalogue: catalog.NewStore(d), Blobs: blobs})
	if err := svc.Forms.Install(ctx, []byte(testForm), "", now); err != nil {
		t.Fatal(err)
	}
	w := &world{d: d, svc: svc, clock: clk, orgs: map[string]string{}}
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

// pngFile is a small real PNG image.
func pngFile(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// days advances the test clock by n calendar days.
func (w *world) days(n int) { w.clock.Advance(time.Duration(n) * 24 * time.Hour) }
