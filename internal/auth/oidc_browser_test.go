package auth_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// browser is an HTTP client with cookies that follows redirects, as a
// browser does, and notes the provider's redirect back to luva.
type browser struct {
	t      *testing.T
	base   string
	client *http.Client
	// atCallback, when set, runs before the redirect to a callback is
	// followed; when it returns false the browser stops there.
	atCallback func(u *url.URL) bool
	callback   *url.URL       // the last callback address reached
	cookies    []*http.Cookie // the cookies that went with it
}

func (w *world) browser(t *testing.T) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, base: w.url}
	b.client = &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if strings.HasSuffix(req.URL.Path, "/callback") {
			b.callback, b.cookies = req.URL, jar.Cookies(req.URL)
			if b.atCallback != nil && !b.atCallback(req.URL) {
				return http.ErrUseLastResponse
			}
		}
		return nil
	}}
	return b
}

// get fetches path (or an absolute URL), following redirects, and returns
// where it landed (path and query) with the status and body of that page.
func (b *browser) get(path string, cookies ...*http.Cookie) (string, int, string) {
	b.t.Helper()
	if strings.HasPrefix(path, "/") {
		path = b.base + path
	}
	req, err := http.NewRequestWithContext(b.t.Context(), http.MethodGet, path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return res.Request.URL.RequestURI(), res.StatusCode, string(body)
}

// signIn chooses the provider on the Finnish sign-in page, asking to land on
// the profile, and returns where the browser ends up.
func (b *browser) signIn(provider string) string {
	b.t.Helper()
	landed, _, _ := b.get("/auth/oidc/" + provider + "/start?lang=fi&next=" + url.QueryEscape("/fi/profile"))
	return landed
}

// me is what GET /api/v1/me says about the signed-in person.
type me struct {
	ID         string `json:"id"`
	GivenNames string `json:"given_names"`
	FamilyName string `json:"family_name"`
	Email      string `json:"email"`
	Masked     string `json:"personal_id_masked"`
}

// me returns the signed-in person, failing the test unless someone is.
func (b *browser) me() me {
	b.t.Helper()
	_, status, body := b.get("/api/v1/me")
	var m me
	if err := json.Unmarshal([]byte(body), &m); err != nil || status != http.StatusOK {
		b.t.Fatalf("GET /api/v1/me answered %d %s, want 200 with the signed-in person", status, body)
	}
	return m
}

// signedIn reports whether the browser holds a session.
func (b *browser) signedIn() bool {
	b.t.Helper()
	_, status, _ := b.get("/api/v1/me")
	return status == http.StatusOK
}
