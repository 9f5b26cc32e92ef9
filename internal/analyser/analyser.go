// Package analyser is the permit-need analyser (function 23a): questionnaires
// that authorities build per service bundle, and rules written in CEL that map
// a customer's answers to the services the undertaking certainly or possibly
// needs, each with its reason and, from the catalogue, its legal basis, lead
// time and the authority that handles it in the customer's municipality.
//
// Answered or not, every question is a CEL variable: see env.go for how an
// unanswered question reads in a rule.
package analyser

import (
	"slices"
	"time"
)

// The states of a questionnaire version.
const (
	StateDraft      = "draft"
	StatePublished  = "published"
	StateSuperseded = "superseded"
)

// The question types.
const (
	Single       = "single"       // one option: a CEL string
	Multi        = "multi"        // any options: a CEL list(string)
	Number       = "number"       // a whole number: a CEL int
	Date         = "date"         // a day: a CEL timestamp (midnight UTC)
	Municipality = "municipality" // a municipality code such as "091": a CEL string
	YesNo        = "yesno"        // yes or no: a CEL bool
)

// QuestionTypes lists the question types in the order the builder offers them.
func QuestionTypes() []string { return []string{Single, Multi, Number, Date, Municipality, YesNo} }

// The certainties a rule gives its service.
const (
	Certain  = "certain"  // the undertaking needs the service
	Possible = "possible" // the undertaking may need it: the customer checks
	Picked   = "picked"   // not from a rule: the customer chose it by hand
)

// Texts are one text in several languages, keyed fi, sv, en.
type Texts map[string]string

// In returns the text in lang, falling back to Finnish, then to any language.
func (t Texts) In(lang string) string {
	if s := t[lang]; s != "" {
		return s
	}
	if s := t["fi"]; s != "" {
		return s
	}
	for _, s := range t {
		if s != "" {
			return s
		}
	}
	return ""
}

// Questionnaire is one version of a bundle's questionnaire.
type Questionnaire struct {
	ID          string     `json:"id"`
	Bundle      string     `json:"bundle"`
	OwnerOrg    string     `json:"owner_org"`
	State       string     `json:"state"`
	Version     int        `json:"version"`
	Titles      Texts      `json:"titles"`
	Intros      Texts      `json:"intros"`
	Areas       []Area     `json:"areas"`
	Questions   []Question `json:"questions"`
	Rules       []Rule     `json:"rules"`
	UpdatedAt   time.Time  `json:"updated_at"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
}

// Area is a group of questions shown on one page.
type Area struct {
	ID     string `json:"id"`
	Titles Texts  `json:"titles"`
}

// Question is one question. Its ID is also its CEL variable.
type Question struct {
	ID       string   `json:"id"`
	Area     string   `json:"area"`
	Type     string   `json:"type"`
	Labels   Texts    `json:"labels"`
	Helps    Texts    `json:"helps,omitempty"`
	Options  []Option `json:"options,omitempty"` // single and multi
	Required bool     `json:"required,omitempty"`
}

// Option is one choice of a single or multiple choice question.
type Option struct {
	Value  string `json:"value"`
	Labels Texts  `json:"labels"`
}

// Rule maps answers to a service: when Expr is true, the service is needed
// with the rule's certainty, for the reason it gives.
type Rule struct {
	ID        string `json:"id"`
	Expr      string `json:"expr"`
	Service   string `json:"service"`
	Certainty string `json:"certainty"`
	Reasons   Texts  `json:"reasons"`
}

// Question returns the question with the id.
func (q Questionnaire) Question(id string) (Question, bool) {
	i := slices.IndexFunc(q.Questions, func(x Question) bool { return x.ID == id })
	if i < 0 {
		return Question{}, false
	}
	return q.Questions[i], true
}

// InArea lists the questions of the area, in order.
func (q Questionnaire) InArea(area string) []Question {
	var out []Question
	for _, x := range q.Questions {
		if x.Area == area {
			out = append(out, x)
		}
	}
	return out
}

// MunicipalityQuestion is the first municipality question: its answer says
// where the undertaking is, and so which local authorities handle it.
func (q Questionnaire) MunicipalityQuestion() (Question, bool) { return q.firstOf(Municipality) }

// StartQuestion is the first date question: its answer is the day the
// undertaking starts, from which the deadlines are counted back.
func (q Questionnaire) StartQuestion() (Question, bool) { return q.firstOf(Date) }

func (q Questionnaire) firstOf(typ string) (Question, bool) {
	for _, x := range q.Questions {
		if x.Type == typ {
			return x, true
		}
	}
	return Question{}, false
}

// Option returns the option with the value.
func (x Question) Option(value string) (Option, bool) {
	i := slices.IndexFunc(x.Options, func(o Option) bool { return o.Value == value })
	if i < 0 {
		return Option{}, false
	}
	return x.Options[i], true
}

// HasOptions reports whether the question's type takes options.
func (x Question) HasOptions() bool { return x.Type == Single || x.Type == Multi }
