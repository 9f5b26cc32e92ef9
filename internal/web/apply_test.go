package web

import (
	"mime"
	"testing"

	"github.com/luva-fi/luva/internal/cases"
	"github.com/luva-fi/luva/internal/forms"
)

// pagedForm has three pages; the second shows only when "music" is yes.
const pagedForm = `{"id": "paged", "services": ["*"], "title": {"fi": "T"}, "pages": [
 {"id": "a", "title": {"fi": "A"}, "sections": [{"id": "sa", "fields": [
  {"id": "music", "type": "yesno", "label": {"fi": "Musiikkia?"}}]}]},
 {"id": "b", "title": {"fi": "B"}, "visible": "answered('music') && music", "sections": [{"id": "sb", "fields": [
  {"id": "band", "type": "text", "label": {"fi": "Bändi"}}]}]},
 {"id": "c", "title": {"fi": "C"}, "sections": [{"id": "sc", "fields": [
  {"id": "plan", "type": "attachment", "label": {"fi": "Piirros"}, "accept": ["image/png"], "max_bytes": 1000}]}]}
]}`

func compiledForm(t *testing.T, def string) *forms.Compiled {
	t.Helper()
	f, err := forms.Parse([]byte(def))
	if err != nil {
		t.Fatal(err)
	}
	c, err := forms.Compile(f)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestHiddenPagesAreSkippedBothWays(t *testing.T) {
	f := compiledForm(t, pagedForm)
	tests := []struct {
		name             string
		answers          map[string]any
		page             int
		next, prev, step int
		steps            int
	}{
		{"without music the band page is skipped forward", map[string]any{"music": false}, 1, 3, 0, 1, 2},
		{"without music the band page is skipped back", map[string]any{"music": false}, 3, 0, 1, 2, 2},
		{"with music every page is shown", map[string]any{"music": true}, 1, 2, 0, 1, 3},
		{"the band page comes back to the first", map[string]any{"music": true}, 2, 3, 1, 2, 3},
		{"the last page goes on to the check page", map[string]any{"music": true}, 3, 0, 2, 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nextVisible(f, tt.answers, tt.page); got != tt.next {
				t.Errorf("next of page %d = %d, want %d", tt.page, got, tt.next)
			}
			if got := prevVisible(f, tt.answers, tt.page); got != tt.prev {
				t.Errorf("previous of page %d = %d, want %d", tt.page, got, tt.prev)
			}
			if k, m := steps(f, tt.answers, tt.page); k != tt.step || m != tt.steps {
				t.Errorf("page %d is step %d of %d, want %d of %d", tt.page, k, m, tt.step, tt.steps)
			}
		})
	}
}

func TestAttachmentIDsComeFromTheFilesAndAreNeverStored(t *testing.T) {
	f := compiledForm(t, pagedForm)
	stale := map[string]any{"music": true, "plan": []any{"removed-file"}}
	files := []cases.Attachment{{ID: "a1", Field: "plan"}, {ID: "a2", Field: "plan"}}
	got := withFiles(f, stale, files)
	if ids, _ := got["plan"].([]string); len(ids) != 2 || ids[0] != "a1" || ids[1] != "a2" {
		t.Errorf("the slot holds %v, want the current files a1 and a2", got["plan"])
	}
	if _, ok := withFiles(f, stale, nil)["plan"]; ok {
		t.Error("a slot without files still holds the removed file's id, so a required slot would pass")
	}
	if _, ok := withoutFiles(f, got)["plan"]; ok {
		t.Error("attachment ids are saved into the answers")
	}
	if withoutFiles(f, got)["music"] != true {
		t.Error("saving drops the other answers")
	}
}

func TestReturnPageAcceptsOnlyPagesOfTheForm(t *testing.T) {
	for in, want := range map[string]int{"1": 1, "3": 3, "4": 0, "0": 0, "-1": 0, "x": 0, "": 0} {
		if got := returnPage(in, 3); got != want {
			t.Errorf("returnPage(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestDownloadsNameTheFileSafely(t *testing.T) {
	for _, name := range []string{"asemapiirros.pdf", "Kesäjuhla – kartta.png", `a"b.pdf`} {
		_, params, err := mime.ParseMediaType(disposition("attachment", name))
		if err != nil || params["filename"] != name {
			t.Errorf("%q comes back as %q (%v)", name, params["filename"], err)
		}
	}
}

func TestDiffsNameFilesInsteadOfIDs(t *testing.T) {
	names := map[string]string{"a1": "kartta.pdf", "a2": "ohjelma.pdf"}
	if got := fileNames("a1, a2, Ei vastattu", names); got != "kartta.pdf, ohjelma.pdf, Ei vastattu" {
		t.Errorf("got %q", got)
	}
}
