package integration

import (
	"encoding/json"
	"time"
)

// The states of a delivery.
const (
	Pending   = "pending"   // not yet delivered; attempts may remain
	Delivered = "delivered" // the receiver answered 2xx
	Failed    = "failed"    // every attempt failed, or the subscription went away
)

// Delivery is one event sent, or being sent, to one subscription: a row of the
// delivery log.
type Delivery struct {
	ID             string `json:"id"`
	SubscriptionID string `json:"subscription"`
	// EventID is the outbox event; 0 for a test ping.
	EventID    int64  `json:"event_id,omitempty"`
	Topic      string `json:"event"`
	CaseID     string `json:"case_id,omitempty"`
	CaseNumber string `json:"case_number,omitempty"`
	Status     string `json:"status"`
	Attempts   int    `json:"attempts"`
	// LastStatusCode is the HTTP status of the last answer, 0 when the last
	// attempt got none (a network error or timeout).
	LastStatusCode int        `json:"last_status_code,omitempty"`
	LastError      string     `json:"last_error,omitempty"`
	LastAttemptAt  *time.Time `json:"last_attempt_at,omitempty"`
	NextAttemptAt  *time.Time `json:"next_attempt_at,omitempty"`
	DeliveredAt    *time.Time `json:"delivered_at,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	// URL is the subscription's address, for the log.
	URL string `json:"url"`
}

// Body is what a receiver gets: the JSON the signature covers.
type Body struct {
	ID         string          `json:"id"`
	Event      string          `json:"event"`
	EventID    int64           `json:"event_id"`
	OccurredAt time.Time       `json:"occurred_at"`
	Case       *CaseRef        `json:"case,omitempty"`
	Payload    json.RawMessage `json:"payload"`
}

// CaseRef names the case an event happened to; the receiver fetches the rest
// through the case API.
type CaseRef struct {
	ID      string `json:"id"`
	Number  string `json:"number"`
	Service string `json:"service"`
	State   string `json:"state"`
	Version int    `json:"version"`
}

// casePayload is the part of a case event's payload that deliveries need;
// the cases service writes it on every event.
type casePayload struct {
	Number    string `json:"number"`
	Service   string `json:"service"`
	Authority string `json:"authority"`
	State     string `json:"state"`
	Version   int    `json:"version"`
}

// maxErrorLen bounds the error text kept per attempt: enough to diagnose, not
// a whole HTML error page.
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
