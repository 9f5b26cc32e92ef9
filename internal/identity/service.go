package identity

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/idcode"
)

// Service carries out what people do to their own data and what organisations
// do to their people: every method checks the policy first, and every read of
// personal data and every change is audited in the same transaction.
type Service struct {
	*Store
	clock clock.Clock
}

// NewService returns the identity service.
func NewService(s *Store, clk clock.Clock) *Service { return &Service{Store: s, clock: clk} }

func (s *Service) record(ctx context.Context, tx *sql.Tx, p access.Principal, req access.Request, action, targetType, targetID string, detail any) error {
	return audit.Record(ctx, tx, s.db.Dialect, s.clock.Now(), p, req, action, targetType, targetID, "ok", detail)
}

// audited runs read and then records it, so a read of personal data always
// leaves its trace.
func (s *Service) audited(ctx context.Context, p access.Principal, req access.Request, action, targetType, targetID string, read func() error) error {
	if err := read(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		return s.record(ctx, tx, p, req, action, targetType, targetID, nil)
	})
}

// Profile returns the principal's own profile.
func (s *Service) Profile(ctx context.Context, p access.Principal, req access.Request) (Person, error) {
	if err := access.Check(p, access.ViewProfile, access.Self(p)); err != nil {
		return Person{}, err
	}
	var person Person
	err := s.audited(ctx, p, req, "person.read", "person", p.PersonID, func() (err error) {
		person, err = s.Person(ctx, p.PersonID)
		return err
	})
	return person, err
}

// UpdateProfile changes the principal's own contact details and preferences.
func (s *Service) UpdateProfile(ctx context.Context, p access.Principal, req access.Request, u ProfileUpdate) error {
	if err := access.Check(p, access.EditProfile, access.Self(p)); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := UpdateProfile(ctx, tx, s.clock.Now(), p.PersonID, u); err != nil {
			return err
		}
		return s.record(ctx, tx, p, req, "person.update", "person", p.PersonID, nil)
	})
}

// MandateView is a mandate with the name of the person who holds it.
type MandateView struct {
	Mandate
	PersonName       string `json:"person_name"`
	MaskedPersonalID string `json:"personal_id_masked"`
}

// OrganisationMandates lists who may act for the organisation.
func (s *Service) OrganisationMandates(ctx context.Context, p access.Principal, req access.Request, orgID string) ([]MandateView, error) {
	if err := access.Check(p, access.ViewMandates, access.Org(orgID)); err != nil {
		return nil, err
	}
	var out []MandateView
	err := s.audited(ctx, p, req, "mandate.list", "organisation", orgID, func() error {
		ms, err := s.MandatesFor(ctx, orgID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			person, err := s.Person(ctx, m.PersonID)
			if err != nil {
				return err
			}
			out = append(out, MandateView{Mandate: m, PersonName: person.Name(), MaskedPersonalID: person.MaskedPersonalID()})
		}
		return nil
	})
	return out, err
}

// GrantMandate gives the person with the personal identity code the rights to
// act for the organisation. The person must have signed in to luva before.
func (s *Service) GrantMandate(ctx context.Context, p access.Principal, req access.Request, orgID, personalID string, rights []access.Right, validUntil *time.Time) (Mandate, error) {
	if err := access.Check(p, access.ManageMandates, access.Org(orgID)); err != nil {
		return Mandate{}, err
	}
	code, err := idcode.ParsePersonalID(personalID)
	if err != nil {
		e := errs.Wrap(errs.Invalid, "invalid personal identity code", err)
		reason, _ := idcode.ReasonOf(err)
		e.Fields = map[string]string{"personal_id": "idcode.error." + string(reason)}
		return Mandate{}, e
	}
	person, err := s.PersonByPersonalID(ctx, code.String())
	if errs.KindOf(err) == errs.NotFound {
		e := errs.E(errs.Invalid, "no such person in the service")
		e.Fields = map[string]string{"personal_id": "mandates.error.unknown_person"}
		return Mandate{}, e
	}
	if err != nil {
		return Mandate{}, err
	}
	if validUntil != nil && !validUntil.After(s.clock.Now()) {
		e := errs.E(errs.Invalid, "the end date has passed")
		e.Fields = map[string]string{"valid_until": "mandates.error.valid_until"}
		return Mandate{}, e
	}
	var m Mandate
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		m, err = PutMandate(ctx, tx, s.clock.Now(), Mandate{PersonID: person.ID, OrganisationID: orgID, Rights: rights, GrantedBy: p.PersonID, ValidUntil: validUntil})
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, req, "mandate.grant", "mandate", m.ID, map[string]any{"person_id": person.ID, "rights": m.Rights})
	})
	if err != nil {
		if e, ok := errs.As(err); ok && e.Kind == errs.Invalid && e.Fields == nil {
			e.Fields = map[string]string{"rights": "mandates.error.rights"}
		}
		return Mandate{}, fmt.Errorf("grant mandate: %w", err)
	}
	return m, nil
}

// RevokeMandate ends a mandate to act for the organisation.
func (s *Service) RevokeMandate(ctx context.Context, p access.Principal, req access.Request, orgID, mandateID string) error {
	if err := access.Check(p, access.ManageMandates, access.Org(orgID)); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		m, err := RevokeMandate(ctx, tx, orgID, mandateID)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, req, "mandate.revoke", "mandate", m.ID, map[string]any{"person_id": m.PersonID})
	})
}
