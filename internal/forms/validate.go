package forms

import (
	"strconv"
	"unicode/utf8"

	"github.com/luva-fi/luva/internal/idcode"
)

// Error is one thing wrong with the answers: the input it is about, by its
// name and html id ("performers.2.name", "venue.postcode"), the page, a code
// and, for the codes min, max, maxlength, rows_min and rows_max, the limit.
// Message is the rule's message, only for the code rule.
type Error struct {
	Field   string `json:"field"`
	Page    int    `json:"page"`
	Code    string `json:"code"`
	Limit   string `json:"limit,omitempty"`
	Message Texts  `json:"message,omitempty"`
}

// The error codes; the user interface shows the message "form.error.<code>".
const (
	CodeRequired   = "required"
	CodeNumber     = "number"
	CodeMin        = "min"
	CodeMax        = "max"
	CodeMaxLength  = "maxlength"
	CodeDate       = "date"
	CodeDateRange  = "daterange"
	CodeChoice     = "choice"
	CodeEmail      = "email"
	CodePhone      = "phone"
	CodeHETU       = "hetu"
	CodeBusinessID = "businessid"
	CodePropertyID = "propertyid"
	CodePostcode   = "postcode"
	CodeLocation   = "location"
	CodeRowsMin    = "rows_min"
	CodeRowsMax    = "rows_max"
	CodeRule       = "rule"
)

// Codes returns every error code.
func Codes() []string {
	return []string{CodeRequired, CodeNumber, CodeMin, CodeMax, CodeMaxLength, CodeDate, CodeDateRange, CodeChoice,
		CodeEmail, CodePhone, CodeHETU, CodeBusinessID, CodePropertyID, CodePostcode, CodeLocation, CodeRowsMin,
		CodeRowsMax, CodeRule}
}

// Errors are the errors of a page or a form, in the order of the fields.
type Errors []Error

// For returns the first error of the input named field, or nil.
func (es Errors) For(field string) *Error {
	for i := range es {
		if es[i].Field == field {
			return &es[i]
		}
	}
	return nil
}

// Validate checks the answers to every visible page, as before sending.
func (c *Compiled) Validate(a Answers) Errors {
	v := c.visibility(a)
	var out Errors
	for i := range c.pages {
		out = append(out, c.validatePage(i, a, v)...)
	}
	return out
}

// ValidatePage checks the answers to page i. Hidden fields are never
// required and never checked; a hidden page has no errors.
func (c *Compiled) ValidatePage(i int, a Answers) Errors {
	if i < 0 || i >= len(c.pages) {
		return nil
	}
	return c.validatePage(i, a, c.visibility(a))
}

func (c *Compiled) validatePage(i int, a Answers, v visibility) Errors {
	if !v.pages[i] {
		return nil
	}
	var out Errors
	for _, s := range c.pages[i].sections {
		for _, fi := range s.fields {
			if !v.fields[fi.ID] {
				continue
			}
			for _, e := range validateField(fi, a[fi.ID], fi.ID, v.vars, nil) {
				e.Page = i
				out = append(out, e)
			}
		}
	}
	return out
}

// validateField checks one value, a cell's when row is given, and then the
// field's rules.
func validateField(fi *fieldInfo, val any, name string, vars map[string]any, row map[string]any) Errors {
	if isEmpty(val) {
		switch {
		case fi.Required:
			return Errors{{Field: name, Code: CodeRequired}}
		case (fi.hasRows() || fi.Type == Attachment) && fi.MinRows > 0:
			return Errors{{Field: name, Code: CodeRowsMin, Limit: strconv.Itoa(fi.MinRows)}}
		}
		return nil
	}
	errs := checkValue(fi, val, name, vars)
	if len(errs) > 0 || len(fi.rules) == 0 {
		return errs
	}
	local := make(map[string]any, len(vars)+2)
	for k, x := range vars {
		local[k] = x
	}
	local[valueVar], _ = celValue(fi, val)
	if row != nil {
		local[rowVar] = row
	}
	for _, r := range fi.rules {
		if !isTrue(r.prg, local) {
			return Errors{{Field: name, Code: CodeRule, Message: r.Message}}
		}
	}
	return nil
}

// checkValue checks a value that is not empty against its field's type.
func checkValue(fi *fieldInfo, val any, name string, vars map[string]any) Errors {
	one := func(field, code, limit string) Errors { return Errors{{Field: field, Code: code, Limit: limit}} }
	switch fi.Type {
	case Number:
		n, ok := asNumber(val)
		switch {
		case !ok:
			return one(name, CodeNumber, "")
		case fi.Min != nil && n < *fi.Min:
			return one(name, CodeMin, formatNumber(*fi.Min, ""))
		case fi.Max != nil && n > *fi.Max:
			return one(name, CodeMax, formatNumber(*fi.Max, ""))
		}
	case Date:
		if _, ok := dateOf(val); !ok {
			return one(name, CodeDate, "")
		}
	case DateRange:
		return checkDateRange(val, name)
	case Choice:
		if s, ok := asString(val); !ok || !fi.isOption(s) {
			return one(name, CodeChoice, "")
		}
	case MultiChoice:
		vs, ok := asStrings(val)
		for _, s := range vs {
			ok = ok && fi.isOption(s)
		}
		if !ok {
			return one(name, CodeChoice, "")
		}
	case YesNo:
		if _, ok := val.(bool); !ok {
			return one(name, CodeChoice, "")
		}
	case Address:
		return checkAddress(val, name)
	case Location:
		return checkLocation(val, name)
	case Attachment:
		ids, ok := asStrings(val)
		switch {
		case !ok:
			return one(name, CodeRequired, "")
		case len(ids) < fi.MinRows:
			return one(name, CodeRowsMin, strconv.Itoa(fi.MinRows))
		case fi.MaxRows > 0 && len(ids) > fi.MaxRows:
			return one(name, CodeRowsMax, strconv.Itoa(fi.MaxRows))
		}
	case Group, Table:
		return checkRows(fi, val, name, vars)
	default:
		return checkText(fi, val, name)
	}
	return nil
}

func (fi *fieldInfo) isOption(s string) bool {
	for _, o := range fi.Options {
		if o.Value == s {
			return true
		}
	}
	return false
}

// checkText checks the text types: length, then format.
func checkText(fi *fieldInfo, val any, name string) Errors {
	s, ok := asString(val)
	limit := fi.MaxLength
	if limit == 0 {
		limit = defaultMaxText
		if fi.Type == LongText {
			limit = defaultMaxLongText
		}
	}
	if !ok || utf8.RuneCountInString(s) > limit {
		return Errors{{Field: name, Code: CodeMaxLength, Limit: strconv.Itoa(limit)}}
	}
	code := ""
	switch fi.Type {
	case Email:
		if !validEmail(s) {
			code = CodeEmail
		}
	case Phone:
		if !validPhone(s) {
			code = CodePhone
		}
	case HETU:
		if _, err := idcode.ParsePersonalID(s); err != nil {
			code = CodeHETU
		}
	case BusinessID:
		if _, err := idcode.ParseBusinessID(s); err != nil {
			code = CodeBusinessID
		}
	case PropertyID:
		if _, err := idcode.ParsePropertyID(s); err != nil {
			code = CodePropertyID
		}
	}
	if code != "" {
		return Errors{{Field: name, Code: code}}
	}
	return nil
}
