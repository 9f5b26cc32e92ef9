// Package prh reads a company's public data from the open data API v3 of the
// Finnish Patent and Registration Office (Patentti- ja rekisterihallitus,
// PRH): the Business Information System (YTJ) with the Trade Register. The
// API is open, needs no key, and answers GET /companies?businessId=… with the
// company's names, company form, main line of business (a TOL 2008 code),
// addresses with municipality codes, and register entries.
package prh

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/idcode"
)

// DefaultBaseURL is the address of PRH's open data API v3 for YTJ data.
const DefaultBaseURL = "https://avoindata.prh.fi/opendata-ytj-api/v3"

// DefaultTimeout bounds one call when the Client sets no Timeout. The register
// only pre-answers questions the customer could answer by hand, so waiting
// long for it is worse than asking.
const DefaultTimeout = 10 * time.Second

// maxBody caps the answer read: one company is a few kilobytes, and a broken
// or hostile upstream must not make us buffer without end.
const maxBody = 4 << 20

// ErrNotFound is wrapped by Company when the register has no company with the
// business ID. The ID itself was valid: the company may be too new, or the ID
// mistyped into another valid one.
var ErrNotFound = errors.New("no company with this business ID in the business register")

// ErrUnavailable is wrapped by Company when the register could not answer: a
// timeout, a refused connection, an error status or an answer that is not the
// JSON the API documents. Callers fall back to asking the customer.
var ErrUnavailable = errors.New("the business register is unavailable")

// Client calls the API. The zero value works: BaseURL defaults to
// DefaultBaseURL, HTTP to http.DefaultClient and Timeout to DefaultTimeout.
type Client struct {
	BaseURL string
	HTTP    *http.Client
	Timeout time.Duration
}

// New returns a client for the API at baseURL ("" for DefaultBaseURL) that
// sends its requests with hc (nil for http.DefaultClient).
func New(baseURL string, hc *http.Client) *Client {
	return &Client{BaseURL: baseURL, HTTP: hc}
}

// Company returns the company with the business ID. An ID that does not pass
// its check digit is refused before any call with an *errs.Error of kind
// Invalid; a valid ID the register does not know returns an error wrapping
// ErrNotFound (of kind NotFound); a failure upstream wraps ErrUnavailable.
func (c *Client) Company(ctx context.Context, businessID string) (Company, error) {
	id, err := idcode.ParseBusinessID(businessID)
	if err != nil {
		e := errs.Wrap(errs.Invalid, "not a valid business ID", err)
		if r, ok := idcode.ReasonOf(err); ok {
			e.Fields = map[string]string{"business_id": string(r)}
		}
		return Company{}, e
	}
	body, err := c.get(ctx, id.String())
	if err != nil {
		return Company{}, fmt.Errorf("company %s from PRH: %w", id, err)
	}
	co, err := parseCompany(body, id.String())
	if errors.Is(err, ErrNotFound) {
		return Company{}, errs.Wrap(errs.NotFound, "no company with this business ID", fmt.Errorf("company %s: %w", id, err))
	}
	if err != nil {
		return Company{}, fmt.Errorf("company %s from PRH: %w: %w", id, ErrUnavailable, err)
	}
	return co, nil
}

// get fetches the raw answer for a normalised business ID.
func (c *Client) get(ctx context.Context, id string) ([]byte, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	base := strings.TrimRight(c.BaseURL, "/")
	if base == "" {
		base = DefaultBaseURL
	}
	u := base + "/companies?" + url.Values{"businessId": {id}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("%w: read answer: %w", ErrUnavailable, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("%w: status %d%s", ErrUnavailable, resp.StatusCode, upstreamMessage(body))
	}
	return body, nil
}

// upstreamMessage quotes what the API said about an error, for the log: its
// ErrorResponse message if the body is one, else the start of the body (a 429
// answers in plain text).
func upstreamMessage(body []byte) string {
	var e struct {
		Message   string `json:"message"`
		ErrorCode text   `json:"errorcode"`
	}
	msg := strings.TrimSpace(string(body))
	if json.Unmarshal(body, &e) == nil && e.Message != "" {
		msg = e.Message
		if e.ErrorCode != "" {
			msg += " (code " + string(e.ErrorCode) + ")"
		}
	}
	if msg == "" {
		return ""
	}
	if r := []rune(msg); len(r) > 200 {
		msg = string(r[:200]) + "…"
	}
	return ": " + msg
}
