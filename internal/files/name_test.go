package files

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanNameKeepsOnlyASafeBaseName(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("ä", 300) + ".pdf"
	tests := []struct {
		name, in, want string
	}{
		{"a plain name stays", "hakemus.pdf", "hakemus.pdf"},
		{"Finnish and Swedish letters stay", "Pöytäkirja Åland.docx", "Pöytäkirja Åland.docx"},
		{"a decomposed ä from a Mac becomes one letter", "pa\u0308a\u0308to\u0308s.pdf", "päätös.pdf"},
		{"a Unix path is cut to its base", "../../etc/passwd", "passwd"},
		{"a Windows path is cut to its base", `C:\Users\matti\Desktop\liite.pdf`, "liite.pdf"},
		{"control characters go", "lii\x00te\r\n.pdf", "liite.pdf"},
		{"a right-to-left override goes", "kuva\u202egpj.exe", "kuvagpj.exe"},
		{"characters Windows refuses become underscores", `a<b>c:d"e|f?g*.txt`, "a_b_c_d_e_f_g_.txt"},
		{"tabs become spaces and ends are trimmed", " \tlasku.pdf. ", "lasku.pdf"},
		{"dots only leave nothing", "..", ""},
		{"a folder leaves nothing", "liitteet/", ""},
		{"invalid UTF-8 is dropped", "li\xffite.pdf", "liite.pdf"},
		{"a long name keeps its extension", long, strings.Repeat("ä", MaxNameRunes-4) + ".pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanName(tt.in); got != tt.want {
				t.Errorf("CleanName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzCleanName(f *testing.F) {
	f.Add("../../etc/hakemus.pdf")
	f.Add("kuva\u202egpj.exe")
	f.Add(strings.Repeat("ö", 250) + ".docx")
	f.Fuzz(func(t *testing.T, in string) {
		got := CleanName(in)
		if !utf8.ValidString(got) {
			t.Fatalf("CleanName(%q) = %q, not UTF-8", in, got)
		}
		if strings.ContainsAny(got, "/\\\x00\n") || got == "." || got == ".." {
			t.Fatalf("CleanName(%q) = %q, unsafe", in, got)
		}
		if n := utf8.RuneCountInString(got); n > MaxNameRunes {
			t.Fatalf("CleanName(%q) has %d runes", in, n)
		}
		if again := CleanName(got); again != got {
			t.Fatalf("CleanName is not stable: %q, then %q", got, again)
		}
	})
}
