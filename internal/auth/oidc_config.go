package auth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
)

// The kinds of OpenID Connect provider: whom it identifies.
const (
	// OIDCCustomer is a strong identification broker for customers. A first
	// sign-in finds the person by personal identity code or creates them.
	OIDCCustomer = "customer"
	// OIDCAuthority is an organisation's single sign-on for authority users.
	// It signs in only people luva knows already, found by email.
	OIDCAuthority = "authority"
)

// OIDCProvider is the configuration of one OpenID Connect provider.
type OIDCProvider struct {
	// Name is the provider's name in URLs and in identity links; changing it
	// loses the links made under the old name.
	Name string `json:"name"`
	// Label is the text of the provider's button on the sign-in page.
	Label    string `json:"label"`
	Issuer   string `json:"issuer"`
	ClientID string `json:"client_id"`
	// ClientSecret is the client secret; ClientSecretEnv names an
	// environment variable to read it from instead, to keep it out of the file.
	ClientSecret    string `json:"client_secret,omitempty"`
	ClientSecretEnv string `json:"client_secret_env,omitempty"`
	// RedirectBaseURL is luva's public address, e.g. https://luva.example.fi;
	// the provider sends the browser back to <base>/auth/oidc/<name>/callback.
	RedirectBaseURL string `json:"redirect_base_url"`
	// Kind is OIDCCustomer or OIDCAuthority.
	Kind string `json:"kind"`
	// LinkClaim is the claim whose value links the provider's user to a
	// person (default "sub").
	LinkClaim string `json:"link_claim,omitempty"`
	// PersonalIDClaim, for a customer provider, is the claim that carries the
	// Finnish personal identity code, e.g. "hetu".
	PersonalIDClaim string `json:"personal_id_claim,omitempty"`
	// EmailClaim is the claim with the email address (default "email").
	EmailClaim string `json:"email_claim,omitempty"`
	// Scopes are asked for (default openid, profile and email).
	Scopes []string `json:"scopes,omitempty"`
}

// CallbackURL is where the provider sends the browser back to.
func (p OIDCProvider) CallbackURL() string {
	return strings.TrimSuffix(p.RedirectBaseURL, "/") + "/auth/oidc/" + p.Name + "/callback"
}

// providerName is what a name may look like: it goes into URLs as it is.
var providerName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// withDefaults fills in the optional settings.
func (p OIDCProvider) withDefaults() OIDCProvider {
	if p.LinkClaim == "" {
		p.LinkClaim = "sub"
	}
	if p.EmailClaim == "" {
		p.EmailClaim = "email"
	}
	if len(p.Scopes) == 0 {
		p.Scopes = []string{"openid", "profile", "email"}
	}
	return p
}

// validate says what is wrong with the provider's settings, naming the field.
func (p OIDCProvider) validate() error {
	switch {
	case !providerName.MatchString(p.Name):
		return fmt.Errorf("name %q must be 1–40 lower-case letters, digits, - or _", p.Name)
	case strings.TrimSpace(p.Label) == "":
		return errors.New("label is required")
	case p.ClientID == "":
		return errors.New("client_id is required")
	case p.ClientSecret == "":
		return errors.New("client_secret (or client_secret_env naming a set variable) is required")
	case p.Kind != OIDCCustomer && p.Kind != OIDCAuthority:
		return fmt.Errorf("kind must be %q or %q, not %q", OIDCCustomer, OIDCAuthority, p.Kind)
	case p.Kind == OIDCAuthority && p.PersonalIDClaim != "":
		return errors.New("personal_id_claim is for customer providers only")
	case !slices.Contains(p.Scopes, "openid"):
		return errors.New(`scopes must include "openid"`)
	}
	if err := checkBaseURL(p.Issuer); err != nil {
		return fmt.Errorf("issuer: %w", err)
	}
	if err := checkBaseURL(p.RedirectBaseURL); err != nil {
		return fmt.Errorf("redirect_base_url: %w", err)
	}
	return nil
}

func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case raw == "":
		return errors.New("is required")
	case err != nil:
		return fmt.Errorf("%q is not a URL", raw)
	case u.Scheme != "https" && u.Scheme != "http", u.Host == "":
		return fmt.Errorf("%q must be an absolute http or https URL", raw)
	case u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("%q must have no query or fragment", raw)
	}
	return nil
}

// CheckOIDCProviders fills in the defaults of each provider and checks them
// all, names included: the first problem comes back naming the provider.
func CheckOIDCProviders(providers []OIDCProvider) ([]OIDCProvider, error) {
	out := make([]OIDCProvider, 0, len(providers))
	seen := map[string]bool{}
	for i, p := range providers {
		p = p.withDefaults()
		if err := p.validate(); err != nil {
			return nil, fmt.Errorf("provider %d (%s): %w", i+1, p.Name, err)
		}
		if seen[p.Name] {
			return nil, fmt.Errorf("provider %d: the name %q is used twice", i+1, p.Name)
		}
		seen[p.Name] = true
		out = append(out, p)
	}
	return out, nil
}

// oidcFile is the format of the file that --oidc-config names.
type oidcFile struct {
	Providers []OIDCProvider `json:"providers"`
}

// LoadOIDCConfig reads the providers from the JSON file at path (see
// docs/OIDC.md). Secrets named by client_secret_env are read with getenv. An
// empty path means no providers.
func LoadOIDCConfig(path string, getenv func(string) string) ([]OIDCProvider, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("OIDC configuration: %w", err)
	}
	var f oidcFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields() // a misspelt setting must not pass as a default
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("OIDC configuration %s: %v", path, err)
	}
	for i, p := range f.Providers {
		if p.ClientSecretEnv != "" && p.ClientSecret == "" {
			f.Providers[i].ClientSecret = getenv(p.ClientSecretEnv)
		}
	}
	providers, err := CheckOIDCProviders(f.Providers)
	if err != nil {
		return nil, fmt.Errorf("OIDC configuration %s: %w", path, err)
	}
	return providers, nil
}
