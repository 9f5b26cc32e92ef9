package forms

import (
	"math"
	"strconv"
	"strings"
)

// PageView is what the page template shows of one page of the form.
type PageView struct {
	Index    int
	ID       string
	Title    string
	Intro    string
	Sections []SectionView
}

// SectionView is one visible section of a page.
type SectionView struct {
	ID, Title, Help string
	Fields          []FieldView
}

// FieldView is one field as the "form-field" template shows it, in the
// language of the page. ID is the html id and Name the input name; they are
// the same but for the parts of a field, whose inputs are "<Name>.<part>".
type FieldView struct {
	ID, Name string
	Type     FieldType
	Label    string
	Help     string
	Required bool
	// Value is a single input's value; Parts the parts of an address
	// ("street", "postcode", "city"), date range ("from", "to") or location
	// ("lat", "lon"); Values the ticked options of a multichoice.
	Value   string
	Parts   map[string]string
	Values  []string
	Options []OptionView
	// Error is the field's first error, ErrorPart the part it is about ("to"
	// of a date range), ErrorKey its message key, ErrorText a rule's message
	// and ErrorLimit the limit to fill into the message as {limit}.
	Error      *Error
	ErrorPart  string
	ErrorKey   string
	ErrorText  string
	ErrorLimit string
	// DescribedBy lists the ids of the hint and error, for aria-describedby.
	DescribedBy string
	// Rows are the cells of a group or table, Columns the column labels; Row
	// is a cell's row number from 1. CanAdd and CanRemove say whether the row
	// buttons are offered.
	Rows      [][]FieldView
	Columns   []string
	Row       int
	CanAdd    bool
	CanRemove bool
	// Mark says where a prefilled value came from, MarkLabel in the page's
	// language.
	Mark      *Mark
	MarkLabel string
	// InputType, InputMode and Autocomplete are the input's attributes;
	// MaxLength its maxlength, 0 for none.
	InputType    string
	InputMode    string
	Autocomplete string
	MaxLength    int
	// MaxBytes and Accept limit an attachment slot's files, MaxMegabytes and
	// AcceptNames say the same for people ("10", "PDF, PNG"). Files are
	// those already attached; the caller fills them in. A file's remove
	// button is a submit button named RemoveFileName with the file's id.
	MaxBytes     int64
	Accept       []string
	MaxMegabytes string
	AcceptNames  string
	Files        []FileView
}

// RemoveFileName is the name of the submit button that removes an attached
// file; its value is the file's id.
const RemoveFileName = "_remove_file"

// OptionView is one radio button or checkbox: Label is the option's text,
// or Key a message key (yes and no).
type OptionView struct {
	ID, Value, Label, Key string
	Checked               bool
}

// FileView is an attached file as the attachment slot lists it.
type FileView struct {
	ID, Name string
	Size     int64
	Href     string
}

// SizeKB is the file's size in kilobytes, rounded up.
func (f FileView) SizeKB() int64 { return (f.Size + 1023) / 1024 }

// Field returns the view of the top-level field id on the page, or nil, so
// that the caller can fill in Files.
func (p *PageView) Field(id string) *FieldView {
	for i := range p.Sections {
		for j := range p.Sections[i].Fields {
			if p.Sections[i].Fields[j].ID == id {
				return &p.Sections[i].Fields[j]
			}
		}
	}
	return nil
}

// View builds page i for the template: its visible sections and fields with
// their values, errors and prefill marks, in lang.
func (c *Compiled) View(i int, a Answers, errs Errors, marks map[string]Mark, lang string) PageView {
	if i < 0 || i >= len(c.pages) {
		return PageView{Index: i}
	}
	p := c.form.Pages[i]
	v := c.visibility(a)
	out := PageView{Index: i, ID: p.ID, Title: p.Title.In(lang), Intro: p.Intro.In(lang)}
	for si, s := range c.pages[i].sections {
		if !v.sections[i][si] {
			continue
		}
		def := p.Sections[si]
		sv := SectionView{ID: def.ID, Title: def.Title.In(lang), Help: def.Help.In(lang)}
		for _, fi := range s.fields {
			if !v.fields[fi.ID] {
				continue
			}
			fv := fieldView(fi, a[fi.ID], fi.ID, errs, lang)
			if m, ok := marks[fi.ID]; ok {
				fv.Mark, fv.MarkLabel = &m, m.Label.In(lang)
			}
			sv.Fields = append(sv.Fields, fv)
		}
		out.Sections = append(out.Sections, sv)
	}
	return out
}

