package catalog

import (
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/luva-fi/luva/internal/i18n"
)

// FieldDiff is the difference in one field of one language between two versions.
type FieldDiff struct {
	Lang  string     `json:"lang"`
	Field string     `json:"field"`
	Parts []DiffPart `json:"parts"`
}

// DiffPart is a run of text that was kept, inserted or deleted.
type DiffPart struct {
	Op   string `json:"op"` // "eq", "ins" or "del"
	Text string `json:"text"`
}

// Diff lists what changed from old to new, field by field, in every language.
// Unchanged fields are left out.
func Diff(old, new Texts) []FieldDiff {
	dmp := diffmatchpatch.New()
	var out []FieldDiff
	for _, lang := range i18n.Langs() {
		a, b := old[lang], new[lang]
		for _, f := range []struct{ name, a, b string }{
			{"name", a.Name, b.Name},
			{"summary", a.Summary, b.Summary},
			{"guidance", a.Guidance, b.Guidance},
			{"unit", a.Unit, b.Unit},
			{"attachments", strings.Join(a.Attachments, "\n"), strings.Join(b.Attachments, "\n")},
			{"fee_note", a.FeeNote, b.FeeNote},
		} {
			if f.a == f.b {
				continue
			}
			diffs := dmp.DiffCleanupSemantic(dmp.DiffMain(f.a, f.b, false))
			fd := FieldDiff{Lang: lang, Field: f.name}
			for _, d := range diffs {
				op := "eq"
				switch d.Type {
				case diffmatchpatch.DiffInsert:
					op = "ins"
				case diffmatchpatch.DiffDelete:
					op = "del"
				}
				fd.Parts = append(fd.Parts, DiffPart{Op: op, Text: d.Text})
			}
			out = append(out, fd)
		}
	}
	return out
}
