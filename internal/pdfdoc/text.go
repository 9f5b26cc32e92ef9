package pdfdoc

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// winAnsi encodes s in Windows-1252, the encoding the PDF core fonts are
// used with here. It covers Finnish, Swedish and English, the euro sign and
// typographic dashes and quotes. Other letters lose their accents (č becomes
// c) or become "?"; tabs become spaces, other control characters go, and
// line breaks stay.
func winAnsi(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range norm.NFC.String(s) {
		switch {
		case r == '\n':
			b = append(b, '\n')
		case r == '\t':
			b = append(b, ' ')
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
		default:
			b = append(b, winAnsiRune(r))
		}
	}
	return string(b)
}

func winAnsiRune(r rune) byte {
	if c, ok := charmap.Windows1252.EncodeRune(r); ok {
		return c
	}
	switch r {
	case '\u2010', '\u2011', '\u2012', '\u2212': // hyphens, minus
		return '-'
	case '\u2007', '\u2009', '\u202f': // figure, thin, narrow no-break spaces
		return 0xa0
	}
	if d := []rune(norm.NFD.String(string(r))); len(d) > 1 {
		if c, ok := charmap.Windows1252.EncodeRune(d[0]); ok {
			return c
		}
	}
	return '?'
}

// language is lang reduced to what a BCP 47 tag may hold, for /Lang.
func language(lang string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r
		}
		return -1
	}, lang)
}

// dateTime shows t, in its own location, as people of lang write it:
// "14.3.2025 klo 9.05", "14.3.2025 kl. 9.05", "14 March 2025 09:05".
func dateTime(t time.Time, lang string) string {
	switch lang {
	case "en":
		return t.Format("2 January 2006 15:04")
	case "sv":
		return fmt.Sprintf("%s kl. %d.%02d", date(t, lang), t.Hour(), t.Minute())
	}
	return fmt.Sprintf("%s klo %d.%02d", date(t, lang), t.Hour(), t.Minute())
}

// date shows the day of t as people of lang write it.
func date(t time.Time, lang string) string {
	if lang == "en" {
		return t.Format("2 January 2006")
	}
	return t.Format("2.1.2006")
}

// size shows a byte count with a unit, with a decimal comma in Finnish and
// Swedish.
func size(n int64, lang string) string {
	var s string
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		s = fmt.Sprintf("%.1f kB", float64(n)/1000)
	default:
		s = fmt.Sprintf("%.1f MB", float64(n)/1000/1000)
	}
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// splitParagraphs splits text at blank lines and drops empty paragraphs;
// single line breaks inside a paragraph stay.
func splitParagraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []string
	var cur []string
	flush := func() {
		if p := strings.TrimSpace(strings.Join(cur, "\n")); p != "" {
			out = append(out, p)
		}
		cur = cur[:0]
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cur = append(cur, strings.TrimRight(line, " \t"))
	}
	flush()
	return out
}
