// Package cases keeps applications from the first draft to the archive: the
// answers on a fixed form version, attachments, sending with a case number,
// every version sent, the state and its history, requests for completion,
// decisions with the obligations they set, messages and partners. It also
// counts processing time in working days and estimates when a decision will
// come from the history of the same service.
package cases

import (
	"encoding/json"
	"time"
)

// Case is one application and everything that followed it.
type Case struct {
	ID     string `json:"id"`
	Number string `json:"number,omitempty"` // LUVA-2026-000123, once sent
	// Service is the catalogue service applied for; Authority the
	// organisation that handles it.
	Service      string `json:"service"`
	Authority    string `json:"authority"`
	PersonID     string `json:"person_id"`
	ActingFor    string `json:"acting_for,omitempty"`
	Applicant    string `json:"applicant"`
	Undertaking  string `json:"undertaking,omitempty"`
	FormID       string `json:"form_id"`
	FormVersion  int    `json:"form_version"`
	State        State  `json:"state"`
	Municipality string `json:"municipality,omitempty"`
	Title        string `json:"title"`
	Lang         string `json:"lang"`
	// Answers is the working copy; Version the number of the last version sent.
	Answers map[string]any `json:"answers"`
	Version int            `json:"version"`
	// Editing is the kind of version the customer is preparing after sending:
	// "supplement", "change" or "".
	Editing       string     `json:"editing,omitempty"`
	HandlerID     string     `json:"handler_id,omitempty"`
	HandlerName   string     `json:"handler_name,omitempty"`
	StatutoryDays int        `json:"statutory_days"`
	TargetDays    int        `json:"target_days"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	SubmittedAt   *time.Time `json:"submitted_at,omitempty"`
	DecidedAt     *time.Time `json:"decided_at,omitempty"`
}

// Sent reports whether the case has been sent to the authority.
func (c Case) Sent() bool { return c.SubmittedAt != nil }

// Version kinds.
const (
	KindApplication = "application"
	KindSupplement  = "supplement"
	KindChange      = "change"
)

// Version is a frozen copy of what the customer sent.
type Version struct {
	CaseID        string         `json:"case_id"`
	Number        int            `json:"version"`
	Kind          string         `json:"kind"`
	Answers       map[string]any `json:"answers"`
	Attachments   []string       `json:"attachments"`
	Note          string         `json:"note,omitempty"`
	CreatedAt     time.Time      `json:"created_at"`
	CreatedBy     string         `json:"created_by"`
	CreatedByName string         `json:"created_by_name"`
}

// Change is one entry of a case's history.
type Change struct {
	At        time.Time `json:"at"`
	ActorID   string    `json:"actor_id,omitempty"`
	ActorName string    `json:"actor_name,omitempty"`
	Side      Side      `json:"side"`
	From      State     `json:"from"`
	To        State     `json:"to"`
	Reason    string    `json:"reason,omitempty"`
}

// Attachment is a file attached to a case.
type Attachment struct {
	ID          string     `json:"id"`
	CaseID      string     `json:"case_id"`
	Field       string     `json:"field"`
	Name        string     `json:"name"`
	ContentType string     `json:"content_type"`
	Size        int64      `json:"size"`
	SHA256      string     `json:"sha256"`
	BlobKey     string     `json:"-"`
	Scanned     bool       `json:"scanned"`
	UploadedBy  string     `json:"-"`
	CreatedAt   time.Time  `json:"created_at"`
	RemovedAt   *time.Time `json:"removed_at,omitempty"`
}

// CompletionRequest is the authority asking the customer to complete the
// application by a deadline.
type CompletionRequest struct {
	ID              string     `json:"id"`
	CaseID          string     `json:"case_id"`
	Message         string     `json:"message"`
	Deadline        string     `json:"deadline"` // YYYY-MM-DD
	RequestedAt     time.Time  `json:"requested_at"`
	RequestedBy     string     `json:"-"`
	RequestedByName string     `json:"requested_by_name"`
	AnsweredAt      *time.Time `json:"answered_at,omitempty"`
	AnswerVersion   int        `json:"answer_version,omitempty"`
}

// Outcomes of a decision.
const (
	Granted     = "granted"
	Conditional = "conditional" // granted with conditions
	Rejected    = "rejected"
	Dismissed   = "dismissed" // not examined (jätetty tutkimatta)
)

// Outcomes lists the outcomes in display order.
func Outcomes() []string { return []string{Granted, Conditional, Rejected, Dismissed} }

// Decision is the authority's decision on a case.
type Decision struct {
	CaseID        string    `json:"case_id"`
	Outcome       string    `json:"outcome"`
	Body          string    `json:"body"`
	Conditions    []string  `json:"conditions"`
	Appeal        string    `json:"appeal"`
	DecidedAt     time.Time `json:"decided_at"`
	DecidedBy     string    `json:"-"`
	DecidedByName string    `json:"decided_by_name"`
}

// Obligation is a duty a decision sets, such as an annual report.
type Obligation struct {
	ID         string    `json:"id"`
	CaseID     string    `json:"case_id"`
	PersonID   string    `json:"-"`
	ActingFor  string    `json:"-"`
	Title      string    `json:"title"`
	Due        string    `json:"due"`                  // YYYY-MM-DD
	Recurrence string    `json:"recurrence,omitempty"` // "" or "yearly"
	CreatedAt  time.Time `json:"created_at"`
}

// Message is a message about a case between the customer and the authority.
type Message struct {
	ID         string    `json:"id"`
	CaseID     string    `json:"case_id"`
	Side       Side      `json:"side"`
	AuthorID   string    `json:"-"`
	AuthorName string    `json:"author_name"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// Partner is a person the customer invited to one application.
type Partner struct {
	CaseID    string    `json:"case_id"`
	PersonID  string    `json:"person_id"`
	Name      string    `json:"name"`
	CanEdit   bool      `json:"can_edit"`
	CreatedAt time.Time `json:"created_at"`
}

func marshal(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
