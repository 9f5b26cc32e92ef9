package forms

import (
	"math"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Answers are a customer's answers by top-level field id, as JSON-friendly
// values: strings for the text types, choice and date ("2027-06-01"),
// float64 for number, bool for yes/no, []string for multichoice and
// attachment ids, maps for address ("street", "postcode", "city"), daterange
// ("from", "to") and location ("lat", "lon" as float64), and a list of maps
// by column id for group and table. Input that cannot be understood is kept
// as the string that was typed, so nothing is lost; validation reports it.
// A missing key is an unanswered field. Answers read back from JSON ([]any,
// map[string]any) are understood just the same.
type Answers map[string]any

// clone copies the top level of the answers; values are never changed in
// place, so they can be shared.
func (a Answers) clone() Answers {
	out := make(Answers, len(a))
	for k, v := range a {
		out[k] = v
	}
	return out
}

// Default length limits of text fields without max_length, so that a
// crafted post cannot store a novel.
const (
	defaultMaxText     = 1000
	defaultMaxLongText = 10000
)

// Finland with a margin: a location outside it is most likely a typing
// error or latitude and longitude swapped.
const (
	minLat, maxLat = 59.0, 70.5
	minLon, maxLon = 19.0, 32.0
)

var (
	postcodeRE = regexp.MustCompile(`^[0-9]{5}$`)
	phoneRE    = regexp.MustCompile(`^(\+[1-9][0-9]{6,14}|0[0-9]{5,11})$`)
)

func asString(v any) (string, bool) {
	s, ok := v.(string)
	return s, ok
}

func asNumber(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, !math.IsNaN(n) && !math.IsInf(n, 0)
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	}
	return 0, false
}

// asList returns a list value as []any, whether built here or read from JSON.
func asList(v any) ([]any, bool) {
	switch l := v.(type) {
	case []any:
		return l, true
	case []string:
		out := make([]any, len(l))
		for i, s := range l {
			out[i] = s
		}
		return out, true
	case []map[string]any:
		out := make([]any, len(l))
		for i, m := range l {
			out[i] = m
		}
		return out, true
	}
	return nil, false
}

// asStrings returns a list of strings; ok is false for anything else.
func asStrings(v any) ([]string, bool) {
	l, ok := asList(v)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(l))
	for _, x := range l {
		s, ok := x.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// asMap returns a map value as map[string]any.
func asMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case map[string]string:
		out := make(map[string]any, len(m))
		for k, s := range m {
			out[k] = s
		}
		return out, true
	case map[string]float64:
		out := make(map[string]any, len(m))
		for k, n := range m {
			out[k] = n
		}
		return out, true
	}
	return nil, false
}

// asRows returns the rows of a group or table.
func asRows(v any) ([]map[string]any, bool) {
	l, ok := asList(v)
	if !ok {
		return nil, false
	}
	out := make([]map[string]any, 0, len(l))
	for _, x := range l {
		m, ok := asMap(x)
		if !ok {
			return nil, false
		}
		out = append(out, m)
	}
	return out, true
}

// isEmpty reports whether a value is no answer: nothing, an empty string or
// list, or a map of empty parts.
func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	}
	if l, ok := asList(v); ok {
		for _, e := range l {
			if !isEmpty(e) {
				return false
			}
		}
		return true
	}
	if m, ok := asMap(v); ok {
		for _, e := range m {
			if !isEmpty(e) {
				return false
			}
		}
		return true
	}
	return false
}

// parseNumber reads a number as people type it: a decimal comma or point,
// spaces between thousands, a Unicode minus.
func parseNumber(s string) (float64, bool) {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", ",", ".", "\u2212", "-").Replace(s)
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, false
	}
	return n, true
}

// parseDate reads a date as 2027-06-01 (what a date input sends) or as
// 1.6.2027 (how Finns and Swedes write it), and returns it as YYYY-MM-DD.
func parseDate(s string) (string, bool) {
	for _, layout := range []string{time.DateOnly, "2.1.2006"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1000 {
			return t.Format(time.DateOnly), true
		}
	}
	return "", false
}

// dateOf returns a stored date as midnight UTC.
func dateOf(v any) (time.Time, bool) {
	s, ok := asString(v)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// validEmail accepts a bare address with a dotted domain, as mail servers
// take it: no display name, no comments.
func validEmail(s string) bool {
	if len(s) > 254 {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	_, domain, _ := strings.Cut(s, "@")
	return strings.Contains(domain, ".") && !strings.HasSuffix(domain, ".")
}

// validPhone accepts a Finnish number from 0 (040 123 4567, 09 123 456) or an
// international one from + (+358 40 1234567), with spaces, hyphens and
// brackets between the digits.
func validPhone(s string) bool {
	s = strings.NewReplacer(" ", "", "-", "", "(", "", ")", "", "\u00a0", "").Replace(s)
	return phoneRE.MatchString(s)
}
