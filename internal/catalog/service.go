package catalog

import (
	"encoding/json"
	"slices"
	"time"
)

// The kinds of service a customer can send.
func Kinds() []string { return []string{"permit", "notification", "registration", "plan", "report"} }

// Service is one permit, notification, registration, plan or report that a
// customer can send, with the texts of its published (or chosen) version.
type Service struct {
	ID             string     `json:"id"`
	Kind           string     `json:"kind"`
	Bundles        []string   `json:"bundles"`
	AuthorityType  string     `json:"authority_type"`
	NationalAgency string     `json:"national_agency,omitempty"`
	OwnerOrg       string     `json:"owner_org,omitempty"`
	LegalBasis     []LegalRef `json:"legal_basis"`
	LeadTime       LeadTime   `json:"lead_time"`
	StatutoryDays  int        `json:"statutory_days"`
	TargetDays     int        `json:"target_days"`
	FeeEUR         *int       `json:"fee_eur"`
	Handling       string     `json:"handling"`
	State          string     `json:"state"`
	Version        int        `json:"version"`
	Texts          Texts      `json:"texts"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// LegalRef is a provision of law a service rests on.
type LegalRef struct {
	Act     map[string]string `json:"act"` // by language
	Section string            `json:"section"`
	URL     string            `json:"url,omitempty"`
}

// LeadTime is how long before the activity starts the service must be sent.
type LeadTime struct {
	Days        int  `json:"days"`
	WorkingDays bool `json:"working_days"`
}

// Text is a service's content in one language.
type Text struct {
	Name        string   `json:"name"`
	Summary     string   `json:"summary"`
	Guidance    string   `json:"guidance"` // Markdown, sanitised when shown
	Unit        string   `json:"unit,omitempty"`
	Attachments []string `json:"attachments,omitempty"`
	FeeNote     string   `json:"fee_note,omitempty"`
}

// Texts are a service's content by language.
type Texts map[string]Text

// In returns the text in lang, falling back to Finnish, then to any language,
// so that a page never shows nothing.
func (t Texts) In(lang string) Text {
	if x, ok := t[lang]; ok && x.Name != "" {
		return x
	}
	if x, ok := t["fi"]; ok {
		return x
	}
	for _, x := range t {
		return x
	}
	return Text{}
}

// Complete reports whether the text in lang has a name, summary and guidance.
func (t Texts) Complete(lang string) bool {
	x, ok := t[lang]
	return ok && x.Name != "" && x.Summary != "" && x.Guidance != ""
}

// Name is the service's name in lang.
func (s Service) Name(lang string) string { return s.Texts.In(lang).Name }

// InBundle reports whether the service belongs to the bundle.
func (s Service) InBundle(code string) bool { return slices.Contains(s.Bundles, code) }

// Act is the legal reference's act in lang.
func (r LegalRef) ActIn(lang string) string {
	if a, ok := r.Act[lang]; ok && a != "" {
		return a
	}
	return r.Act["fi"]
}

func encodeJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
