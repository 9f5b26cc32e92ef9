package workdays_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/workdays"
)

// holidayNames are the English names in the order the dates below are given.
var holidayNames = []string{
	"New Year's Day", "Epiphany", "Good Friday", "Easter Sunday", "Easter Monday",
	"May Day", "Ascension Day", "Whit Sunday", "Midsummer Eve", "Midsummer Day",
	"All Saints' Day", "Independence Day", "Christmas Eve", "Christmas Day",
	"St Stephen's Day",
}

// holidayDates are the public holidays as printed in Finnish calendars.
var holidayDates = map[int][]string{
	2024: {"2024-01-01", "2024-01-06", "2024-03-29", "2024-03-31", "2024-04-01",
		"2024-05-01", "2024-05-09", "2024-05-19", "2024-06-21", "2024-06-22",
		"2024-11-02", "2024-12-06", "2024-12-24", "2024-12-25", "2024-12-26"},
	2025: {"2025-01-01", "2025-01-06", "2025-04-18", "2025-04-20", "2025-04-21",
		"2025-05-01", "2025-05-29", "2025-06-08", "2025-06-20", "2025-06-21",
		"2025-11-01", "2025-12-06", "2025-12-24", "2025-12-25", "2025-12-26"},
	2026: {"2026-01-01", "2026-01-06", "2026-04-03", "2026-04-05", "2026-04-06",
		"2026-05-01", "2026-05-14", "2026-05-24", "2026-06-19", "2026-06-20",
		"2026-10-31", "2026-12-06", "2026-12-24", "2026-12-25", "2026-12-26"},
	2027: {"2027-01-01", "2027-01-06", "2027-03-26", "2027-03-28", "2027-03-29",
		"2027-05-01", "2027-05-06", "2027-05-16", "2027-06-25", "2027-06-26",
		"2027-11-06", "2027-12-06", "2027-12-24", "2027-12-25", "2027-12-26"},
}

func TestHolidays(t *testing.T) {
	t.Parallel()
	cal := workdays.New()
	for year, dates := range holidayDates {
		t.Run(fmt.Sprintf("%d has every holiday on its calendar date", year), func(t *testing.T) {
			got := cal.Holidays(year)
			if len(got) != len(dates) {
				t.Fatalf("got %d holidays, want %d", len(got), len(dates))
			}
			for i, h := range got {
				if !h.Date.Equal(day(t, dates[i])) || h.EN != holidayNames[i] {
					t.Errorf("holiday %d = %s %q, want %s %q", i, h.Date, h.EN, dates[i], holidayNames[i])
				}
				if hh, ok := cal.IsHoliday(h.Date.Add(13 * time.Hour)); !ok || hh.EN != h.EN {
					t.Errorf("IsHoliday(%s) = %q, %v", dates[i], hh.EN, ok)
				}
				if cal.IsWorkingDay(h.Date) {
					t.Errorf("%s (%s) is a working day", dates[i], h.EN)
				}
			}
		})
	}
}

func TestEaster(t *testing.T) {
	t.Parallel()
	// Easter Sundays from published tables, with the earliest and latest
	// possible dates (22 March, 25 April) among them.
	want := []string{
		"2000-04-23", "2001-04-15", "2002-03-31", "2003-04-20", "2004-04-11",
		"2005-03-27", "2006-04-16", "2007-04-08", "2008-03-23", "2009-04-12",
		"2010-04-04", "2011-04-24", "2012-04-08", "2013-03-31", "2014-04-20",
		"2015-04-05", "2016-03-27", "2017-04-16", "2018-04-01", "2019-04-21",
		"2020-04-12", "2021-04-04", "2022-04-17", "2023-04-09", "2024-03-31",
		"2025-04-20", "2026-04-05", "2027-03-28", "2028-04-16", "2029-04-01",
		"2030-04-21", "2031-04-13", "2032-03-28", "2033-04-17", "2034-04-09",
		"2035-03-25", "1818-03-22", "1943-04-25", "2038-04-25", "2285-03-22",
	}
	cal := workdays.New()
	for _, w := range want {
		t.Run("Easter Sunday falls on "+w, func(t *testing.T) {
			d := day(t, w)
			h, ok := cal.IsHoliday(d)
			if !ok || h.EN != "Easter Sunday" {
				t.Errorf("IsHoliday(%s) = %q, %v; want Easter Sunday", w, h.EN, ok)
			}
		})
	}
}

func TestHolidayNames(t *testing.T) {
	t.Parallel()
	midsummerEve, _ := workdays.New().IsHoliday(day(t, "2025-06-20"))
	tests := []struct {
		name, lang, want string
	}{
		{"Finnish is given for fi", "fi", "Juhannusaatto"},
		{"Swedish is given for sv", "sv", "Midsommarafton"},
		{"English is given for en", "en", "Midsummer Eve"},
		{"an unknown language falls back to Finnish", "de", "Juhannusaatto"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := midsummerEve.Name(tt.lang); got != tt.want {
				t.Errorf("Name(%q) = %q, want %q", tt.lang, got, tt.want)
			}
		})
	}
}

func TestHolidaysSharingADate(t *testing.T) {
	t.Parallel()
	// In 2008 Easter was on 23 March, which put Ascension Day on May Day.
	hs := workdays.New().Holidays(2008)
	if len(hs) != 15 {
		t.Fatalf("got %d holidays, want all 15 listed", len(hs))
	}
	if hs[5].EN != "May Day" || hs[6].EN != "Ascension Day" || !hs[5].Date.Equal(hs[6].Date) {
		t.Errorf("got %s %q and %s %q, want both on 2008-05-01", hs[5].Date, hs[5].EN, hs[6].Date, hs[6].EN)
	}
}
