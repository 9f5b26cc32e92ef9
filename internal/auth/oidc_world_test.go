package auth_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
)

// brokerUser is a person as an identification broker describes them, with
// the claims of a strong identification.
type brokerUser struct {
	Subject, GivenName, FamilyName, Email, Hetu string
}

// brokerClaims are the claims of a brokerUser's ID token.
type brokerClaims struct {
	*mockoidc.IDTokenClaims
	GivenName  string `json:"given_name,omitempty"`
	FamilyName string `json:"family_name,omitempty"`
	Email      string `json:"email,omitempty"`
	Hetu       string `json:"hetu,omitempty"`
}

func (u brokerUser) ID() string { return u.Subject }

func (u brokerUser) Userinfo([]string) ([]byte, error) {
	return json.Marshal(u.claims(&mockoidc.IDTokenClaims{RegisteredClaims: &jwt.RegisteredClaims{Subject: u.Subject}}))
}

func (u brokerUser) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	return u.claims(base), nil
}

func (u brokerUser) claims(base *mockoidc.IDTokenClaims) *brokerClaims {
	return &brokerClaims{IDTokenClaims: base, GivenName: u.GivenName, FamilyName: u.FamilyName, Email: u.Email, Hetu: u.Hetu}
}

// hetu returns a valid personal identity code of the 1900s; individual
// numbers from 900 up are the ones set aside for tests.
func hetu(ddmmyy string, individual int) string {
	n, _ := strconv.Atoi(fmt.Sprintf("%s%03d", ddmmyy, individual))
	return fmt.Sprintf("%s-%03d%c", ddmmyy, individual, "0123456789ABCDEFHJKLMNPRSTUVWXY"[n%31])
}

// startProvider runs a mockoidc provider until the test ends; prepare may
// change it before it starts serving.
func startProvider(t *testing.T, prepare func(m *mockoidc.MockOIDC)) *mockoidc.MockOIDC {
	t.Helper()
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	if prepare != nil {
		prepare(m)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Shutdown() })
	return m
}

// acceptClientAlias makes the provider take alias for its own client id, so
// that a client configured with alias gets tokens whose audience is another.
func acceptClientAlias(alias string) func(*mockoidc.MockOIDC) {
	return func(m *mockoidc.MockOIDC) {
		m.AddMiddleware(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if err := r.ParseForm(); err == nil && r.Form.Get("client_id") == alias {
					r.Form.Set("client_id", m.ClientID)
					r.PostForm.Set("client_id", m.ClientID)
				}
				next.ServeHTTP(w, r)
			})
		})
	}
}

// swapNonce makes the provider put another sign-in's nonce into its tokens, as
// a token captured from one sign-in and replayed into another would have.
func swapNonce(m *mockoidc.MockOIDC) {
	m.AddMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == mockoidc.AuthorizationEndpoint && r.ParseForm() == nil {
				r.Form.Set("nonce", "the nonce of another sign-in")
			}
			next.ServeHTTP(w, r)
		})
	})
}

// signWithAnotherKey makes the provider publish its usual key but sign with
// another under the same key id: every token it issues is a forgery.
func signWithAnotherKey(t *testing.T) func(*mockoidc.MockOIDC) {
	return func(m *mockoidc.MockOIDC) {
		published := m.Keypair
		kid, err := published.KeyID()
		if err != nil {
			t.Fatal(err)
		}
		if m.Keypair, err = mockoidc.RandomKeypair(2048); err != nil {
			t.Fatal(err)
		}
		m.Keypair.Kid = kid
		m.AddMiddleware(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != mockoidc.JWKSEndpoint {
					next.ServeHTTP(w, r)
					return
				}
				jwks, _ := published.JWKS()
				w.Header().Set("Content-Type", "application/json")
				w.Write(jwks)
			})
		})
	}
}

// world is luva behind httptest with OpenID Connect providers served by
// mockoidc: the broker and authority sign-on of idp, and providers whose
// tokens are for another client, expired, forged or from another sign-in, or
// who are down at start.
type world struct {
	app   *app.App
	url   string
	clock *clock.Settable
	mocks map[string]*mockoidc.MockOIDC // by provider name
}

func newWorld(t *testing.T, dialect db.Dialect) *world {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	w := &world{url: "http://" + srv.Listener.Addr().String(), clock: clock.NewSettable(time.Now()), mocks: map[string]*mockoidc.MockOIDC{}}
	idp := startProvider(t, acceptClientAlias("another-service"))
	down := func(m *mockoidc.MockOIDC) { // at start-up, and once more
		for range 2 {
			m.QueueError(&mockoidc.ServerError{Code: http.StatusServiceUnavailable, Error: "temporarily_unavailable"})
		}
	}
	w.mocks = map[string]*mockoidc.MockOIDC{"broker": idp, "sso": idp, "impostor": idp,
		"late":    startProvider(t, func(m *mockoidc.MockOIDC) { m.FastForward(-2 * time.Hour) }),
		"forged":  startProvider(t, signWithAnotherKey(t)),
		"swapped": startProvider(t, swapNonce),
		"flaky":   startProvider(t, down)}
	var providers []auth.OIDCProvider
	for _, name := range []string{"broker", "sso", "impostor", "late", "forged", "swapped", "flaky"} {
		m := w.mocks[name]
		p := auth.OIDCProvider{Name: name, Label: "Sign in with " + name, Issuer: m.Issuer(), ClientID: m.ClientID,
			ClientSecret: m.ClientSecret, RedirectBaseURL: w.url, Kind: auth.OIDCCustomer, PersonalIDClaim: "hetu"}
		switch name {
		case "sso":
			p.Kind, p.PersonalIDClaim = auth.OIDCAuthority, ""
		case "impostor":
			p.ClientID = "another-service"
		}
		providers = append(providers, p)
	}
	a, err := app.Open(t.Context(), app.Config{DataDir: t.TempDir(), DatabaseURL: dbtest.Config(t, dialect).URL, Version: "test",
		Clock: w.clock, OIDC: providers, Logger: slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatalf("open luva: %v", err)
	}
	t.Cleanup(func() { a.Close(context.Background()) })
	w.app = a
	srv.Config.Handler = a.Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	return w
}

// refusal is a refused sign-in in the audit log.
type refusal struct{ Provider, Reason string }

// refusals lists the refused sign-ins in the audit log, oldest first.
func (w *world) refusals(t *testing.T) []refusal {
	t.Helper()
	rows, err := w.app.DB.Read.QueryContext(t.Context(), `SELECT actor_id, detail FROM audit_log
WHERE action = 'session.sign_in' AND outcome = 'failed' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []refusal
	for rows.Next() {
		var actor, detail string
		var r refusal
		if err := rows.Scan(&actor, &detail); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(detail), &r); err != nil || actor != "" {
			t.Fatalf("refusal by %q with detail %q: want an anonymous actor and JSON detail", actor, detail)
		}
		out = append(out, r)
	}
	return out
}
