package web

import (
	"slices"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/cases"
)

func TestFolderAddressesLeaveDefaultsOut(t *testing.T) {
	tests := []struct {
		group, q, sort string
		page           int
		want           string
	}{
		{"", "", "updated", 1, "/fi/folder"},
		{"drafts", "", "updated", 1, "/fi/folder?group=drafts"},
		{"", "LUVA-2026-000001", "title", 3, "/fi/folder?page=3&q=LUVA-2026-000001&sort=title"},
		{"", "a&b", "", 1, "/fi/folder?q=a%26b"},
	}
	for _, tt := range tests {
		if got := casefileFolderURL("fi", tt.group, tt.q, tt.sort, tt.page); got != tt.want {
			t.Errorf("casefileFolderURL(%q, %q, %q, %d) = %q, want %q", tt.group, tt.q, tt.sort, tt.page, got, tt.want)
		}
	}
}

func TestFolderPagesLinkTheEndsAndTheNeighbours(t *testing.T) {
	tests := []struct {
		name        string
		total, page int
		want        []int
		gaps        []int // indexes of links with an ellipsis before them
	}{
		{"one page has no links", 15, 1, nil, nil},
		{"a few pages are all linked", 60, 2, []int{1, 2, 3}, nil},
		{"a long folder skips the middle", 400, 10, []int{1, 8, 9, 10, 11, 12, 20}, []int{1, 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := casefileFolder{Total: tt.total}
			n := min(casefilePageSize, tt.total-(tt.page-1)*casefilePageSize)
			d.paginate("en", tt.page, n)
			var got, gaps []int
			for i, l := range d.Pages {
				got = append(got, l.N)
				if l.Current != (l.N == tt.page) {
					t.Errorf("page %d current = %v", l.N, l.Current)
				}
				if d.Gap(i) {
					gaps = append(gaps, i)
				}
			}
			if !slices.Equal(got, tt.want) || !slices.Equal(gaps, tt.gaps) {
				t.Errorf("pages %v with gaps at %v, want %v and %v", got, gaps, tt.want, tt.gaps)
			}
			if wantFrom := (tt.page-1)*casefilePageSize + 1; d.From != wantFrom || d.To != wantFrom+n-1 {
				t.Errorf("showing %d–%d, want %d–%d", d.From, d.To, wantFrom, wantFrom+n-1)
			}
		})
	}
}

func TestDecisionHistorySaysTheOutcome(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := cases.Case{ID: "c1", Title: "Noise", CreatedAt: at}
	hist := []cases.Change{
		{At: at, From: cases.Draft, To: cases.Submitted},
		{At: at, From: cases.Processing, To: cases.Complement, Reason: "Add the site plan."},
		{At: at, From: cases.Processing, To: cases.Decided, Reason: cases.Granted},
	}
	got := casefileTimeline(c, hist)
	if len(got) != 4 || !got[0].Started {
		t.Fatalf("timeline %+v; want the start and three changes", got)
	}
	if got[2].Reason != "Add the site plan." || got[2].Outcome != "" {
		t.Errorf("the completion request reads %+v", got[2])
	}
	if got[3].Outcome != cases.Granted || got[3].Reason != "" {
		t.Errorf("the decision reads %+v; want its outcome instead of a code", got[3])
	}
}
