package forms

import (
	"strconv"
	"strings"
)

// inputValue writes a stored value back into an input.
func inputValue(v any, lang string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "yes"
		}
		return "no"
	}
	if n, ok := asNumber(v); ok {
		return formatNumber(n, lang)
	}
	return ""
}

// formatNumber writes a number as lang writes it: a decimal comma in
// Finnish and Swedish.
func formatNumber(n float64, lang string) string {
	s := strconv.FormatFloat(n, 'f', -1, 64)
	if lang == "fi" || lang == "sv" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// localNumber rewrites a number written with a decimal point for lang.
func localNumber(s, lang string) string {
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		return formatNumber(n, lang)
	}
	return s
}

// cutName splits an input name at its first dot.
func cutName(name string) (head, rest string) {
	head, rest, _ = strings.Cut(name, ".")
	return head, rest
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}

// acceptNames names MIME types as people know them: "PDF, PNG, JPEG".
func acceptNames(types []string) string {
	names := make([]string, len(types))
	for i, t := range types {
		_, sub, _ := strings.Cut(t, "/")
		names[i] = strings.ToUpper(strings.TrimPrefix(sub, "x-"))
	}
	return strings.Join(names, ", ")
}
