package forms

import (
	"strconv"
	"strings"
)

// maxRows bounds the rows of a group or table without max_rows.
const maxRows = 200

// checkDateRange checks both dates of a range and their order.
func checkDateRange(val any, name string) Errors {
	m, ok := asMap(val)
	if !ok {
		return Errors{{Field: name + ".from", Code: CodeDate}}
	}
	var out Errors
	for _, part := range []string{"from", "to"} {
		switch _, ok := dateOf(m[part]); {
		case isEmpty(m[part]):
			out = append(out, Error{Field: name + "." + part, Code: CodeRequired})
		case !ok:
			out = append(out, Error{Field: name + "." + part, Code: CodeDate})
		}
	}
	if len(out) > 0 {
		return out
	}
	from, _ := dateOf(m["from"])
	to, _ := dateOf(m["to"])
	if to.Before(from) {
		return Errors{{Field: name + ".to", Code: CodeDateRange}}
	}
	return nil
}

// checkAddress wants every part of an address, and a five-digit postcode.
func checkAddress(val any, name string) Errors {
	m, ok := asMap(val)
	if !ok {
		return Errors{{Field: name + ".street", Code: CodeRequired}}
	}
	var out Errors
	for _, part := range addressParts {
		s, ok := asString(m[part])
		switch {
		case !ok || strings.TrimSpace(s) == "":
			out = append(out, Error{Field: name + "." + part, Code: CodeRequired})
		case utf8Len(s) > 200:
			out = append(out, Error{Field: name + "." + part, Code: CodeMaxLength, Limit: "200"})
		case part == "postcode" && !postcodeRE.MatchString(s):
			out = append(out, Error{Field: name + "." + part, Code: CodePostcode})
		}
	}
	return out
}

func utf8Len(s string) int { return len([]rune(s)) }

// checkLocation wants a latitude and longitude in Finland.
func checkLocation(val any, name string) Errors {
	m, ok := asMap(val)
	if !ok {
		return Errors{{Field: name + ".lat", Code: CodeLocation}}
	}
	var out Errors
	for _, part := range locationParts {
		n, ok := asNumber(m[part])
		lo, hi := minLat, maxLat
		if part == "lon" {
			lo, hi = minLon, maxLon
		}
		switch {
		case isEmpty(m[part]):
			out = append(out, Error{Field: name + "." + part, Code: CodeRequired})
		case !ok || n < lo || n > hi:
			out = append(out, Error{Field: name + "." + part, Code: CodeLocation})
		}
	}
	return out
}

// checkRows checks the number of rows of a group or table and every cell.
func checkRows(fi *fieldInfo, val any, name string, vars map[string]any) Errors {
	rows, ok := asRows(val)
	limit := fi.MaxRows
	if limit == 0 {
		limit = maxRows
	}
	switch {
	case !ok:
		return Errors{{Field: name, Code: CodeRequired}}
	case len(rows) < fi.MinRows:
		return Errors{{Field: name, Code: CodeRowsMin, Limit: strconv.Itoa(fi.MinRows)}}
	case len(rows) > limit:
		return Errors{{Field: name, Code: CodeRowsMax, Limit: strconv.Itoa(limit)}}
	}
	var out Errors
	for k, row := range rows {
		typed := celRow(fi, row)
		for _, col := range fi.columns {
			cell := name + "." + strconv.Itoa(k) + "." + col.ID
			out = append(out, validateField(col, row[col.ID], cell, vars, typed)...)
		}
	}
	return out
}
