package forms

import (
	"maps"
	"time"
)

// visibility is which pages, sections and fields the answers show, and what
// expressions see of the visible answers.
type visibility struct {
	pages    []bool
	sections [][]bool
	fields   map[string]bool // every field by id, columns as their group
	vars     map[string]any
}

// maxPasses bounds how often visibility is worked out again after hiding
// answers that hidden fields hold.
const maxPasses = 8

// visibility works out what the answers show. A hidden field's answer does
// not count: the conditions are evaluated again without it, until nothing
// more is hidden, so a field that depends on a hidden one is hidden too.
func (c *Compiled) visibility(a Answers) visibility {
	hidden := map[string]bool{}
	var v visibility
	for range maxPasses {
		v = c.evalVisibility(c.activation(a, hidden))
		next := map[string]bool{}
		for _, fi := range c.top {
			if !v.fields[fi.ID] && !isEmpty(a[fi.ID]) {
				next[fi.ID] = true
			}
		}
		if maps.Equal(next, hidden) {
			break
		}
		hidden = next
	}
	return v
}

func (c *Compiled) evalVisibility(vars map[string]any) visibility {
	v := visibility{fields: map[string]bool{}, vars: vars}
	for _, p := range c.pages {
		pv := p.visible == nil || isTrue(p.visible, vars)
		v.pages = append(v.pages, pv)
		var secs []bool
		for _, s := range p.sections {
			sv := pv && (s.visible == nil || isTrue(s.visible, vars))
			secs = append(secs, sv)
			for _, fi := range s.fields {
				fv := sv && (fi.visible == nil || isTrue(fi.visible, vars))
				v.fields[fi.ID] = fv
				for _, col := range fi.columns {
					v.fields[col.ID] = fv
				}
			}
		}
		v.sections = append(v.sections, secs)
	}
	return v
}

// activation is what expressions see: every answered top-level field that is
// not hidden and whose answer is valid for its type, and the list of them.
func (c *Compiled) activation(a Answers, hidden map[string]bool) map[string]any {
	vars := map[string]any{}
	answered := []string{}
	for _, fi := range c.top {
		if hidden[fi.ID] {
			continue
		}
		if val, ok := celValue(fi, a[fi.ID]); ok {
			vars[fi.ID] = val
			answered = append(answered, fi.ID)
		}
	}
	vars[answeredVar] = answered
	return vars
}

// celValue is a stored answer as expressions see it, when it is a valid
// answer of the field's type: dates become timestamps (midnight UTC).
func celValue(fi *fieldInfo, val any) (any, bool) {
	if isEmpty(val) {
		return nil, false
	}
	if fi.hasRows() {
		rows, ok := asRows(val)
		if !ok {
			return nil, false
		}
		out := make([]map[string]any, 0, len(rows))
		for _, r := range rows {
			out = append(out, celRow(fi, r))
		}
		return out, true
	}
	if len(checkValue(fi, val, "", nil)) > 0 {
		return nil, false
	}
	switch fi.Type {
	case Number:
		n, _ := asNumber(val)
		return n, true
	case Date:
		t, _ := dateOf(val)
		return t, true
	case DateRange:
		m, _ := asMap(val)
		from, _ := dateOf(m["from"])
		to, _ := dateOf(m["to"])
		return map[string]time.Time{"from": from, "to": to}, true
	case MultiChoice, Attachment:
		return mustStrings(val), true
	case Address:
		m, _ := asMap(val)
		out := map[string]string{}
		for _, p := range addressParts {
			out[p], _ = asString(m[p])
		}
		return out, true
	case Location:
		m, _ := asMap(val)
		lat, _ := asNumber(m["lat"])
		lon, _ := asNumber(m["lon"])
		return map[string]float64{"lat": lat, "lon": lon}, true
	}
	return val, true
}

func mustStrings(v any) []string {
	s, _ := asStrings(v)
	return s
}

// celRow is a row of a group or table as expressions see it: its valid cells.
func celRow(fi *fieldInfo, row map[string]any) map[string]any {
	out := map[string]any{}
	for _, col := range fi.columns {
		if v, ok := celValue(col, row[col.ID]); ok {
			out[col.ID] = v
		}
	}
	return out
}

// PageVisible reports whether the answers show page i.
func (c *Compiled) PageVisible(i int, a Answers) bool {
	if i < 0 || i >= len(c.pages) {
		return false
	}
	return c.visibility(a).pages[i]
}

// FieldVisible reports whether the answers show the field: its own
// condition, its section's and its page's all hold. A column is visible
// with its group; an unknown id is not visible.
func (c *Compiled) FieldVisible(id string, a Answers) bool {
	return c.visibility(a).fields[id]
}

// Clean returns the answers without the values of hidden and unknown fields,
// empty values, empty rows and unknown columns. Call it before freezing an
// application: a hidden field's answer was never asked for.
func (c *Compiled) Clean(a Answers) Answers {
	v := c.visibility(a)
	out := Answers{}
	for _, fi := range c.top {
		val := a[fi.ID]
		if !v.fields[fi.ID] || isEmpty(val) {
			continue
		}
		if fi.hasRows() {
			if rows, ok := asRows(val); ok {
				clean := cleanRows(fi, rows)
				if len(clean) == 0 {
					continue
				}
				val = clean
			}
		}
		out[fi.ID] = val
	}
	return out
}

// cleanRows drops empty rows, unknown columns and empty cells.
func cleanRows(fi *fieldInfo, rows []map[string]any) []map[string]any {
	out := []map[string]any{}
	for _, r := range rows {
		clean := map[string]any{}
		for _, col := range fi.columns {
			if !isEmpty(r[col.ID]) {
				clean[col.ID] = r[col.ID]
			}
		}
		if len(clean) > 0 {
			out = append(out, clean)
		}
	}
	return out
}
