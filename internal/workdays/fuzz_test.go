package workdays_test

import (
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/workdays"
)

// Fuzzed times are folded into 1950–2500, the years whose holidays the rules
// describe and in which Helsinki midnight always exists.
var (
	fuzzFrom = time.Date(1950, time.January, 1, 0, 0, 0, 0, time.UTC).Unix()
	fuzzTo   = time.Date(2500, time.January, 1, 0, 0, 0, 0, time.UTC).Unix()
)

func FuzzAddWorkingDays(f *testing.F) {
	f.Add(time.Date(2025, time.December, 23, 12, 0, 0, 0, time.UTC).Unix(), 4)
	f.Add(time.Date(2025, time.April, 17, 21, 30, 0, 0, time.UTC).Unix(), -3)
	f.Add(time.Date(2026, time.June, 19, 0, 0, 0, 0, time.UTC).Unix(), 0)
	f.Add(time.Date(2027, time.January, 1, 0, 0, 0, 0, time.UTC).Unix(), -503)
	cal := workdays.New()
	f.Fuzz(func(t *testing.T, sec int64, n int) {
		sec = fuzzFrom + ((sec%(fuzzTo-fuzzFrom))+(fuzzTo-fuzzFrom))%(fuzzTo-fuzzFrom)
		n %= 5000
		from := time.Unix(sec, 0)
		got := cal.AddWorkingDays(from, n)

		h := got.In(helsinki)
		if !got.Equal(time.Date(h.Year(), h.Month(), h.Day(), 0, 0, 0, 0, helsinki)) {
			t.Fatalf("AddWorkingDays(%s, %d) = %s, not midnight in Helsinki", from, n, got)
		}
		if _, holiday := cal.IsHoliday(got); holiday || !cal.IsWorkingDay(got) ||
			h.Weekday() == time.Saturday || h.Weekday() == time.Sunday {
			t.Fatalf("AddWorkingDays(%s, %d) = %s, not a working day", from, n, got)
		}

		want := n
		switch working := cal.IsWorkingDay(from); {
		case n == 0 && working:
			want = 0
		case n == 0:
			want = 1
		case n < 0 && !working:
			want = n + 1
		}
		if c := cal.WorkingDaysBetween(from, got); c != want {
			t.Fatalf("WorkingDaysBetween(%s, AddWorkingDays(.., %d) = %s) = %d, want %d", from, n, got, c, want)
		}
		if back := cal.WorkingDaysBetween(got, from); back != -want {
			t.Fatalf("counting back from %s to %s gives %d, want %d", got, from, back, -want)
		}

		// Small counts are checked against the plainest possible stepping.
		if n != 0 && n >= -60 && n <= 60 {
			step, left := 1, n
			if n < 0 {
				step, left = -1, -n
			}
			l := from.In(helsinki)
			d := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, helsinki)
			for left > 0 {
				d = d.AddDate(0, 0, step)
				if cal.IsWorkingDay(d) {
					left--
				}
			}
			if !d.Equal(got) {
				t.Fatalf("AddWorkingDays(%s, %d) = %s, stepping gives %s", from, n, got, d)
			}
		}
	})
}

func BenchmarkAddWorkingDays(b *testing.B) {
	cal := workdays.New()
	from := time.Date(2025, time.December, 15, 10, 0, 0, 0, helsinki)
	for b.Loop() {
		cal.AddWorkingDays(from, 30)
	}
}
