package forms

import (
	"net/url"
	"os"
	"testing"
)

// festival compiles the test form, which has a field of every type.
func festival(t testing.TB) *Compiled {
	t.Helper()
	b, err := os.ReadFile("testdata/festival.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compile(f)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// post builds posted form values from name/value pairs.
func post(pairs ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return v
}

// codes lists the errors as "field:code".
func codes(es Errors) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Field+":"+e.Code)
	}
	return out
}
