package audit_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
)

// awkward is an entry whose fields need quoting in CSV and escaping in JSON.
func awkward() audit.Entry {
	return audit.Entry{
		At: t0.Add(123456 * time.Microsecond), ActorID: "u,1", ActorName: "Anna \"Annie\" Virtanen\nrivi 2",
		ActingFor: "Åland Oy", Action: "person.read", TargetType: "person", TargetID: "<42>",
		Route: "GET /api/persons/{id}", IP: "2001:db8::1", Outcome: audit.OutcomeDenied,
		Detail: `{"reason":"no mandate","fields":["name","address"]}`,
	}
}

func TestCSVExportRoundTripsEveryField(t *testing.T) {
	d := dbtest.Open(t, db.SQLite)
	want := appendAll(t, d, sample(1)[0], awkward())
	var buf bytes.Buffer
	if err := audit.WriteCSV(&buf, want); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 3 || records[0][0] != "id" || records[0][13] != "hash" {
		t.Fatalf("CSV %q: want a header and two rows", records)
	}
	for i, r := range records[1:] {
		id, _ := strconv.ParseInt(r[0], 10, 64)
		at, err := time.Parse(time.RFC3339, r[1])
		if err != nil {
			t.Fatal(err)
		}
		got := audit.Entry{ID: id, At: at, ActorID: r[2], ActorName: r[3], ActingFor: r[4], Action: r[5],
			TargetType: r[6], TargetID: r[7], Route: r[8], IP: r[9], Outcome: r[10], Detail: r[11], PrevHash: r[12], Hash: r[13]}
		if got != want[i] {
			t.Errorf("row %d read back as\n%+v\nwant\n%+v", i+1, got, want[i])
		}
	}
}

func TestJSONExportRoundTripsEveryField(t *testing.T) {
	d := dbtest.Open(t, db.SQLite)
	want := appendAll(t, d, sample(1)[0], awkward())
	var buf bytes.Buffer
	if err := audit.WriteJSON(&buf, want); err != nil {
		t.Fatal(err)
	}
	var objects []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &objects); err != nil {
		t.Fatal(err)
	}
	if len(objects) != 2 {
		t.Fatalf("JSON %s: want two objects", buf.String())
	}
	for i, o := range objects {
		at, err := time.Parse(time.RFC3339, o["at"].(string))
		if err != nil {
			t.Fatal(err)
		}
		s := func(k string) string { return o[k].(string) }
		got := audit.Entry{ID: int64(o["id"].(float64)), At: at, ActorID: s("actor_id"), ActorName: s("actor_name"),
			ActingFor: s("acting_for"), Action: s("action"), TargetType: s("target_type"), TargetID: s("target_id"),
			Route: s("route"), IP: s("ip"), Outcome: s("outcome"), Detail: s("detail"), PrevHash: s("prev_hash"), Hash: s("hash")}
		if got != want[i] {
			t.Errorf("object %d read back as\n%+v\nwant\n%+v", i, got, want[i])
		}
	}
}

func TestAnEmptyExportIsAnEmptyArrayOrJustTheHeader(t *testing.T) {
	var j, c bytes.Buffer
	if err := audit.WriteJSON(&j, nil); err != nil || j.String() != "[]\n" {
		t.Errorf("JSON of no entries %q, %v; want []", j.String(), err)
	}
	if err := audit.WriteCSV(&c, nil); err != nil || c.String() != "id,at,actor_id,actor_name,acting_for,action,target_type,target_id,route,ip,outcome,detail,prev_hash,hash\n" {
		t.Errorf("CSV of no entries %q, %v; want the header", c.String(), err)
	}
}
