package e2e

import (
	"context"
	"encoding/json"
	"net"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/auth"
)

// brokerUser is the person the test provider identifies: a strong
// identification with name, email and personal identity code.
type brokerUser struct{}

// brokerClaims are the claims of the brokerUser's ID token.
type brokerClaims struct {
	*mockoidc.IDTokenClaims
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	Email      string `json:"email"`
	Hetu       string `json:"hetu"`
}

func (brokerUser) ID() string { return "e2e-olga" }

func (u brokerUser) Userinfo([]string) ([]byte, error) { return json.Marshal(u.claims(nil)) }

func (u brokerUser) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	return u.claims(base), nil
}

func (brokerUser) claims(base *mockoidc.IDTokenClaims) *brokerClaims {
	// 131052-308T is the sample code of the Digital and Population Data
	// Services Agency's test service.
	return &brokerClaims{IDTokenClaims: base, GivenName: "Olga", FamilyName: "Oidc-Testaaja", Email: "olga@example.fi", Hetu: "131052-308T"}
}

// startOIDCServer starts luva on SQLite with one customer sign-in provider:
// a mockoidc server that approves the queued person at once.
func startOIDCServer(t *testing.T) string {
	t.Helper()
	idp, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := idp.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idp.Shutdown() })
	idp.QueueUser(brokerUser{})

	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	a, err := app.Open(t.Context(), app.Config{DataDir: t.TempDir(), Version: "test", OIDC: []auth.OIDCProvider{{
		Name: "testbroker", Label: "Testitunnistus", Issuer: idp.Issuer(), ClientID: idp.ClientID, ClientSecret: idp.ClientSecret,
		RedirectBaseURL: base, Kind: auth.OIDCCustomer, PersonalIDClaim: "hetu",
	}}})
	if err != nil {
		t.Fatalf("open luva: %v", err)
	}
	t.Cleanup(func() {
		if err := a.Close(context.Background()); err != nil {
			t.Errorf("close luva: %v", err)
		}
	})
	srv.Config.Handler = a.Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	return base
}

// TestBrowserSignsInThroughOIDC clicks the provider's button on the Finnish
// sign-in page, goes through the provider and expects to come back to the
// profile signed in, with the person's name in the header and a page that
// passes the accessibility scan.
func TestBrowserSignsInThroughOIDC(t *testing.T) {
	exe, err := chromiumPath()
	if err != nil {
		missingDependency(t, err)
	}
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	axe, err := axeSource(root)
	if err != nil {
		missingDependency(t, err)
	}
	s := &suite{baseURL: startOIDCServer(t), browser: startBrowser(t, exe), axe: axe, screenshots: screenshotDir(t, root)}
	ctx := s.tab(t)
	s.open(ctx, t, "/fi/sign-in?next=/fi/profile")
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(`//a[normalize-space()="Testitunnistus"]`)); err != nil {
		t.Fatalf("click the provider's button: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(".user-bar__who")); err != nil {
		t.Fatalf("no signed-in header after the provider: %v (at %s)", err, facts(ctx, t).URL)
	}
	who, err := chromedp.Run(ctx, chromedp.Text(".user-bar__who"))
	if err != nil {
		t.Fatal(err)
	}
	if f := facts(ctx, t); strings.TrimPrefix(f.URL, s.baseURL) != "/fi/profile" || !strings.Contains(who, "Olga Oidc-Testaaja") {
		t.Errorf("came back to %s with %q in the header, want /fi/profile and Olga Oidc-Testaaja", f.URL, who)
	}
	s.screenshot(ctx, t, "oidc-signed-in-fi")
	s.scanAccessibility(ctx, t)
}
