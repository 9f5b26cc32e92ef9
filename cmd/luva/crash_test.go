package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/db"
	demoforms "github.com/luva-fi/luva/internal/demo/forms"
	"github.com/luva-fi/luva/internal/forms"
)

// TestKillingTheServerLosesNoAcknowledgedApplication builds the luva binary,
// serves the demo on SQLite and has eight customers send noise notifications
// with an attachment through the JSON API, each send with its own
// Idempotency-Key. The server is killed (SIGKILL, no shutdown) while sends are
// in flight, then started again on the same data directory. Every send the
// server acknowledged must be there, sent, numbered, with version 1 and its
// attachment's bytes; no case may be half sent, no number or key used twice;
// and retrying the sends that got no answer, with their keys, must not make
// second cases.
func TestKillingTheServerLosesNoAcknowledgedApplication(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server: not in -short")
	}
	bin := buildLuva(t)
	data := t.TempDir()
	answers := noiseAnswers(t)

	srv := startLuva(t, bin, data)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar, Timeout: 20 * time.Second}
	signIn(t, client, srv.url)

	// Eight customers send until the server dies under them.
	var (
		mu       sync.Mutex
		attempts []*attempt
		acked    atomic.Int64
		wg       sync.WaitGroup
	)
	for w := range 8 {
		wg.Go(func() {
			for n := 0; ; n++ {
				a := &attempt{key: fmt.Sprintf("crash-%d-%d", w, n)}
				mu.Lock()
				attempts = append(attempts, a)
				mu.Unlock()
				if err := a.send(client, srv.url, answers, w*1000+n); err != nil {
					a.err = err
					return // the server is gone
				}
				acked.Add(1)
			}
		})
	}
	deadline := time.Now().Add(20 * time.Second)
	for acked.Load() < 30 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(150 * time.Millisecond) // into the middle of the next sends
	srv.kill(t)
	wg.Wait()
	var lost int
	for _, a := range attempts {
		if a.number == "" {
			lost++
		}
	}
	t.Logf("before the kill: %d sends acknowledged, %d cut off", acked.Load(), lost)
	if acked.Load() == 0 {
		t.Fatalf("no send was acknowledged before the kill; server log:\n%s", srv.log.String())
	}

	// The server comes back on the same data; the cut-off sends are retried
	// with their keys, as a client that lost the answer would.
	srv = startLuva(t, bin, data)
	jar, _ = cookiejar.New(nil)
	client = &http.Client{Jar: jar, Timeout: 20 * time.Second}
	signIn(t, client, srv.url)
	d := openData(t, data)
	hasFile := func(caseID string) (bool, error) {
		var n int
		err := d.Read.QueryRowContext(context.Background(), `SELECT count(*) FROM attachments WHERE case_id = $1 AND removed_at IS NULL`, caseID).Scan(&n)
		return n > 0, err
	}
	for _, a := range attempts {
		if a.number != "" {
			// Sending an acknowledged key again returns the same case.
			if c, status, err := a.submit(client, srv.url); err != nil || status != http.StatusOK || c.Number != a.number || c.ID != a.caseID {
				t.Errorf("send %s again after the restart: %d %+v %v, want %s", a.key, status, c, err, a.number)
			}
			continue
		}
		if a.caseID == "" {
			continue // the draft was never started: nothing to retry
		}
		if err := a.retry(client, srv.url, answers, hasFile); err != nil {
			t.Errorf("retry %s: %v", a.key, err)
		}
	}
	var committed, completed int
	for _, a := range attempts {
		switch {
		case a.committed:
			committed++
		case a.retried != "":
			completed++
		}
	}
	t.Logf("retries: %d sends had been committed without an answer, %d were completed and sent now", committed, completed)
	srv.stop(t)

	checkCases(t, d, data, attempts)
}

// attempt is one customer's send: what the server acknowledged and the file
// sent with it.
type attempt struct {
	key      string
	caseID   string
	fileSHA  string
	file     []byte
	attached bool   // the attachment was acknowledged
	number   string // the acknowledged case number: "" when not acknowledged
	retried  string // the number a retry after the restart got
	// committed says the server had sent the case before it died, though
	// the answer never reached the client.
	committed bool
	err       error
}

