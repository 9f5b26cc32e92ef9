package auth

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/luva-fi/luva/internal/clock"
)

// discoveryTimeout bounds one fetch of a provider's discovery document, so
// that a provider that does not answer cannot hold up luva's start.
const discoveryTimeout = 10 * time.Second

// provider is a configured OpenID Connect provider and, once its discovery
// document has been fetched, its endpoints and ID token verifier.
type provider struct {
	cfg    OIDCProvider
	client *http.Client
	clock  clock.Clock

	mu      sync.Mutex // guards the fields below
	found   *endpoints
	pending chan struct{} // closed when the discovery under way ends
	err     error         // of the last discovery
}

// endpoints is what a discovered provider offers a sign-in.
type endpoints struct {
	oauth    *oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// discover returns the provider's endpoints, fetching its discovery document
// the first time and after every failure: a provider that was down when luva
// started works as soon as it is back. Requests that arrive while a fetch is
// under way wait for its answer instead of queueing fetches of their own, so
// a provider that hangs delays each of them once, not once per request ahead.
func (p *provider) discover(ctx context.Context) (endpoints, error) {
	p.mu.Lock()
	if p.found != nil {
		defer p.mu.Unlock()
		return *p.found, nil
	}
	if wait := p.pending; wait != nil {
		p.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return endpoints{}, ctx.Err()
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.found != nil {
			return *p.found, nil
		}
		return endpoints{}, p.err
	}
	done := make(chan struct{})
	p.pending = done
	p.mu.Unlock()

	// The fetch serves everyone waiting, so it does not end with the request
	// that happened to start it.
	ep, err := p.fetch(context.WithoutCancel(ctx))
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pending, p.err = nil, err
	if err == nil {
		p.found = &ep
	}
	close(done)
	return ep, err
}

// fetch reads the discovery document and prepares the sign-in endpoints.
func (p *provider) fetch(ctx context.Context) (endpoints, error) {
	ctx, cancel := context.WithTimeout(oidc.ClientContext(ctx, p.client), discoveryTimeout)
	defer cancel()
	op, err := oidc.NewProvider(ctx, p.cfg.Issuer)
	if err != nil {
		return endpoints{}, fmt.Errorf("discover OIDC provider %s at %s: %w", p.cfg.Name, p.cfg.Issuer, err)
	}
	oauth := &oauth2.Config{
		ClientID:     p.cfg.ClientID,
		ClientSecret: p.cfg.ClientSecret,
		Endpoint:     op.Endpoint(),
		RedirectURL:  p.cfg.CallbackURL(),
		Scopes:       p.cfg.Scopes,
	}
	// The verifier checks the signature against the provider's published
	// keys, the issuer, that the audience is our client id, and the expiry
	// by luva's clock.
	verifier := op.Verifier(&oidc.Config{ClientID: p.cfg.ClientID, Now: p.clock.Now})
	return endpoints{oauth, verifier}, nil
}
