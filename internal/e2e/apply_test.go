package e2e

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserApply fills in and sends an application in headless Chromium:
// start, one page at a time with a validation error corrected and a file
// uploaded, check your answers, send. Every page it stops on passes the axe
// scan.
func TestBrowserApply(t *testing.T) {
	s := newSuite(t)
	flows := []struct {
		name string
		run  func(t *testing.T, s *suite, ctx context.Context)
	}{
		{"a private person sends a noise notification with a site plan in Helsinki", sendNoiseNotification},
		{"a wrong page, a disguised file and a file removed are handled on the application", applyBadInput},
	}
	for _, f := range flows {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			f.run(t, s, s.isolatedTab(t))
		})
	}
}

// byID selects an element by an id that holds dots, as the parts and cells
// of form fields do ("venue_address.street").
func byID(id string) chromedp.CSS { return chromedp.CSS("[id='" + id + "']") }

// fill sets the value of each input, by id, and fails the test on error.
func fill(ctx context.Context, t *testing.T, values map[string]string) {
	t.Helper()
	for id, v := range values {
		do(ctx, t, "fill in "+id, chromedp.SetValue(byID(id), v))
	}
}

// continuePage presses "Save and continue".
func continuePage(ctx context.Context, t *testing.T) {
	t.Helper()
	do(ctx, t, "save and continue", chromedp.Click(chromedp.CSS("main .button-row button[value=next]")))
}

func sendNoiseNotification(t *testing.T, s *suite, ctx context.Context) {
	s.signInAs(ctx, t, "en", "maija", "/en/services/ta-noise-notification")
	caseID := applyForNoise(t, s, ctx)
	receipt, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch('/en/cases/`+caseID+`/receipt.pdf').then(r => r.status + ' ' + r.headers.get('content-type') + ' ' + r.headers.get('content-disposition'))`, chromedp.EvalAwaitPromise))
	if err != nil || !strings.HasPrefix(receipt, "200 application/pdf") || !strings.Contains(receipt, "receipt-LUVA-2") {
		t.Errorf("the receipt answers %q (%v); want a PDF named by the case number", receipt, err)
	}
	preview, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector('a[href*="/attachments/"]') ? document.querySelector('a[href*="/attachments/"]').href + '?preview=1' : '/none').then(r => r.status + ' ' + r.headers.get('content-type'))`, chromedp.EvalAwaitPromise))
	if err == nil && strings.HasPrefix(preview, "200") && !strings.Contains(preview, "image/png") {
		t.Errorf("the site plan's preview answers %q, want a PNG thumbnail", preview)
	}
}