type caseBody struct {
	ID      string `json:"id"`
	Number  string `json:"number"`
	State   string `json:"state"`
	Version int    `json:"version"`
}

// send starts a noise notification, saves its answers, attaches a file of
// its own and sends it.
func (a *attempt) send(c *http.Client, base string, answers map[string]any, n int) error {
	var draft caseBody
	if _, err := call(c, "POST", base+"/api/v1/applications", "application/json", jsonBody(map[string]any{"service": "ta-noise-notification", "municipality": "091"}), nil, http.StatusCreated, &draft); err != nil {
		return err
	}
	a.caseID = draft.ID
	a.file = sitePlan(n)
	sum := sha256.Sum256(a.file)
	a.fileSHA = hex.EncodeToString(sum[:])
	return a.complete(c, base, answers)
}

// complete saves the answers, attaches the file unless it already was, and
// sends with the key.
func (a *attempt) complete(c *http.Client, base string, answers map[string]any) error {
	if _, err := call(c, "PUT", base+"/api/v1/applications/"+a.caseID+"/answers", "application/json", jsonBody(map[string]any{"answers": answers}), nil, http.StatusOK, nil); err != nil {
		return err
	}
	if !a.attached {
		q := url.Values{"field": {"site_plan"}, "name": {"asemapiirros.png"}}
		if _, err := call(c, "POST", base+"/api/v1/applications/"+a.caseID+"/attachments?"+q.Encode(), "image/png", a.file, nil, http.StatusCreated, nil); err != nil {
			return err
		}
		a.attached = true
	}
	sent, status, err := a.submit(c, base)
	if err != nil {
		return err
	}
	if status != http.StatusOK || sent.Number == "" || sent.State != "submitted" {
		return fmt.Errorf("send %s: %d %+v", a.key, status, sent)
	}
	a.number = sent.Number
	return nil
}

func (a *attempt) submit(c *http.Client, base string) (caseBody, int, error) {
	var sent caseBody
	status, err := call(c, "POST", base+"/api/v1/applications/"+a.caseID+"/submit", "", nil, http.Header{"Idempotency-Key": {a.key}}, 0, &sent)
	return sent, status, err
}

// retry sends a cut-off attempt again after the restart, as a client that
// lost the answer would: the same key first, which returns the case when the
// server committed the send before it died; when the draft was cut off
// before it was complete (422), it is completed and sent. hasFile says
// whether the server took the attachment whose answer was lost, so that it
// is not attached twice.
func (a *attempt) retry(c *http.Client, base string, answers map[string]any, hasFile func(caseID string) (bool, error)) error {
	sent, status, err := a.submit(c, base)
	if err != nil {
		return err
	}
	if status == http.StatusOK {
		a.retried, a.committed = sent.Number, true
		return nil
	}
	if status != http.StatusUnprocessableEntity {
		return fmt.Errorf("send: %d %+v", status, sent)
	}
	if !a.attached {
		if a.attached, err = hasFile(a.caseID); err != nil {
			return err
		}
	}
	if err := a.complete(c, base, answers); err != nil {
		return err
	}
	a.retried, a.number = a.number, ""
	return nil
}

// call makes one API request and decodes the answer into out. want, when
// not 0, is the only status accepted.
func call(c *http.Client, method, u, contentType string, body []byte, h http.Header, want int, out any) (int, error) {
	req, err := http.NewRequestWithContext(context.Background(), method, u, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	for k, v := range h {
		req.Header[k] = v
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, fmt.Errorf("%s %s: read the answer: %w", method, u, err)
	}
	if want != 0 && res.StatusCode != want {
		return res.StatusCode, fmt.Errorf("%s %s: %d %s", method, u, res.StatusCode, b)
	}
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			return res.StatusCode, fmt.Errorf("%s %s: %w in %s", method, u, err, b)
		}
	}
	return res.StatusCode, nil
}

