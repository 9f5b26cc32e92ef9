package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/blob"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/events"
	"github.com/luva-fi/luva/internal/forms"
	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/workdays"
)

// Catalogue is what cases need of the service catalogue.
type Catalogue interface {
	Service(ctx context.Context, id string) (catalog.Service, error)
	Providers(ctx context.Context) ([]catalog.Provider, error)
}

// Service runs applications and cases: every change is checked against the
// policy and the state model, and written with its history, domain event and
// audit entry in one transaction.
type Service struct {
	db      *db.DB
	clock   clock.Clock
	cal     *workdays.Calendar
	catalog Catalogue
	Forms   *Forms
	Files   *Files
	model   Model
	times   processingTimes
}

// Config is what a Service is built from.
type Config struct {
	DB        *db.DB
	Clock     clock.Clock
	Calendar  *workdays.Calendar
	Catalogue Catalogue
	Blobs     *blob.Store
	// Scanner scans uploads for viruses; nil means none is configured.
	Scanner Scanner
}

// NewService returns the case service.
func NewService(c Config) *Service {
	s := &Service{db: c.DB, clock: c.Clock, cal: c.Calendar, catalog: c.Catalogue, Forms: NewForms(c.DB, c.Clock, c.Catalogue), model: DefaultModel()}
	s.Files = &Files{s: s, blobs: c.Blobs, scanner: c.Scanner}
	return s
}

// Model is the state model cases follow.
func (s *Service) Model() Model { return s.model }

// Calendar is the working-day calendar processing times are counted in.
func (s *Service) Calendar() *workdays.Calendar { return s.cal }

// StartInput is what a new application needs.
type StartInput struct {
	Service      string
	Municipality string
	Undertaking  string
	Lang         string
}

// Start opens a new draft application for the party p acts for, on the newest
// published version of the service's form, addressed to the authority that
// handles the service in the municipality.
func (s *Service) Start(ctx context.Context, p access.Principal, req access.Request, in StartInput) (Case, error) {
	if err := applicant(p); err != nil {
		return Case{}, err
	}
	svc, err := s.catalog.Service(ctx, in.Service)
	if err != nil {
		return Case{}, err
	}
	if svc.State != "published" {
		return Case{}, errs.E(errs.NotFound, "the service is not available")
	}
	providers, err := s.catalog.Providers(ctx)
	if err != nil {
		return Case{}, err
	}
	handler, ok := svc.Handler(providers, in.Municipality)
	if !ok {
		e := errs.E(errs.Invalid, "no authority handles the service in the municipality")
		e.Fields = map[string]string{"municipality": "cases.error.municipality"}
		return Case{}, e
	}
	formID, err := s.Forms.FormOf(ctx, svc.ID)
	if err != nil {
		return Case{}, err
	}
	fv, err := s.Forms.Published(ctx, formID)
	if err != nil {
		return Case{}, fmt.Errorf("form of service %s: %w", svc.ID, err)
	}
	lang := in.Lang
	if lang == "" {
		lang = "fi"
	}
	now := s.clock.Now()
	c := Case{ID: identity.NewID(), Service: svc.ID, Authority: handler.ID, PersonID: p.PersonID, ActingFor: p.ActingFor,
		Applicant: applicantName(p), Undertaking: in.Undertaking, FormID: fv.FormID, FormVersion: fv.Version, State: Draft,
		Municipality: in.Municipality, Title: svc.Name(lang), Lang: lang, Answers: map[string]any{},
		StatutoryDays: svc.StatutoryDays, TargetDays: svc.TargetDays, CreatedAt: now, UpdatedAt: now}
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := insertCase(ctx, tx, c); err != nil {
			return err
		}
		if err := s.event(ctx, tx, now, "application.started", c, nil); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "application.start", "case", c.ID, "ok",
			map[string]any{"service": c.Service, "form": c.FormID, "form_version": c.FormVersion})
	})
	return c, err
}

