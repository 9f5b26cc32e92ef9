package audit_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
)

func TestTheHashFollowsTheDocumentedEncoding(t *testing.T) {
	d := dbtest.Open(t, db.SQLite)
	e := appendAll(t, d, audit.Entry{
		At: time.Date(2026, 5, 4, 9, 0, 0, 5000, time.UTC), ActorID: "u1", ActorName: "Åsa",
		Action: "person.read", TargetType: "person", TargetID: "42", IP: "192.0.2.1", Detail: `{"a":1}`,
	})[0]
	var b strings.Builder
	for _, s := range []string{"luva-audit-v1", audit.GenesisHash, "2026-05-04T09:00:00.000005Z",
		"u1", "Åsa", "", "person.read", "person", "42", "", "192.0.2.1", "ok", `{"a":1}`} {
		fmt.Fprintf(&b, "%d:%s,", len(s), s)
	}
	sum := sha256.Sum256([]byte(b.String()))
	if want := hex.EncodeToString(sum[:]); e.Hash != want {
		t.Errorf("hash %s, want %s", e.Hash, want)
	}
}

func TestVerifyFindsAnUntouchedChainIntact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		res, err := audit.Verify(ctx, d)
		if err != nil || !res.OK() || res.Checked != 0 {
			t.Errorf("empty log: verify %+v, %v; want intact with 0 entries", res, err)
		}
		appendAll(t, d, sample(5)...)
		res, err = audit.Verify(ctx, d)
		if err != nil || !res.OK() || res.Checked != 5 {
			t.Errorf("verify %+v, %v; want intact with 5 entries", res, err)
		}
	})
}

func TestVerifyNamesTheFirstEntryWhereTheChainBreaks(t *testing.T) {
	tests := []struct {
		name string
		// tamper changes the log behind Append's back; es are its entries.
		tamper func(t *testing.T, d *db.DB, es []audit.Entry)
		// broken is the index of the entry Verify must name.
		broken int
		// reason is part of the reason given; {i} in it stands for the id of es[i].
		reason string
	}{
		{"an edited detail names the edited entry", func(t *testing.T, d *db.DB, es []audit.Entry) {
			exec(t, d, `UPDATE audit_log SET detail = $1 WHERE id = $2`, `{"n":99}`, es[2].ID)
		}, 2, "was changed: its hash does not match its content"},
		{"an edited actor name names the edited entry", func(t *testing.T, d *db.DB, es []audit.Entry) {
			exec(t, d, `UPDATE audit_log SET actor_name = $1 WHERE id = $2`, "Someone Else", es[3].ID)
		}, 3, "was changed"},
		{"an edited time names the edited entry", func(t *testing.T, d *db.DB, es []audit.Entry) {
			exec(t, d, `UPDATE audit_log SET at = $1 WHERE id = $2`, es[1].At.Add(time.Microsecond), es[1].ID)
		}, 1, "was changed"},
		{"an edited outcome names the edited entry", func(t *testing.T, d *db.DB, es []audit.Entry) {
			exec(t, d, `UPDATE audit_log SET outcome = 'denied' WHERE id = $1`, es[4].ID)
		}, 4, "was changed"},
		{"an edited prev hash names the edited entry", func(t *testing.T, d *db.DB, es []audit.Entry) {
			exec(t, d, `UPDATE audit_log SET prev_hash = $1 WHERE id = $2`, es[0].PrevHash, es[2].ID)
		}, 2, "was changed"},
		{"a deleted middle entry names the entry after it", func(t *testing.T, d *db.DB, es []audit.Entry) {
			exec(t, d, `DELETE FROM audit_log WHERE id = $1`, es[2].ID)
		}, 3, "does not follow entry {1}: an entry before it was deleted or changed"},
		{"a deleted first entry names the new first entry", func(t *testing.T, d *db.DB, es []audit.Entry) {
			exec(t, d, `DELETE FROM audit_log WHERE id = $1`, es[0].ID)
		}, 1, "does not start the chain"},
		{"two swapped entries name the first of them", func(t *testing.T, d *db.DB, es []audit.Entry) {
			// PostgreSQL will not renumber an identity column, so the rows
			// trade contents instead.
			overwrite(t, d, es[1].ID, es[2])
			overwrite(t, d, es[2].ID, es[1])
		}, 1, "does not follow entry {0}: an entry before it was deleted or changed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				es := appendAll(t, d, sample(6)...)
				tt.tamper(t, d, es)
				res, err := audit.Verify(context.Background(), d)
				if err != nil {
					t.Fatal(err)
				}
				want := fmt.Sprintf("entry %d ", es[tt.broken].ID)
				reason := tt.reason
				for i, e := range es {
					reason = strings.ReplaceAll(reason, fmt.Sprintf("{%d}", i), fmt.Sprint(e.ID))
				}
				if res.FirstBrokenID != es[tt.broken].ID || !strings.HasPrefix(res.Reason, want) || !strings.Contains(res.Reason, reason) {
					t.Errorf("verify %+v, want entry %d named: %q", res, es[tt.broken].ID, reason)
				}
			})
		})
	}
}

// overwrite replaces the row id with the columns of e, hashes included.
func overwrite(t *testing.T, d *db.DB, id int64, e audit.Entry) {
	t.Helper()
	exec(t, d, `UPDATE audit_log SET at = $1, actor_id = $2, actor_name = $3, acting_for = $4, action = $5,
		target_type = $6, target_id = $7, route = $8, ip = $9, outcome = $10, detail = $11, prev_hash = $12, hash = $13
		WHERE id = $14`, e.At, e.ActorID, e.ActorName, e.ActingFor, e.Action, e.TargetType, e.TargetID,
		e.Route, e.IP, e.Outcome, e.Detail, e.PrevHash, e.Hash, id)
}
