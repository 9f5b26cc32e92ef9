package audit

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// csvHeader names the CSV columns; they match the JSON keys and the table's
// columns.
var csvHeader = []string{"id", "at", "actor_id", "actor_name", "acting_for", "action", "target_type",
	"target_id", "route", "ip", "outcome", "detail", "prev_hash", "hash"}

// WriteCSV writes entries as RFC 4180 CSV with a header row. Times are RFC 3339
// in UTC with microseconds, as they are hashed, so an export can be checked
// against the chain.
func WriteCSV(w io.Writer, entries []Entry) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("write audit CSV: %w", err)
	}
	for _, e := range entries {
		err := cw.Write([]string{strconv.FormatInt(e.ID, 10), normalTime(e.At).Format(timeLayout),
			e.ActorID, e.ActorName, e.ActingFor, e.Action, e.TargetType, e.TargetID,
			e.Route, e.IP, e.Outcome, e.Detail, e.PrevHash, e.Hash})
		if err != nil {
			return fmt.Errorf("write audit CSV entry %d: %w", e.ID, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write audit CSV: %w", err)
	}
	return nil
}

// jsonEntry is an Entry as exported, with snake_case keys.
type jsonEntry struct {
	ID         int64  `json:"id"`
	At         string `json:"at"`
	ActorID    string `json:"actor_id"`
	ActorName  string `json:"actor_name"`
	ActingFor  string `json:"acting_for"`
	Action     string `json:"action"`
	TargetType string `json:"target_type"`
	TargetID   string `json:"target_id"`
	Route      string `json:"route"`
	IP         string `json:"ip"`
	Outcome    string `json:"outcome"`
	Detail     string `json:"detail"`
	PrevHash   string `json:"prev_hash"`
	Hash       string `json:"hash"`
}

// WriteJSON writes entries as a JSON array of objects with snake_case keys.
// Detail stays a string holding JSON text, exactly as hashed.
func WriteJSON(w io.Writer, entries []Entry) error {
	out := make([]jsonEntry, 0, len(entries))
	for _, e := range entries {
		out = append(out, jsonEntry{e.ID, normalTime(e.At).Format(timeLayout), e.ActorID, e.ActorName,
			e.ActingFor, e.Action, e.TargetType, e.TargetID, e.Route, e.IP, e.Outcome, e.Detail, e.PrevHash, e.Hash})
	}
	if err := json.NewEncoder(w).Encode(out); err != nil {
		return fmt.Errorf("write audit JSON: %w", err)
	}
	return nil
}
