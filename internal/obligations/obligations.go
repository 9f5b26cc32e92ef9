// Package obligations keeps the duties that follow a decision: those the
// decision sets and those the law sets for the kind of permit (annual reports,
// renewal before expiry, self-monitoring), with their recurrence. It reminds
// the customer a number of days before each due date, exactly once however
// many nodes run, shows the year ahead as an annual clock for customers and
// authorities, and publishes each person's duties as an iCalendar feed.
package obligations

import (
	"log/slog"
	"time"

	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
)

// Sources of an obligation.
const (
	FromDecision = "decision" // written into the decision
	FromLaw      = "law"      // the law sets it for the kind of permit
)

// Obligation is one duty as a series: Due is the occurrence due next, and a
// recurring duty moves to its next occurrence when the current one is done.
type Obligation struct {
	ID         string `json:"id"`
	CaseID     string `json:"case_id"`
	CaseNumber string `json:"case_number"`
	CaseTitle  string `json:"case_title"`
	Service    string `json:"service"`
	Authority  string `json:"authority"`
	Applicant  string `json:"applicant"`
	PersonID   string `json:"-"`
	ActingFor  string `json:"-"`
	// Kind is the catalogue kind for duties from law, "" for a decision's own.
	Kind   string `json:"kind,omitempty"`
	Source string `json:"source"`
	Title  string `json:"title"`
	Note   string `json:"note,omitempty"`
	Due    string `json:"due"` // YYYY-MM-DD
	// EveryMonths is the recurrence: 0 once, 12 yearly.
	EveryMonths int `json:"every_months"`
	// RemindDays is how many days before Due the reminder goes out.
	RemindDays int        `json:"remind_days"`
	DoneAt     *time.Time `json:"done_at,omitempty"` // a one-off duty done
	// RemindedAt is when the reminder of the current occurrence went out.
	RemindedAt *time.Time `json:"reminded_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
}

// Open reports whether the duty still has an occurrence to do.
func (o Obligation) Open() bool { return o.DoneAt == nil }

// DueDate is Due as a date at midnight in Helsinki.
func (o Obligation) DueDate() time.Time { return parseDay(o.Due) }

// Overdue reports whether the current occurrence was due before today.
func (o Obligation) Overdue(today string) bool { return o.Open() && o.Due < today }

// Completion is one occurrence done.
type Completion struct {
	ObligationID string    `json:"obligation_id"`
	Title        string    `json:"title"`
	Kind         string    `json:"kind,omitempty"`
	CaseNumber   string    `json:"case_number"`
	Due          string    `json:"due"`
	DoneOn       string    `json:"done_on"`
	DoneByName   string    `json:"done_by_name"`
	CreatedAt    time.Time `json:"created_at"`
}

// Config is what the service needs.
type Config struct {
	DB    *db.DB
	Clock clock.Clock
	// Notifier delivers reminders; nil records them in luva's own table.
	Notifier Notifier
	Log      *slog.Logger
}

// Service keeps obligations, reminds of them and answers the annual clock.
type Service struct {
	db     *db.DB
	clock  clock.Clock
	notify Notifier
	log    *slog.Logger
}

// NewService returns the obligation service.
func NewService(cfg Config) *Service {
	if cfg.Notifier == nil {
		cfg.Notifier = Recorder{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	return &Service{db: cfg.DB, clock: cfg.Clock, notify: cfg.Notifier, log: cfg.Log}
}

// Now is the service's clock, for pages that count from the same moment.
func (s *Service) Now() time.Time { return s.clock.Now() }

// Today is the service's date in Helsinki as YYYY-MM-DD.
func (s *Service) Today() string { return Day(s.clock.Now()) }

var helsinkiZone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		return time.FixedZone("EET", 2*60*60)
	}
	return loc
}()

// Day is t's date in Helsinki as YYYY-MM-DD: due dates are Finnish days.
func Day(t time.Time) string { return t.In(helsinkiZone).Format(time.DateOnly) }

// parseDay reads a YYYY-MM-DD date as midnight in Helsinki; a malformed one
// is the zero time.
func parseDay(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, helsinkiZone)
	if err != nil {
		return time.Time{}
	}
	return t
}

// AddMonths moves a due date n months on, keeping the day but never past the
// month's end: an annual report due on 29 February falls on 28 February in
// the next year, not on 1 March.
func AddMonths(day string, n int) string {
	t := parseDay(day)
	if t.IsZero() {
		return day
	}
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, helsinkiZone)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, helsinkiZone).Format(time.DateOnly)
}

// remindOn is the day the reminder of an occurrence due on day goes out.
func remindOn(day string, days int) string {
	t := parseDay(day)
	if t.IsZero() {
		return day
	}
	return t.AddDate(0, 0, -days).Format(time.DateOnly)
}