func applicantName(p access.Principal) string {
	if p.ActingFor != "" && p.ActingForName != "" {
		return p.ActingForName
	}
	return p.Name
}

// applicant checks that p may apply as the party they act for.
func applicant(p access.Principal) error {
	if !p.Authenticated() {
		return errs.E(errs.Unauthenticated, "sign in first")
	}
	if p.ActingFor != "" && !p.HasRight(p.ActingFor, access.RightApply) {
		return errs.E(errs.Forbidden, "no right to apply for the organisation")
	}
	return nil
}

// owns reports whether p, acting as now, is the case's customer: the company
// they act for with a view or apply right, or themself.
func owns(p access.Principal, c Case) bool {
	if !p.Authenticated() {
		return false
	}
	if c.ActingFor != "" {
		return p.ActingFor == c.ActingFor && (p.HasRight(c.ActingFor, access.RightApply) || p.HasRight(c.ActingFor, access.RightView))
	}
	return p.ActingFor == "" && p.PersonID == c.PersonID
}

// Role is how a principal relates to a case.
type Role struct {
	Customer bool // the applicant (view)
	Apply    bool // may edit and send for the applicant
	Partner  bool // invited to this application
	View     bool // an authority user who may read it
	Handle   bool // an authority user who may process it
}

// Any reports whether the principal may see the case at all.
func (r Role) Any() bool { return r.Customer || r.Partner || r.View }

// RoleOf works out how p relates to c.
func (s *Service) RoleOf(ctx context.Context, p access.Principal, c Case) (Role, error) {
	var r Role
	if owns(p, c) {
		r.Customer = true
		r.Apply = c.ActingFor == "" || p.HasRight(c.ActingFor, access.RightApply)
	}
	r.View = access.CaseRole(p, c.Authority, access.ViewCases) && c.State != Draft
	r.Handle = access.CaseRole(p, c.Authority, access.HandleCases) && c.State != Draft
	if !r.Customer && p.Authenticated() && p.ActingFor == "" {
		var canEdit bool
		err := s.db.Read.QueryRowContext(ctx, `SELECT can_edit FROM case_partners WHERE case_id = $1 AND person_id = $2`, c.ID, p.PersonID).Scan(&canEdit)
		switch {
		case err == nil:
			r.Partner, r.Apply = true, canEdit
		case !errors.Is(err, sql.ErrNoRows):
			return Role{}, fmt.Errorf("read partners of case %s: %w", c.ID, err)
		}
	}
	return r, nil
}

// Get returns a case that p may see, with p's role in it; anything else is
// not found, so that case ids reveal nothing.
func (s *Service) Get(ctx context.Context, p access.Principal, id string) (Case, Role, error) {
	c, err := getCase(ctx, s.db.Read, s.db.Dialect, id, false)
	if err != nil {
		return Case{}, Role{}, err
	}
	r, err := s.RoleOf(ctx, p, c)
	if err != nil {
		return Case{}, Role{}, err
	}
	if !r.Any() {
		return Case{}, Role{}, errs.E(errs.NotFound, "no such case")
	}
	return c, r, nil
}

// change runs fn on case id locked for update, after checking p's role with
// need; fn's changes, history and events commit together.
func (s *Service) change(ctx context.Context, p access.Principal, id string, need func(Role) bool, fn func(tx *sql.Tx, c *Case, now time.Time) error) (Case, error) {
	var out Case
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		c, err := getCase(ctx, tx, s.db.Dialect, id, true)
		if err != nil {
			return err
		}
		r, err := s.RoleOf(ctx, p, c)
		if err != nil {
			return err
		}
		if !r.Any() {
			return errs.E(errs.NotFound, "no such case")
		}
		if !need(r) {
			return errs.E(errs.Forbidden, "no right to do this on the case")
		}
		if err := fn(tx, &c, s.clock.Now()); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}

func canApply(r Role) bool  { return r.Apply }
func canHandle(r Role) bool { return r.Handle }

