package e2e

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/luva-fi/luva/internal/demo"
)

// TestBrowserSignedIn drives the pages behind sign-in in headless Chromium:
// each flow signs in as a demo user in a browser context of its own, so that
// their cookies do not mix, and every page it reaches passes the axe scan.
func TestBrowserSignedIn(t *testing.T) {
	s := newSuite(t)
	flows := []struct {
		name string
		run  func(t *testing.T, s *suite, ctx context.Context)
	}{
		{"a wrong password keeps the username and explains the error", wrongPassword},
		{"a customer signs in, corrects a profile error and saves", editProfile},
		{"a company's representative acts for it and manages its mandates", actForCompany},
		{"an organisation admin manages the users and roles", manageUsers},
		{"a platform admin browses and filters the audit log", browseAudit},
		{"a platform admin registers a company and a wrong business ID is explained", registerOrganisation},
	}
	for _, f := range flows {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			f.run(t, s, s.isolatedTab(t))
		})
	}
}

// isolatedTab is a tab in a fresh browser context: its own cookies.
func (s *suite) isolatedTab(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(s.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*tabTimeout)
	t.Cleanup(cancelTimeout)
	return ctx
}

// do runs browser steps and fails the test on error.
func do(ctx context.Context, t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// waitPath waits until the tab shows an address that contains part, after a
// form post and its redirect.
func waitPath(ctx context.Context, t *testing.T, part string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil && strings.Contains(loc, part) {
			do(ctx, t, "wait for the page", chromedp.WaitReady(chromedp.CSS("footer")))
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the browser is at %s, want an address containing %s", loc, part)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// text returns the text of the first element the selector finds.
func text(ctx context.Context, t *testing.T, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("read %s: %v", sel, err)
	}
	return s
}

// signInAs fills the sign-in form in lang and waits to land on next.
func (s *suite) signInAs(ctx context.Context, t *testing.T, lang, username, next string) {
	t.Helper()
	s.open(ctx, t, "/"+lang+"/sign-in?next="+next)
	do(ctx, t, "sign in as "+username,
		chromedp.SendKeys(chromedp.CSS("#username"), username),
		chromedp.SendKeys(chromedp.CSS("#password"), demo.Password),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	// The sign-in page's own address holds next in its query, so first wait
	// to leave it.
	deadline := time.Now().Add(10 * time.Second)
	for {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil && !strings.Contains(loc, "/sign-in") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still on the sign-in page at %s", loc)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// next may come escaped for the query; the browser lands on it plain.
	if plain, err := url.QueryUnescape(next); err == nil {
		next = plain
	}
	waitPath(ctx, t, next)
}

func wrongPassword(t *testing.T, s *suite, ctx context.Context) {
	s.open(ctx, t, "/en/sign-in")
	do(ctx, t, "sign in with a wrong password",
		chromedp.SendKeys(chromedp.CSS("#username"), "maija"),
		chromedp.SendKeys(chromedp.CSS("#password"), "not the password"),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	if got := text(ctx, t, ".error-summary"); !strings.Contains(got, "username or password is wrong") {
		t.Errorf("error summary %q", got)
	}
	username, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#username")))
	password, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#password")))
	if username != "maija" || password != "" {
		t.Errorf("the form kept username %q and password %q; want the username only", username, password)
	}
	s.screenshot(ctx, t, "sign-in-error-en")
	s.scanAccessibility(ctx, t)
}

func editProfile(t *testing.T, s *suite, ctx context.Context) {
	s.signInAs(ctx, t, "fi", "maija", "/fi/profile")
	if got := text(ctx, t, ".user-bar__who"); !strings.Contains(got, "Maija Meikäläinen") || !strings.Contains(got, "omissa asioissasi") {
		t.Errorf("the header says %q; want the name and whom she acts for", got)
	}
	s.scanAccessibility(ctx, t)
	do(ctx, t, "enter a bad postal code",
		chromedp.SetValue(chromedp.CSS("#postal_code"), "123"),
		chromedp.Click(chromedp.CSS("form[action='/fi/profile'] button[type=submit]")))
	do(ctx, t, "wait for the error summary", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#postal_code']")))
	s.screenshot(ctx, t, "profile-error-fi")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "correct the postal code",
		chromedp.SetValue(chromedp.CSS("#postal_code"), "00100"),
		chromedp.Click(chromedp.CSS("form[action='/fi/profile'] button[type=submit]")))
	waitPath(ctx, t, "/fi/profile?done=profile_saved")
	if got := text(ctx, t, ".notice--success"); !strings.Contains(got, "Tiedot tallennettu") {
		t.Errorf("notice %q", got)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#postal_code"))); v != "00100" {
		t.Errorf("postal code after saving: %q", v)
	}
	s.screenshot(ctx, t, "profile-fi")
}

func actForCompany(t *testing.T, s *suite, ctx context.Context) {
	s.signInAs(ctx, t, "sv", "eero", "/sv/acting-for")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "choose the company",
		chromedp.Click(chromedp.CSS("input[name=org]:not([value=self])")),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	waitPath(ctx, t, "/sv/?done=acting_for_changed")
	if got := text(ctx, t, ".user-bar__acting"); !strings.Contains(got, "Sommarfest Ab") {
		t.Errorf("the header says %q; want the company by its Swedish name", got)
	}
	do(ctx, t, "open the mandates", chromedp.Click(chromedp.CSS(".site-nav a[href*='/mandates']")))
	waitPath(ctx, t, "/mandates")
	if got := text(ctx, t, "table.data-table"); !strings.Contains(got, "Saga Svensson") {
		t.Errorf("the mandates table lacks Saga: %q", got)
	}
	s.screenshot(ctx, t, "mandates-sv")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "grant with a mistyped code",
		chromedp.SendKeys(chromedp.CSS("#personal_id"), "150385-912X"),
		chromedp.Click(chromedp.CSS("#right-view")),
		chromedp.Click(chromedp.CSS("form[action$='/mandates'] button[type=submit]")))
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#personal_id']")))
	s.scanAccessibility(ctx, t)
	do(ctx, t, "open the revoke confirmation", chromedp.Click(chromedp.CSS("table.data-table a[href$='/revoke']")))
	waitPath(ctx, t, "/revoke")
	s.scanAccessibility(ctx, t)
}

func manageUsers(t *testing.T, s *suite, ctx context.Context) {
	s.signInAs(ctx, t, "en", "hki-admin", "/en/admin")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "open the users", chromedp.Click(chromedp.CSS("main a[href$='/users']")))
	waitPath(ctx, t, "/users")
	do(ctx, t, "grant a role to an unknown address",
		chromedp.SendKeys(chromedp.CSS("#email"), "nobody@example.fi"),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#email']")))
	s.scanAccessibility(ctx, t)
	do(ctx, t, "grant a role to a real user",
		chromedp.SetValue(chromedp.CSS("#email"), "maija.meikalainen@example.fi"),
		chromedp.SetValue(chromedp.CSS("#role"), "inspector"),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	waitPath(ctx, t, "?done=role_granted")
	if got := text(ctx, t, "table.data-table"); !strings.Contains(got, "Maija Meikäläinen") {
		t.Errorf("the users table lacks the new inspector: %q", got)
	}
	s.screenshot(ctx, t, "members-en")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "add a unit without a name", chromedp.Click(chromedp.CSS("form[action$='/units'] button[type=submit]")))
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#unit_name']")))
	s.scanAccessibility(ctx, t)
	do(ctx, t, "add a unit",
		chromedp.SendKeys(chromedp.CSS("#unit_name"), "Ympäristöterveys"),
		chromedp.SendKeys(chromedp.CSS("#unit_name_sv"), "Miljöhälsa"),
		chromedp.Click(chromedp.CSS("form[action$='/units'] button[type=submit]")))
	waitPath(ctx, t, "done=unit_added")
	if got := text(ctx, t, "#units-title + ul"); !strings.Contains(got, "Ympäristöterveys / Miljöhälsa") {
		t.Errorf("the units list lacks the new unit: %q", got)
	}
}

func browseAudit(t *testing.T, s *suite, ctx context.Context) {
	s.signInAs(ctx, t, "fi", "paakayttaja", "/fi/admin/audit")
	if got := text(ctx, t, "table.data-table"); !strings.Contains(got, "session.sign_in") {
		t.Errorf("the audit log lacks sign-ins: %q", got)
	}
	s.scanAccessibility(ctx, t)
	do(ctx, t, "filter by action",
		chromedp.SendKeys(chromedp.CSS("#action"), "session."),
		chromedp.Click(chromedp.CSS("form.filter-form button[type=submit]")))
	waitPath(ctx, t, "action=session.")
	s.screenshot(ctx, t, "audit-fi")
	s.scanAccessibility(ctx, t)
}

func registerOrganisation(t *testing.T, s *suite, ctx context.Context) {
	s.signInAs(ctx, t, "sv", "paakayttaja", "/sv/admin/organisations")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "register a company with a mistyped business ID",
		chromedp.SendKeys(chromedp.CSS("#name"), "Festivaali Oy"),
		chromedp.SendKeys(chromedp.CSS("#business_id"), "0112038-8"),
		chromedp.Click(chromedp.CSS("form[action$='/admin/organisations'] button[type=submit]")))
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#business_id']")))
	if got := text(ctx, t, ".error-summary"); !strings.Contains(got, "Kontrollsiffran") {
		t.Errorf("error summary %q; want the check digit explained in Swedish", got)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#name"))); v != "Festivaali Oy" {
		t.Errorf("the form lost the name: %q", v)
	}
	s.screenshot(ctx, t, "organisations-error-sv")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "correct the business ID",
		chromedp.SetValue(chromedp.CSS("#business_id"), "0112038-9"),
		chromedp.Click(chromedp.CSS("form[action$='/admin/organisations'] button[type=submit]")))
	waitPath(ctx, t, "done=organisation_registered")
	if got := text(ctx, t, "table.data-table"); !strings.Contains(got, "Festivaali Oy") {
		t.Errorf("the list lacks the new company: %q", got)
	}
}
