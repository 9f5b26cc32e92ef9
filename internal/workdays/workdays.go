// Package workdays is the Finnish working-day calendar. Every deadline and
// processing time in luva is counted in its working days, so that "within five
// working days" means the same thing to the system as to the person reading it.
//
// Dates are calendar days in Helsinki: a time given in any zone is first moved
// to Europe/Helsinki and cut to its date, because a decision sent at 23:30 UTC
// on a Monday was sent on Tuesday as far as the recipient is concerned.
package workdays

import (
	"sync"
	"time"
	// The zone database is embedded so that the calendar works on hosts and
	// containers that ship without /usr/share/zoneinfo.
	_ "time/tzdata"
)

// helsinki is read once and never changed; a *time.Location is safe to share.
var helsinki = mustLoad("Europe/Helsinki")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// Cannot happen with time/tzdata linked in; failing loudly beats counting
		// deadlines in the wrong zone.
		panic("workdays: load time zone " + name + ": " + err.Error())
	}
	return loc
}

// Cached years are limited to this range so that the cache stays small however
// odd the dates callers pass; other years are computed on every call.
const (
	cacheFrom = 1900
	cacheTo   = 2300
)

// Calendar answers working-day questions. The zero value is not usable; create
// one with New. A Calendar is safe for concurrent use.
type Calendar struct {
	mu    sync.Mutex
	years map[int]*year
}

// New returns a calendar of Finnish working days.
func New() *Calendar {
	return &Calendar{years: make(map[int]*year)}
}

// IsWorkingDay reports whether t's date in Helsinki is a working day: neither a
// Saturday, a Sunday nor a public holiday.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	d := dateOf(t)
	return !c.year(d.year).off[d.yday]
}

// IsHoliday returns the public holiday that falls on t's date in Helsinki.
// Saturdays and Sundays that are not holidays report false. In the rare years
// when two holidays share a date, the one listed first by Holidays is returned.
func (c *Calendar) IsHoliday(t time.Time) (Holiday, bool) {
	d := dateOf(t)
	y := c.year(d.year)
	for i, yd := range y.holidayDays {
		if yd == d.yday {
			return y.holidays[i], true
		}
	}
	return Holiday{}, false
}

// Holidays returns the public holidays of year in date order. Every holiday is
// listed, including those that fall on a weekend anyway.
func (c *Calendar) Holidays(year int) []Holiday {
	hs := c.year(year).holidays
	// A copy, so that callers cannot change what other callers see.
	return append([]Holiday(nil), hs...)
}

// year returns the facts of one year, building them on first use.
func (c *Calendar) year(n int) *year {
	if n < cacheFrom || n >= cacheTo {
		return newYear(n)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	y, ok := c.years[n]
	if !ok {
		y = newYear(n)
		c.years[n] = y
	}
	return y
}

// date is a calendar day in Helsinki: a year and a zero-based day of that year.
// Counting in plain day numbers keeps DST changes out of the arithmetic.
type date struct {
	year, yday int
}

// dateOf returns the Helsinki date of t.
func dateOf(t time.Time) date {
	h := t.In(helsinki)
	return date{year: h.Year(), yday: h.YearDay() - 1}
}

// start returns the first instant of d in Helsinki: midnight, except on the rare
// historical dates when the clocks jumped over midnight.
func (d date) start() time.Time {
	return time.Date(d.year, time.January, 1+d.yday, 0, 0, 0, 0, helsinki)
}

// Location is Europe/Helsinki, the zone every date here is counted in.
func Location() *time.Location { return helsinki }
