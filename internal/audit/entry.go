// Package audit is luva's append-only, hash-chained audit log. It records who
// (actor id and name), acting for whom, did what (an action such as
// "person.read"), to what (target type and id), when, through which route, from
// which IP address, with which outcome, and a small JSON detail.
//
// Each entry carries the hash of the entry before it and a hash of its own
// content, so a row edited, deleted or reordered behind luva's back breaks the
// chain, and Verify names the first entry where it breaks. The hash is
//
//	hex(sha256(encoding))
//
// where encoding is the concatenation of netstrings ("<byte length>:<bytes>,")
// of, in this order: the version tag "luva-audit-v1", prev_hash, the time as UTC
// RFC 3339 with exactly six fractional digits (2026-05-04T09:00:00.000000Z),
// actor_id, actor_name, acting_for, action, target_type, target_id, route, ip,
// outcome and detail. The first entry's prev_hash is GenesisHash. Length
// prefixes make the encoding unambiguous: no two different entries encode
// alike, whatever bytes their fields hold.
//
// The chain cannot show that entries were removed from its end: a log cut
// short is a valid, shorter chain. Copying the latest hash somewhere else
// (a backup, a report, another system) is what catches that.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// Entry is one audit log record.
type Entry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    string    `json:"actor_id"`
	ActorName  string    `json:"actor_name"`
	ActingFor  string    `json:"acting_for"` // whom the actor acted for, e.g. under a mandate; empty for themselves
	Action     string    `json:"action"`     // what was done, e.g. "person.read", "session.sign_in", "mandate.grant"
	TargetType string    `json:"target_type"`
	TargetID   string    `json:"target_id"`
	Route      string    `json:"route"` // the route or command that did it, e.g. "GET /api/persons/{id}"
	IP         string    `json:"ip"`
	Outcome    string    `json:"outcome"` // OutcomeOK, OutcomeDenied or OutcomeFailed
	Detail     string    `json:"detail"`  // a small JSON text, or empty
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// The outcomes an entry records.
const (
	OutcomeOK     = "ok"
	OutcomeDenied = "denied"
	OutcomeFailed = "failed"
)

// GenesisHash is the prev_hash of the first entry.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// hashVersion names the encoding, so that a later change of it can be told apart.
const hashVersion = "luva-audit-v1"

// timeLayout is RFC 3339 with a fixed six fractional digits: PostgreSQL keeps
// microseconds, and a fixed width means one instant has one text.
const timeLayout = "2006-01-02T15:04:05.000000Z07:00"

// normalTime is t as stored and hashed: UTC, truncated to microseconds.
func normalTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// hashOf returns the hash of e's content and prev hash; e.ID and e.Hash are
// not part of it.
func hashOf(e Entry) string {
	var b strings.Builder
	for _, s := range []string{
		hashVersion, e.PrevHash, normalTime(e.At).Format(timeLayout),
		e.ActorID, e.ActorName, e.ActingFor, e.Action, e.TargetType, e.TargetID,
		e.Route, e.IP, e.Outcome, e.Detail,
	} {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
		b.WriteByte(',')
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}
