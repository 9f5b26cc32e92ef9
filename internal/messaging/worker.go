package messaging

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/luva-fi/luva/internal/errs"
)

// MaxAttempts is how often an email is tried before it fails for good. With
// the default backoff the last attempt comes about 17 hours after the first:
// a mail server down overnight still gets its mail.
const MaxAttempts = 12

// EmailArgs is the durable job that sends one email. It holds only the
// notification's id; the row holds what is sent.
type EmailArgs struct {
	NotificationID string `json:"notification_id"`
}

// Kind names the job.
func (EmailArgs) Kind() string { return "messaging.email" }

// InsertOpts caps the attempts of every email job.
func (EmailArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: MaxAttempts} }

// Backoff is the default wait before the attempt after attempt n (1-based):
// 30 s, 1 min, 2 min, … doubling.
func Backoff(n int) time.Duration {
	return 30 * time.Second << min(max(n-1, 0), 20)
}

// EmailWorker sends emails. It is idempotent by notification: a job run
// again after its email was settled does nothing.
type EmailWorker struct {
	river.WorkerDefaults[EmailArgs]
	// Backoff says how long to wait after a failed attempt; tests shorten it.
	Backoff func(attempt int) time.Duration

	svc    *Service
	mailer *Mailer // nil: no mail server is configured
	// baseURL makes the links in emails absolute ("https://luva.example.fi").
	baseURL string
	log     *slog.Logger
}

// NewEmailWorker returns the email worker. With a nil mailer every email
// fails at once with the reason, visible in the delivery log.
func NewEmailWorker(svc *Service, mailer *Mailer, baseURL string, log *slog.Logger) *EmailWorker {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &EmailWorker{Backoff: Backoff, svc: svc, mailer: mailer, baseURL: strings.TrimRight(baseURL, "/"), log: log}
}

// NextRetry schedules the next attempt after a failed one.
func (w *EmailWorker) NextRetry(job *river.Job[EmailArgs]) time.Time {
	return time.Now().Add(w.Backoff(job.Attempt))
}

// errNoMailer is the reason emails fail where no mail server is configured.
var errNoMailer = errors.New("no mail server is configured (luva serve -smtp-url)")

// Work makes one attempt at an email and records it.
func (w *EmailWorker) Work(ctx context.Context, job *river.Job[EmailArgs]) error {
	n, err := notification(ctx, w.svc.db.Read, job.Args.NotificationID)
	if errs.KindOf(err) == errs.NotFound {
		return river.JobCancel(err)
	}
	if err != nil {
		return err
	}
	if n.Status != Pending {
		return nil
	}
	var sendErr error
	if w.mailer == nil {
		sendErr = errNoMailer
	} else {
		sendErr = w.send(ctx, n)
	}
	a := attempt{At: w.svc.clock.Now().UTC(), Status: Pending}
	final := job.Attempt >= job.MaxAttempts || Permanent(sendErr) || errors.Is(sendErr, errNoMailer)
	switch {
	case sendErr == nil:
		a.Status = Delivered
	case final:
		a.Status, a.Err = Failed, sendErr.Error()
	default:
		a.Err = sendErr.Error()
		next := a.At.Add(w.Backoff(job.Attempt))
		a.Next = &next
	}
	if err := recordAttempt(ctx, w.svc.db.Write, n.ID, a); err != nil {
		return errors.Join(err, sendErr)
	}
	switch {
	case sendErr == nil:
		return nil
	case final:
		w.log.WarnContext(ctx, "email failed for good", "notification", n.ID, "attempts", n.Attempts+1, "err", a.Err)
		return river.JobCancel(fmt.Errorf("email %s: %w", n.ID, sendErr))
	}
	// River retries; the row already says when.
	return fmt.Errorf("email %s, attempt %d of %d: %w", n.ID, job.Attempt, job.MaxAttempts, sendErr)
}

// send writes n in its person's language and hands it to the mail server.
func (w *EmailWorker) send(ctx context.Context, n Notification) error {
	r, err := loadRecipient(ctx, w.svc.db.Read, n.PersonID)
	if err != nil {
		return err
	}
	lang := r.Lang
	var body strings.Builder
	if n.BodyKey != "" {
		body.WriteString(w.svc.T(lang, n.BodyKey, n.Params) + "\n\n")
	}
	if n.Link != "" {
		body.WriteString(w.svc.T(lang, "messaging.email.open", map[string]string{"url": w.baseURL + "/" + lang + n.Link}) + "\n\n")
	}
	body.WriteString("-- \n" + w.svc.T(lang, "messaging.email.footer", map[string]string{"url": w.baseURL + "/" + lang + "/profile"}) + "\n")
	return w.mailer.Send(ctx, Mail{ID: n.ID, To: n.Recipient, Subject: w.svc.T(lang, n.TitleKey, n.Params), Body: body.String(), Date: w.svc.clock.Now()})
}
