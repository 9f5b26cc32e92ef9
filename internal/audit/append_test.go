package audit_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
)

func TestAppendBuildsAChainFromTheGenesisHash(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		got := appendAll(t, d, sample(3)...)
		if got[0].PrevHash != audit.GenesisHash {
			t.Errorf("first prev hash %q, want the genesis hash", got[0].PrevHash)
		}
		for i := 1; i < len(got); i++ {
			if got[i].PrevHash != got[i-1].Hash {
				t.Errorf("entry %d prev hash %q, want the hash of entry %d %q", got[i].ID, got[i].PrevHash, got[i-1].ID, got[i-1].Hash)
			}
			if got[i].ID <= got[i-1].ID {
				t.Errorf("ids %d then %d, want increasing", got[i-1].ID, got[i].ID)
			}
		}
		stored, err := audit.List(context.Background(), d, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(stored) != 3 || stored[0] != got[2] {
			t.Errorf("stored newest %+v, want what Append returned %+v", stored[0], got[2])
		}
	})
}

func TestAppendKeepsMicrosecondsInUTCAndDefaultsTheOutcome(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		at := time.Date(2026, 5, 4, 12, 0, 0, 123456789, time.FixedZone("EEST", 3*3600))
		got := appendAll(t, d, audit.Entry{At: at, Action: "person.read"})[0]
		want := time.Date(2026, 5, 4, 9, 0, 0, 123456000, time.UTC)
		if !got.At.Equal(want) || got.At.Location() != time.UTC {
			t.Errorf("At %v, want %v", got.At, want)
		}
		if got.Outcome != audit.OutcomeOK {
			t.Errorf("Outcome %q, want %q", got.Outcome, audit.OutcomeOK)
		}
		stored, err := audit.List(context.Background(), d, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if stored[0] != got {
			t.Errorf("stored %+v, want %+v", stored[0], got)
		}
	})
}

func TestAppendRefusesAnIncompleteEntry(t *testing.T) {
	tests := []struct {
		name  string
		entry audit.Entry
		want  string
	}{
		{"an entry without an action is refused", audit.Entry{At: t0}, "action is required"},
		{"an entry without a time is refused", audit.Entry{Action: "person.read"}, "time is required"},
		{"a detail that is not JSON is refused", audit.Entry{At: t0, Action: "person.read", Detail: "{oops"}, "not JSON"},
	}
	d := dbtest.Open(t, db.SQLite)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := d.InTx(context.Background(), func(tx *sql.Tx) error {
				_, err := audit.Append(context.Background(), tx, d.Dialect, tt.entry)
				return err
			})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestAnEntryRolledBackWithItsChangeLeavesTheChainIntact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		appendAll(t, d, sample(1)...)
		err := d.InTx(ctx, func(tx *sql.Tx) error {
			if _, err := audit.Append(ctx, tx, d.Dialect, sample(2)[1]); err != nil {
				return err
			}
			return errors.New("the change fails after its entry was written")
		})
		if err == nil {
			t.Fatal("want the transaction to fail")
		}
		appendAll(t, d, sample(3)[2])
		res, err := audit.Verify(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if !res.OK() || res.Checked != 2 {
			t.Errorf("verify %+v, want 2 intact entries", res)
		}
	})
}

func TestConcurrentAppendsKeepOneChain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const workers, each = 8, 10
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Go(func() {
				for i := range each {
					err := d.InTx(ctx, func(tx *sql.Tx) error {
						e := sample(1)[0]
						e.TargetID = string(rune('a'+w)) + string(rune('0'+i))
						if _, err := audit.Append(ctx, tx, d.Dialect, e); err != nil {
							return err
						}
						// Widen the window in which an unlocked reader would
						// see the same last hash.
						time.Sleep(time.Millisecond)
						return nil
					})
					if err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		res, err := audit.Verify(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if !res.OK() || res.Checked != workers*each {
			t.Errorf("verify %+v, want %d intact entries", res, workers*each)
		}
	})
}

func BenchmarkAppend(b *testing.B) {
	d := dbtest.Open(b, db.SQLite)
	ctx := context.Background()
	e := sample(1)[0]
	for b.Loop() {
		err := d.InTx(ctx, func(tx *sql.Tx) error {
			_, err := audit.Append(ctx, tx, d.Dialect, e)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
