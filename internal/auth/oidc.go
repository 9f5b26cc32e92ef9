package auth

import (
	"context"
	"github.com/luva-fi/luva/internal/access"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/i18n"
	"github.com/luva-fi/luva/internal/identity"
)

// stateCookie binds a sign-in to the browser that started it: the callback
// must come with the cookie that holds its state, so that nobody can slip
// their own finished sign-in into someone else's browser.
const stateCookie = "luva_oidc_state"

// OIDC signs people in through OpenID Connect providers: strong
// identification brokers for customers and single sign-on for authority users.
type OIDC struct {
	auth      *Service
	db        *db.DB
	people    *identity.Store
	clock     clock.Clock
	log       *slog.Logger
	providers map[string]*provider
}

// NewOIDC checks the providers' settings and fetches each provider's discovery
// document. A provider that cannot be reached is logged and tried again when
// someone next chooses it; only wrong settings are an error.
func NewOIDC(ctx context.Context, s *Service, providers []OIDCProvider, log *slog.Logger) (*OIDC, error) {
	providers, err := CheckOIDCProviders(providers)
	if err != nil {
		return nil, err
	}
	o := &OIDC{auth: s, db: s.db, people: s.people, clock: s.clock, log: log, providers: map[string]*provider{}}
	client := &http.Client{Timeout: 15 * time.Second}
	var wg sync.WaitGroup
	for _, cfg := range providers {
		p := &provider{cfg: cfg, client: client, clock: s.clock}
		o.providers[cfg.Name] = p
		wg.Go(func() {
			if _, err := p.discover(ctx); err != nil {
				log.Warn("OIDC provider unavailable; it will be tried again when chosen", "provider", cfg.Name, "error", err)
			}
		})
	}
	wg.Wait()
	return o, nil
}

// Register adds the start and callback routes to mux. Both are open to
// anyone: they are how one signs in.
func (o *OIDC) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /auth/oidc/{provider}/start", o.start)
	mux.HandleFunc("GET /auth/oidc/{provider}/callback", o.callback)
}

// Rules lists the routes for the access matrix.
func (o *OIDC) Rules() []access.RouteRule {
	return []access.RouteRule{
		{Method: "GET", Pattern: "/auth/oidc/{provider}/start", Action: access.Public},
		{Method: "GET", Pattern: "/auth/oidc/{provider}/callback", Action: access.Public},
	}
}

// start sends the browser to the provider, having stored what the callback
// will check: the state, the nonce and the PKCE verifier.
func (o *OIDC) start(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	lang := q.Get("lang")
	if !i18n.Supported(lang) {
		lang = i18n.Default
	}
	name := r.PathValue("provider")
	p, ok := o.providers[name]
	if !ok {
		o.log.Warn("OIDC sign-in with an unknown provider", "provider", name)
		signInError(w, r, lang, "oidc")
		return
	}
	ep, err := p.discover(ctx)
	if err != nil {
		o.log.Error("OIDC provider unavailable", "provider", name, "error", err)
		signInError(w, r, lang, "oidc")
		return
	}
	state, nonce, verifier := newSecret(), newSecret(), oauth2.GenerateVerifier()
	pending := pendingSignIn{Provider: name, Nonce: nonce, Verifier: verifier, Next: localPath(q.Get("next"), lang), Lang: lang,
		ExpiresAt: o.clock.Now().Add(stateTTL)}
	if err := o.saveState(ctx, state, pending); err != nil {
		o.log.Error("OIDC sign-in could not start", "provider", name, "error", err)
		signInError(w, r, lang, "oidc")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Value: state, Path: "/auth/oidc/", HttpOnly: true, Secure: isHTTPS(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(stateTTL / time.Second)})
	http.Redirect(w, r, ep.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusFound)
}

// callback finishes a sign-in: it takes the state (once), exchanges the code,
// verifies the ID token, finds or links the person and starts a session.
// Whatever goes wrong sends the browser back to the sign-in page with a
// message, and is logged and audited.
func (o *OIDC) callback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	name := r.PathValue("provider")
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Value: "", Path: "/auth/oidc/", HttpOnly: true, Secure: isHTTPS(r),
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	pending, err := o.claimState(ctx, r, name)
	lang := pending.Lang
	if !i18n.Supported(lang) {
		lang = i18n.Default
	}
	var personID string
	if err == nil {
		personID, err = o.identify(ctx, r, o.providers[name], pending)
	}
	var secret string
	if err == nil {
		secret, _, err = o.auth.SignInPerson(ctx, RequestInfo(r), personID, methodOIDCPfx+name)
	}
	if err != nil {
		o.refuse(w, r, name, lang, err)
		return
	}
	o.auth.SetCookie(w, r, secret)
	http.Redirect(w, r, pending.Next, http.StatusSeeOther)
}

// localPath keeps the address to land on after sign-in on this site: a path
// of our own, not "//host" or "/\host", which browsers take for other sites.
func localPath(next, lang string) string {
	if strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n\t") {
		return next
	}
	return "/" + lang + "/"
}

// signInError sends the browser to the sign-in page showing signin.error.<key>.
func signInError(w http.ResponseWriter, r *http.Request, lang, key string) {
	http.Redirect(w, r, "/"+lang+"/sign-in?error="+key, http.StatusSeeOther)
}
