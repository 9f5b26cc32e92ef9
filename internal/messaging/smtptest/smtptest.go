// Package smtptest runs a real SMTP server process for tests: the smtpsink
// command, built from source and started on a port of this machine, which a
// test can stop and start again on the same address to play a mail server's
// outage. What the server accepts is read back with Messages.
package smtptest

import (
	"bufio"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// Server is a running SMTP server process.
type Server struct {
	// Addr is where it listens, host:port.
	Addr string
	bin  string
	dir  string
	cmd  *exec.Cmd
}

// Start builds the server and starts it on a free port; it stops when the
// test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{bin: filepath.Join(t.TempDir(), "smtpsink"), dir: t.TempDir()}
	build := exec.Command("go", "build", "-o", s.bin, "github.com/luva-fi/luva/internal/messaging/internal/smtpsink")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the test SMTP server: %v\n%s", err, out)
	}
	if err := s.try("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

// URL is the server's address as luva's mail server setting.
func (s *Server) URL() string { return "smtp://" + s.Addr }

// try starts the server on addr once.
func (s *Server) try(addr string) error {
	cmd := exec.Command(s.bin, "-addr", addr, "-dir", s.dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start the test SMTP server: %w", err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait() //nolint:errcheck // it did not start
		return fmt.Errorf("the test SMTP server did not start on %s: %w", addr, err)
	}
	go io.Copy(io.Discard, out) //nolint:errcheck // drain
	s.cmd, s.Addr = cmd, strings.TrimSpace(strings.TrimPrefix(line, "listening on "))
	return nil
}

// Stop ends the server process: the mail server is down.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Kill()
	s.cmd.Wait() //nolint:errcheck // killed on purpose
	s.cmd = nil
}

// Restart starts the server again on the address it had, waiting for the
// port to be free.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.Stop()
	var err error
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if err = s.try(s.Addr); err == nil {
			return
		}
	}
	t.Fatal(err)
}

// Message is one message the server accepted.
type Message struct {
	// To is the envelope's recipients, comma-separated.
	To      string
	Subject string
	// Body is the decoded text.
	Body   string
	Header mail.Header
}

// Messages reads what the server accepted so far, in order.
func (s *Server) Messages(t testing.TB) []Message {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(s.dir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	var out []Message
	for _, name := range names {
		out = append(out, read(t, name))
	}
	return out
}

func read(t testing.TB, name string) Message {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := mail.ReadMessage(f)
	if err != nil {
		t.Fatalf("%s is not a mail message: %v", name, err)
	}
	var body io.Reader = m.Body
	if strings.EqualFold(m.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(m.Body)
	}
	text, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("%s: subject: %v", name, err)
	}
	return Message{To: m.Header.Get("X-Envelope-To"), Subject: subject, Body: string(text), Header: m.Header}
}
