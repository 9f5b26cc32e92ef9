package catalog

import "testing"

func TestPlainTextKeepsTheWordsOfMarkdown(t *testing.T) {
	got := plainText("## Kuka ilmoittaa\n\n- **Järjestäjä** tekee [ilmoituksen](https://poliisi.fi) _ajoissa_.")
	want := "Kuka ilmoittaa\n\nJärjestäjä tekee ilmoituksen ajoissa."
	if got != want {
		t.Errorf("plainText = %q, want %q", got, want)
	}
}
