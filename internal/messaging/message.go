package messaging

import (
	"time"
)

// The channels a notification goes by.
const (
	InApp = "in_app"
	Email = "email"
)

// The states of a notification. An in-app message is delivered when it is
// written, and read when its person opens or marks it; an email is pending
// until the mail server accepts it, or fails for good.
const (
	Pending   = "pending"
	Delivered = "delivered"
	Read      = "read"
	Failed    = "failed"
)

// Notification is one message to one person on one channel, with its
// delivery metadata.
type Notification struct {
	ID       string `json:"id"`
	PersonID string `json:"person_id"`
	Channel  string `json:"channel"`
	// Recipient is the email address an email went to; for in-app messages
	// the person's name.
	Recipient      string `json:"recipient"`
	OrganisationID string `json:"organisation_id,omitempty"`
	TriggerID      string `json:"trigger_id,omitempty"`
	Topic          string `json:"topic,omitempty"`
	CaseID         string `json:"case_id,omitempty"`
	CaseNumber     string `json:"case_number,omitempty"`
	// TitleKey and BodyKey are message keys of the i18n catalogues, filled
	// in with Params when shown; Title and Body are the text in the
	// language asked for, set by the service's readers.
	TitleKey string            `json:"title_key"`
	BodyKey  string            `json:"body_key,omitempty"`
	Params   map[string]string `json:"params,omitempty"`
	Title    string            `json:"title,omitempty"`
	Body     string            `json:"body,omitempty"`
	// Link is the page the message is about, below the language prefix
	// ("/cases/…").
	Link          string     `json:"link,omitempty"`
	Status        string     `json:"status"`
	Attempts      int        `json:"attempts"`
	LastError     string     `json:"last_error,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	SentAt        *time.Time `json:"sent_at,omitempty"`
	DeliveredAt   *time.Time `json:"delivered_at,omitempty"`
	ReadAt        *time.Time `json:"read_at,omitempty"`
	FailedAt      *time.Time `json:"failed_at,omitempty"`
	NextAttemptAt *time.Time `json:"next_attempt_at,omitempty"`
}

// Unread reports whether an in-app message waits to be read.
func (n Notification) Unread() bool { return n.Channel == InApp && n.ReadAt == nil }

// Message is what a feature asks to tell one person. The service writes one
// notification per channel the person chose.
type Message struct {
	PersonID string
	// Key makes the message once-only: the same key for the same person is
	// one message per channel however often it is asked for.
	Key            string
	OrganisationID string
	TriggerID      string
	Topic          string
	CaseID         string
	CaseNumber     string
	TitleKey       string
	BodyKey        string
	Params         map[string]string
	Link           string
}

// maxErrorLen bounds the error text kept per message: enough to diagnose, not
// a whole server transcript.
const maxErrorLen = 500

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Cut on a rune boundary so the log never holds broken UTF-8.
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
