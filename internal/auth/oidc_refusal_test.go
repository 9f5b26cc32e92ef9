package auth_test

import (
	"testing"

	"github.com/luva-fi/luva/internal/identity"
)

// testRefusals signs in through answers that must be refused, and expects
// the sign-in page with the right message, no session and an audit entry.
func testRefusals(t *testing.T, w *world) {
	customer := createPerson(t, w, identity.Person{GivenNames: "Cecilia", FamilyName: "Customer", Email: "cecilia@example.fi"})
	tests := []struct {
		name, provider string
		user           brokerUser
		want           string // the sign-in page's error
		reason         string // in the audit log
	}{
		{"a token meant for another service is refused", "impostor", brokerUser{"s-ilkka", "Ilkka", "Impostor", "", hetu("080890", 908)}, "oidc_token", "invalid_token"},
		{"an expired token is refused", "late", brokerUser{"s-late", "Lauri", "Late", "", hetu("090990", 909)}, "oidc_token", "token_expired"},
		{"a token signed with a key that is not the provider's is refused", "forged", brokerUser{"s-vilja", "Vilja", "Väärennös", "", hetu("101090", 910)}, "oidc_token", "invalid_token"},
		{"a token issued for another sign-in is refused", "swapped", brokerUser{"s-noora", "Noora", "Nonce", "", hetu("111190", 911)}, "oidc_token", "nonce_mismatch"},
		{"a broker answer without a personal identity code is refused", "broker", brokerUser{Subject: "s-nimeton", GivenName: "Niina"}, "oidc", "missing_personal_id"},
		{"a broker answer with a malformed personal identity code is refused", "broker", brokerUser{"s-vika", "Veikko", "Vika", "", "010190-123X"}, "oidc", "invalid_personal_id"},
		{"an unknown email at the authority sign-on is refused as unlinked", "sso", brokerUser{Subject: "sso-tuntematon", Email: "nobody@kunta.example.fi"}, "oidc_unlinked", "unknown_email"},
		{"a customer's email at the authority sign-on is refused as unlinked", "sso", brokerUser{Subject: "sso-cecilia", Email: customer.Email}, "oidc_unlinked", "not_authority_user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.mocks[tt.provider].QueueUser(tt.user)
			before := len(w.refusals(t))
			b := w.browser(t)
			if landed := b.signIn(tt.provider); landed != "/fi/sign-in?error="+tt.want {
				t.Errorf("landed on %s, want /fi/sign-in?error=%s", landed, tt.want)
			}
			if b.signedIn() {
				t.Error("the refused browser has a session")
			}
			expectRefusal(t, w, before, refusal{tt.provider, tt.reason})
		})
	}
}

// expectRefusal checks that exactly one refusal, want, was audited since
// there were before of them.
func expectRefusal(t *testing.T, w *world, before int, want refusal) {
	t.Helper()
	all := w.refusals(t)
	if len(all) != before+1 || all[len(all)-1] != want {
		t.Errorf("audited refusals since the start: %v, want just %v", all[before:], want)
	}
}
