package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"runtime"
	"strings"
	"time"
)

// Password is the demo accounts' password, which the generated customers'
// accounts share.
const Password = "luva-demo-2026"

// newTransport is the connection pool every virtual user shares: as many
// idle connections as users, so that connections are kept, not reopened.
func newTransport(users int) *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = 4 * max(users, 1)
	tr.MaxIdleConnsPerHost = 4 * max(users, 1)
	if runtime.GOOS == "linux" {
		// A server allows 30 sign-ins per address in 15 minutes, and a run
		// signs in 10 accounts: the fourth run in a row against the same
		// server would be refused. Linux answers the whole of 127.0.0.0/8,
		// so each run comes from an address of its own there; a server
		// elsewhere is dialled as usual.
		local := &net.TCPAddr{IP: net.IPv4(127, byte(1+rand.IntN(254)), byte(rand.IntN(256)), byte(2+rand.IntN(253)))}
		plain := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
		loopback := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, LocalAddr: local}
		tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			if host, _, err := net.SplitHostPort(addr); err == nil && (network == "tcp" || network == "tcp4") {
				if ip := net.ParseIP(host); ip != nil && ip.To4() != nil && ip.IsLoopback() {
					return loopback.DialContext(ctx, "tcp4", addr)
				}
			}
			return plain.DialContext(ctx, network, addr)
		}
	}
	return tr
}

// client is one signed-in account on a luva server. Virtual users share an
// account's client: its session cookie is read-only once signed in.
type client struct {
	base    string
	account string
	http    *http.Client
	count   *Counter
}

// signIn signs username in through the JSON API and keeps the session.
func signIn(ctx context.Context, base, username string, tr http.RoundTripper, count *Counter) (*client, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	c := &client{base: strings.TrimRight(base, "/"), account: username, count: count,
		http: &http.Client{Jar: jar, Transport: tr, Timeout: 60 * time.Second}}
	body, _ := json.Marshal(map[string]string{"username": username, "password": Password})
	err = c.call(ctx, "POST", "/api/v1/sessions", "application/json", body, nil, http.StatusCreated, nil)
	var se *statusError
	switch {
	case errors.As(err, &se) && se.status == http.StatusTooManyRequests:
		return nil, fmt.Errorf("sign in %s: the server limits sign-ins to 30 per address in 15 minutes; wait, or run against a fresh data set: %w", username, err)
	case errors.As(err, &se) && se.status == http.StatusUnauthorized:
		return nil, fmt.Errorf("sign in %s: no such account with the demo password (was the data set made with luva bench generate?): %w", username, err)
	case err != nil:
		return nil, fmt.Errorf("sign in %s: %w", username, err)
	}
	return c, nil
}

// statusError is an answer with a status the caller did not want.
type statusError struct {
	method, path string
	status       int
	body         string
}

func (e *statusError) Error() string {
	return fmt.Sprintf("%s %s: %d %s", e.method, e.path, e.status, e.body)
}

// call makes one request and decodes a JSON answer into out (when not nil).
// want is the only status accepted.
func (c *client) call(ctx context.Context, method, path, contentType string, body []byte, h http.Header, want int, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	for k, v := range h {
		req.Header[k] = v
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	c.count.add(method != http.MethodGet)
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != want {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 300))
		return &statusError{method: method, path: path, status: res.StatusCode, body: strings.TrimSpace(string(b))}
	}
	if out == nil {
		// Read the answer whole, as a client would, so that the connection
		// is kept and the server's writing is part of the time.
		_, err = io.Copy(io.Discard, res.Body)
		return err
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		return fmt.Errorf("%s %s: decode the answer: %w", method, path, err)
	}
	return nil
}

// get is a GET with a 200 answer.
func (c *client) get(ctx context.Context, path string, out any) error {
	return c.call(ctx, "GET", path, "", nil, nil, http.StatusOK, out)
}

// postJSON sends v as JSON and wants status want.
func (c *client) postJSON(ctx context.Context, method, path string, v any, want int, out any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.call(ctx, method, path, "application/json", body, nil, want, out)
}
