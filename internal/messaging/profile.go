package messaging

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// ContactAge is how old confirmed contact details may grow before the person
// is asked to check them.
const ContactAge = 2 * 365 * 24 * time.Hour

// ContactCheckArgs is the daily job that asks people with old contact
// details to confirm them. Day makes it unique: however many nodes enqueue
// the same day's run, it runs once.
type ContactCheckArgs struct {
	Day string `json:"day"`
}

// Kind names the job.
func (ContactCheckArgs) Kind() string { return "messaging.contact_check" }

// InsertOpts makes one run per day.
func (ContactCheckArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// ContactCheckWorker runs the daily check and schedules the next one.
type ContactCheckWorker struct {
	river.WorkerDefaults[ContactCheckArgs]
	svc *Service
}

// NewContactCheckWorker returns the worker of the daily contact check.
func NewContactCheckWorker(svc *Service) *ContactCheckWorker { return &ContactCheckWorker{svc: svc} }

// Work asks the people due and enqueues tomorrow's run.
func (w *ContactCheckWorker) Work(ctx context.Context, job *river.Job[ContactCheckArgs]) error {
	if _, err := w.svc.AskToConfirmContacts(ctx); err != nil {
		return err
	}
	return w.svc.scheduleContactCheck(ctx, w.svc.clock.Now().Add(24*time.Hour))
}

// ScheduleContactCheck makes sure today's contact check is queued. Every
// node asks when it starts; asking twice for one day is harmless.
func (s *Service) ScheduleContactCheck(ctx context.Context) error {
	return s.scheduleContactCheck(ctx, s.clock.Now())
}

// scheduleContactCheck enqueues the contact check of the day of at, to run
// at 03:00 UTC that day, or now if that is past.
func (s *Service) scheduleContactCheck(ctx context.Context, at time.Time) error {
	at = at.UTC()
	day := at.Format(time.DateOnly)
	run := time.Date(at.Year(), at.Month(), at.Day(), 3, 0, 0, 0, time.UTC)
	if run.Before(s.clock.Now()) {
		run = time.Time{}
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := s.queue.Enqueue(ctx, tx, ContactCheckArgs{Day: day}, run)
		return err
	})
}

// AskToConfirmContacts sends the message "please check your contact details"
// to every person whose details were last confirmed (or, never confirmed,
// entered) more than ContactAge ago. Each confirmation is asked about once:
// the message's key is the time it is about, so the next one comes two
// years after the person confirms again. It returns how many were asked.
func (s *Service) AskToConfirmContacts(ctx context.Context) (int, error) {
	now := s.clock.Now().UTC()
	// The columns are read apart: SQLite's COALESCE loses their type.
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, contact_confirmed_at, created_at FROM persons
WHERE COALESCE(contact_confirmed_at, created_at) < $1 ORDER BY id`, now.Add(-ContactAge))
	if err != nil {
		return 0, fmt.Errorf("find old contact details: %w", err)
	}
	type due struct {
		id   string
		when time.Time
	}
	var people []due
	for rows.Next() {
		var d due
		var confirmed sql.NullTime
		if err := rows.Scan(&d.id, &confirmed, &d.when); err != nil {
			rows.Close()
			return 0, fmt.Errorf("read a person with old contact details: %w", err)
		}
		if confirmed.Valid {
			d.when = confirmed.Time
		}
		people = append(people, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("find old contact details: %w", err)
	}
	asked := 0
	for _, d := range people {
		m := Message{PersonID: d.id, Key: "contact-confirm/" + d.when.UTC().Format(time.RFC3339), Topic: "profile.contact_old",
			TitleKey: "messaging.profile.contact_old.title", BodyKey: "messaging.profile.contact_old.body",
			Params: map[string]string{"date": d.when.UTC().Format(time.DateOnly)}, Link: "/profile"}
		sent, err := s.SendNow(ctx, m)
		if err != nil {
			return asked, fmt.Errorf("ask %s to confirm contact details: %w", d.id, err)
		}
		if len(sent) > 0 {
			asked++
		}
	}
	return asked, nil
}