// SaveAnswers stores the customer's working copy of the answers: a draft's, or
// a sent application's while a supplement or change is being prepared.
func (s *Service) SaveAnswers(ctx context.Context, p access.Principal, id string, answers map[string]any) (Case, error) {
	return s.change(ctx, p, id, canApply, func(tx *sql.Tx, c *Case, now time.Time) error {
		if err := s.editable(*c); err != nil {
			return err
		}
		c.Answers, c.UpdatedAt = answers, now
		return saveAnswers(ctx, tx, c.ID, answers, now)
	})
}

// editable refuses changes to answers the state does not allow: a sent
// application is edited only as a supplement or a change.
func (s *Service) editable(c Case) error {
	def, _ := s.model.Def(c.State)
	if !def.Editable || (c.Sent() && c.Editing == "") {
		return errs.E(errs.Conflict, "the application cannot be changed now")
	}
	return nil
}

// Form returns the compiled form a case is filled in on.
func (s *Service) Form(ctx context.Context, c Case) (*forms.Compiled, error) {
	f, _, err := s.Forms.Compiled(ctx, c.FormID, c.FormVersion)
	return f, err
}

// ErrFormWithdrawn is the error code of a draft whose form version was withdrawn.
const ErrFormWithdrawn = "cases.error.form_withdrawn"

// validate checks the answers against the case's form version, returning them
// cleaned of hidden fields. The errors name each field with its message key.
func (s *Service) validate(ctx context.Context, c Case, active []Attachment) (map[string]any, error) {
	f, state, err := s.Forms.Compiled(ctx, c.FormID, c.FormVersion)
	if err != nil {
		return nil, err
	}
	if state == FormWithdrawn {
		e := errs.E(errs.Conflict, "the form version of the draft has been withdrawn")
		e.Fields = map[string]string{"form": ErrFormWithdrawn}
		return nil, e
	}
	answers := withAttachments(c.Answers, active)
	answers = map[string]any(f.Clean(forms.Answers(answers)))
	if problems := f.Validate(forms.Answers(answers)); len(problems) > 0 {
		e := errs.E(errs.Invalid, "the application has errors")
		e.Fields = map[string]string{}
		for _, pr := range problems {
			if _, ok := e.Fields[pr.Field]; !ok {
				e.Fields[pr.Field] = "form.error." + pr.Code
			}
		}
		return nil, e
	}
	return answers, nil
}

// withAttachments sets every attachment field to the ids of the case's
// current files in it.
func withAttachments(answers map[string]any, active []Attachment) map[string]any {
	out := maps.Clone(answers)
	if out == nil {
		out = map[string]any{}
	}
	byField := map[string][]any{}
	for _, a := range active {
		byField[a.Field] = append(byField[a.Field], a.ID)
	}
	for field, ids := range byField {
		out[field] = ids
	}
	return out
}

func activeAttachments(all []Attachment) []Attachment {
	return slices.DeleteFunc(slices.Clone(all), func(a Attachment) bool { return a.RemovedAt != nil })
}

func attachmentIDs(as []Attachment) []string {
	ids := make([]string, 0, len(as))
	for _, a := range as {
		ids = append(ids, a.ID)
	}
	return ids
}

