package auth_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
)

var t0 = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

const password = "correct horse battery"

// setup makes one person with a local account and returns the sign-in service.
func setup(t *testing.T, d *db.DB) (*auth.Service, *clock.Settable, identity.Person) {
	t.Helper()
	ctx := context.Background()
	clk := clock.NewSettable(t0)
	var p identity.Person
	err := d.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		if p, err = identity.CreatePerson(ctx, tx, t0, identity.Person{GivenNames: "Maija", FamilyName: "Meikäläinen"}); err != nil {
			return err
		}
		return identity.SetLocalAccount(ctx, tx, t0, p.ID, "maija", password)
	})
	if err != nil {
		t.Fatal(err)
	}
	return auth.NewService(d, identity.NewStore(d), clk), clk, p
}

var req = access.Request{Route: "POST /fi/sign-in", IP: "192.0.2.10", UserAgent: "test"}

func TestSessionsEndWhenIdleOrTooOld(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc, clk, p := setup(t, d)
		secret, _, err := svc.SignInLocal(ctx, req, "Maija ", password)
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := svc.Principal(ctx, secret)
		if err != nil || got.PersonID != p.ID || got.Name != "Maija Meikäläinen" {
			t.Fatalf("principal %+v, %v", got, err)
		}
		// Used every 20 minutes, the session lives until the absolute limit.
		for clk.Now().Before(t0.Add(svc.Sessions.Absolute - 20*time.Minute)) {
			clk.Advance(20 * time.Minute)
			if _, _, err := svc.Principal(ctx, secret); err != nil {
				t.Fatalf("at %v: %v", clk.Now(), err)
			}
		}
		clk.Advance(20 * time.Minute)
		if _, _, err := svc.Principal(ctx, secret); errs.KindOf(err) != errs.Unauthenticated {
			t.Errorf("after the absolute timeout: %v, want unauthenticated", err)
		}

		secret, _, err = svc.SignInLocal(ctx, req, "maija", password)
		if err != nil {
			t.Fatal(err)
		}
		clk.Advance(svc.Sessions.Idle)
		if _, _, err := svc.Principal(ctx, secret); errs.KindOf(err) != errs.Unauthenticated {
			t.Errorf("after the idle timeout: %v, want unauthenticated", err)
		}
	})
}

func TestTheDatabaseHoldsNoUsableSessionSecret(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc, _, _ := setup(t, d)
		secret, _, err := svc.SignInLocal(ctx, req, "maija", password)
		if err != nil {
			t.Fatal(err)
		}
		var stored string
		if err := d.Read.QueryRowContext(ctx, `SELECT secret_hash FROM sessions`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored == secret {
			t.Fatal("the session secret is stored as such")
		}
		if _, _, err := svc.Principal(ctx, stored); err == nil {
			t.Error("the stored hash works as a cookie")
		}
	})
}

func TestWrongPasswordsAreRefusedAuditedAndRateLimited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc, clk, _ := setup(t, d)
		for i := 0; i < 5; i++ {
			if _, _, err := svc.SignInLocal(ctx, req, "maija", "wrong password!"); errs.KindOf(err) != errs.Unauthenticated {
				t.Fatalf("attempt %d: %v, want unauthenticated", i+1, err)
			}
		}
		if _, _, err := svc.SignInLocal(ctx, req, "maija", password); errs.KindOf(err) != errs.TooMany {
			t.Errorf("sixth attempt, right password: %v, want rate limited", err)
		}
		entries, err := audit.List(ctx, d, audit.Filter{Action: "session.sign_in", Outcome: "failed"})
		if err != nil || len(entries) != 6 {
			t.Errorf("%d failed sign-ins audited (%v), want 6", len(entries), err)
		}
		clk.Advance(16 * time.Minute)
		if _, _, err := svc.SignInLocal(ctx, req, "maija", password); err != nil {
			t.Errorf("after the window: %v", err)
		}
		if res, err := audit.Verify(ctx, d); err != nil || res.FirstBrokenID != 0 {
			t.Errorf("audit chain: %+v %v", res, err)
		}
	})
}

func TestSignOutEverywhereEndsEverySession(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc, _, _ := setup(t, d)
		a, _, _ := svc.SignInLocal(ctx, req, "maija", password)
		b, _, _ := svc.SignInLocal(ctx, req, "maija", password)
		p, _, err := svc.Principal(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := svc.SignOutEverywhere(ctx, p, req); err != nil || n != 2 {
			t.Fatalf("ended %d (%v), want 2", n, err)
		}
		for _, s := range []string{a, b} {
			if _, _, err := svc.Principal(ctx, s); err == nil {
				t.Error("a session survived signing out everywhere")
			}
		}
	})
}

func TestFormTokensBelongToTheirSession(t *testing.T) {
	if !auth.ValidFormToken("secret-a", auth.FormToken("secret-a")) {
		t.Error("a session's own token is refused")
	}
	if auth.ValidFormToken("secret-b", auth.FormToken("secret-a")) || auth.ValidFormToken("", auth.FormToken("")) {
		t.Error("a token of another session, or of none, is accepted")
	}
}

func TestADatabaseHiccupKeepsTheSession(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc, _, _ := setup(t, d)
		secret, _, err := svc.SignInLocal(ctx, req, "maija", password)
		if err != nil {
			t.Fatal(err)
		}
		h := svc.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, auth.PrincipalFrom(r.Context()).Name)
		}))
		get := func(cookie string) *httptest.ResponseRecorder {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.AddCookie(&http.Cookie{Name: auth.CookieName, Value: cookie})
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			return w
		}
		if w := get(secret); w.Code != http.StatusOK || w.Body.String() != "Maija Meikäläinen" {
			t.Fatalf("with a good session: %d %q", w.Code, w.Body)
		}
		if w := get("no-such-session"); w.Code != http.StatusOK || w.Body.String() != "" || !strings.Contains(w.Header().Get("Set-Cookie"), "Max-Age=0") {
			t.Errorf("with an unknown session: %d %q, cookie %q; want anonymous and the cookie cleared", w.Code, w.Body, w.Header().Get("Set-Cookie"))
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
		if w := get(secret); w.Code != http.StatusServiceUnavailable || w.Header().Get("Set-Cookie") != "" {
			t.Errorf("with the database away: %d, cookie %q; want 503 and the cookie kept", w.Code, w.Header().Get("Set-Cookie"))
		}
	})
}