func fieldView(fi *fieldInfo, val any, name string, errs Errors, lang string) FieldView {
	fv := FieldView{ID: name, Name: name, Type: fi.Type, Label: fi.Label.In(lang), Help: fi.Help.In(lang),
		Required: fi.Required, MaxLength: fi.MaxLength, MaxBytes: fi.MaxBytes, Accept: fi.Accept}
	fv.InputType, fv.InputMode, fv.Autocomplete = inputAttrs(fi)
	if fi.Type == Attachment {
		fv.MaxMegabytes = formatNumber(math.Round(float64(fi.MaxBytes)/(1<<20)*10)/10, lang)
		fv.AcceptNames = acceptNames(fi.Accept)
	}
	setError(&fv, errs, name, lang)
	switch fi.Type {
	case DateRange, Address, Location:
		fv.Parts = map[string]string{}
		if m, ok := asMap(val); ok {
			for k, x := range m {
				fv.Parts[k] = inputValue(x, lang)
			}
		}
	case MultiChoice:
		fv.Values, _ = asStrings(val)
	case Group, Table:
		rowsView(&fv, fi, val, errs, lang)
	default:
		fv.Value = inputValue(val, lang)
	}
	fv.Options = optionViews(fi, name, fv, lang)
	var ids []string
	if fv.Help != "" {
		ids = append(ids, name+"-hint")
	}
	if fv.Error != nil {
		ids = append(ids, name+"-error")
	}
	fv.DescribedBy = strings.Join(ids, " ")
	return fv
}

// setError finds the field's first error: on the field itself or on one of
// its parts, but not on a row of a group.
func setError(fv *FieldView, errs Errors, name, lang string) {
	for i := range errs {
		e := &errs[i]
		part, isPart := strings.CutPrefix(e.Field, name+".")
		if e.Field != name && (!isPart || strings.Contains(part, ".") || isRowIndex(part)) {
			continue
		}
		fv.Error, fv.ErrorKey, fv.ErrorLimit = e, "form.error."+e.Code, localNumber(e.Limit, lang)
		if isPart {
			fv.ErrorPart = part
		}
		if e.Code == CodeRule {
			fv.ErrorText = e.Message.In(lang)
		}
		return
	}
}

func isRowIndex(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

func inputAttrs(fi *fieldInfo) (typ, mode, auto string) {
	switch fi.Type {
	case Email:
		return "email", "", "email"
	case Phone:
		return "tel", "", "tel"
	case Number:
		return "text", "decimal", ""
	case Date, DateRange:
		return "date", "", ""
	case Location:
		return "text", "decimal", ""
	case BusinessID, PropertyID:
		return "text", "", "off"
	case HETU:
		return "text", "", "off"
	}
	return "text", "", ""
}

func optionViews(fi *fieldInfo, name string, fv FieldView, lang string) []OptionView {
	var out []OptionView
	add := func(value, label, key string, checked bool) {
		id := name
		if len(out) > 0 {
			id = name + "--" + strconv.Itoa(len(out))
		}
		out = append(out, OptionView{ID: id, Value: value, Label: label, Key: key, Checked: checked})
	}
	switch fi.Type {
	case YesNo:
		add("yes", "", "form.yes", fv.Value == "yes")
		add("no", "", "form.no", fv.Value == "no")
	case Choice, MultiChoice:
		for _, o := range fi.Options {
			checked := fv.Value == o.Value
			for _, x := range fv.Values {
				checked = checked || x == o.Value
			}
			add(o.Value, o.Label.In(lang), "", checked)
		}
	}
	return out
}

// rowsView lays out the rows of a group or table, at least min_rows and at
// least one, so that there is always a row to fill in.
func rowsView(fv *FieldView, fi *fieldInfo, val any, errs Errors, lang string) {
	rows, _ := asRows(val)
	for len(rows) < max(fi.MinRows, 1) {
		rows = append(rows, map[string]any{})
	}
	for _, col := range fi.columns {
		fv.Columns = append(fv.Columns, col.Label.In(lang))
	}
	for k, row := range rows {
		var cells []FieldView
		for _, col := range fi.columns {
			cell := fieldView(col, row[col.ID], fv.Name+"."+strconv.Itoa(k)+"."+col.ID, errs, lang)
			cell.Row = k + 1
			cells = append(cells, cell)
		}
		fv.Rows = append(fv.Rows, cells)
	}
	limit := fi.MaxRows
	if limit == 0 {
		limit = maxRows
	}
	fv.CanAdd = len(rows) < limit
	fv.CanRemove = len(rows) > max(fi.MinRows, 1)
}