// Submit sends a draft to the authority: it validates the answers against
// the form version, gives the case its number, freezes what was sent as
// version 1 and records the change, all in one transaction. Sending again
// (a double click, a retry after a timeout) returns the case already sent;
// key, when given, also makes a retry with a new draft return the first case.
func (s *Service) Submit(ctx context.Context, p access.Principal, req access.Request, id, key string) (Case, error) {
	if key != "" {
		if c, ok, err := s.bySubmitKey(ctx, p, key); err != nil || ok {
			return c, err
		}
	}
	return s.change(ctx, p, id, canApply, func(tx *sql.Tx, c *Case, now time.Time) error {
		if c.Sent() {
			return nil // already sent: the same case, once
		}
		if !s.model.Allows(c.State, Submitted, Customer) {
			return s.model.check(c.State, Submitted, Customer)
		}
		all, err := attachments(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		active := activeAttachments(all)
		answers, err := s.validate(ctx, *c, active)
		if err != nil {
			return err
		}
		number, err := nextNumber(ctx, tx, now.In(workdays.Location()).Year())
		if err != nil {
			return err
		}
		v := Version{CaseID: c.ID, Number: 1, Kind: KindApplication, Answers: answers, Attachments: attachmentIDs(active),
			CreatedAt: now, CreatedBy: p.PersonID, CreatedByName: p.Name}
		if err := insertVersion(ctx, tx, v); err != nil {
			return err
		}
		b, err := marshal(answers)
		if err != nil {
			return fmt.Errorf("encode answers: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET number = $1, version = 1, answers = $2, submit_key = $3, submitted_at = $4 WHERE id = $5`,
			number, b, nullable(key), now.UTC(), c.ID); err != nil {
			return fmt.Errorf("send case %s: %w", c.ID, err)
		}
		if err := addHistory(ctx, tx, c.ID, Change{At: now, ActorID: p.PersonID, ActorName: p.Name, Side: Customer, From: c.State, To: Submitted}); err != nil {
			return err
		}
		from := c.State
		c.Number, c.Version, c.Answers, c.State, c.SubmittedAt, c.UpdatedAt = number, 1, answers, Submitted, &now, now
		if err := s.event(ctx, tx, now, "application.submitted", *c, map[string]any{"from": from, "attachments": len(active)}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "application.submit", "case", c.ID, "ok", map[string]any{"number": number})
	})
}

// bySubmitKey finds the case an earlier send with the same key made.
func (s *Service) bySubmitKey(ctx context.Context, p access.Principal, key string) (Case, bool, error) {
	var id string
	err := s.db.Read.QueryRowContext(ctx, `SELECT id FROM cases WHERE submit_key = $1`, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Case{}, false, nil
	}
	if err != nil {
		return Case{}, false, fmt.Errorf("look up the send key: %w", err)
	}
	c, _, err := s.Get(ctx, p, id)
	if err != nil {
		return Case{}, false, err
	}
	return c, true, nil
}

// event appends a case's domain event; the payload always names the case,
// its service, authority and state, for the consumers that follow.
func (s *Service) event(ctx context.Context, tx *sql.Tx, now time.Time, topic string, c Case, extra map[string]any) error {
	payload := map[string]any{"number": c.Number, "service": c.Service, "authority": c.Authority, "state": c.State, "version": c.Version}
	maps.Copy(payload, extra)
	_, err := events.Append(ctx, tx, now, events.New{Topic: topic, AggregateType: "case", AggregateID: c.ID, Payload: payload})
	return err
}

// side is the side p acts on in the case.
func side(r Role) Side {
	if r.Handle || r.View {
		return Authority
	}
	return Customer
}

// Transition moves a case to another state by the model, with a reason: the
// status management of function 45 and the hook a process engine drives.
// Sending, completion requests and decisions have their own methods, which
// record what they carry.
func (s *Service) Transition(ctx context.Context, p access.Principal, req access.Request, id string, to State, reason string) (Case, error) {
	if to == Submitted || to == Complement || to == Decided {
		return Case{}, errs.E(errs.Invalid, "use the dedicated action for this state")
	}
	var by Side
	c, err := s.change(ctx, p, id, func(r Role) bool {
		by = side(r)
		if by == Authority {
			return r.Handle
		}
		return r.Apply
	}, func(tx *sql.Tx, c *Case, now time.Time) error {
		if err := s.model.check(c.State, to, by); err != nil {
			return err
		}
		return s.move(ctx, tx, p, req, c, now, by, to, strings.TrimSpace(reason))
	})
	return c, err
}

// move records a change of state with its event and audit entry.
func (s *Service) move(ctx context.Context, tx *sql.Tx, p access.Principal, req access.Request, c *Case, now time.Time, by Side, to State, reason string) error {
	from := c.State
	if err := addHistory(ctx, tx, c.ID, Change{At: now, ActorID: p.PersonID, ActorName: p.Name, Side: by, From: from, To: to, Reason: reason}); err != nil {
		return err
	}
	c.State, c.UpdatedAt = to, now
	if err := s.event(ctx, tx, now, "case.state_changed", *c, map[string]any{"from": from, "by": by, "reason": reason}); err != nil {
		return err
	}
	return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "case.transition", "case", c.ID, "ok", map[string]any{"from": from, "to": to})
}

// Take assigns the case to p and starts processing it.
func (s *Service) Take(ctx context.Context, p access.Principal, req access.Request, id string) (Case, error) {
	return s.change(ctx, p, id, canHandle, func(tx *sql.Tx, c *Case, now time.Time) error {
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET handler_id = $1, handler_name = $2 WHERE id = $3`, p.PersonID, p.Name, c.ID); err != nil {
			return fmt.Errorf("assign case %s: %w", c.ID, err)
		}
		c.HandlerID, c.HandlerName = p.PersonID, p.Name
		if c.State == Submitted {
			return s.move(ctx, tx, p, req, c, now, Authority, Processing, "")
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "case.assign", "case", c.ID, "ok", nil)
	})
}

// RequestCompletion asks the customer to complete the application by the
// deadline; the case waits and its processing-time clock pauses.
func (s *Service) RequestCompletion(ctx context.Context, p access.Principal, req access.Request, id, message string, deadline time.Time) (Case, error) {
	message = strings.TrimSpace(message)
	fields := map[string]string{}
	if message == "" {
		fields["message"] = "cases.error.message"
	}
	if deadline.IsZero() || deadline.Before(s.clock.Now().Truncate(24*time.Hour)) {
		fields["deadline"] = "cases.error.deadline"
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "the request has errors")
		e.Fields = fields
		return Case{}, e
	}
	return s.change(ctx, p, id, canHandle, func(tx *sql.Tx, c *Case, now time.Time) error {
		if err := s.model.check(c.State, Complement, Authority); err != nil {
			return err
		}
		r := CompletionRequest{ID: identity.NewID(), CaseID: c.ID, Message: message, Deadline: deadline.Format(time.DateOnly),
			RequestedAt: now, RequestedBy: p.PersonID, RequestedByName: p.Name}
		if _, err := tx.ExecContext(ctx, `INSERT INTO completion_requests (id, case_id, message, deadline, requested_at, requested_by, requested_by_name)
VALUES ($1, $2, $3, $4, $5, $6, $7)`, r.ID, r.CaseID, r.Message, r.Deadline, now.UTC(), r.RequestedBy, r.RequestedByName); err != nil {
			return fmt.Errorf("insert completion request: %w", err)
		}
		if err := insertMessage(ctx, tx, Message{ID: identity.NewID(), CaseID: c.ID, Side: Authority, AuthorID: p.PersonID, AuthorName: p.Name,
			Body: message, CreatedAt: now}); err != nil {
			return err
		}
		from := c.State
		if err := addHistory(ctx, tx, c.ID, Change{At: now, ActorID: p.PersonID, ActorName: p.Name, Side: Authority, From: from, To: Complement, Reason: message}); err != nil {
			return err
		}
		c.State, c.UpdatedAt = Complement, now
		if err := s.event(ctx, tx, now, "case.completion_requested", *c, map[string]any{"deadline": r.Deadline, "request": r.ID}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "case.request_completion", "case", c.ID, "ok", map[string]any{"deadline": r.Deadline})
	})
}

// Edit starts a supplement (when the authority asked for one) or a proposed
// change (while the case is being processed) on a sent application: the
// customer then edits the working copy and sends it as a new version.
func (s *Service) Edit(ctx context.Context, p access.Principal, id string) (Case, error) {
	return s.change(ctx, p, id, canApply, func(tx *sql.Tx, c *Case, now time.Time) error {
		if !c.Sent() || c.Editing != "" {
			return nil
		}
		kind := KindChange
		if c.State == Complement {
			kind = KindSupplement
		} else if c.State != Submitted && c.State != Processing {
			return errs.E(errs.Conflict, "the application cannot be changed now")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET editing = $1, updated_at = $2 WHERE id = $3`, kind, now.UTC(), c.ID); err != nil {
			return fmt.Errorf("start editing case %s: %w", c.ID, err)
		}
		c.Editing = kind
		return nil
	})
}

