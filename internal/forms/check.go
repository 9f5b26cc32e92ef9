package forms

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

var (
	formIDRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	optionRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)
	mimeRE    = regexp.MustCompile(`^[a-z]+/[a-z0-9.+*-]+$`)
	prefillRE = regexp.MustCompile(`^[a-z]+(\.[a-z0-9_]+)+$`)
)

// Check returns every problem of the form's structure and expressions as
// Problems, or nil when the form is sound: ids (unique across the whole
// form, columns included), Finnish texts, types and the attributes each type
// uses, and every expression compiled.
func Check(f Form) error {
	_, ps := compile(f)
	return ps.err()
}

// checker collects the problems of a form. Pages, sections and fields each
// have their own ids; field ids include the columns of groups and tables.
type checker struct {
	ps                   Problems
	pages, sections, ids map[string]bool
}

func (c *checker) add(path, id, reason string) {
	c.ps = append(c.ps, Problem{Path: path, ID: id, Reason: reason})
}

func (c *checker) form(f Form) {
	if !formIDRE.MatchString(f.ID) {
		c.add("id", f.ID, ReasonFormID)
	}
	if len(f.Services) == 0 || slices.Contains(f.Services, "") {
		c.add("services", "", ReasonServices)
	}
	if strings.TrimSpace(f.Title["fi"]) == "" {
		c.add("title", "", ReasonTitle)
	}
	if len(f.Pages) == 0 {
		c.add("pages", "", ReasonNoPages)
	}
	for i, p := range f.Pages {
		path := fmt.Sprintf("pages[%d]", i)
		c.id(c.pages, path+".id", p.ID)
		if strings.TrimSpace(p.Title["fi"]) == "" {
			c.add(path+".title", p.ID, ReasonTitle)
		}
		if len(p.Sections) == 0 {
			c.add(path+".sections", p.ID, ReasonNoPages)
		}
		for j, s := range p.Sections {
			spath := fmt.Sprintf("%s.sections[%d]", path, j)
			c.id(c.sections, spath+".id", s.ID)
			if len(s.Fields) == 0 {
				c.add(spath+".fields", s.ID, ReasonNoFields)
			}
			for k, x := range s.Fields {
				c.field(fmt.Sprintf("%s.fields[%d]", spath, k), x, false)
			}
		}
	}
}

// id checks an id and that no other element of its kind has it.
func (c *checker) id(seen map[string]bool, path, id string) {
	switch {
	case !validID(id):
		c.add(path, id, ReasonID)
	case seen[id]:
		c.add(path, id, ReasonDuplicate)
	}
	seen[id] = true
}

func (c *checker) field(path string, x Field, column bool) {
	c.id(c.ids, path+".id", x.ID)
	if strings.TrimSpace(x.Label["fi"]) == "" {
		c.add(path+".label", x.ID, ReasonLabel)
	}
	if !slices.Contains(FieldTypes(), x.Type) {
		c.add(path+".type", x.ID, ReasonType)
	}
	if column && (x.hasRows() || x.Type == Attachment) {
		c.add(path+".type", x.ID, ReasonColumn)
	}
	if column && x.Visible != "" {
		c.add(path+".visible", x.ID, ReasonColumnVisible)
	}
	c.options(path, x)
	if x.Min != nil || x.Max != nil {
		switch {
		case x.Type != Number:
			c.add(path+".min", x.ID, ReasonUnused)
		case x.Min != nil && x.Max != nil && *x.Min > *x.Max:
			c.add(path+".min", x.ID, ReasonMinMax)
		}
	}
	if x.MaxLength < 0 || (x.MaxLength > 0 && !x.isText()) {
		c.add(path+".max_length", x.ID, ReasonUnused)
	}
	if x.Prefill != "" && !prefillRE.MatchString(x.Prefill) {
		c.add(path+".prefill", x.ID, ReasonPrefill)
	}
	for i, r := range x.Rules {
		if strings.TrimSpace(r.Message["fi"]) == "" {
			c.add(fmt.Sprintf("%s.rules[%d].message", path, i), x.ID, ReasonMessage)
		}
	}
	c.rows(path, x)
	c.attachment(path, x)
}

func (c *checker) options(path string, x Field) {
	if !x.hasOptions() {
		if len(x.Options) > 0 {
			c.add(path+".options", x.ID, ReasonOptions)
		}
		return
	}
	if len(x.Options) == 0 {
		c.add(path+".options", x.ID, ReasonOptions)
	}
	seen := map[string]bool{}
	for i, o := range x.Options {
		if !optionRE.MatchString(o.Value) || seen[o.Value] || strings.TrimSpace(o.Label["fi"]) == "" {
			c.add(fmt.Sprintf("%s.options[%d]", path, i), x.ID, ReasonOption)
		}
		seen[o.Value] = true
	}
}

func (c *checker) rows(path string, x Field) {
	if !x.hasRows() {
		// An attachment slot counts its files with min_rows and max_rows.
		if len(x.Fields) > 0 || (x.Type != Attachment && (x.MinRows != 0 || x.MaxRows != 0)) {
			c.add(path+".fields", x.ID, ReasonUnused)
		}
		if x.Type != Attachment {
			return
		}
	}
	if len(x.Fields) == 0 && x.Type != Attachment {
		c.add(path+".fields", x.ID, ReasonNoFields)
	}
	if x.MinRows < 0 || x.MaxRows < 0 || (x.MaxRows > 0 && x.MinRows > x.MaxRows) {
		c.add(path+".min_rows", x.ID, ReasonRows)
	}
	for i, col := range x.Fields {
		c.field(fmt.Sprintf("%s.fields[%d]", path, i), col, true)
	}
}

func (c *checker) attachment(path string, x Field) {
	if x.Type != Attachment {
		if x.MaxBytes != 0 || len(x.Accept) > 0 {
			c.add(path+".max_bytes", x.ID, ReasonUnused)
		}
		return
	}
	if x.MaxBytes <= 0 {
		c.add(path+".max_bytes", x.ID, ReasonMaxBytes)
	}
	for i, a := range x.Accept {
		if !mimeRE.MatchString(a) {
			c.add(fmt.Sprintf("%s.accept[%d]", path, i), x.ID, ReasonAccept)
		}
	}
}
