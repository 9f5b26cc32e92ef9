package forms

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/luva-fi/luva/internal/idcode"
)

// RowActionName is the name of the submit buttons that add and remove rows
// of groups and tables: value "add:<group>" or "remove:<group>:<row>".
const RowActionName = "_row"

var (
	addressParts  = []string{"street", "postcode", "city"}
	dateParts     = []string{"from", "to"}
	locationParts = []string{"lat", "lon"}
)

// RowAction reads which row button, if any, was pressed: the group or table,
// whether a row is added, and otherwise which row (from 0) is removed. The
// page is then shown again instead of moving on.
func RowAction(post url.Values) (group string, add bool, k int, ok bool) {
	v := post.Get(RowActionName)
	if g, found := strings.CutPrefix(v, "add:"); found && g != "" {
		return g, true, 0, true
	}
	rest, found := strings.CutPrefix(v, "remove:")
	if !found {
		return "", false, 0, false
	}
	g, n, found := strings.Cut(rest, ":")
	k, err := strconv.Atoi(n)
	if !found || g == "" || err != nil || k < 0 {
		return "", false, 0, false
	}
	return g, false, k, true
}

// ReadPage returns a copy of prev with the fields of page i set from the
// posted form. A field that the page showed (by prev) and the post leaves
// out, such as a multichoice with nothing ticked, is cleared; a field that
// was hidden keeps its answer until Clean drops it. Attachment slots are
// not read: the caller stores files and sets their ids. A row button's
// action is applied to its group or table; see RowAction.
func (c *Compiled) ReadPage(i int, post url.Values, prev Answers) Answers {
	out := prev.clone()
	if i < 0 || i >= len(c.pages) {
		return out
	}
	shown := c.visibility(prev)
	group, add, remove, action := RowAction(post)
	for _, s := range c.pages[i].sections {
		for _, fi := range s.fields {
			if fi.Type == Attachment {
				continue
			}
			val, present := readField(fi, post, fi.ID)
			if fi.hasRows() {
				k := -1
				if action && !add && group == fi.ID {
					k = remove
				}
				val = removeRow(val, k)
			}
			switch {
			case present && !isEmpty(val):
				out[fi.ID] = val
			case present || shown.fields[fi.ID]:
				delete(out, fi.ID)
			}
			if fi.hasRows() && action && add && group == fi.ID {
				rows, _ := asRows(out[fi.ID])
				if limit := fi.MaxRows; limit == 0 || len(rows) < limit {
					out[fi.ID] = append(slices.Clone(rows), map[string]any{})
				}
			}
		}
	}
	return out
}

// readField reads one field from the post under name, and whether the post
// has it at all.
func readField(fi *fieldInfo, post url.Values, name string) (any, bool) {
	switch fi.Type {
	case Number:
		return readOne(post, name, func(s string) any {
			if n, ok := parseNumber(s); ok {
				return n
			}
			return s
		})
	case Date:
		return readOne(post, name, readDate)
	case Choice:
		return readOne(post, name, func(s string) any { return s })
	case YesNo:
		return readOne(post, name, func(s string) any {
			switch s {
			case "yes":
				return true
			case "no":
				return false
			}
			return s
		})
	case MultiChoice:
		return readMulti(fi, post, name)
	case DateRange:
		return readParts(post, name, dateParts, readDate)
	case Address:
		return readParts(post, name, addressParts, func(s string) any { return s })
	case Location:
		return readParts(post, name, locationParts, func(s string) any {
			if n, ok := parseNumber(s); ok {
				return n
			}
			return s
		})
	case Group, Table:
		return readRows(fi, post, name)
	case LongText:
		return readOne(post, name, func(s string) any { return strings.ReplaceAll(s, "\r\n", "\n") })
	}
	return readOne(post, name, func(s string) any { return normaliseText(fi.Type, s) })
}

// readOne reads a single trimmed value; an empty one is nil.
func readOne(post url.Values, name string, conv func(string) any) (any, bool) {
	if !post.Has(name) {
		return nil, false
	}
	s := strings.TrimSpace(post.Get(name))
	if s == "" {
		return nil, true
	}
	return conv(s), true
}

func readDate(s string) any {
	if d, ok := parseDate(s); ok {
		return d
	}
	return s
}

// normaliseText stores a valid identity code in its normal form.
func normaliseText(t FieldType, s string) any {
	switch t {
	case HETU:
		if p, err := idcode.ParsePersonalID(s); err == nil {
			return p.String()
		}
	case BusinessID:
		if b, err := idcode.ParseBusinessID(s); err == nil {
			return b.String()
		}
	case PropertyID:
		if p, err := idcode.ParsePropertyID(s); err == nil {
			return p.String()
		}
	}
	return s
}

// readMulti reads the ticked options, each once, and at most one more than
// there are options, so that a tampered value is kept for validation but a
// crafted post cannot store thousands.
func readMulti(fi *fieldInfo, post url.Values, name string) (any, bool) {
	if !post.Has(name) {
		return nil, false
	}
	var out []string
	for _, v := range post[name] {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) && len(out) <= len(fi.Options) {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil, true
	}
	return out, true
}

// readParts reads the named parts of a field, "<name>.<part>", into a map.
func readParts(post url.Values, name string, parts []string, conv func(string) any) (any, bool) {
	present := false
	m := map[string]any{}
	for _, p := range parts {
		v, has := readOne(post, name+"."+p, conv)
		present = present || has
		if v != nil {
			m[p] = v
		}
	}
	if len(m) == 0 {
		return nil, present
	}
	return m, present
}

// readRows reads "<name>.count" rows of cells "<name>.<k>.<column>" and drops
// the rows left empty.
func readRows(fi *fieldInfo, post url.Values, name string) (any, bool) {
	if !post.Has(name + ".count") {
		return nil, false
	}
	n, err := strconv.Atoi(post.Get(name + ".count"))
	limit := fi.MaxRows
	if limit == 0 {
		limit = maxRows
	}
	if err != nil || n < 0 {
		n = 0
	}
	n = min(n, limit)
	rows := make([]map[string]any, 0, n)
	for k := range n {
		row := map[string]any{}
		for _, col := range fi.columns {
			if v, _ := readField(col, post, name+"."+strconv.Itoa(k)+"."+col.ID); v != nil {
				row[col.ID] = v
			}
		}
		rows = append(rows, row)
	}
	return rows, true
}

// removeRow removes row k (none when k < 0), then every row left empty.
func removeRow(val any, k int) any {
	rows, ok := asRows(val)
	if !ok {
		return val
	}
	if k >= 0 && k < len(rows) {
		rows = slices.Delete(slices.Clone(rows), k, k+1)
	}
	return dropEmptyRows(rows)
}

func dropEmptyRows(rows []map[string]any) []map[string]any {
	out := []map[string]any{}
	for _, r := range rows {
		if !isEmpty(r) {
			out = append(out, r)
		}
	}
	return out
}
