package files

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxNameRunes is the longest file name CleanName keeps.
const MaxNameRunes = 200

// CleanName makes an uploaded file name safe to store and to offer back in a
// Content-Disposition header: the base name only (both / and \ count as
// separators), in Unicode NFC (so "ä" from a Mac is one letter), without
// control or bidirectional formatting characters, with the characters Windows
// refuses replaced by "_", and at most MaxNameRunes runes, shortened before
// the extension. Letters of any language are kept. The result is "" when
// nothing usable is left.
func CleanName(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			// dropped: C0/C1 controls, and format characters such as
			// U+202E, which would show "gpj.exe" as "exe.jpg"
		case strings.ContainsRune(`<>:"|?*`, r):
			b.WriteRune('_')
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	name = strings.Trim(norm.NFC.String(b.String()), " .")
	if utf8.RuneCountInString(name) > MaxNameRunes {
		name = shorten(name)
	}
	return name
}

// shorten cuts name to MaxNameRunes runes, keeping a short extension.
func shorten(name string) string {
	ext := path.Ext(name)
	if utf8.RuneCountInString(ext) > 16 {
		ext = ""
	}
	stem := []rune(strings.TrimSuffix(name, ext))
	stem = stem[:MaxNameRunes-utf8.RuneCountInString(ext)]
	return strings.TrimRight(string(stem), " .") + ext
}

// extension is the lower-case extension of a cleaned name, with the dot.
func extension(name string) string {
	return strings.ToLower(path.Ext(name))
}
