package forms

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Texts are one text in several languages, keyed fi, sv and en.
type Texts map[string]string

// In returns the text in lang, falling back to Finnish, then to any language.
func (t Texts) In(lang string) string {
	if s := t[lang]; s != "" {
		return s
	}
	if s := t["fi"]; s != "" {
		return s
	}
	for _, l := range []string{"sv", "en"} {
		if s := t[l]; s != "" {
			return s
		}
	}
	for _, s := range t {
		if s != "" {
			return s
		}
	}
	return ""
}

// Form is an application form: pages of sections of fields, for the
// catalogue services it serves ("*" for any service).
type Form struct {
	ID       string   `json:"id"`
	Services []string `json:"services"`
	Title    Texts    `json:"title"`
	Pages    []Page   `json:"pages"`
}

// Page is one step of the form. Visible is a CEL condition; "" means always.
type Page struct {
	ID       string    `json:"id"`
	Title    Texts     `json:"title"`
	Intro    Texts     `json:"intro,omitempty"`
	Visible  string    `json:"visible,omitempty"`
	Sections []Section `json:"sections"`
}

// Section groups the fields of a page under a heading.
type Section struct {
	ID      string  `json:"id"`
	Title   Texts   `json:"title,omitempty"`
	Help    Texts   `json:"help,omitempty"`
	Visible string  `json:"visible,omitempty"`
	Fields  []Field `json:"fields"`
}

// Field is one question. Which attributes matter depends on Type: Options
// for choices, Min and Max for numbers, MaxLength for text, Fields, MinRows
// and MaxRows for groups and tables, MaxBytes and Accept for attachments.
type Field struct {
	ID        string    `json:"id"`
	Type      FieldType `json:"type"`
	Label     Texts     `json:"label"`
	Help      Texts     `json:"help,omitempty"`
	Required  bool      `json:"required,omitempty"`
	Visible   string    `json:"visible,omitempty"`
	Rules     []Rule    `json:"rules,omitempty"`
	Options   []Option  `json:"options,omitempty"`
	Min       *float64  `json:"min,omitempty"`
	Max       *float64  `json:"max,omitempty"`
	MaxLength int       `json:"max_length,omitempty"`
	Prefill   string    `json:"prefill,omitempty"`
	Fields    []Field   `json:"fields,omitempty"`
	MinRows   int       `json:"min_rows,omitempty"`
	MaxRows   int       `json:"max_rows,omitempty"`
	MaxBytes  int64     `json:"max_bytes,omitempty"`
	Accept    []string  `json:"accept,omitempty"`
}

// Rule is a validation rule of a field: Expr must be true, or the customer
// sees Message.
type Rule struct {
	Expr    string `json:"expr"`
	Message Texts  `json:"message"`
}

// Option is one choice of a choice or multichoice field.
type Option struct {
	Value string `json:"value"`
	Label Texts  `json:"label"`
}

// FieldType says what a field asks for and how its answer is stored.
type FieldType string

// The field types.
const (
	Text        FieldType = "text"
	LongText    FieldType = "longtext"
	Number      FieldType = "number"
	Date        FieldType = "date"
	DateRange   FieldType = "daterange"
	Choice      FieldType = "choice"
	MultiChoice FieldType = "multichoice"
	YesNo       FieldType = "yesno"
	Email       FieldType = "email"
	Phone       FieldType = "phone"
	Address     FieldType = "address"
	HETU        FieldType = "hetu"
	BusinessID  FieldType = "businessid"
	PropertyID  FieldType = "propertyid"
	Location    FieldType = "location"
	Attachment  FieldType = "attachment"
	Group       FieldType = "group"
	Table       FieldType = "table"
)

// FieldTypes returns every field type.
func FieldTypes() []FieldType {
	return []FieldType{Text, LongText, Number, Date, DateRange, Choice, MultiChoice, YesNo, Email, Phone,
		Address, HETU, BusinessID, PropertyID, Location, Attachment, Group, Table}
}

// hasRows reports whether the field holds a list of rows of sub-fields.
func (f Field) hasRows() bool { return f.Type == Group || f.Type == Table }

// hasOptions reports whether the field's answer is one of its options.
func (f Field) hasOptions() bool { return f.Type == Choice || f.Type == MultiChoice }

// isText reports whether the field is typed in as one line or more of text.
func (f Field) isText() bool {
	switch f.Type {
	case Text, LongText, Email, Phone, HETU, BusinessID, PropertyID:
		return true
	}
	return false
}

// Parse reads a form definition from JSON. Unknown attributes are errors, so
// that a misspelt "requried" does not silently make a field optional. Parse
// does not check the form's content: see Check and Compile.
func Parse(data []byte) (Form, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f Form
	if err := dec.Decode(&f); err != nil {
		return Form{}, fmt.Errorf("parse form: %w", err)
	}
	if dec.More() {
		return Form{}, fmt.Errorf("parse form: data after the form")
	}
	return f, nil
}