func jsonBody(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// sitePlan is a small real PNG whose pixels depend on n, so every send's
// file is different.
func sitePlan(n int) []byte {
	img := image.NewGray(image.Rect(0, 0, 64, 64))
	for i := range img.Pix {
		img.Pix[i] = byte(i*7 + n*13 + n/251)
	}
	img.Pix[0], img.Pix[1], img.Pix[2] = byte(n), byte(n>>8), byte(n>>16)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func signIn(t *testing.T, c *http.Client, base string) {
	t.Helper()
	if _, err := call(c, "POST", base+"/api/v1/sessions", "application/json", jsonBody(map[string]string{"username": "maija", "password": "luva-demo-2026"}), nil, http.StatusCreated, nil); err != nil {
		t.Fatalf("sign in: %v", err)
	}
}

// buildLuva builds the binary of this package into a temporary directory,
// skipping the test when it cannot be built here.
func buildLuva(t *testing.T) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("cannot build the luva binary: no go command on PATH (%v)", err)
	}
	bin := filepath.Join(t.TempDir(), "luva")
	out, err := exec.Command(gobin, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Skipf("cannot build the luva binary (%v): %s", err, out)
	}
	return bin
}

// server is a running luva process.
type server struct {
	cmd  *exec.Cmd
	url  string
	log  *syncBuffer
	done chan error
}

// startLuva serves the demo from data on a free port, with any further
// flags, and waits until it is ready.
func startLuva(t *testing.T, bin, data string, flags ...string) *server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s := &server{url: "http://" + addr, log: &syncBuffer{}, done: make(chan error, 1)}
	s.cmd = exec.Command(bin, append([]string{"serve", "--demo", "--addr", addr, "--data", data}, flags...)...)
	s.cmd.Env = append(os.Environ(), "LUVA_DATABASE_URL=", "LUVA_BLOB_URL=")
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start luva: %v", err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			s.cmd.Process.Kill() //nolint:errcheck // the test is over; it may have ended already
			<-s.done
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(s.url + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		select {
		case err := <-s.done:
			t.Fatalf("luva stopped before it was ready: %v\n%s", err, s.log.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("luva was not ready in 30 s:\n%s", s.log.String())
	return nil
}

// kill ends the server at once, as a power cut or the OOM killer would.
func (s *server) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Kill(); err != nil {
		t.Fatalf("kill luva: %v", err)
	}
	<-s.done
}

// stop shuts the server down in order, so that the test can read its database.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatalf("stop luva: %v", err)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("luva stopped with %v:\n%s", err, s.log.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("luva did not stop in 20 s:\n%s", s.log.String())
	}
}

// noiseAnswers are complete answers to the demo noise notification but its
// attachments, read from a posted page the way the web form reads them, so
// that they have the shapes the server validates.
func noiseAnswers(t *testing.T) map[string]any {
	t.Helper()
	all, err := demoforms.All()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(all, func(f forms.Form) bool { return f.ID == "noise-notification" })
	if i < 0 {
		t.Fatal("the demo has no noise-notification form")
	}
	c, err := forms.Compile(all[i])
	if err != nil {
		t.Fatal(err)
	}
	post := url.Values{
		"organiser_name": {"Maija Meikäläinen"}, "organiser_address.street": {"Puistokatu 1"}, "organiser_address.postcode": {"00100"},
		"organiser_address.city": {"Helsinki"}, "contact_name": {"Maija Meikäläinen"}, "contact_email": {"maija@example.fi"},
		"contact_phone": {"040 123 4567"}, "event_name": {"Pihakonsertti"}, "event_description": {"Akustinen konsertti pihalla."},
		"attendance": {"120"}, "venue_address.street": {"Puistokatu 3"}, "venue_address.postcode": {"00100"}, "venue_address.city": {"Helsinki"},
		"event_dates.from": {"2026-06-12"}, "event_dates.to": {"2026-06-13"}, "daily_hours.count": {"1"},
		"daily_hours.0.daily_hours_day": {"2026-06-12"}, "daily_hours.0.daily_hours_start": {"18:00"}, "daily_hours.0.daily_hours_end": {"21:30"},
		"noise_sources": {"amplified_music"}, "sound_equipment": {"2 x 2 kW"}, "nearest_site": {"Kerrostalo, Puistokatu 5"},
		"nearest_distance_m": {"150"}, "noise_level_db": {"63,5"}, "noise_assessment_basis": {"estimate"}, "music_after_22": {"no"},
		"noise_measures": {"Kaiuttimet poispäin asunnoista."}, "noise_monitoring": {"yes"}, "neighbour_info": {"letters"},
		"on_duty_phone": {"040 765 4321"},
	}
	a := forms.Answers{}
	for p := range all[i].Pages {
		a = c.ReadPage(p, post, a)
	}
	for _, e := range c.Validate(a) {
		if e.Field != "site_plan" {
			t.Fatalf("the test's noise notification has an error: %+v", e)
		}
	}
	return map[string]any(a)
}

