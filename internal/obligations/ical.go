package obligations

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is an iCalendar (RFC 5545) document of all-day events.
type Calendar struct {
	Name   string
	Events []Event
}

// Event is one duty in a calendar.
type Event struct {
	UID         string
	Stamp       time.Time
	Date        string // YYYY-MM-DD, an all-day event
	Summary     string
	Description string
	URL         string
	// EveryMonths repeats the event: 12 yearly, others monthly by the
	// interval, 0 never.
	EveryMonths int
	// RemindDays sets an alarm that many days before; AlarmText is its text.
	RemindDays int
	AlarmText  string
}

// WriteICS writes cal as an iCalendar document: CRLF line endings, lines
// folded at 75 octets without splitting a character, text escaped.
func WriteICS(w io.Writer, cal Calendar) error {
	bw := bufio.NewWriter(w)
	line := func(name, value string) { writeFolded(bw, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//luva//obligations//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if cal.Name != "" {
		line("X-WR-CALNAME", escapeText(cal.Name))
	}
	for _, e := range cal.Events {
		day, err := time.Parse(time.DateOnly, e.Date)
		if err != nil {
			return fmt.Errorf("event %s: due date %q: %w", e.UID, e.Date, err)
		}
		line("BEGIN", "VEVENT")
		line("UID", escapeText(e.UID))
		line("DTSTAMP", e.Stamp.UTC().Format("20060102T150405Z"))
		line("DTSTART;VALUE=DATE", day.Format("20060102"))
		line("DTEND;VALUE=DATE", day.AddDate(0, 0, 1).Format("20060102"))
		line("SUMMARY", escapeText(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION", escapeText(e.Description))
		}
		if e.URL != "" {
			line("URL", e.URL)
		}
		switch {
		case e.EveryMonths == 12:
			line("RRULE", "FREQ=YEARLY")
		case e.EveryMonths > 0:
			line("RRULE", fmt.Sprintf("FREQ=MONTHLY;INTERVAL=%d", e.EveryMonths))
		}
		line("TRANSP", "TRANSPARENT")
		if e.RemindDays > 0 {
			line("BEGIN", "VALARM")
			line("ACTION", "DISPLAY")
			line("DESCRIPTION", escapeText(e.AlarmText))
			line("TRIGGER", fmt.Sprintf("-P%dD", e.RemindDays))
			line("END", "VALARM")
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return bw.Flush()
}

// escapeText escapes a TEXT value (RFC 5545 § 3.3.11).
func escapeText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// writeFolded writes a content line, folding it so that no line is longer
// than 75 octets: a continuation starts with a space, which counts.
func writeFolded(w *bufio.Writer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
