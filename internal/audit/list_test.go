package audit_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
)

// targetIDs lists the target ids of es, which sample numbers by position.
func targetIDs(es []audit.Entry) string {
	var ids []string
	for _, e := range es {
		ids = append(ids, e.TargetID)
	}
	return fmt.Sprint(ids)
}

func TestListFiltersNewestFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		es := sample(6)
		es[1].ActingFor = "company-1"
		es[2].Outcome = audit.OutcomeDenied
		es[3].Action = "person_read" // "_" must not act as a wildcard
		es[4].Action = "Person.read" // nor must case be ignored
		appendAll(t, d, es...)
		tests := []struct {
			name   string
			filter audit.Filter
			want   string
		}{
			{"no filter lists everything newest first", audit.Filter{}, "[5 4 3 2 1 0]"},
			{"an actor selects their entries", audit.Filter{ActorID: "user-1"}, "[5 3 1]"},
			{"acting for selects entries done for someone", audit.Filter{ActingFor: "company-1"}, "[1]"},
			{"an action matches exactly", audit.Filter{Action: "person.read"}, "[0]"},
			{"an action ending in a dot matches as a prefix", audit.Filter{Action: "mandate."}, "[1]"},
			{"a prefix is case-sensitive and takes _ literally", audit.Filter{Action: "person."}, "[0]"},
			{"a target type selects its entries", audit.Filter{TargetType: "case"}, "[5 3 1]"},
			{"a target selects its entries", audit.Filter{TargetType: "person", TargetID: "4"}, "[4]"},
			{"an outcome selects its entries", audit.Filter{Outcome: audit.OutcomeDenied}, "[2]"},
			{"from includes its instant", audit.Filter{From: t0.Add(4 * time.Minute)}, "[5 4]"},
			{"to excludes its instant", audit.Filter{To: t0.Add(2 * time.Minute)}, "[1 0]"},
			{"from and to select a window", audit.Filter{From: t0.Add(time.Minute), To: t0.Add(3*time.Minute + time.Microsecond)}, "[3 2 1]"},
			{"filters combine", audit.Filter{ActorID: "user-0", TargetType: "person", From: t0.Add(time.Minute)}, "[4 2]"},
			{"a limit cuts the page", audit.Filter{Limit: 2}, "[5 4]"},
			{"nothing matches an unknown actor", audit.Filter{ActorID: "nobody"}, "[]"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := audit.List(context.Background(), d, tt.filter)
				if err != nil {
					t.Fatal(err)
				}
				if targetIDs(got) != tt.want {
					t.Errorf("listed %s, want %s", targetIDs(got), tt.want)
				}
			})
		}
	})
}

func TestListPagesBackByBeforeID(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		appendAll(t, d, sample(7)...)
		var pages []string
		f := audit.Filter{Limit: 3}
		for {
			page, err := audit.List(context.Background(), d, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			pages = append(pages, targetIDs(page))
			f.BeforeID = page[len(page)-1].ID
		}
		if got := fmt.Sprint(pages); got != "[[6 5 4] [3 2 1] [0]]" {
			t.Errorf("pages %s, want [[6 5 4] [3 2 1] [0]]", got)
		}
	})
}

func TestListCapsThePageSize(t *testing.T) {
	d := dbtest.Open(t, db.SQLite)
	appendAll(t, d, sample(audit.DefaultLimit+1)...)
	tests := []struct {
		name  string
		limit int
		want  int
	}{
		{"no limit gives the default page", 0, audit.DefaultLimit},
		{"a negative limit gives the default page", -1, audit.DefaultLimit},
		{"a limit above the maximum is capped, not refused", audit.MaxLimit + 1, audit.DefaultLimit + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := audit.List(context.Background(), d, audit.Filter{Limit: tt.limit})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Errorf("listed %d, want %d", len(got), tt.want)
			}
		})
	}
}
