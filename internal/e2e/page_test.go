package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
)

// pageFacts is what the tests read from a loaded page.
type pageFacts struct {
	URL     string   `json:"url"`
	Lang    string   `json:"lang"`    // of the html element
	H1      []string `json:"h1"`      // text of every h1
	Bundles []string `json:"bundles"` // codes on the service bundle cards
}

// readFacts gathers pageFacts in the page.
const readFacts = `({
	url: location.href,
	lang: document.documentElement.lang,
	h1: Array.from(document.querySelectorAll('h1'), e => e.textContent.trim()),
	bundles: Array.from(document.querySelectorAll('#bundles .card .badge'), e => e.textContent.trim())
})`

// open loads path from the server under test in the tab, waits for the body
// and returns the HTTP status of the document.
func (s *suite) open(ctx context.Context, t *testing.T, path string) int64 {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(s.baseURL+path))
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatalf("wait for the body of %s: %v", path, err)
	}
	return resp.Status
}

// facts reads pageFacts from the page in the tab.
func facts(ctx context.Context, t *testing.T) pageFacts {
	t.Helper()
	f, err := chromedp.Run(ctx, chromedp.Evaluate[pageFacts](readFacts))
	if err != nil {
		t.Fatalf("read the page: %v", err)
	}
	return f
}

// focusState describes the element that has the keyboard focus.
type focusState struct {
	Tag    string `json:"tag"`
	ID     string `json:"id"`
	Class  string `json:"class"`
	Href   string `json:"href"`
	InView bool   `json:"inView"` // larger than a clipped pixel and inside the viewport
}

// readFocus gathers focusState in the page.
const readFocus = `(() => {
	const e = document.activeElement;
	const r = e.getBoundingClientRect();
	return {
		tag: e.tagName.toLowerCase(),
		id: e.id,
		class: e.className,
		href: e.getAttribute('href') || '',
		inView: r.width > 1 && r.height > 1 && r.top >= 0 && r.left >= 0 &&
			r.bottom <= window.innerHeight && r.right <= window.innerWidth
	};
})()`

// focus reads focusState from the page in the tab.
func focus(ctx context.Context, t *testing.T) focusState {
	t.Helper()
	f, err := chromedp.Run(ctx, chromedp.Evaluate[focusState](readFocus))
	if err != nil {
		t.Fatalf("read the focus: %v", err)
	}
	return f
}
