package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/db/dbtest"
)

// syncBuffer is written by the server goroutine and read by the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func noEnv(string) string { return "" }

func TestBadConfigurationEndsWithOneLineThatSaysWhatToFix(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"an unknown flag names the flag", []string{"serve", "--colour", "blue"}, nil, "flag provided but not defined: -colour"},
		{"an unknown command is named", []string{"serv"}, nil, `unknown command "serv"`},
		{"a port in use says to choose another address", []string{"serve", "--addr", busy.Addr().String(), "--data", t.TempDir()}, nil, "choose another address with --addr"},
		{"a data directory that cannot be made says so", []string{"serve", "--addr", "127.0.0.1:0", "--data", filepath.Join(file, "sub")}, nil, "choose another with --data"},
		{"an unreachable database says which setting to check", []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--database-url", "postgres://postgres@127.0.0.1:1/none?connect_timeout=2"}, nil, "check --database-url"},
		{"a database URL of another kind is refused", []string{"migrate", "--data", t.TempDir()}, map[string]string{"LUVA_DATABASE_URL": "mysql://root@localhost/luva"}, "must start with postgres://"},
		{"a malformed boolean variable is named", []string{"serve"}, map[string]string{"LUVA_DEMO": "perhaps"}, "LUVA_DEMO"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string { return tt.env[k] }
			var stdout, stderr syncBuffer
			err := run(context.Background(), tt.args, getenv, &stdout, &stderr)
			if err == nil {
				t.Fatal("want an error")
			}
			if msg := err.Error(); !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line containing %q", msg, tt.want)
			}
		})
	}
}

func TestVersionPrintsTheVersion(t *testing.T) {
	var out syncBuffer
	if err := run(context.Background(), []string{"version"}, noEnv, &out, &out); err != nil || !strings.HasPrefix(out.String(), "luva ") {
		t.Errorf("version printed %q, err %v", out.String(), err)
	}
}

func TestServeWithDemoDataAnswersAndShutsDownGracefully(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(dialect.String(), func(t *testing.T) {
			cfg := dbtest.Config(t, dialect)
			env := map[string]string{"LUVA_DATA": t.TempDir(), "LUVA_DATABASE_URL": cfg.URL, "LUVA_ADDR": "127.0.0.1:0"}
			getenv := func(k string) string { return env[k] }
			serveOnce := func(args ...string) string {
				ctx, cancel := context.WithCancel(context.Background())
				var stdout, stderr syncBuffer
				done := make(chan error, 1)
				go func() { done <- run(ctx, append([]string{"serve"}, args...), getenv, &stdout, &stderr) }()
				url := waitForURL(t, &stdout, done)
				res, err := http.Get(url + "en/")
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != 200 {
					t.Errorf("GET %sen/: %d", url, res.StatusCode)
				}
				cancel()
				select {
				case err := <-done:
					if err != nil {
						t.Fatalf("serve ended with %v; stderr:\n%s", err, stderr.String())
					}
				case <-time.After(20 * time.Second):
					t.Fatal("serve did not stop")
				}
				return stdout.String()
			}
			first := serveOnce("--demo")
			if !strings.Contains(first, "Demo data loaded: 5 service bundles") {
				t.Errorf("first start printed %q", first)
			}
			second := serveOnce("--demo")
			if !strings.Contains(second, "already loaded; nothing changed") {
				t.Errorf("second start printed %q", second)
			}
		})
	}
}

func waitForURL(t *testing.T, stdout *syncBuffer, done chan error) string {
	t.Helper()
	re := regexp.MustCompile(`running at (http://\S+/)`)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v", err)
		default:
		}
		if m := re.FindStringSubmatch(stdout.String()); m != nil {
			return m[1]
		}
	}
	t.Fatal("serve printed no URL")
	return ""
}

func TestMigrateAppliesAndThenReportsUpToDate(t *testing.T) {
	dir := t.TempDir()
	var out syncBuffer
	if err := run(context.Background(), []string{"migrate", "--data", dir}, noEnv, &out, &out); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"migrate", "--data", dir}, noEnv, &out, &out); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, "migrated") || !strings.Contains(s, "up to date") {
		t.Errorf("migrate printed %q", s)
	}
}
