package forms

import (
	"encoding/json"
	"fmt"
)

// Patterns of the stored identity codes and other strings, in JSON Schema.
const (
	hetuPattern       = `^[0-9]{6}[-+ABCDEFUVWXY][0-9]{3}[0-9A-Y]$`
	businessIDPattern = `^[0-9]{7}-[0-9]$`
	propertyIDPattern = `^[1-9][0-9]{0,2}-(0|[1-9][0-9]{0,2})-(0|[1-9][0-9]{0,3})-(0|[1-9][0-9]{0,3})$`
	phonePattern      = `^\+?[0-9][0-9 ()-]{4,24}$`
	postcodePattern   = `^[0-9]{5}$`
)

type schema = map[string]any

// JSONSchema describes the answers to a form as a JSON Schema (draft
// 2020-12) with titles and descriptions in lang: a property for every
// top-level field, and as required those required fields that no condition
// can hide. Values that cannot be understood are kept as typed while the
// customer fills the form, so the schema describes sent applications,
// which are valid. A form with problems has no schema.
func JSONSchema(f Form, lang string) ([]byte, error) {
	if err := Check(f); err != nil {
		return nil, fmt.Errorf("schema of form %s: %w", f.ID, err)
	}
	props := schema{}
	required := []string{}
	for _, p := range f.Pages {
		for _, s := range p.Sections {
			for _, x := range s.Fields {
				props[x.ID] = fieldSchema(x, lang)
				if x.Required && p.Visible == "" && s.Visible == "" && x.Visible == "" {
					required = append(required, x.ID)
				}
			}
		}
	}
	doc := schema{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  "urn:luva:form:" + f.ID,
		"title":                f.Title.In(lang),
		"type":                 "object",
		"properties":           props,
		"required":             required,
		"additionalProperties": false,
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("schema of form %s: %w", f.ID, err)
	}
	return b, nil
}

func fieldSchema(x Field, lang string) schema {
	s := typeSchema(x, lang)
	s["title"] = x.Label.In(lang)
	if h := x.Help.In(lang); h != "" {
		s["description"] = h
	}
	return s
}

func typeSchema(x Field, lang string) schema {
	switch x.Type {
	case Number:
		s := schema{"type": "number"}
		if x.Min != nil {
			s["minimum"] = *x.Min
		}
		if x.Max != nil {
			s["maximum"] = *x.Max
		}
		return s
	case Date:
		return schema{"type": "string", "format": "date"}
	case DateRange:
		return object(schema{"from": schema{"type": "string", "format": "date"}, "to": schema{"type": "string", "format": "date"}})
	case Choice:
		return schema{"type": "string", "enum": optionValues(x)}
	case MultiChoice:
		return schema{"type": "array", "items": schema{"type": "string", "enum": optionValues(x)}, "uniqueItems": true}
	case YesNo:
		return schema{"type": "boolean"}
	case Address:
		return object(schema{"street": schema{"type": "string", "minLength": 1, "maxLength": 200},
			"postcode": schema{"type": "string", "pattern": postcodePattern},
			"city":     schema{"type": "string", "minLength": 1, "maxLength": 200}})
	case Location:
		return object(schema{"lat": schema{"type": "number", "minimum": minLat, "maximum": maxLat},
			"lon": schema{"type": "number", "minimum": minLon, "maximum": maxLon}})
	case Attachment:
		s := schema{"type": "array", "items": schema{"type": "string"}, "minItems": max(x.MinRows, 1)}
		if x.MaxRows > 0 {
			s["maxItems"] = x.MaxRows
		}
		return s
	case Group, Table:
		cols := schema{}
		var req []string
		for _, col := range x.Fields {
			cols[col.ID] = fieldSchema(col, lang)
			if col.Required {
				req = append(req, col.ID)
			}
		}
		item := schema{"type": "object", "properties": cols, "additionalProperties": false}
		if len(req) > 0 {
			item["required"] = req
		}
		limit := x.MaxRows
		if limit == 0 {
			limit = maxRows
		}
		return schema{"type": "array", "items": item, "minItems": max(x.MinRows, 1), "maxItems": limit}
	}
	return textSchema(x)
}

func textSchema(x Field) schema {
	limit := x.MaxLength
	if limit == 0 {
		limit = defaultMaxText
		if x.Type == LongText {
			limit = defaultMaxLongText
		}
	}
	s := schema{"type": "string", "minLength": 1, "maxLength": limit}
	switch x.Type {
	case Email:
		s["format"] = "email"
	case Phone:
		s["pattern"] = phonePattern
	case HETU:
		s["pattern"] = hetuPattern
	case BusinessID:
		s["pattern"] = businessIDPattern
	case PropertyID:
		s["pattern"] = propertyIDPattern
	}
	return s
}

// object is a closed object schema whose every property is required.
func object(props schema) schema {
	var req []string
	for _, k := range []string{"street", "postcode", "city", "from", "to", "lat", "lon"} {
		if _, ok := props[k]; ok {
			req = append(req, k)
		}
	}
	return schema{"type": "object", "properties": props, "required": req, "additionalProperties": false}
}

func optionValues(x Field) []string {
	out := make([]string, len(x.Options))
	for i, o := range x.Options {
		out[i] = o.Value
	}
	return out
}
