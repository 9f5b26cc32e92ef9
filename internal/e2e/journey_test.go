package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserNoiseNotificationJourney follows one noise notification from
// the catalogue to the decision, with the customer and the authority each in
// their own browser: Maija finds the service and sends it with a site plan;
// the Helsinki handler takes it and asks for completion; Maija supplements
// it; the handler decides. At each step Maija's folder and case page show
// where the case stands, its working days and the estimate.
func TestBrowserNoiseNotificationJourney(t *testing.T) {
	s := newSuite(t)
	maija, handler := s.isolatedTab(t), s.isolatedTab(t)
	// The two tabs take turns, so each step needs more than one tab's time.
	maija, cancelMaija := context.WithTimeout(maija, 3*time.Minute)
	defer cancelMaija()
	handler, cancelHandler := context.WithTimeout(handler, 3*time.Minute)
	defer cancelHandler()

	// From the catalogue to a sent notification.
	s.signInAs(maija, t, "en", "maija", "/en/services?q=noise")
	do(maija, t, "open the noise notification", chromedp.Click(chromedp.CSS("main a[href='/en/services/ta-noise-notification']")))
	waitPath(maija, t, "/en/services/ta-noise-notification")
	id := applyForNoise(t, s, maija)
	casePage := "/en/cases/" + id
	contains(maija, t, "main", "Submitted", "Processing time so far", "working days", "Estimated decision",
		"Estimated from", "decided cases of the same service", "It is an estimate, not a promise.", "site-plan.png")
	contains(maija, t, "main", fmt.Sprintf("LUVA-%d-", time.Now().Year()))
	s.open(maija, t, "/en/folder?group=ongoing")
	contains(maija, t, "main", "Submitted")
	s.scanAccessibility(maija, t)

	// The handler takes the case and asks for completion.
	overview := "/fi/authority/cases/" + id
	s.signInAs(handler, t, "fi", "kasittelija", overview)
	contains(handler, t, "main", "Jätetty", "Käsittelyaika")
	do(handler, t, "take the case", chromedp.Click(chromedp.CSS("form[action$='/take'] button")))
	waitPath(handler, t, "done=taken")
	do(handler, t, "open the completion request", chromedp.Click(chromedp.CSS("main a[href$='/completion']")))
	waitPath(handler, t, overview+"/completion")
	do(handler, t, "ask for the direction of the speakers",
		chromedp.SetValue(chromedp.CSS("#message"), "Lisätkää asemapiirrokseen kaiuttimien suuntaus ja laskettu melutaso."),
		chromedp.SetValue(chromedp.CSS("#deadline"), time.Now().AddDate(0, 0, 21).Format(time.DateOnly)),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")))
	waitPath(handler, t, "done=completion_requested")
	contains(handler, t, "main", "Täydennystä pyydetty")

	// Maija sees the request, the paused clock, and supplements.
	s.open(maija, t, casePage)
	contains(maija, t, "main", "Completion requested", "Lisätkää asemapiirrokseen", "Waiting for completion")
	s.scanAccessibility(maija, t)
	do(maija, t, "start the supplement", chromedp.Click(chromedp.CSS("form[action$='/edit'] button[type=submit]")))
	waitPath(maija, t, "/pages/1")
	continuePage(maija, t)
	waitPath(maija, t, "/pages/2")
	continuePage(maija, t)
	waitPath(maija, t, "/pages/3")
	fill(maija, t, map[string]string{"noise_level_db": "72", "noise_measures": "Speakers face the sea, away from the houses; the level is measured at the mixing desk."})
	continuePage(maija, t)
	waitPath(maija, t, "/pages/4")
	continuePage(maija, t)
	waitPath(maija, t, "/check")
	contains(maija, t, "main", "85", "72")
	s.scanAccessibility(maija, t)
	do(maija, t, "send the supplement",
		chromedp.SetValue(chromedp.CSS("#note"), "The speakers now face the sea; the noise level was recalculated."),
		chromedp.Click(chromedp.CSS("main form[action$='/send'] button.button")))
	waitPath(maija, t, "done=supplement_sent")
	contains(maija, t, "main", "In processing", "Completion requested", "Estimated decision")

	// The handler sees the supplement and decides.
	s.open(handler, t, overview)
	contains(handler, t, "main", "Käsittelyssä", "Täydennys", "72")
	do(handler, t, "open the decision", chromedp.Click(chromedp.CSS("main a[href$='/decision']")))
	waitPath(handler, t, overview+"/decision")
	do(handler, t, "grant with a condition",
		chromedp.Click(chromedp.CSS("#outcome-conditional")),
		chromedp.SetValue(chromedp.CSS("#body"), "Ilmoitettu konsertti saa aiheuttaa melua annetuin ehdoin."),
		chromedp.SetValue(chromedp.CSS("#conditions"), "Musiikki päättyy klo 21.30."),
		chromedp.Click(chromedp.CSS("button[value=preview]")))
	do(handler, t, "wait for the preview", chromedp.WaitVisible(chromedp.CSS("button[value=confirm]")))
	do(handler, t, "give the decision", chromedp.Click(chromedp.CSS("button[value=confirm]")))
	waitPath(handler, t, "done=decided")

	// Maija's folder and case page tell the whole story.
	s.open(maija, t, "/en/folder?group=decided")
	contains(maija, t, "main", "Decision given")
	s.scanAccessibility(maija, t)
	s.open(maija, t, casePage)
	contains(maija, t, "main", "Decision given", "Granted with conditions", "Musiikki päättyy klo 21.30.",
		"Draft → Submitted", "Submitted → In processing", "In processing → Completion requested", "Completion requested → In processing",
		"Decision given: Granted with conditions", "working days", "Download the decision (PDF)")
	s.screenshot(maija, t, "journey-decided-en")
	s.scanAccessibility(maija, t)
}