// openData opens the SQLite database in the data directory for the checks.
func openData(t *testing.T, data string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), db.Config{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// checkCases checks the database after the crash and the retries.
func checkCases(t *testing.T, d *db.DB, data string, attempts []*attempt) {
	t.Helper()
	ctx := context.Background()
	// No case is half sent: a number, a send time, a version and version 1
	// come together or not at all.
	var half int
	err := d.Read.QueryRowContext(ctx, `SELECT count(*) FROM cases c WHERE
 (c.number IS NULL) <> (c.submitted_at IS NULL) OR (c.number IS NULL) <> (c.version = 0)
 OR (c.number IS NULL) <> (c.state = 'draft')
 OR (c.number IS NULL) = EXISTS (SELECT 1 FROM case_versions v WHERE v.case_id = c.id AND v.version = 1)`).Scan(&half)
	if err != nil || half != 0 {
		t.Errorf("%d cases are half sent (%v)", half, err)
	}
	var dupNumbers, dupKeys int
	if err := d.Read.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT number FROM cases WHERE number IS NOT NULL GROUP BY number HAVING count(*) > 1) x`).Scan(&dupNumbers); err != nil || dupNumbers != 0 {
		t.Errorf("%d case numbers are used twice (%v)", dupNumbers, err)
	}
	if err := d.Read.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT submit_key FROM cases WHERE submit_key IS NOT NULL GROUP BY submit_key HAVING count(*) > 1) x`).Scan(&dupKeys); err != nil || dupKeys != 0 {
		t.Errorf("%d send keys made two cases (%v)", dupKeys, err)
	}
	sent := 0
	for _, a := range attempts {
		number := a.number
		if number == "" {
			number = a.retried
		}
		if number == "" {
			continue
		}
		sent++
		var id, state, key, atts string
		var version int
		err := d.Read.QueryRowContext(ctx, `SELECT c.id, c.state, COALESCE(c.submit_key, ''), c.version, v.attachments
FROM cases c JOIN case_versions v ON v.case_id = c.id AND v.version = 1 WHERE c.number = $1`, number).Scan(&id, &state, &key, &version, &atts)
		if err != nil {
			t.Errorf("case %s of send %s after the restart: %v", number, a.key, err)
			continue
		}
		// The API keeps a client's key under the caller's name, so that two
		// callers' keys never meet: "api:<person>:<key>".
		if id != a.caseID || state != "submitted" || (key != a.key && !strings.HasSuffix(key, ":"+a.key)) || version != 1 {
			t.Errorf("case %s: id %s state %s key %q version %d, want %s submitted %s 1", number, id, state, key, version, a.caseID, a.key)
		}
		var ids []string
		if err := json.Unmarshal([]byte(atts), &ids); err != nil || len(ids) != 1 {
			t.Errorf("case %s: version 1 lists attachments %s (%v), want the one sent", number, atts, err)
			continue
		}
		var sum, blobKey string
		if err := d.Read.QueryRowContext(ctx, `SELECT sha256, blob_key FROM attachments WHERE id = $1 AND case_id = $2`, ids[0], id).Scan(&sum, &blobKey); err != nil {
			t.Errorf("case %s: attachment %s: %v", number, ids[0], err)
			continue
		}
		content, err := os.ReadFile(filepath.Join(data, "files", filepath.FromSlash(blobKey)))
		got := sha256.Sum256(content)
		if err != nil || sum != a.fileSHA || hex.EncodeToString(got[:]) != a.fileSHA {
			t.Errorf("case %s: the attachment's content is not what was sent (row %s, file %x, sent %s, %v)", number, sum, got, a.fileSHA, err)
		}
	}
	var keyed int
	if err := d.Read.QueryRowContext(ctx, `SELECT count(*) FROM cases WHERE submit_key LIKE '%crash-%'`).Scan(&keyed); err != nil || keyed != sent {
		t.Errorf("%d cases carry the test's send keys, want the %d sends (%v)", keyed, sent, err)
	}
	t.Logf("after the restart: %d sends in the database, each once, none half sent", sent)
}
