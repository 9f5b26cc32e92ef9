package workdays

import (
	"sort"
	"time"
)

// year holds everything the calendar needs to know about one year, indexed by
// zero-based day of the year. It is built once and then only read, so it can be
// shared between goroutines without locking.
type year struct {
	holidays    []Holiday // in date order
	holidayDays []int     // holidayDays[i] is the day of the year of holidays[i]
	off         []bool    // off[d] is true when day d is not a working day
	// before[d] is the number of working days among days 0 to d-1, so that any
	// count within the year is one subtraction; before[len(off)] is the total.
	before []int
}

// newYear works out the holidays and working days of year n.
func newYear(n int) *year {
	days := yearDay(n, time.December, 31) + 1
	y := &year{off: make([]bool, days), before: make([]int, days+1)}

	jan1 := time.Date(n, time.January, 1, 0, 0, 0, 0, time.UTC).Weekday()
	for d := range y.off {
		wd := (int(jan1) + d) % 7
		y.off[d] = wd == int(time.Saturday) || wd == int(time.Sunday)
	}

	em, ed := easter(n)
	e := yearDay(n, em, ed)
	type dated struct {
		day int
		h   Holiday
	}
	list := make([]dated, 0, len(rules))
	for _, r := range rules {
		d := r.day(n, e)
		list = append(list, dated{d, Holiday{Date: date{n, d}.start(), FI: r.fi, SV: r.sv, EN: r.en}})
		y.off[d] = true
	}
	// Stable, so that two holidays on one date keep the order of rules.
	sort.SliceStable(list, func(i, j int) bool { return list[i].day < list[j].day })
	for _, x := range list {
		y.holidays = append(y.holidays, x.h)
		y.holidayDays = append(y.holidayDays, x.day)
	}

	for d, off := range y.off {
		y.before[d+1] = y.before[d]
		if !off {
			y.before[d+1]++
		}
	}
	return y
}

// total returns the number of working days in the year.
func (y *year) total() int { return y.before[len(y.off)] }

// upTo returns the number of working days from the start of the year up to and
// including day d.
func (y *year) upTo(d int) int { return y.before[d+1] }

// workday returns the day of the year of the k-th working day, counting the
// first working day of the year as 0. k must be below total.
func (y *year) workday(k int) int {
	return sort.Search(len(y.off), func(d int) bool { return y.before[d+1] > k })
}
