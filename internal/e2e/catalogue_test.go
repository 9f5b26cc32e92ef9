package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCatalogue drives the service catalogue, a bundle summary and the
// content editor's workflow, scanning every page with axe.
func TestBrowserCatalogue(t *testing.T) {
	s := newSuite(t)
	flows := []struct {
		name string
		run  func(t *testing.T, s *suite, ctx context.Context)
	}{
		{"a visitor finds the noise notification and sees who handles it in Tampere", findService},
		{"a visitor plans an event in Tampere and gets the deadlines counted back", planEvent},
		{"a content editor changes guidance that customers see only after publishing", editGuidance},
		{"a platform admin renames a bundle and an empty name is refused", editBundle},
		{"a visitor searches with an inflected word and a typo", searchServices},
		{"a customer meets the confirmation and refusal pages", confirmAndRefuse},
		{"a content editor previews a draft as customers would see it", previewDraft},
	}
	for _, f := range flows {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			f.run(t, s, s.isolatedTab(t))
		})
	}
}

func findService(t *testing.T, s *suite, ctx context.Context) {
	s.open(ctx, t, "/fi/services?bundle=Ta")
	s.scanAccessibility(ctx, t)
	s.screenshot(ctx, t, "services-fi")
	do(ctx, t, "open the noise notification", chromedp.Click(chromedp.CSS("a[href='/fi/services/ta-noise-notification']")))
	waitPath(ctx, t, "/fi/services/ta-noise-notification")
	do(ctx, t, "choose Tampere",
		chromedp.SetValue(chromedp.CSS("#municipality"), "837"),
		chromedp.Click(chromedp.CSS("form.inline-form button[type=submit]")))
	waitPath(ctx, t, "municipality=837")
	if got := text(ctx, t, ".summary-list"); !strings.Contains(got, "Tampereen kaupunki") || !strings.Contains(got, "118 §") {
		t.Errorf("the service page says %q; want Tampere as the handler and the legal basis", got)
	}
	s.screenshot(ctx, t, "service-fi")
	s.scanAccessibility(ctx, t)
}

func planEvent(t *testing.T, s *suite, ctx context.Context) {
	s.open(ctx, t, "/en/bundles/Ta?municipality=837&start=2027-06-18")
	if got := text(ctx, t, "table.data-table"); !strings.Contains(got, "Tampereen kaupunki") || !strings.Contains(got, "by 19 May 2027") {
		t.Errorf("the summary says %q; want Tampere and the noise notification by 19 May 2027", got)
	}
	s.screenshot(ctx, t, "bundle-summary-en")
	s.scanAccessibility(ctx, t)
	s.open(ctx, t, "/en/bundles/Ta?start=not-a-date")
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#start']")))
	s.scanAccessibility(ctx, t)
}

func editGuidance(t *testing.T, s *suite, ctx context.Context) {
	s.signInAs(ctx, t, "fi", "sisalto", "/fi/content")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "open the noise notification", chromedp.Click(chromedp.CSS("a[href='/fi/content/services/ta-noise-notification']")))
	waitPath(ctx, t, "/fi/content/services/ta-noise-notification")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "empty the Finnish name and save",
		chromedp.Clear(chromedp.CSS("#name_fi")),
		chromedp.Click(chromedp.CSS("button[value=save]")))
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#name_fi']")))
	s.scanAccessibility(ctx, t)
	do(ctx, t, "write a new summary and submit for review",
		chromedp.SetValue(chromedp.CSS("#name_fi"), "Meluilmoitus"),
		chromedp.SetValue(chromedp.CSS("#summary_fi"), "Tilapäisen meluavan toiminnan ilmoitus kunnan ympäristönsuojeluun."),
		chromedp.SetValue(chromedp.CSS("#note"), "Selkeämpi tiivistelmä"),
		chromedp.Click(chromedp.CSS("button[value=submit]")))
	waitPath(ctx, t, "done=submitted_for_review")
	s.open(ctx, t, "/fi/services/ta-noise-notification")
	if got := text(ctx, t, ".lead"); strings.Contains(got, "Tilapäisen meluavan") {
		t.Errorf("customers see the unpublished summary %q", got)
	}
	s.open(ctx, t, "/fi/content/services/ta-noise-notification")
	do(ctx, t, "publish", chromedp.Click(chromedp.CSS("button[value=publish]")))
	waitPath(ctx, t, "done=content_published")
	s.screenshot(ctx, t, "content-edit-fi")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "open version 2", chromedp.Click(chromedp.CSS("a[href$='/versions/2']")))
	waitPath(ctx, t, "/versions/2")
	if got := text(ctx, t, "main"); !strings.Contains(got, "Siiri") {
		t.Errorf("the version page lacks the author: %q", got)
	}
	if got := text(ctx, t, ".diff ins"); got == "" {
		t.Error("the version page marks no inserted text")
	}
	s.screenshot(ctx, t, "content-version-fi")
	s.scanAccessibility(ctx, t)
	s.open(ctx, t, "/fi/services/ta-noise-notification")
	if got := text(ctx, t, ".lead"); !strings.Contains(got, "Tilapäisen meluavan") {
		t.Errorf("after publishing customers see %q", got)
	}
}

