package auth_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/luva-fi/luva/internal/auth"
)

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "oidc.json")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOIDCConfigFileFillsInDefaultsAndReadsSecretsFromTheEnvironment(t *testing.T) {
	path := writeConfig(t, `{"providers": [
	{"name": "suomifi", "label": "Suomi.fi", "issuer": "https://broker.example.fi", "client_id": "luva",
	 "client_secret_env": "BROKER_SECRET", "redirect_base_url": "https://luva.example.fi/", "kind": "customer",
	 "personal_id_claim": "hetu"}]}`)
	env := map[string]string{"BROKER_SECRET": "s3cret"}
	ps, err := auth.LoadOIDCConfig(path, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	p := ps[0]
	if len(ps) != 1 || p.ClientSecret != "s3cret" || p.LinkClaim != "sub" || p.EmailClaim != "email" ||
		!slices.Equal(p.Scopes, []string{"openid", "profile", "email"}) {
		t.Errorf("loaded %+v, want the secret from BROKER_SECRET and the default claims and scopes", ps)
	}
	if got := p.CallbackURL(); got != "https://luva.example.fi/auth/oidc/suomifi/callback" {
		t.Errorf("callback %s", got)
	}
	if ps, err := auth.LoadOIDCConfig("", nil); err != nil || ps != nil {
		t.Errorf("no file: %v %v, want no providers", ps, err)
	}
}

func TestABadOIDCConfigFileIsRefusedWithOneLineNamingTheProblem(t *testing.T) {
	const good = `"label": "L", "issuer": "https://idp.example", "client_id": "c", "client_secret": "s", "redirect_base_url": "https://luva.example"`
	tests := []struct {
		name, body, want string
	}{
		{"malformed JSON names the file", `{"providers": [`, "oidc.json"},
		{"a misspelt setting is named", `{"providers": [{"name": "a", "kind": "customer", "isuer": "x", ` + good + `}]}`, `unknown field "isuer"`},
		{"a name that does not fit in a URL is refused", `{"providers": [{"name": "Suomi.fi", "kind": "customer", ` + good + `}]}`, `name "Suomi.fi"`},
		{"an unknown kind is named", `{"providers": [{"name": "a", "kind": "citizen", ` + good + `}]}`, `kind must be "customer" or "authority"`},
		{"the same name twice is refused", `{"providers": [{"name": "a", "kind": "customer", ` + good + `}, {"name": "a", "kind": "authority", ` + good + `}]}`, `"a" is used twice`},
		{"a relative issuer is refused", `{"providers": [{"name": "a", "kind": "customer", "issuer": "idp.example", "label": "L", "client_id": "c", "client_secret": "s", "redirect_base_url": "https://luva.example"}]}`, "issuer"},
		{"a missing secret is named", `{"providers": [{"name": "a", "kind": "customer", "client_secret_env": "UNSET", "label": "L", "issuer": "https://idp.example", "client_id": "c", "redirect_base_url": "https://luva.example"}]}`, "client_secret"},
		{"a personal identity claim on an authority sign-on is refused", `{"providers": [{"name": "a", "kind": "authority", "personal_id_claim": "hetu", ` + good + `}]}`, "personal_id_claim"},
		{"scopes without openid are refused", `{"providers": [{"name": "a", "kind": "customer", "scopes": ["email"], ` + good + `}]}`, "openid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := auth.LoadOIDCConfig(writeConfig(t, tt.body), func(string) string { return "" })
			if err == nil {
				t.Fatal("want an error")
			}
			if msg := err.Error(); !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line containing %q", msg, tt.want)
			}
		})
	}
	if _, err := auth.LoadOIDCConfig(filepath.Join(t.TempDir(), "missing.json"), nil); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("a missing file: %v, want an error naming it", err)
	}
}