// DiscardEdit drops the supplement or change being prepared and restores the
// answers last sent.
func (s *Service) DiscardEdit(ctx context.Context, p access.Principal, id string) (Case, error) {
	return s.change(ctx, p, id, canApply, func(tx *sql.Tx, c *Case, now time.Time) error {
		if c.Editing == "" {
			return nil
		}
		vs, err := versions(ctx, tx, c.ID)
		if err != nil || len(vs) == 0 {
			return fmt.Errorf("versions of case %s: %w", c.ID, err)
		}
		last := vs[len(vs)-1]
		b, err := marshal(last.Answers)
		if err != nil {
			return fmt.Errorf("encode answers: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET editing = '', answers = $1, updated_at = $2 WHERE id = $3`, b, now.UTC(), c.ID); err != nil {
			return fmt.Errorf("discard the edit of case %s: %w", c.ID, err)
		}
		c.Editing, c.Answers = "", last.Answers
		return nil
	})
}

// SendEdit sends the supplement or change being prepared as a new version. A
// supplement answers the open completion request and the case returns to
// processing, its clock running again.
func (s *Service) SendEdit(ctx context.Context, p access.Principal, req access.Request, id, note string) (Case, error) {
	return s.change(ctx, p, id, canApply, func(tx *sql.Tx, c *Case, now time.Time) error {
		if c.Editing == "" {
			return errs.E(errs.Conflict, "nothing is being prepared to send")
		}
		all, err := attachments(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		active := activeAttachments(all)
		answers, err := s.validate(ctx, *c, active)
		if err != nil {
			return err
		}
		kind := c.Editing
		v := Version{CaseID: c.ID, Number: c.Version + 1, Kind: kind, Answers: answers, Attachments: attachmentIDs(active),
			Note: strings.TrimSpace(note), CreatedAt: now, CreatedBy: p.PersonID, CreatedByName: p.Name}
		if err := insertVersion(ctx, tx, v); err != nil {
			return err
		}
		b, err := marshal(answers)
		if err != nil {
			return fmt.Errorf("encode answers: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET version = $1, answers = $2, editing = '', updated_at = $3 WHERE id = $4`, v.Number, b, now.UTC(), c.ID); err != nil {
			return fmt.Errorf("send version %d of case %s: %w", v.Number, c.ID, err)
		}
		c.Version, c.Answers, c.Editing = v.Number, answers, ""
		if v.Note != "" {
			if err := insertMessage(ctx, tx, Message{ID: identity.NewID(), CaseID: c.ID, Side: Customer, AuthorID: p.PersonID, AuthorName: p.Name,
				Body: v.Note, CreatedAt: now}); err != nil {
				return err
			}
		}
		topic := "case.change_proposed"
		if kind == KindSupplement {
			topic = "case.supplemented"
			if _, err := tx.ExecContext(ctx, `UPDATE completion_requests SET answered_at = $1, answer_version = $2 WHERE case_id = $3 AND answered_at IS NULL`,
				now.UTC(), v.Number, c.ID); err != nil {
				return fmt.Errorf("answer the completion request of case %s: %w", c.ID, err)
			}
			if c.State == Complement {
				from := c.State
				if err := addHistory(ctx, tx, c.ID, Change{At: now, ActorID: p.PersonID, ActorName: p.Name, Side: Customer, From: from, To: Processing}); err != nil {
					return err
				}
				c.State = Processing
			}
		}
		c.UpdatedAt = now
		if err := s.event(ctx, tx, now, topic, *c, map[string]any{"kind": kind}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "application."+kind, "case", c.ID, "ok", map[string]any{"version": v.Number})
	})
}

// ObligationInput is a duty a decision sets.
type ObligationInput struct {
	Title      string
	Due        time.Time
	Recurrence string
}

// DecisionInput is what the authority decides.
type DecisionInput struct {
	Outcome     string
	Body        string
	Conditions  []string
	Appeal      string
	Obligations []ObligationInput
}

// Decide records the authority's decision: the case stops its clock, the
// customer gets a message, and the obligations the decision sets are kept
// for the reminders.
func (s *Service) Decide(ctx context.Context, p access.Principal, req access.Request, id string, in DecisionInput) (Case, error) {
	in.Body, in.Appeal = strings.TrimSpace(in.Body), strings.TrimSpace(in.Appeal)
	in.Conditions = slices.DeleteFunc(slices.Clone(in.Conditions), func(s string) bool { return strings.TrimSpace(s) == "" })
	fields := map[string]string{}
	if !slices.Contains(Outcomes(), in.Outcome) {
		fields["outcome"] = "cases.error.outcome"
	}
	if in.Body == "" {
		fields["body"] = "cases.error.body"
	}
	if in.Appeal == "" {
		fields["appeal"] = "cases.error.appeal"
	}
	if in.Outcome == Conditional && len(in.Conditions) == 0 {
		fields["conditions"] = "cases.error.conditions"
	}
	for _, o := range in.Obligations {
		if strings.TrimSpace(o.Title) == "" || o.Due.IsZero() || (o.Recurrence != "" && o.Recurrence != "yearly") {
			fields["obligations"] = "cases.error.obligation"
		}
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "the decision has errors")
		e.Fields = fields
		return Case{}, e
	}
	c, err := s.change(ctx, p, id, canHandle, func(tx *sql.Tx, c *Case, now time.Time) error {
		if err := s.model.check(c.State, Decided, Authority); err != nil {
			return err
		}
		hist, err := history(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		t := s.timing(*c, hist, now)
		conditions, err := marshal(nonNil(in.Conditions))
		if err != nil {
			return fmt.Errorf("encode conditions: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO decisions (case_id, outcome, body, conditions, appeal, decided_at, decided_by, decided_by_name)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, c.ID, in.Outcome, in.Body, conditions, in.Appeal, now.UTC(), p.PersonID, p.Name); err != nil {
			return fmt.Errorf("insert decision: %w", err)
		}
		for _, o := range in.Obligations {
			if _, err := tx.ExecContext(ctx, `INSERT INTO obligations (id, case_id, person_id, acting_for, title, due_date, recurrence, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, identity.NewID(), c.ID, c.PersonID, c.ActingFor, strings.TrimSpace(o.Title), o.Due.Format(time.DateOnly), o.Recurrence, now.UTC()); err != nil {
				return fmt.Errorf("insert obligation: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET decided_at = $1, processing_days = $2, editing = '' WHERE id = $3`, now.UTC(), t.WorkingDays, c.ID); err != nil {
			return fmt.Errorf("decide case %s: %w", c.ID, err)
		}
		if err := insertMessage(ctx, tx, Message{ID: identity.NewID(), CaseID: c.ID, Side: Authority, AuthorID: p.PersonID, AuthorName: p.Name,
			Body: "decision:" + in.Outcome, CreatedAt: now}); err != nil {
			return err
		}
		from := c.State
		if err := addHistory(ctx, tx, c.ID, Change{At: now, ActorID: p.PersonID, ActorName: p.Name, Side: Authority, From: from, To: Decided, Reason: in.Outcome}); err != nil {
			return err
		}
		c.State, c.DecidedAt, c.UpdatedAt, c.Editing = Decided, &now, now, ""
		if err := s.event(ctx, tx, now, "case.decided", *c, map[string]any{"outcome": in.Outcome, "processing_days": t.WorkingDays}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "case.decide", "case", c.ID, "ok", map[string]any{"outcome": in.Outcome})
	})
	if err == nil {
		s.times.forget([2]string{c.Service, c.Authority})
	}
	return c, err
}

// Message sends a message about the case to the other side.
func (s *Service) Message(ctx context.Context, p access.Principal, req access.Request, id, body string) (Message, error) {
	body = strings.TrimSpace(body)
	if body == "" || len([]rune(body)) > 5000 {
		e := errs.E(errs.Invalid, "the message has errors")
		e.Fields = map[string]string{"body": "cases.error.message"}
		return Message{}, e
	}
	var m Message
	_, err := s.change(ctx, p, id, func(r Role) bool { return r.Apply || r.Customer || r.Handle }, func(tx *sql.Tx, c *Case, now time.Time) error {
		if !c.Sent() {
			return errs.E(errs.Conflict, "messages are for sent applications")
		}
		r, err := s.RoleOf(ctx, p, *c)
		if err != nil {
			return err
		}
		m = Message{ID: identity.NewID(), CaseID: c.ID, Side: side(r), AuthorID: p.PersonID, AuthorName: p.Name, Body: body, CreatedAt: now}
		if err := insertMessage(ctx, tx, m); err != nil {
			return err
		}
		if err := s.event(ctx, tx, now, "case.message", *c, map[string]any{"side": m.Side, "message": m.ID}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "case.message", "case", c.ID, "ok", nil)
	})
	return m, err
}

// People finds persons to invite.
type People interface {
	PersonByEmail(ctx context.Context, email string) (identity.Person, error)
}

// InvitePartner invites a person, by their email address, to one
// application: a partner sees it and, with canEdit, may fill it in, but never
// sees the customer's other cases.
func (s *Service) InvitePartner(ctx context.Context, p access.Principal, req access.Request, people People, id, email string, canEdit bool) (Partner, error) {
	person, err := people.PersonByEmail(ctx, strings.TrimSpace(email))
	if err != nil {
		if errs.KindOf(err) == errs.NotFound {
			e := errs.E(errs.Invalid, "no person with the email address")
			e.Fields = map[string]string{"email": "cases.error.partner"}
			return Partner{}, e
		}
		return Partner{}, err
	}
	var pt Partner
	_, err = s.change(ctx, p, id, func(r Role) bool { return r.Customer && r.Apply }, func(tx *sql.Tx, c *Case, now time.Time) error {
		if person.ID == c.PersonID {
			e := errs.E(errs.Invalid, "the applicant is not a partner")
			e.Fields = map[string]string{"email": "cases.error.partner_self"}
			return e
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_partners (case_id, person_id, can_edit, invited_by, created_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (case_id, person_id) DO UPDATE SET can_edit = excluded.can_edit`, c.ID, person.ID, canEdit, p.PersonID, now.UTC()); err != nil {
			return fmt.Errorf("invite partner: %w", err)
		}
		pt = Partner{CaseID: c.ID, PersonID: person.ID, Name: person.GivenNames + " " + person.FamilyName, CanEdit: canEdit, CreatedAt: now}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "case.partner.invite", "case", c.ID, "ok", map[string]any{"person": person.ID, "edit": canEdit})
	})
	return pt, err
}

// RemovePartner takes a partner off an application.
func (s *Service) RemovePartner(ctx context.Context, p access.Principal, req access.Request, id, personID string) error {
	_, err := s.change(ctx, p, id, func(r Role) bool { return r.Customer && r.Apply }, func(tx *sql.Tx, c *Case, now time.Time) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM case_partners WHERE case_id = $1 AND person_id = $2`, c.ID, personID); err != nil {
			return fmt.Errorf("remove partner: %w", err)
		}
		return audit.Record(ctx, tx, s.db.Dialect, now, p, req, "case.partner.remove", "case", c.ID, "ok", map[string]any{"person": personID})
	})
	return err
}
