package integration

import (
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Topics are the case events a subscription can receive, in display order.
// application.started is left out on purpose: a draft is the customer's own
// until it is sent.
func Topics() []string {
	return []string{"application.submitted", "case.supplemented", "case.change_proposed", "case.message",
		"case.state_changed", "case.completion_requested", "case.decided"}
}

// PingTopic is the topic of the test deliveries an admin sends by hand.
const PingTopic = "ping"

// Subscription is an organisation's receiving address for case events.
type Subscription struct {
	ID             string `json:"id"`
	OrganisationID string `json:"organisation"`
	URL            string `json:"url"`
	// Topics lists the events sent; empty (never nil) means every case
	// event, also those added to luva later.
	Topics        []string  `json:"topics"`
	Active        bool      `json:"active"`
	CreatedBy     string    `json:"created_by"`
	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
}

// AllTopics reports whether the subscription takes every case event.
func (s Subscription) AllTopics() bool { return len(s.Topics) == 0 }

// Wants reports whether the subscription receives events of topic.
func (s Subscription) Wants(topic string) bool {
	return topic == PingTopic || s.AllTopics() || slices.Contains(s.Topics, topic)
}

// NewSubscription is what an admin gives to subscribe.
type NewSubscription struct {
	URL string `json:"url"`
	// Topics to send; empty, or every topic, means all case events.
	Topics []string `json:"topics"`
}

// normalise checks n and returns its cleaned URL and topic list, or the
// field errors as i18n keys.
func (n NewSubscription) normalise() (string, []string, map[string]string) {
	fields := map[string]string{}
	raw := strings.TrimSpace(n.URL)
	if key := checkURL(raw); key != "" {
		fields["url"] = key
	}
	var topics []string
	for _, t := range n.Topics {
		if !slices.Contains(Topics(), t) {
			fields["topics"] = "integration.error.topic"
			break
		}
		if !slices.Contains(topics, t) {
			topics = append(topics, t)
		}
	}
	if len(topics) == len(Topics()) {
		topics = nil // every topic today means every topic tomorrow too
	}
	if topics == nil {
		topics = []string{}
	}
	if len(fields) > 0 {
		return "", nil, fields
	}
	return raw, topics, nil
}

// checkURL returns the i18n key of what is wrong with a receiving address,
// or "". Deliveries carry case data, so they go over https; plain http is
// allowed only to this machine, for development and tests.
func checkURL(raw string) string {
	if raw == "" {
		return "integration.error.url_required"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || u.Fragment != "" || len(raw) > 2000 {
		return "integration.error.url_invalid"
	}
	switch u.Scheme {
	case "https":
		return ""
	case "http":
		if isLoopback(u.Hostname()) {
			return ""
		}
		return "integration.error.url_https"
	}
	return "integration.error.url_invalid"
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// newSecret returns a fresh signing secret: 32 random bytes, prefixed so
// that a secret pasted in the wrong place is recognisable.
func newSecret() string {
	b := make([]byte, 32)
	rand.Read(b) //nolint:errcheck // crypto/rand.Read never fails
	return "whsec_" + hex.EncodeToString(b)
}

func joinTopics(ts []string) string { return strings.Join(ts, ",") }

func splitTopics(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}
