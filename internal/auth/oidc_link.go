package auth

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/idcode"
	"github.com/luva-fi/luva/internal/identity"
)

// link returns the person whom a provider's verified claims identify. A person
// linked before is found by the link claim. Otherwise a customer provider
// finds the person by personal identity code or creates them, and an
// authority provider finds an authority user by email; the new link, and the
// new person, are stored and audited in one transaction.
func (o *OIDC) link(ctx context.Context, req access.Request, cfg OIDCProvider, claims map[string]any, lang string) (string, error) {
	subject := claimString(claims, cfg.LinkClaim)
	if subject == "" {
		return "", refuse("oidc", "missing_link_claim", fmt.Errorf("the ID token has no %q claim", cfg.LinkClaim))
	}
	linked, err := o.people.PersonByLink(ctx, cfg.Name, subject)
	if err == nil {
		return linked.ID, nil
	}
	if errs.KindOf(err) != errs.NotFound {
		return "", err
	}
	var person identity.Person
	var create bool
	if cfg.Kind == OIDCCustomer {
		person, create, err = o.customer(ctx, cfg, claims, lang)
	} else {
		person, err = o.authorityUser(ctx, cfg, claims)
	}
	if err != nil {
		return "", err
	}
	err = o.db.InTx(ctx, func(tx *sql.Tx) error {
		now := o.clock.Now()
		var err error
		if create {
			if person, err = identity.CreatePerson(ctx, tx, now, person); err != nil {
				return err
			}
		}
		if err := identity.LinkIdentity(ctx, tx, now, cfg.Name, subject, person.ID); err != nil {
			return err
		}
		actor := access.Principal{PersonID: person.ID, Name: person.Name()}
		return o.auth.audit(ctx, tx, actor, req, "identity.link", "person", person.ID, map[string]any{"provider": cfg.Name, "new_person": create})
	})
	if err != nil {
		// Two first sign-ins of the same person at once: the other one linked.
		if linked, lerr := o.people.PersonByLink(ctx, cfg.Name, subject); lerr == nil {
			return linked.ID, nil
		}
		return "", fmt.Errorf("link %s identity: %w", cfg.Name, err)
	}
	return person.ID, nil
}

// customer finds the person a customer provider identifies by their personal
// identity code, or describes the person to create. Without a personal
// identity claim configured, every new subject is a new person.
func (o *OIDC) customer(ctx context.Context, cfg OIDCProvider, claims map[string]any, lang string) (identity.Person, bool, error) {
	p := identity.Person{GivenNames: claimString(claims, "given_name"), FamilyName: claimString(claims, "family_name"),
		Email: claimString(claims, cfg.EmailClaim), Lang: lang, NotifyInApp: true}
	p.NotifyEmail = p.Email != ""
	if p.GivenNames == "" && p.FamilyName == "" {
		p.GivenNames = claimString(claims, "name")
	}
	if cfg.PersonalIDClaim == "" {
		return p, true, nil
	}
	raw := claimString(claims, cfg.PersonalIDClaim)
	if raw == "" {
		return identity.Person{}, false, refuse("oidc", "missing_personal_id", fmt.Errorf("the ID token has no %q claim", cfg.PersonalIDClaim))
	}
	code, err := idcode.ParsePersonalID(raw)
	if err != nil {
		return identity.Person{}, false, refuse("oidc", "invalid_personal_id", err)
	}
	known, err := o.people.PersonByPersonalID(ctx, code.String())
	if err == nil {
		return known, false, nil
	}
	if errs.KindOf(err) != errs.NotFound {
		return identity.Person{}, false, err
	}
	p.PersonalID = code.String()
	return p, true, nil
}

// authorityUser finds the authority user a single sign-on identifies by
// email. Only people who hold an authority role (or administer the platform)
// are linked: anyone can put any address in their own profile, and a
// customer's record must not become a civil servant's account.
func (o *OIDC) authorityUser(ctx context.Context, cfg OIDCProvider, claims map[string]any) (identity.Person, error) {
	email := claimString(claims, cfg.EmailClaim)
	if email == "" {
		return identity.Person{}, refuse("oidc_unlinked", "missing_email", fmt.Errorf("the ID token has no %q claim", cfg.EmailClaim))
	}
	if claimString(claims, "email_verified") == "false" {
		return identity.Person{}, refuse("oidc_unlinked", "email_unverified", nil)
	}
	p, err := o.people.PersonByEmail(ctx, email)
	if errs.KindOf(err) == errs.NotFound {
		return identity.Person{}, refuse("oidc_unlinked", "unknown_email", nil)
	}
	if err != nil {
		return identity.Person{}, err
	}
	grants, err := o.people.RoleGrants(ctx, p.ID)
	if err != nil {
		return identity.Person{}, err
	}
	if len(grants) == 0 && !p.PlatformAdmin {
		return identity.Person{}, refuse("oidc_unlinked", "not_authority_user", nil)
	}
	return p, nil
}

// claimString returns a claim as text: providers send identifiers as strings,
// numbers or, for email_verified, booleans.
func claimString(claims map[string]any, name string) string {
	switch v := claims[name].(type) {
	case string:
		return strings.TrimSpace(v)
	case json.Number:
		return v.String()
	case bool:
		if v {
			return "true"
		}
		return "false"
	}
	return ""
}
