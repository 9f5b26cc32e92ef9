package identity

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/idcode"
)

// NewOrganisation is what a platform admin registers: a company or association
// by business ID, or an authority with the municipalities it serves. A company
// may get its first representative at once, with every mandate right.
type NewOrganisation struct {
	Kind           string   `json:"kind"`
	Name           string   `json:"name"`
	NameSV         string   `json:"name_sv"`
	BusinessID     string   `json:"business_id"`
	AuthorityType  string   `json:"authority_type"`
	Municipalities []string `json:"municipalities"`
	// Representative is the personal identity code of a person who gets every
	// right to act for a company or association.
	Representative string `json:"representative"`
}

// validate checks n against the known municipalities and returns the
// representative, if any, with each problem as a field message key.
func (s *Service) validate(ctx context.Context, n *NewOrganisation) (Person, error) {
	n.Name, n.NameSV = strings.TrimSpace(n.Name), strings.TrimSpace(n.NameSV)
	fields := map[string]string{}
	if n.Name == "" {
		fields["name"] = "orgs.error.name"
	}
	switch n.Kind {
	case KindCompany, KindAssociation:
		if id, err := idcode.ParseBusinessID(n.BusinessID); err != nil {
			reason, _ := idcode.ReasonOf(err)
			fields["business_id"] = "bizid.error." + string(reason)
		} else {
			n.BusinessID = id.String()
		}
		n.AuthorityType, n.Municipalities = "", nil
	case KindAuthority:
		if !slices.Contains(AuthorityTypes(), n.AuthorityType) {
			fields["authority_type"] = "orgs.error.authority_type"
		}
		if n.BusinessID != "" {
			if id, err := idcode.ParseBusinessID(n.BusinessID); err != nil {
				reason, _ := idcode.ReasonOf(err)
				fields["business_id"] = "bizid.error." + string(reason)
			} else {
				n.BusinessID = id.String()
			}
		}
		if n.AuthorityType != "national_agency" && len(n.Municipalities) == 0 {
			fields["municipalities"] = "orgs.error.municipalities"
		}
		if n.AuthorityType == "national_agency" {
			n.Municipalities = nil
		}
	default:
		fields["kind"] = "orgs.error.kind"
	}
	known, err := Municipalities()
	if err != nil {
		return Person{}, err
	}
	for _, code := range n.Municipalities {
		if !slices.ContainsFunc(known, func(m Municipality) bool { return m.Code == code }) {
			fields["municipalities"] = "orgs.error.municipalities"
		}
	}
	var rep Person
	if n.Representative = strings.TrimSpace(n.Representative); n.Representative != "" {
		if n.Kind == KindAuthority {
			fields["representative"] = "orgs.error.representative_authority"
		} else if code, err := idcode.ParsePersonalID(n.Representative); err != nil {
			reason, _ := idcode.ReasonOf(err)
			fields["representative"] = "idcode.error." + string(reason)
		} else if rep, err = s.PersonByPersonalID(ctx, code.String()); errs.KindOf(err) == errs.NotFound {
			fields["representative"] = "mandates.error.unknown_person"
		} else if err != nil {
			return Person{}, err
		}
	}
	if n.BusinessID != "" && fields["business_id"] == "" {
		var count int
		if err := s.db.Read.QueryRowContext(ctx, `SELECT count(*) FROM organisations WHERE business_id = $1`, n.BusinessID).Scan(&count); err != nil {
			return Person{}, err
		}
		if count > 0 {
			fields["business_id"] = "orgs.error.duplicate"
		}
	}
	if len(fields) > 0 {
		e := errs.E(errs.Invalid, "the organisation cannot be registered")
		e.Fields = fields
		return Person{}, e
	}
	return rep, nil
}

// RegisterOrganisation registers a company, association or authority.
func (s *Service) RegisterOrganisation(ctx context.Context, p access.Principal, req access.Request, n NewOrganisation) (Organisation, error) {
	if err := access.Check(p, access.ManageOrgs, access.Resource{}); err != nil {
		return Organisation{}, err
	}
	rep, err := s.validate(ctx, &n)
	if err != nil {
		return Organisation{}, err
	}
	var org Organisation
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		org, err = CreateOrganisation(ctx, tx, s.clock.Now(), Organisation{Kind: n.Kind, Name: n.Name, NameSV: n.NameSV,
			BusinessID: n.BusinessID, AuthorityType: n.AuthorityType, Municipalities: n.Municipalities})
		if err != nil {
			return err
		}
		if err := s.record(ctx, tx, p, req, "organisation.register", "organisation", org.ID, map[string]string{"kind": n.Kind, "name": n.Name}); err != nil {
			return err
		}
		if rep.ID == "" {
			return nil
		}
		m, err := PutMandate(ctx, tx, s.clock.Now(), Mandate{PersonID: rep.ID, OrganisationID: org.ID, Rights: access.Rights(), GrantedBy: p.PersonID})
		if err != nil {
			return err
		}
		return s.record(ctx, tx, p, req, "mandate.grant", "mandate", m.ID, map[string]any{"person_id": rep.ID, "rights": m.Rights})
	})
	return org, err
}
