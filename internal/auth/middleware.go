package auth

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/errs"
)

// CookieName is the session cookie.
const CookieName = "luva_session"

type ctxKey int

const (
	principalKey ctxKey = iota
	secretKey
)

// PrincipalFrom returns who is signed in for the request (Anonymous if nobody).
func PrincipalFrom(ctx context.Context) access.Principal {
	p, _ := ctx.Value(principalKey).(access.Principal)
	return p
}

// SecretFrom returns the session's cookie secret, from which form tokens derive.
func SecretFrom(ctx context.Context) string {
	s, _ := ctx.Value(secretKey).(string)
	return s
}

// WithPrincipal returns ctx carrying the principal and session secret.
func WithPrincipal(ctx context.Context, p access.Principal, secret string) context.Context {
	return context.WithValue(context.WithValue(ctx, principalKey, p), secretKey, secret)
}

// Middleware puts the signed-in principal into each request's context. A cookie
// whose session has ended is cleared; the request goes on as anonymous. When
// the session cannot be read at all (the database is away for a moment), the
// request is answered 503 and the cookie kept: a hiccup must not sign anyone
// out.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(CookieName)
		if err != nil || c.Value == "" {
			next.ServeHTTP(w, r)
			return
		}
		p, _, err := s.Principal(r.Context(), c.Value)
		if k := errs.KindOf(err); err != nil && (k == errs.Unauthenticated || k == errs.NotFound) {
			ClearCookie(w, r)
			next.ServeHTTP(w, r)
			return
		}
		if err != nil {
			w.Header().Set("Retry-After", "5")
			http.Error(w, "The service is briefly unavailable. Please try again in a moment.", http.StatusServiceUnavailable)
			return
		}
		next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), p, c.Value)))
	})
}

// SetCookie hands the browser its session cookie: not readable by scripts, sent
// only to this site and, over HTTPS, only encrypted.
func (s *Service) SetCookie(w http.ResponseWriter, r *http.Request, secret string) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: secret, Path: "/", HttpOnly: true, Secure: isHTTPS(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.Sessions.Absolute / time.Second)})
}

// ClearCookie removes the session cookie.
func ClearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: "/", HttpOnly: true, Secure: isHTTPS(r), SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

func isHTTPS(r *http.Request) bool {
	return r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"
}

// RequestInfo describes the request for the audit log.
func RequestInfo(r *http.Request) access.Request {
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	return access.Request{Route: r.Pattern, IP: ip, UserAgent: r.UserAgent()}
}
