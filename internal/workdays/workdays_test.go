package workdays_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/workdays"
)

var helsinki = mustLoad("Europe/Helsinki")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// day returns midnight at the start of a "2006-01-02" date in Helsinki.
func day(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation(time.DateOnly, s, helsinki)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestWorkingDaysInAYear(t *testing.T) {
	t.Parallel()
	// Weekdays less the holidays that fall on them. 2025 has 261 weekdays;
	// Easter Sunday, Whit Sunday, Midsummer Day, All Saints' Day and (that year)
	// Independence Day fall on weekends, the other ten holidays do not: 251.
	tests := []struct {
		year, want int
	}{
		{2024, 252}, {2025, 251}, {2026, 252}, {2027, 253},
	}
	cal := workdays.New()
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d has %d working days", tt.year, tt.want), func(t *testing.T) {
			from := time.Date(tt.year-1, time.December, 31, 12, 0, 0, 0, helsinki)
			to := time.Date(tt.year, time.December, 31, 12, 0, 0, 0, helsinki)
			if got := cal.WorkingDaysBetween(from, to); got != tt.want {
				t.Errorf("got %d", got)
			}
			n := 0
			for d := from.AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
				if cal.IsWorkingDay(d) {
					n++
				}
			}
			if n != tt.want {
				t.Errorf("counting day by day gives %d", n)
			}
		})
	}
}

func TestIsWorkingDay(t *testing.T) {
	t.Parallel()
	ny := mustLoad("America/New_York")
	tests := []struct {
		name string
		t    time.Time
		want bool
	}{
		{"an ordinary Tuesday is a working day", day(t, "2025-03-11"), true},
		{"a Saturday is not", day(t, "2025-03-15"), false},
		{"a Sunday is not", day(t, "2025-03-16"), false},
		{"Midsummer Eve is not", day(t, "2026-06-19"), false},
		{"the Thursday before Midsummer is", day(t, "2026-06-18"), true},
		{"a UTC Friday evening is already Saturday in Helsinki",
			time.Date(2025, time.March, 14, 22, 30, 0, 0, time.UTC), false},
		{"a UTC Sunday evening is already Monday in Helsinki",
			time.Date(2025, time.March, 16, 22, 30, 0, 0, time.UTC), true},
		{"a summer UTC evening crosses midnight an hour earlier",
			time.Date(2025, time.June, 19, 21, 30, 0, 0, time.UTC), false},
		{"New Year's Eve in New York is New Year's Day in Helsinki",
			time.Date(2025, time.December, 31, 18, 0, 0, 0, ny), false},
	}
	cal := workdays.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cal.IsWorkingDay(tt.t); got != tt.want {
				t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.t, got, tt.want)
			}
		})
	}
}

func TestHolidayDatesAreHelsinkiMidnights(t *testing.T) {
	t.Parallel()
	for _, h := range workdays.New().Holidays(2026) {
		if h.Date.Location().String() != "Europe/Helsinki" || h.Date.Hour() != 0 || h.Date.Minute() != 0 {
			t.Errorf("%s: date %s is not midnight in Helsinki", h.EN, h.Date)
		}
	}
}

func TestCalendarIsSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	cal := workdays.New()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for y := 2000; y < 2040; y++ {
				cal.Holidays(y + i)
				cal.AddWorkingDays(time.Date(y, time.June, 1, 0, 0, 0, 0, helsinki), 30)
			}
		})
	}
	wg.Wait()
}