// applyForNoise fills in and sends Maija's noise notification from the
// service page she is on, and returns the case's id from the page it lands on.
func applyForNoise(t *testing.T, s *suite, ctx context.Context) string {
	t.Helper()
	plan := sitePlan(t)
	do(ctx, t, "press Apply", chromedp.Click(chromedp.CSS("main a[href^='/en/services/ta-noise-notification/apply']")))
	waitPath(ctx, t, "/en/services/ta-noise-notification/apply")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "start without a municipality", chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	do(ctx, t, "wait for the error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#municipality']")))
	do(ctx, t, "start in Helsinki",
		chromedp.SetValue(chromedp.CSS("#municipality"), "091"),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	waitPath(ctx, t, "/pages/1")
	contains(ctx, t, "main", "Step 1 of 4", "Organiser and contact person", "Prefilled from")
	if v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#contact_name"))); err != nil || v != "Maija Liisa Meikäläinen" {
		t.Errorf("the contact's name is %q (%v); want it from the population register", v, err)
	}

	fill(ctx, t, map[string]string{
		"organiser_name": "Maija's garden party", "organiser_address.street": "Mannerheimintie 1",
		"organiser_address.postcode": "00100", "organiser_address.city": "Helsinki",
		"contact_email": "maija@example.fi", "contact_phone": "not a number",
	})
	continuePage(ctx, t)
	do(ctx, t, "wait for the error summary", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#contact_phone']")))
	if got := text(ctx, t, "#contact_phone-error"); !strings.Contains(got, "040 123 4567") {
		t.Errorf("the phone's error says %q", got)
	}
	if v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#contact_email"))); err != nil || v != "maija@example.fi" {
		t.Errorf("the email typed was not kept: %q %v", v, err)
	}
	s.screenshot(ctx, t, "apply-page-error-en")
	s.scanAccessibility(ctx, t)
	fill(ctx, t, map[string]string{"contact_phone": "040 123 4567"})
	continuePage(ctx, t)
	waitPath(ctx, t, "/pages/2")

	fill(ctx, t, map[string]string{
		"event_name": "Garden party", "event_description": "A summer party with a band in the yard.",
		"venue_address.street": "Mannerheimintie 1", "venue_address.postcode": "00100", "venue_address.city": "Helsinki",
		"event_dates.from": "2030-06-25", "event_dates.to": "2030-06-25",
		"daily_hours.0.daily_hours_day": "2030-06-25", "daily_hours.0.daily_hours_start": "18.00", "daily_hours.0.daily_hours_end": "21.30",
	})
	continuePage(ctx, t)
	waitPath(ctx, t, "/pages/3")

	do(ctx, t, "describe the noise",
		chromedp.Click(byID("noise_sources--1")), // live music
		chromedp.Click(byID("noise_assessment_basis--2")),
		chromedp.Click(byID("music_after_22--1")),
		chromedp.Click(byID("noise_monitoring--1")),
		chromedp.Click(byID("neighbour_info")))
	fill(ctx, t, map[string]string{
		"nearest_site": "Apartment building across the street", "nearest_distance_m": "40", "noise_level_db": "85",
		"noise_measures": "Speakers face away from the houses.", "on_duty_phone": "040 765 4321",
	})
	continuePage(ctx, t)
	waitPath(ctx, t, "/pages/4")

	do(ctx, t, "attach the site plan", chromedp.SetUploadFiles(chromedp.CSS("#site_plan"), []string{plan}))
	continuePage(ctx, t)
	waitPath(ctx, t, "/check")
	contains(ctx, t, "main", "Check your answers", "Garden party", "site-plan.png", "Live music")
	s.screenshot(ctx, t, "apply-check-en")
	s.scanAccessibility(ctx, t)

	// A double click sends once and lands on the case all the same.
	do(ctx, t, "send twice", chromedp.DoubleClick(chromedp.CSS("main form[action$='/send'] button.button")))
	waitPath(ctx, t, "done=application_sent")
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.Contains(loc, "/en/cases/") {
		t.Fatalf("sent to %s, want the case page", loc)
	}
	return strings.Split(strings.Split(loc, "/en/cases/")[1], "?")[0]
}

func applyBadInput(t *testing.T, s *suite, ctx context.Context) {
	plan := sitePlan(t)
	disguised := filepath.Join(t.TempDir(), "plan.png")
	if err := os.WriteFile(disguised, []byte("this is a text file, not an image\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.signInAs(ctx, t, "en", "maija", url.QueryEscape("/en/services/ta-noise-notification/apply?municipality=091"))
	do(ctx, t, "start in Helsinki", chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	waitPath(ctx, t, "/pages/1")
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	base := strings.TrimPrefix(strings.Split(loc, "/pages/")[0], s.baseURL)
	for _, path := range []string{base + "/pages/9", base + "/pages/x", "/en/applications/no-such-case/pages/1", "/en/cases/no-such-case/attachments/x"} {
		if status := s.open(ctx, t, path); status != 404 {
			t.Errorf("%s answers %d, want 404", path, status)
		}
	}

	s.open(ctx, t, base+"/pages/4")
	do(ctx, t, "attach a text file named as an image",
		chromedp.SetUploadFiles(chromedp.CSS("#site_plan"), []string{disguised}),
		chromedp.Click(chromedp.CSS("main .button-row button[value=later]")))
	do(ctx, t, "wait for the file's error", chromedp.WaitVisible(chromedp.CSS(".error-summary a[href='#site_plan']")))
	contains(ctx, t, "#site_plan-error", "plan.png", "does not match its name")
	s.scanAccessibility(ctx, t)

	do(ctx, t, "attach the real site plan",
		chromedp.SetUploadFiles(chromedp.CSS("#site_plan"), []string{plan}),
		chromedp.Click(chromedp.CSS("main .button-row button[value=later]")))
	waitPath(ctx, t, "/en/folder")
	s.open(ctx, t, base+"/pages/4")
	contains(ctx, t, ".form-field__files", "site-plan.png")
	do(ctx, t, "remove the site plan", chromedp.Click(chromedp.CSS(".form-field__files button[name=_remove_file]")))
	waitPath(ctx, t, "/remove?page=4")
	contains(ctx, t, "main h1", "site-plan.png")
	s.scanAccessibility(ctx, t)
	do(ctx, t, "confirm", chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	waitPath(ctx, t, "/pages/4?done=apply_attachment_removed")
	contains(ctx, t, "main", "The file has been removed.", "No files attached.")
}

// sitePlan writes a small PNG site plan for the upload.
func sitePlan(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		img.Set(x, 24, color.Black)
	}
	path := filepath.Join(t.TempDir(), "site-plan.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	return path
}
