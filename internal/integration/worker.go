package integration

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/errs"
)

// MaxAttempts is how often a delivery is tried before it fails for good.
// With the default backoff the last attempt comes about 17 hours after the
// first: a receiver down overnight still gets its events.
const MaxAttempts = 12

// Timeout bounds one attempt, answer included.
const Timeout = 10 * time.Second

// DeliveryArgs is the durable job that sends one delivery. The job holds only
// the delivery's id; the row holds the body, so every retry sends the same.
type DeliveryArgs struct {
	DeliveryID string `json:"delivery_id"`
}

// Kind names the job.
func (DeliveryArgs) Kind() string { return "integration.webhook_delivery" }

// InsertOpts caps the attempts of every delivery job.
func (DeliveryArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: MaxAttempts} }

// Backoff is the default wait before the attempt after attempt n (1-based):
// 30 s, 1 min, 2 min, … doubling.
func Backoff(n int) time.Duration {
	return 30 * time.Second << min(max(n-1, 0), 20)
}

// Worker sends deliveries. It is idempotent by delivery id: a job run again
// after its delivery was settled does nothing.
type Worker struct {
	river.WorkerDefaults[DeliveryArgs]
	// Client sends the requests; its timeout bounds an attempt.
	Client *http.Client
	// Backoff says how long to wait after a failed attempt; tests shorten it.
	Backoff func(attempt int) time.Duration

	db    *db.DB
	clock clock.Clock
	log   *slog.Logger
}

// NewWorker returns the delivery worker on d.
func NewWorker(d *db.DB, clk clock.Clock, log *slog.Logger) *Worker {
	client := &http.Client{
		Timeout: Timeout,
		// A redirect is an answer, not a delivery: following it could send
		// case data somewhere the admin never entered.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Worker{Client: client, Backoff: Backoff, db: d, clock: clk, log: log}
}

// NextRetry schedules the next attempt after a failed one.
func (w *Worker) NextRetry(job *river.Job[DeliveryArgs]) time.Time {
	return time.Now().Add(w.Backoff(job.Attempt))
}

// Work makes one attempt at a delivery and records it in the log.
func (w *Worker) Work(ctx context.Context, job *river.Job[DeliveryArgs]) error {
	o, err := loadOutgoing(ctx, w.db.Read, job.Args.DeliveryID)
	if errs.KindOf(err) == errs.NotFound {
		return river.JobCancel(err)
	}
	if err != nil {
		return err
	}
	if o.Status != Pending {
		return nil
	}
	a := attempt{Status: Pending}
	var sendErr error
	if !o.Active {
		a.Status, a.Err = Failed, "the webhook was removed before the delivery was sent"
	} else {
		a.StatusCode, sendErr = w.send(ctx, o)
	}
	a.At = w.clock.Now().UTC()
	final := job.Attempt >= job.MaxAttempts
	switch {
	case !o.Active:
	case sendErr == nil:
		a.Status = Delivered
	case final:
		a.Status, a.Err = Failed, sendErr.Error()
	default:
		a.Err = sendErr.Error()
		next := a.At.Add(w.Backoff(job.Attempt))
		a.Next = &next
	}
	if err := recordAttempt(ctx, w.db.Write, o.ID, a); err != nil {
		return errors.Join(err, sendErr)
	}
	if a.Status == Failed {
		w.log.WarnContext(ctx, "webhook delivery failed for good", "delivery", o.ID, "url", o.URL, "attempts", o.Attempts+1, "err", a.Err)
	}
	if sendErr != nil {
		// River retries, or after the last attempt discards the job; the
		// delivery row already says which.
		return fmt.Errorf("webhook delivery %s, attempt %d of %d: %w", o.ID, job.Attempt, job.MaxAttempts, sendErr)
	}
	return nil
}

// send POSTs the delivery once and returns the answer's status code; any
// answer but 2xx is an error.
func (w *Worker) send(ctx context.Context, o outgoing) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.URL, bytes.NewReader(o.Body))
	if err != nil {
		return 0, fmt.Errorf("prepare the request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "luva-webhooks/1")
	req.Header.Set("Luva-Event", o.Topic)
	req.Header.Set("Luva-Delivery", o.ID)
	req.Header.Set(SignatureHeader, Sign(o.Secret, w.clock.Now(), o.Body))
	resp, err := w.Client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	// Read a little of the answer: enough to show why it failed, and to let
	// the connection be reused.
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp.StatusCode, nil
	}
	msg := fmt.Sprintf("the receiver answered %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	if text := strings.Join(strings.Fields(string(snippet)), " "); text != "" {
		msg += ": " + text
	}
	return resp.StatusCode, errors.New(msg)
}
