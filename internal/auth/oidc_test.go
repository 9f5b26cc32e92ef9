package auth_test

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/identity"
)

// TestOIDCSignIn drives sign-ins through real OpenID Connect providers
// (mockoidc) into luva over HTTP, on each database. The subtests share the
// providers, whose user queues are not safe for parallel use, so they run one
// after another.
func TestOIDCSignIn(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect.String(), func(t *testing.T) {
			w := newWorld(t, dialect)
			testSignIns(t, w)
			testRefusals(t, w)
		})
	}
}

// testSignIns signs people in, and checks the state's protections.
func testSignIns(t *testing.T, w *world) {
	t.Run("a customer identified by the broker lands on next with a session in their name", func(t *testing.T) {
		w.mocks["broker"].QueueUser(brokerUser{"s-aino", "Aino", "Asiakas", "aino@example.fi", hetu("010190", 901)})
		b := w.browser(t)
		landed, status, body := b.get("/auth/oidc/broker/start?lang=fi&next=" + url.QueryEscape("/fi/profile"))
		if landed != "/fi/profile" || status != http.StatusOK || !strings.Contains(body, "Aino Asiakas") {
			t.Fatalf("landed on %s (%d), want the profile page of Aino Asiakas", landed, status)
		}
		if m := b.me(); m.GivenNames != "Aino" || m.FamilyName != "Asiakas" || m.Email != "aino@example.fi" || m.Masked == "" {
			t.Errorf("/api/v1/me: %+v, want Aino Asiakas with her email and masked identity code", m)
		}
	})
	t.Run("a second sign-in with the same subject finds the same person", func(t *testing.T) {
		user := brokerUser{"s-bertta", "Bertta", "Toistuva", "bertta@example.fi", hetu("020290", 902)}
		var ids []string
		for range 2 {
			w.mocks["broker"].QueueUser(user)
			b := w.browser(t)
			b.signIn("broker")
			ids = append(ids, b.me().ID)
		}
		if ids[0] != ids[1] {
			t.Errorf("the two sign-ins were %s and %s, want the same person", ids[0], ids[1])
		}
	})
	t.Run("a first sign-in with the identity code of a known person signs that person in", func(t *testing.T) {
		code := hetu("030390", 903)
		known := createPerson(t, w, identity.Person{GivenNames: "Kalle", FamilyName: "Kirjattu", PersonalID: code})
		w.mocks["broker"].QueueUser(brokerUser{"s-kalle", "Kalle", "Kirjattu", "", code})
		b := w.browser(t)
		b.signIn("broker")
		if got := b.me().ID; got != known.ID {
			t.Errorf("signed in as %s, want the known person %s", got, known.ID)
		}
	})
	t.Run("an authority user is linked by email to their existing person", func(t *testing.T) {
		official := createPerson(t, w, identity.Person{GivenNames: "Virpi", FamilyName: "Virkailija", Email: "virpi@kunta.example.fi"})
		grantRole(t, w, official.ID)
		w.mocks["sso"].QueueUser(brokerUser{Subject: "sso-virpi", Email: "Virpi@kunta.example.fi"})
		b := w.browser(t)
		if landed := b.signIn("sso"); landed != "/fi/profile" {
			t.Fatalf("landed on %s, want /fi/profile", landed)
		}
		if got := b.me().ID; got != official.ID {
			t.Errorf("signed in as %s, want the authority user %s", got, official.ID)
		}
	})
	t.Run("a replayed callback is refused as an interrupted sign-in and audited", func(t *testing.T) {
		w.mocks["broker"].QueueUser(brokerUser{"s-reija", "Reija", "Replay", "", hetu("040490", 904)})
		b := w.browser(t)
		b.signIn("broker")
		before := len(w.refusals(t))
		// The same address with the same state cookie, as an eavesdropper
		// or a back button would send it.
		landed, _, _ := w.browser(t).get(b.callback.String(), b.cookies...)
		if landed != "/fi/sign-in?error=oidc_state" {
			t.Errorf("the replay landed on %s, want /fi/sign-in?error=oidc_state", landed)
		}
		expectRefusal(t, w, before, refusal{"broker", "unknown_state"})
	})
	t.Run("a callback arriving in another browser is refused", func(t *testing.T) {
		w.mocks["broker"].QueueUser(brokerUser{"s-olli", "Olli", "Hyökkääjä", "", hetu("050590", 905)})
		b := w.browser(t)
		b.atCallback = func(*url.URL) bool { return false }
		b.signIn("broker")
		before := len(w.refusals(t))
		victim := w.browser(t)
		if landed, _, _ := victim.get(b.callback.String()); landed != "/fi/sign-in?error=oidc_state" || victim.signedIn() {
			t.Errorf("the other browser landed on %s, want /fi/sign-in?error=oidc_state and no session", landed)
		}
		expectRefusal(t, w, before, refusal{"broker", "other_browser"})
	})
	t.Run("a sign-in that took longer than ten minutes at the provider is refused", func(t *testing.T) {
		w.mocks["broker"].QueueUser(brokerUser{"s-hilja", "Hilja", "Hidas", "", hetu("060690", 906)})
		start := w.clock.Now()
		t.Cleanup(func() { w.clock.Set(start) })
		b := w.browser(t)
		b.atCallback = func(*url.URL) bool { w.clock.Advance(11 * time.Minute); return true }
		before := len(w.refusals(t))
		if landed := b.signIn("broker"); landed != "/fi/sign-in?error=oidc_state" {
			t.Errorf("landed on %s, want /fi/sign-in?error=oidc_state", landed)
		}
		expectRefusal(t, w, before, refusal{"broker", "expired_state"})
	})
	t.Run("the start keeps next on this site and sends a nonce and an S256 challenge, keeping only the state's hash", func(t *testing.T) {
		testStartRedirect(t, w)
	})
	t.Run("a provider down at start-up shows the sign-in error, then works once it answers", func(t *testing.T) {
		b := w.browser(t)
		if landed := b.signIn("flaky"); landed != "/fi/sign-in?error=oidc" {
			t.Errorf("while down: landed on %s, want /fi/sign-in?error=oidc", landed)
		}
		w.mocks["flaky"].QueueUser(brokerUser{"s-pirjo", "Pirjo", "Palannut", "", hetu("070790", 907)})
		if landed := b.signIn("flaky"); landed != "/fi/profile" || b.me().GivenNames != "Pirjo" {
			t.Errorf("once back: landed on %s, want /fi/profile signed in as Pirjo", landed)
		}
	})
}

