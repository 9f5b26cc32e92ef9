package workdays

import "time"

// AddWorkingDays returns the date n working days from t's date in Helsinki, as
// the first instant of that date in Helsinki (midnight).
//
// Counting starts from the day after t, as in Finnish deadline practice: t's
// date itself is never counted, whatever its kind. For n > 0 the result is the
// n-th working day after t's date, so five working days from a Friday with no
// holidays in between is the next Friday. For n < 0 it is the |n|-th working
// day before t's date, which is how a date such as "send by" is counted back
// from the start of an event. For n == 0 it is t's date if that is a working
// day, and otherwise the next working day.
//
// The result is always a working day. For n >= 1, and for n <= -1 when t's
// date is a working day, WorkingDaysBetween(t, AddWorkingDays(t, n)) == n.
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	d := dateOf(t)
	switch {
	case n == 0:
		if !c.year(d.year).off[d.yday] {
			return d.start()
		}
		return c.forward(d, 1).start()
	case n > 0:
		return c.forward(d, n).start()
	default:
		return c.backward(d, -n).start()
	}
}

// forward returns the n-th working day after d, n >= 1. It skips whole years
// at a time, so that the cost does not grow with n.
func (c *Calendar) forward(d date, n int) date {
	for {
		y := c.year(d.year)
		done := y.upTo(d.yday)
		if left := y.total() - done; n > left {
			n -= left
			// Day -1 of the next year stands for the last day of this one.
			d = date{year: d.year + 1, yday: -1}
			continue
		}
		return date{year: d.year, yday: y.workday(done + n - 1)}
	}
}

// backward returns the n-th working day before d, n >= 1.
func (c *Calendar) backward(d date, n int) date {
	for {
		y := c.year(d.year)
		if earlier := y.before[d.yday]; n > earlier {
			n -= earlier
			// One past the last day of the previous year stands for 1 January.
			prev := c.year(d.year - 1)
			d = date{year: d.year - 1, yday: len(prev.off)}
			continue
		}
		return date{year: d.year, yday: y.workday(y.before[d.yday] - n)}
	}
}

// WorkingDaysBetween returns the number of working days in the half-open range
// (a, b] of Helsinki dates: the days after a's date up to and including b's
// date. When b is before a the count is negative and covers (b, a], so that
// WorkingDaysBetween(a, b) == -WorkingDaysBetween(b, a) and counts over
// consecutive ranges add up. Dates on the same day give 0.
//
// For n >= 1, WorkingDaysBetween(t, AddWorkingDays(t, n)) == n.
func (c *Calendar) WorkingDaysBetween(a, b time.Time) int {
	da, db := dateOf(a), dateOf(b)
	if db.before(da) {
		return -c.between(db, da)
	}
	return c.between(da, db)
}

// between counts the working days in (a, b], a not after b. The cost grows with
// the number of years between them, not the number of days.
func (c *Calendar) between(a, b date) int {
	ya := c.year(a.year)
	if a.year == b.year {
		return ya.upTo(b.yday) - ya.upTo(a.yday)
	}
	n := ya.total() - ya.upTo(a.yday)
	for y := a.year + 1; y < b.year; y++ {
		n += c.year(y).total()
	}
	return n + c.year(b.year).upTo(b.yday)
}

// before reports whether d is an earlier date than e.
func (d date) before(e date) bool {
	return d.year < e.year || d.year == e.year && d.yday < e.yday
}
