package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/luva-fi/luva/internal/identity"
	"github.com/luva-fi/luva/internal/registers"
)

// profileFiller gives forms the contact details the customer keeps in their
// own luva profile: the population register has no email or phone.
type profileFiller struct {
	people *identity.Store
}

// SourceProfile names the customer's own profile as a prefill source.
const SourceProfile = "profile"

// Fill returns person.email and person.phone from the profile.
func (f profileFiller) Fill(ctx context.Context, s registers.Subject) ([]registers.Value, error) {
	if s.PersonID == "" {
		return nil, nil
	}
	p, err := f.people.Person(ctx, s.PersonID)
	if err != nil {
		return nil, fmt.Errorf("prefill from the profile: %w", err)
	}
	label := map[string]string{"fi": "Omat tietosi", "sv": "Dina uppgifter", "en": "Your profile"}
	var out []registers.Value
	if e := strings.TrimSpace(p.Email); e != "" {
		out = append(out, registers.Value{Key: "person.email", Value: e, Source: SourceProfile, SourceLabel: label})
	}
	if ph := strings.TrimSpace(p.Phone); ph != "" {
		out = append(out, registers.Value{Key: "person.phone", Value: ph, Source: SourceProfile, SourceLabel: label})
	}
	return out, nil
}