// testStartRedirect starts a sign-in with a foreign next and an unknown
// language and reads the redirect to the provider and the stored state.
func testStartRedirect(t *testing.T, w *world) {
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(w.url + "/auth/oidc/broker/start?lang=de&next=" + url.QueryEscape("//evil.example/fi/"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	to, err := url.Parse(res.Header.Get("Location"))
	if err != nil || res.StatusCode != http.StatusFound {
		t.Fatalf("start answered %d to %q, want a redirect to the provider", res.StatusCode, res.Header.Get("Location"))
	}
	q := to.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") == "" ||
		q.Get("redirect_uri") != w.url+"/auth/oidc/broker/callback" {
		t.Errorf("the authorization request %v lacks PKCE S256, a nonce or the callback address", q)
	}
	state := q.Get("state")
	sum := sha256.Sum256([]byte(state))
	var next, lang string
	err = w.app.DB.Read.QueryRowContext(t.Context(), `SELECT next, lang FROM oidc_states WHERE state_hash = $1`, hex.EncodeToString(sum[:])).Scan(&next, &lang)
	if err != nil {
		t.Fatalf("the state's hash is not stored: %v", err)
	}
	if next != "/fi/" || lang != "fi" {
		t.Errorf("stored next %q and lang %q, want /fi/ and fi in place of a foreign address and an unknown language", next, lang)
	}
	var clear int
	if err := w.app.DB.Read.QueryRowContext(t.Context(), `SELECT count(*) FROM oidc_states WHERE state_hash = $1 OR nonce = $1`, state).Scan(&clear); err != nil || clear != 0 {
		t.Errorf("the state itself is stored (%d rows, %v)", clear, err)
	}
}

// createPerson adds a person to luva's database.
func createPerson(t *testing.T, w *world, p identity.Person) identity.Person {
	t.Helper()
	err := w.app.DB.InTx(t.Context(), func(tx *sql.Tx) error {
		var err error
		p, err = identity.CreatePerson(t.Context(), tx, w.clock.Now(), p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// grantRole makes the person a case handler of a new municipality.
func grantRole(t *testing.T, w *world, personID string) {
	t.Helper()
	err := w.app.DB.InTx(t.Context(), func(tx *sql.Tx) error {
		org, err := identity.CreateOrganisation(t.Context(), tx, w.clock.Now(), identity.Organisation{Kind: identity.KindAuthority,
			Name: "Esimerkkilän kunta", AuthorityType: "municipality"})
		if err != nil {
			return err
		}
		_, err = identity.GrantRole(t.Context(), tx, w.clock.Now(), identity.RoleGrant{PersonID: personID, OrganisationID: org.ID, Role: access.CaseHandler})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
