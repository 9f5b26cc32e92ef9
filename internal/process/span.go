package process

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/luva-fi/luva/internal/workdays"
)

// Span is a length of time as process definitions write it: an ISO 8601
// duration (P42D, P1M, PT4H, P2W) or a number of working days in the Finnish
// calendar (luva's P30WD, or luva:workingDays="30"), which is how the law
// counts most time limits.
type Span struct {
	Years, Months, Days int
	Clock               time.Duration // the T part: hours, minutes, seconds
	WorkingDays         int
	text                string
}

// IsZero reports whether the span is empty.
func (s Span) IsZero() bool {
	return s.Years == 0 && s.Months == 0 && s.Days == 0 && s.Clock == 0 && s.WorkingDays == 0
}

// String is the span as written.
func (s Span) String() string { return s.text }

// After returns the moment the span ends when it starts at t. Working days
// end at the same time of day as t on the n-th working day after t's date,
// in Helsinki.
func (s Span) After(t time.Time, cal *workdays.Calendar) time.Time {
	if s.WorkingDays > 0 {
		loc := workdays.Location()
		local := t.In(loc)
		d := cal.AddWorkingDays(t, s.WorkingDays).In(loc)
		return time.Date(d.Year(), d.Month(), d.Day(), local.Hour(), local.Minute(), local.Second(), local.Nanosecond(), loc)
	}
	return t.AddDate(s.Years, s.Months, s.Days).Add(s.Clock)
}

var (
	workingDaysRE = regexp.MustCompile(`^P([0-9]{1,4})WD$`)
	isoDurationRE = regexp.MustCompile(`^P(?:([0-9]{1,4})Y)?(?:([0-9]{1,4})M)?(?:([0-9]{1,4})W)?(?:([0-9]{1,5})D)?(?:T(?:([0-9]{1,5})H)?(?:([0-9]{1,6})M)?(?:([0-9]{1,7})S)?)?$`)
)

// ParseSpan reads an ISO 8601 duration or luva's PnWD working days.
func ParseSpan(text string) (Span, error) {
	s := Span{text: text}
	if m := workingDaysRE.FindStringSubmatch(text); m != nil {
		s.WorkingDays, _ = strconv.Atoi(m[1])
		if s.WorkingDays == 0 {
			return Span{}, fmt.Errorf("%q is no time at all", text)
		}
		return s, nil
	}
	m := isoDurationRE.FindStringSubmatch(text)
	if m == nil || text == "P" || text[len(text)-1] == 'T' {
		return Span{}, fmt.Errorf("%q is not an ISO 8601 duration such as P42D or PT4H, nor working days such as P30WD", text)
	}
	n := func(i int) int {
		v, _ := strconv.Atoi(m[i]) // the pattern allows digits only; "" is 0
		return v
	}
	s.Years, s.Months, s.Days = n(1), n(2), 7*n(3)+n(4)
	s.Clock = time.Duration(n(5))*time.Hour + time.Duration(n(6))*time.Minute + time.Duration(n(7))*time.Second
	if s.IsZero() {
		return Span{}, fmt.Errorf("%q is no time at all", text)
	}
	return s, nil
}

// workingDaysSpan is luva:workingDays="n".
func workingDaysSpan(text string) (Span, error) {
	n, err := strconv.Atoi(text)
	if err != nil || n < 1 || n > 9999 {
		return Span{}, fmt.Errorf("working days %q must be a whole number from 1 to 9999", text)
	}
	return Span{WorkingDays: n, text: "P" + text + "WD"}, nil
}
