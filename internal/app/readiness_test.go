package app_test

import (
	"context"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/app"
	"github.com/luva-fi/luva/internal/db/dbtest"
)

// cuttableProxy forwards TCP to PostgreSQL until cut, and again after resume:
// from luva's side that is PostgreSQL stopping and coming back.
type cuttableProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	up     bool
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *cuttableProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cuttableProxy{ln: ln, target: target, up: true}
	t.Cleanup(func() { ln.Close(); p.cut() })
	go p.accept()
	return p
}

func (p *cuttableProxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		up := p.up
		p.mu.Unlock()
		if !up {
			c.Close()
			continue
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, s)
		p.mu.Unlock()
		go func() { io.Copy(s, c); s.Close() }()
		go func() { io.Copy(c, s); c.Close() }()
	}
}

func (p *cuttableProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.up = false
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *cuttableProxy) resume() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.up = true
}

func TestReadinessFollowsPostgreSQLWithoutRestart(t *testing.T) {
	if !strings.Contains(strings.Join(dialectNames(), ","), "postgres") {
		t.Skip("PostgreSQL left out with LUVA_TEST_POSTGRES=off")
	}
	schemaURL, err := url.Parse(dbtest.NewPostgresSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	proxy := newProxy(t, schemaURL.Host)
	schemaURL.Host = proxy.ln.Addr().String()
	q := schemaURL.Query()
	q.Set("connect_timeout", "2")
	schemaURL.RawQuery = q.Encode()

	a, err := app.Open(context.Background(), app.Config{DataDir: t.TempDir(), DatabaseURL: schemaURL.String()})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close(context.Background())
	h := a.Handler()

	waitFor := func(want int) {
		t.Helper()
		var got int
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			res, _ := do(t, h, "GET", "/readyz")
			if got = res.StatusCode; got == want {
				return
			}
		}
		t.Fatalf("readyz stayed %d, want %d", got, want)
	}
	waitFor(200)
	proxy.cut()
	waitFor(503)
	if res, _ := do(t, h, "GET", "/healthz"); res.StatusCode != 200 {
		t.Errorf("healthz %d while the database is away; the process is still up", res.StatusCode)
	}
	proxy.resume()
	waitFor(200)
}

func dialectNames() []string {
	var out []string
	for _, d := range dbtest.Dialects() {
		out = append(out, d.String())
	}
	return out
}
