package auth

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/luva-fi/luva/internal/clock"
)

// fakeIssuer answers discovery requests one at a time as the test tells it
// to, counting them.
type fakeIssuer struct {
	issuer string
	calls  atomic.Int32
	answer chan bool // true serves the document, false fails
}

func (f *fakeIssuer) RoundTrip(r *http.Request) (*http.Response, error) {
	f.calls.Add(1)
	if !<-f.answer {
		return &http.Response{StatusCode: http.StatusServiceUnavailable, Body: io.NopCloser(strings.NewReader("down")), Request: r}, nil
	}
	doc := fmt.Sprintf(`{"issuer": %q, "authorization_endpoint": "%[1]s/authorize", "token_endpoint": "%[1]s/token", "jwks_uri": "%[1]s/jwks"}`, f.issuer)
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(doc)), Request: r}, nil
}

func TestDiscoveryIsSharedByRequestsThatWaitForItAndRetriedAfterAFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &fakeIssuer{issuer: "https://idp.example", answer: make(chan bool)}
		p := &provider{cfg: OIDCProvider{Name: "idp", Issuer: f.issuer, ClientID: "luva", RedirectBaseURL: "https://luva.example"},
			client: &http.Client{Transport: f}, clock: clock.Real{}}
		results := make(chan error)
		for range 5 {
			go func() {
				_, err := p.discover(t.Context())
				results <- err
			}()
		}
		synctest.Wait() // all five wait: one for the provider, four for the first
		if n := f.calls.Load(); n != 1 {
			t.Fatalf("five requests while the provider hangs fetched %d times, want once", n)
		}
		f.answer <- false
		for range 5 {
			if err := <-results; err == nil {
				t.Error("a request got endpoints from a provider that failed")
			}
		}
		go func() { f.answer <- true }()
		for range 2 {
			ep, err := p.discover(t.Context())
			if err != nil || ep.oauth.Endpoint.TokenURL != "https://idp.example/token" {
				t.Fatalf("after the provider came back: %+v, %v", ep, err)
			}
		}
		if n := f.calls.Load(); n != 2 {
			t.Errorf("fetched %d times, want twice: once failing, once to succeed and then no more", n)
		}
	})
}
