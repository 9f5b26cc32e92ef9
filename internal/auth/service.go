package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/identity"
)

// Sign-in limits: per address, and failed attempts per account.
const (
	addressLimit  = 30
	accountLimit  = 5
	limitWindow   = 15 * time.Minute
	MethodLocal   = "local"
	methodOIDCPfx = "oidc:"
)

// Service signs people in and out and works out who a session's person is.
type Service struct {
	db       *db.DB
	people   *identity.Store
	Sessions *Sessions
	limiter  *Limiter
	clock    clock.Clock
}

// NewService returns the sign-in service.
func NewService(d *db.DB, people *identity.Store, clk clock.Clock) *Service {
	return &Service{db: d, people: people, Sessions: NewSessions(d, clk), limiter: NewLimiter(d, clk), clock: clk}
}

// ErrRateLimited answers too many sign-in attempts.
var ErrRateLimited = errs.E(errs.TooMany, "too many sign-in attempts")

// SignInLocal checks a username and password and starts a session. Every
// attempt is audited, failed ones too.
func (s *Service) SignInLocal(ctx context.Context, req access.Request, username, password string) (string, Session, error) {
	account := "signin:account:" + strings.ToLower(strings.TrimSpace(username))
	for _, lim := range []struct {
		key   string
		limit int
	}{{"signin:ip:" + req.IP, addressLimit}, {account, accountLimit}} {
		ok, _, err := s.limiter.Hit(ctx, lim.key, lim.limit, limitWindow)
		if err != nil {
			return "", Session{}, err
		}
		if !ok {
			return "", Session{}, errors.Join(ErrRateLimited, s.auditFailure(ctx, req, "session.sign_in", "rate_limited", username))
		}
	}
	personID, err := s.people.CheckLocalPassword(ctx, username, password)
	if err != nil {
		if errs.KindOf(err) == errs.Unauthenticated {
			err = errors.Join(err, s.auditFailure(ctx, req, "session.sign_in", "wrong_credentials", username))
		}
		return "", Session{}, err
	}
	if err := s.limiter.Reset(ctx, account); err != nil {
		return "", Session{}, err
	}
	return s.SignInPerson(ctx, req, personID, MethodLocal)
}

// SignInPerson starts a session for a person whose identity was proven by method.
func (s *Service) SignInPerson(ctx context.Context, req access.Request, personID, method string) (string, Session, error) {
	p, err := s.people.Person(ctx, personID)
	if err != nil {
		return "", Session{}, err
	}
	var secret string
	var sess Session
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		if secret, sess, err = s.Sessions.Create(ctx, tx, personID, method, req.UserAgent, req.IP); err != nil {
			return err
		}
		actor := access.Principal{PersonID: p.ID, Name: p.Name()}
		return s.audit(ctx, tx, actor, req, "session.sign_in", "session", sess.ID, map[string]string{"method": method})
	})
	if err != nil {
		return "", Session{}, fmt.Errorf("sign in %s: %w", personID, err)
	}
	return secret, sess, nil
}

// SignOut ends the principal's current session.
func (s *Service) SignOut(ctx context.Context, p access.Principal, req access.Request) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := End(ctx, tx, p.PersonID, p.SessionID); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, req, "session.sign_out", "session", p.SessionID, nil)
	})
}

// EndSession ends one of the principal's own sessions, e.g. a forgotten one.
func (s *Service) EndSession(ctx context.Context, p access.Principal, req access.Request, sessionID string) error {
	if err := access.Check(p, access.ManageSessions, access.Self(p)); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := End(ctx, tx, p.PersonID, sessionID); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, req, "session.end", "session", sessionID, nil)
	})
}

// SignOutEverywhere ends every session of the principal, this one included.
func (s *Service) SignOutEverywhere(ctx context.Context, p access.Principal, req access.Request) (int64, error) {
	if err := access.Check(p, access.ManageSessions, access.Self(p)); err != nil {
		return 0, err
	}
	var n int64
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		if n, err = EndAll(ctx, tx, p.PersonID); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, req, "session.sign_out_everywhere", "person", p.PersonID, map[string]int64{"sessions": n})
	})
	return n, err
}

// ActFor makes the principal act for the organisation (or themself, for "").
// Acting for a company needs a mandate in force.
func (s *Service) ActFor(ctx context.Context, p access.Principal, req access.Request, orgID string) error {
	if err := access.Check(p, access.ChooseActingAs, access.Self(p)); err != nil {
		return err
	}
	if orgID != "" {
		m, err := s.people.Mandate(ctx, p.PersonID, orgID)
		if err != nil || !m.Active(s.clock.Now()) {
			return errs.E(errs.Forbidden, "no mandate for this organisation")
		}
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := SetActingFor(ctx, tx, p.SessionID, orgID); err != nil {
			return err
		}
		p.ActingFor = orgID
		return s.audit(ctx, tx, p, req, "session.act_for", "organisation", orgID, nil)
	})
}

// Principal works out who holds the session with the cookie secret, in which
// capacity, with what rights. A mandate that has ended since it was chosen
// drops the session back to acting for the person themself.
func (s *Service) Principal(ctx context.Context, secret string) (access.Principal, Session, error) {
	sess, err := s.Sessions.Lookup(ctx, secret)
	if err != nil {
		return access.Anonymous, Session{}, err
	}
	person, err := s.people.Person(ctx, sess.PersonID)
	if err != nil {
		return access.Anonymous, Session{}, err
	}
	p := access.Principal{PersonID: person.ID, Name: person.Name(), SessionID: sess.ID, PlatformAdmin: person.PlatformAdmin}
	grants, err := s.people.RoleGrants(ctx, person.ID)
	if err != nil {
		return access.Anonymous, Session{}, err
	}
	for _, g := range grants {
		p.Grants = append(p.Grants, access.Grant{OrganisationID: g.OrganisationID, UnitID: g.UnitID, Role: g.Role})
	}
	if sess.ActingFor != "" {
		m, err := s.people.Mandate(ctx, person.ID, sess.ActingFor)
		if err == nil && m.Active(s.clock.Now()) {
			org, err := s.people.Organisation(ctx, sess.ActingFor)
			if err != nil {
				return access.Anonymous, Session{}, err
			}
			p.ActingFor, p.ActingForName, p.ActingForNameSV, p.MandateRights = org.ID, org.Name, org.NameSV, slices.Clone(m.Rights)
		}
	}
	return p, sess, nil
}

func (s *Service) audit(ctx context.Context, tx *sql.Tx, p access.Principal, req access.Request, action, targetType, targetID string, detail any) error {
	return audit.Record(ctx, tx, s.db.Dialect, s.clock.Now(), p, req, action, targetType, targetID, "ok", detail)
}

// auditFailure records a refused attempt in a transaction of its own.
func (s *Service) auditFailure(ctx context.Context, req access.Request, action, reason, username string) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		return audit.Record(ctx, tx, s.db.Dialect, s.clock.Now(), access.Anonymous, req, action, "account", strings.ToLower(strings.TrimSpace(username)), "failed",
			map[string]string{"reason": reason})
	})
}

// Now is the service's clock reading, for callers that judge mandates in force.
func (s *Service) Now() time.Time { return s.clock.Now() }