func editBundle(t *testing.T, s *suite, ctx context.Context) {
	s.signInAs(ctx, t, "en", "paakayttaja", "/en/admin/bundles")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "empty the English name of K",
		chromedp.Clear(chromedp.CSS("#K_name_en")),
		chromedp.Click(chromedp.CSS("form[action$='/admin/bundles/K'] button[type=submit]")))
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#K_name_en']")))
	s.scanAccessibility(ctx, t)
	do(ctx, t, "rename",
		chromedp.SendKeys(chromedp.CSS("#K_name_en"), "Mining and quarrying"),
		chromedp.Click(chromedp.CSS("form[action$='/admin/bundles/K'] button[type=submit]")))
	waitPath(ctx, t, "done=bundle_saved")
	s.open(ctx, t, "/en/")
	if got := text(ctx, t, "#bundles"); !strings.Contains(got, "Mining and quarrying") {
		t.Errorf("the front page lacks the new name: %q", got)
	}
}

func searchServices(t *testing.T, s *suite, ctx context.Context) {
	s.open(ctx, t, "/fi/search")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "search for an inflected form",
		chromedp.SendKeys(chromedp.CSS("#search-q"), "meluilmoituksen"),
		chromedp.Click(chromedp.CSS("form[role=search] button[type=submit]")))
	waitPath(ctx, t, "q=meluilmoituksen")
	if got := text(ctx, t, ".result-list"); !strings.Contains(got, "Meluilmoitus") {
		t.Errorf("results %q lack the noise notification", got)
	}
	s.screenshot(ctx, t, "search-fi")
	s.scanAccessibility(ctx, t)
	s.open(ctx, t, "/sv/search?q=fyrverkerier")
	if got := text(ctx, t, "main"); !strings.Contains(strings.ToLower(got), "fyrverk") {
		t.Errorf("Swedish results %q lack fireworks", got)
	}
	s.open(ctx, t, "/en/search?q=qqqqqqqqqqqq")
	do(ctx, t, "wait for the empty state", chromedp.WaitVisible(chromedp.CSS(".notice--info")))
	s.scanAccessibility(ctx, t)
}

func confirmAndRefuse(t *testing.T, s *suite, ctx context.Context) {
	s.signInAs(ctx, t, "sv", "maija", "/sv/profile/sessions/end-all")
	if got := text(ctx, t, "main h1"); !strings.Contains(got, "Logga ut från alla enheter") {
		t.Errorf("the confirmation page says %q", got)
	}
	s.scanAccessibility(ctx, t)
	if status := s.open(ctx, t, "/sv/admin/audit"); status != 403 {
		t.Errorf("a customer opening the audit log: %d, want 403", status)
	}
	if got := text(ctx, t, "main h1"); !strings.Contains(got, "Ingen åtkomst") {
		t.Errorf("the refusal page says %q", got)
	}
	s.screenshot(ctx, t, "forbidden-sv")
	s.scanAccessibility(ctx, t)
}

func previewDraft(t *testing.T, s *suite, ctx context.Context) {
	s.signInAs(ctx, t, "en", "sisalto", "/en/content/services/ta-food-sales-notice")
	do(ctx, t, "change the English summary and preview",
		chromedp.SetValue(chromedp.CSS("#summary_en"), "Tell the food control authority before you sell food at an event."),
		chromedp.Click(chromedp.CSS("button[value=preview]")))
	waitPath(ctx, t, "/preview")
	if got := text(ctx, t, ".lead"); !strings.Contains(got, "Tell the food control authority") {
		t.Errorf("the preview shows %q, not the draft", got)
	}
	s.screenshot(ctx, t, "content-preview-en")
	s.scanAccessibility(ctx, t)
}
