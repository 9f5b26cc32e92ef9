package work

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/process"
	"github.com/luva-fi/luva/internal/workdays"
)

// Engine is what work needs of the process engine; *process.Engine has it.
type Engine interface {
	QueryTasks(ctx context.Context, p access.Principal, q process.TaskQuery) (process.TaskPage, error)
	Task(ctx context.Context, p access.Principal, id string) (process.Task, error)
	Choices(ctx context.Context, p access.Principal, id string) (process.Task, []process.Choice, error)
	Claim(ctx context.Context, p access.Principal, req access.Request, id string) (process.Task, error)
	Assign(ctx context.Context, p access.Principal, req access.Request, id, personID, name string) (process.Task, error)
	Complete(ctx context.Context, p access.Principal, req access.Request, id string, result map[string]any) (process.Task, error)
	QueueCounts(ctx context.Context, p access.Principal, org string, now, soon time.Time) ([]process.QueueCount, error)
	Loads(ctx context.Context, p access.Principal, org string, now, soon time.Time) ([]process.PersonLoad, error)
	QueueTask(ctx context.Context, id string) (process.QueueTask, error)
	OpenLoadTx(ctx context.Context, tx *sql.Tx, org string) (map[string]int, error)
	AssignTx(ctx context.Context, tx *sql.Tx, id, personID, name, rule string) (bool, error)
}

// People is what work needs to know of an organisation's people;
// *identity.Store has it.
type People interface {
	Organisation(ctx context.Context, id string) (identity.Organisation, error)
	OrganisationGrants(ctx context.Context, orgID string) ([]identity.RoleGrant, error)
	Person(ctx context.Context, id string) (identity.Person, error)
	Units(ctx context.Context, orgID string) ([]identity.Unit, error)
}

// Config is what a Service is built from.
type Config struct {
	DB     *db.DB
	Clock  clock.Clock
	Engine Engine
	People People
	Log    *slog.Logger
}

// Service runs the work queues.
type Service struct {
	db     *db.DB
	clock  clock.Clock
	engine Engine
	people People
	log    *slog.Logger
}

// New returns the work-queue service.
func New(c Config) *Service {
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Clock == nil {
		c.Clock = clock.Real{}
	}
	return &Service{db: c.DB, clock: c.Clock, engine: c.Engine, people: c.People, log: c.Log}
}

// Now is the service's time, which the pages colour due dates by.
func (s *Service) Now() time.Time { return s.clock.Now() }

// mayView reports whether p reads org's queues: those who read its cases.
func mayView(p access.Principal, org string) error {
	if org == "" {
		return errs.E(errs.Invalid, "choose an organisation")
	}
	if p.PlatformAdmin || access.CaseRole(p, org, access.ViewCases) {
		return nil
	}
	return errs.E(errs.Forbidden, "no right to the work of the organisation")
}

// Manages reports whether p distributes org's work: a manager who handles
// its cases sets the queues' rules, sees everyone's load and reassigns.
func Manages(p access.Principal, org string) bool {
	return access.CaseRole(p, org, access.HandleCases) && p.HasRole(org, access.Manager)
}

func mayManage(p access.Principal, org string) error {
	if err := mayView(p, org); err != nil {
		return err
	}
	if !Manages(p, org) {
		return errs.E(errs.Forbidden, "only a manager distributes the work")
	}
	return nil
}

// Organisations lists the organisations whose work p sees, in the order of
// p's grants.
func (s *Service) Organisations(ctx context.Context, p access.Principal) ([]identity.Organisation, error) {
	var out []identity.Organisation
	for _, id := range p.Organisations() {
		if mayView(p, id) != nil {
			continue
		}
		org, err := s.people.Organisation(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, org)
	}
	return out, nil
}

// Units lists org's units, for naming queues.
func (s *Service) Units(ctx context.Context, p access.Principal, org string) ([]identity.Unit, error) {
	if err := mayView(p, org); err != nil {
		return nil, err
	}
	return s.people.Units(ctx, org)
}

// windows returns the end of today and the end of this week (Sunday
// midnight) in Finland, the bounds of "due today" and "due this week".
func windows(now time.Time) (today, week time.Time) {
	loc := workdays.Location()
	l := now.In(loc)
	midnight := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
	today = midnight.AddDate(0, 0, 1)
	daysToMonday := (8 - int(l.Weekday())) % 7
	if daysToMonday == 0 {
		daysToMonday = 7
	}
	return today, midnight.AddDate(0, 0, daysToMonday)
}
