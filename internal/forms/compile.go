package forms

import (
	"fmt"

	"github.com/google/cel-go/cel"
)

// Compiled is a checked form with its expressions compiled, ready to read,
// validate and show any number of answers. It is safe for concurrent use.
type Compiled struct {
	form   Form
	pages  []pageInfo
	fields []*fieldInfo          // every field, columns after their group, in form order
	byID   map[string]*fieldInfo // every field, columns included
	top    []*fieldInfo          // the top-level fields in form order
}

type pageInfo struct {
	visible  cel.Program // nil: always
	sections []sectionInfo
}

type sectionInfo struct {
	visible cel.Program
	fields  []*fieldInfo
}

// fieldInfo is a field with its place in the form and its programs.
type fieldInfo struct {
	Field
	page, section int
	group         *fieldInfo   // the group or table of a column
	columns       []*fieldInfo // of a group or table
	visible       cel.Program
	rules         []compiledRule
}

type compiledRule struct {
	Rule
	prg cel.Program
}

// Compile checks the form and compiles its expressions. A form with problems
// does not compile; the error carries the Problems.
func Compile(f Form) (*Compiled, error) {
	c, ps := compile(f)
	if err := ps.err(); err != nil {
		return nil, fmt.Errorf("compile form %s: %w", f.ID, err)
	}
	return c, nil
}

// Form returns the form definition.
func (c *Compiled) Form() Form { return c.form }

// compile checks the form and compiles it; the result is only complete when
// there are no problems.
func compile(f Form) (*Compiled, Problems) {
	chk := &checker{pages: map[string]bool{}, sections: map[string]bool{}, ids: map[string]bool{}}
	chk.form(f)
	c := &Compiled{form: f, byID: map[string]*fieldInfo{}}
	var topIDs []string
	for pi, p := range f.Pages {
		var pinfo pageInfo
		for si, s := range p.Sections {
			var sinfo sectionInfo
			for _, x := range s.Fields {
				if validID(x.ID) && c.byID[x.ID] == nil {
					topIDs = append(topIDs, x.ID)
				}
				fi := &fieldInfo{Field: x, page: pi, section: si}
				c.index(fi)
				c.top = append(c.top, fi)
				sinfo.fields = append(sinfo.fields, fi)
				for _, col := range x.Fields {
					ci := &fieldInfo{Field: col, page: pi, section: si, group: fi}
					fi.columns = append(fi.columns, ci)
					c.index(ci)
				}
			}
			pinfo.sections = append(pinfo.sections, sinfo)
		}
		c.pages = append(c.pages, pinfo)
	}
	env, err := newEnv(topIDs)
	if err != nil {
		return nil, append(chk.ps, Problem{Path: "pages", Reason: ReasonCompile, Detail: err.Error()})
	}
	ps := chk.ps
	// prog compiles an expression; an empty one is nil, which for a
	// condition means always and for a rule is a problem.
	prog := func(expr, path, id string, rule bool) cel.Program {
		if expr == "" && !rule {
			return nil
		}
		prg, p := program(env, expr, path, id)
		if p != nil {
			ps = append(ps, *p)
		}
		return prg
	}
	for pi, p := range f.Pages {
		path := fmt.Sprintf("pages[%d]", pi)
		c.pages[pi].visible = prog(p.Visible, path+".visible", p.ID, false)
		for si, s := range p.Sections {
			spath := fmt.Sprintf("%s.sections[%d]", path, si)
			c.pages[pi].sections[si].visible = prog(s.Visible, spath+".visible", s.ID, false)
			for k, fi := range c.pages[pi].sections[si].fields {
				fpath := fmt.Sprintf("%s.fields[%d]", spath, k)
				fi.visible = prog(fi.Visible, fpath+".visible", fi.ID, false)
				fi.rules = compileRules(fi.Field, fpath, prog)
				for ci, col := range fi.columns {
					col.rules = compileRules(col.Field, fmt.Sprintf("%s.fields[%d]", fpath, ci), prog)
				}
			}
		}
	}
	return c, ps
}

// index adds a field to the form's lists; a duplicate id keeps the first.
func (c *Compiled) index(fi *fieldInfo) {
	c.fields = append(c.fields, fi)
	if _, dup := c.byID[fi.ID]; !dup {
		c.byID[fi.ID] = fi
	}
}

func compileRules(x Field, path string, prog func(expr, path, id string, rule bool) cel.Program) []compiledRule {
	var out []compiledRule
	for i, r := range x.Rules {
		if prg := prog(r.Expr, fmt.Sprintf("%s.rules[%d].expr", path, i), x.ID, true); prg != nil {
			out = append(out, compiledRule{Rule: r, prg: prg})
		}
	}
	return out
}
