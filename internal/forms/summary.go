package forms

import (
	"strings"
)

// SummaryPage is one visible page on the "check your answers" page.
type SummaryPage struct {
	Index int
	ID    string
	Title string
	Rows  []SummaryRow
}

// SummaryRow is one visible field and its answer for people to read. Text
// is the answer in the language asked for; Key is set for the answers that
// the catalogue can say ("form.yes", "form.no", "form.unanswered"), for a
// template that prefers it. A group or table has its rows of cells in Rows,
// an attachment slot its attachment ids in Files, for the caller to name.
type SummaryRow struct {
	FieldID string
	Label   string
	Text    string
	Key     string
	Page    int
	Rows    [][]SummaryRow
	Files   []string
}

// The words of yes, no and an unanswered field, for summaries and diffs that
// are plain text.
var words = map[string][3]string{
	"fi": {"Kyllä", "Ei", "Ei vastattu"},
	"sv": {"Ja", "Nej", "Inte besvarad"},
	"en": {"Yes", "No", "Not answered"},
}

func word(lang string, i int) string {
	w, ok := words[lang]
	if !ok {
		w = words["fi"]
	}
	return w[i]
}

// Summary lists the visible pages with every visible field and its answer,
// hidden answers left out, for the customer to check before sending.
func (c *Compiled) Summary(a Answers, lang string) []SummaryPage {
	v := c.visibility(a)
	var out []SummaryPage
	for i, p := range c.form.Pages {
		if !v.pages[i] {
			continue
		}
		sp := SummaryPage{Index: i, ID: p.ID, Title: p.Title.In(lang)}
		for _, s := range c.pages[i].sections {
			for _, fi := range s.fields {
				if v.fields[fi.ID] {
					sp.Rows = append(sp.Rows, summaryRow(fi, a[fi.ID], i, lang))
				}
			}
		}
		out = append(out, sp)
	}
	return out
}

func summaryRow(fi *fieldInfo, val any, page int, lang string) SummaryRow {
	r := SummaryRow{FieldID: fi.ID, Label: fi.Label.In(lang), Page: page}
	r.Text, r.Key = display(fi, val, lang)
	switch {
	case isEmpty(val):
	case fi.hasRows():
		rows, _ := asRows(val)
		for _, row := range rows {
			if isEmpty(row) {
				continue
			}
			var cells []SummaryRow
			for _, col := range fi.columns {
				cells = append(cells, summaryRow(col, row[col.ID], page, lang))
			}
			r.Rows = append(r.Rows, cells)
		}
	case fi.Type == Attachment:
		r.Files, _ = asStrings(val)
	}
	return r
}

// display is an answer as people read it, and the message key of answers
// that the catalogue can say.
func display(fi *fieldInfo, val any, lang string) (string, string) {
	if isEmpty(val) {
		return word(lang, 2), "form.unanswered"
	}
	switch fi.Type {
	case YesNo:
		if b, ok := val.(bool); ok {
			if b {
				return word(lang, 0), "form.yes"
			}
			return word(lang, 1), "form.no"
		}
	case Choice:
		if s, ok := asString(val); ok {
			return optionLabel(fi, s, lang), ""
		}
	case MultiChoice:
		if vs, ok := asStrings(val); ok {
			labels := make([]string, len(vs))
			for i, s := range vs {
				labels[i] = optionLabel(fi, s, lang)
			}
			return strings.Join(labels, ", "), ""
		}
	case Date:
		return displayDate(val, lang), ""
	case DateRange:
		m, _ := asMap(val)
		return displayDate(m["from"], lang) + "\u2013" + displayDate(m["to"], lang), ""
	case Address:
		m, _ := asMap(val)
		return strings.TrimSpace(inputValue(m["street"], lang) + ", " + inputValue(m["postcode"], lang) + " " +
			inputValue(m["city"], lang)), ""
	case Location:
		m, _ := asMap(val)
		return inputValue(m["lat"], lang) + " N, " + inputValue(m["lon"], lang) + " E", ""
	case Attachment:
		ids, _ := asStrings(val)
		return strings.Join(ids, ", "), ""
	case Group, Table:
		return displayRows(fi, val, lang), ""
	}
	return inputValue(val, lang), ""
}

func optionLabel(fi *fieldInfo, value, lang string) string {
	for _, o := range fi.Options {
		if o.Value == value {
			return o.Label.In(lang)
		}
	}
	return value
}

// displayDate writes a stored date as lang writes dates; anything else as it is.
func displayDate(v any, lang string) string {
	t, ok := dateOf(v)
	if !ok {
		return inputValue(v, lang)
	}
	if lang == "en" {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2.1.2006")
}

// displayRows writes the rows of a group or table as one line each.
func displayRows(fi *fieldInfo, val any, lang string) string {
	rows, _ := asRows(val)
	var lines []string
	for _, row := range rows {
		var cells []string
		for _, col := range fi.columns {
			if !isEmpty(row[col.ID]) {
				text, _ := display(col, row[col.ID], lang)
				cells = append(cells, col.Label.In(lang)+": "+text)
			}
		}
		if len(cells) > 0 {
			lines = append(lines, strings.Join(cells, "; "))
		}
	}
	return strings.Join(lines, "\n")
}

// Change is a field whose answer differs between two versions of the
// answers, as people read them.
type Change struct {
	FieldID string
	Label   string
	Old     string
	New     string
}

// Diff lists the top-level fields whose answers differ between old and new,
// in form order, each version cleaned of hidden answers first.
func Diff(c *Compiled, old, new Answers, lang string) []Change {
	old, new = c.Clean(old), c.Clean(new)
	var out []Change
	for _, fi := range c.top {
		o, _ := display(fi, old[fi.ID], lang)
		n, _ := display(fi, new[fi.ID], lang)
		if o != n {
			out = append(out, Change{FieldID: fi.ID, Label: fi.Label.In(lang), Old: o, New: n})
		}
	}
	return out
}
