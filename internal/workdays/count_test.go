package workdays_test

import (
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/workdays"
)

func TestAddWorkingDays(t *testing.T) {
	t.Parallel()
	ny := mustLoad("America/New_York")
	at := func(s string, hour, min int, loc *time.Location) time.Time {
		d := day(t, s)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, min, 0, 0, loc)
	}
	tests := []struct {
		name string
		from time.Time
		n    int
		want string
	}{
		{"five working days from a Friday is the next Friday", day(t, "2025-01-10"), 5, "2025-01-17"},
		{"Epiphany on a Monday is skipped", day(t, "2025-01-03"), 1, "2025-01-07"},
		{"Easter skips Good Friday to Easter Monday", day(t, "2025-04-17"), 1, "2025-04-22"},
		{"Christmas skips to the Monday after St Stephen's Day", day(t, "2025-12-23"), 1, "2025-12-29"},
		{"New Year's Day is skipped", day(t, "2025-12-23"), 4, "2026-01-02"},
		{"Midsummer skips Friday to Monday", day(t, "2025-06-19"), 1, "2025-06-23"},
		{"May Day on a Friday skips to Monday", day(t, "2026-04-30"), 1, "2026-05-04"},
		{"Ascension Day skips Thursday", day(t, "2026-05-13"), 1, "2026-05-15"},
		{"a count starting on a Saturday does not count that day", day(t, "2025-03-15"), 1, "2025-03-17"},
		{"spring DST change lands on Monday midnight summer time", at("2025-03-29", 12, 0, helsinki), 1, "2025-03-31"},
		{"autumn DST change lands on Monday midnight winter time", at("2025-10-24", 23, 59, helsinki), 1, "2025-10-27"},
		{"a UTC Thursday evening is already Friday in Helsinki", at("2025-01-09", 22, 30, time.UTC), 1, "2025-01-13"},
		{"a minute before Helsinki midnight is still Thursday", at("2025-01-09", 21, 59, time.UTC), 1, "2025-01-10"},
		{"a New York New Year's Eve is already a holiday", at("2025-12-31", 18, 0, ny), 1, "2026-01-02"},
		{"zero days keeps a working day", at("2025-06-19", 15, 0, helsinki), 0, "2025-06-19"},
		{"zero days moves a holiday to the next working day", at("2025-06-19", 21, 30, time.UTC), 0, "2025-06-23"},
		{"zero days moves a Saturday to Monday", day(t, "2025-12-27"), 0, "2025-12-29"},
		{"a whole year of working days ends on its last one", day(t, "2025-01-01"), 251, "2025-12-31"},
		{"two whole years are skipped at once", day(t, "2024-12-31"), 251 + 252, "2026-12-31"},
		{"one working day back from Easter Tuesday is Maundy Thursday", day(t, "2025-04-22"), -1, "2025-04-17"},
		{"three working days before a Monday skip May Day", day(t, "2025-05-05"), -3, "2025-04-29"},
		{"one working day before a Sunday is the Friday", day(t, "2025-05-04"), -1, "2025-05-02"},
		{"counting back crosses New Year", day(t, "2026-01-02"), -1, "2025-12-31"},
		{"counting back crosses Christmas", day(t, "2026-01-02"), -4, "2025-12-23"},
		{"counting back skips whole years", day(t, "2027-01-01"), -(251 + 252), "2025-01-02"},
	}
	cal := workdays.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cal.AddWorkingDays(tt.from, tt.n)
			want := day(t, tt.want)
			if !got.Equal(want) || got.Location().String() != "Europe/Helsinki" {
				t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.n, got, want)
			}
		})
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b time.Time
		want int
	}{
		{"a date and itself have none", day(t, "2025-01-10"), day(t, "2025-01-10").Add(20 * time.Hour), 0},
		{"Friday to Friday has five", day(t, "2025-01-10"), day(t, "2025-01-17"), 5},
		{"backwards the count is negative", day(t, "2025-01-17"), day(t, "2025-01-10"), -5},
		{"a weekend has none", day(t, "2025-01-11"), day(t, "2025-01-12"), 0},
		{"Maundy Thursday to Easter Tuesday has one", day(t, "2025-04-17"), day(t, "2025-04-22"), 1},
		{"times are taken as Helsinki dates",
			time.Date(2025, time.January, 9, 22, 30, 0, 0, time.UTC), day(t, "2025-01-13").Add(10 * time.Hour), 1},
		{"four years add up", day(t, "2023-12-31"), day(t, "2027-12-31"), 252 + 251 + 252 + 253},
	}
	cal := workdays.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cal.WorkingDaysBetween(tt.a, tt.b); got != tt.want {
				t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestAddingAndCountingAgree(t *testing.T) {
	t.Parallel()
	cal := workdays.New()
	for d := day(t, "2023-12-01"); d.Year() < 2028; d = d.AddDate(0, 0, 1) {
		for n := -30; n <= 30; n++ {
			got := cal.WorkingDaysBetween(d, cal.AddWorkingDays(d, n))
			want := n
			switch working := cal.IsWorkingDay(d); {
			case n == 0 && working:
				want = 0
			case n == 0:
				want = 1 // moved on to the next working day
			case n < 0 && !working:
				want = n + 1 // a day off is not counted in (result, d]
			}
			if got != want {
				t.Fatalf("from %s, n = %d: counted %d back, want %d", d.Format(time.DateOnly), n, got, want)
			}
		}
	}
}
