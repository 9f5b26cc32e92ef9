package workdays

import "time"

// Holiday is a Finnish public holiday on a given date, named in the three
// languages luva speaks.
type Holiday struct {
	// Date is the first instant of the holiday in Helsinki.
	Date time.Time
	// FI, SV and EN are the names in Finnish, Swedish and English.
	FI, SV, EN string
}

// Name returns the holiday's name in lang ("fi", "sv" or "en"). Any other
// language gets the Finnish name, as Finnish is the one every user can be
// assumed to be served in.
func (h Holiday) Name(lang string) string {
	switch lang {
	case "sv":
		return h.SV
	case "en":
		return h.EN
	default:
		return h.FI
	}
}

// rule places one holiday in a year, given the zero-based day of Easter Sunday.
type rule struct {
	fi, sv, en string
	day        func(year, easter int) int
}

// rules are the holidays as they have stood since 1991. Earlier years are
// computed by the same rules, which is wrong for 1973–1990 (when Epiphany and
// Ascension Day were moved to Saturdays) and before 1955, but luva counts no
// deadlines that old. Midsummer Eve and Christmas Eve are not public holidays
// in law, but they are days off everywhere, so no deadline may end on them.
var rules = []rule{
	{"Uudenvuodenpäivä", "Nyårsdagen", "New Year's Day", fixed(time.January, 1)},
	{"Loppiainen", "Trettondedag jul", "Epiphany", fixed(time.January, 6)},
	{"Pitkäperjantai", "Långfredagen", "Good Friday", fromEaster(-2)},
	{"Pääsiäispäivä", "Påskdagen", "Easter Sunday", fromEaster(0)},
	{"2. pääsiäispäivä", "Annandag påsk", "Easter Monday", fromEaster(1)},
	{"Vappu", "Första maj", "May Day", fixed(time.May, 1)},
	{"Helatorstai", "Kristi himmelsfärdsdag", "Ascension Day", fromEaster(39)},
	{"Helluntaipäivä", "Pingstdagen", "Whit Sunday", fromEaster(49)},
	{"Juhannusaatto", "Midsommarafton", "Midsummer Eve", onOrAfter(time.June, 19, time.Friday)},
	{"Juhannuspäivä", "Midsommardagen", "Midsummer Day", onOrAfter(time.June, 20, time.Saturday)},
	{"Pyhäinpäivä", "Alla helgons dag", "All Saints' Day", onOrAfter(time.October, 31, time.Saturday)},
	{"Itsenäisyyspäivä", "Självständighetsdagen", "Independence Day", fixed(time.December, 6)},
	{"Jouluaatto", "Julafton", "Christmas Eve", fixed(time.December, 24)},
	{"Joulupäivä", "Juldagen", "Christmas Day", fixed(time.December, 25)},
	{"Tapaninpäivä", "Annandag jul", "St Stephen's Day", fixed(time.December, 26)},
}

// fixed is a holiday on the same date every year.
func fixed(m time.Month, d int) func(int, int) int {
	return func(year, _ int) int { return yearDay(year, m, d) }
}

// fromEaster is a holiday a fixed number of days from Easter Sunday.
func fromEaster(offset int) func(int, int) int {
	return func(_, easter int) int { return easter + offset }
}

// onOrAfter is a holiday on the first wd on or after a date, which is how
// the law moves Midsummer and All Saints' Day to the end of a week.
func onOrAfter(m time.Month, d int, wd time.Weekday) func(int, int) int {
	return func(year, _ int) int {
		first := time.Date(year, m, d, 0, 0, 0, 0, time.UTC)
		return first.YearDay() - 1 + (int(wd)-int(first.Weekday())+7)%7
	}
}

// yearDay returns the zero-based day of the year of a date.
func yearDay(year int, m time.Month, d int) int {
	return time.Date(year, m, d, 0, 0, 0, 0, time.UTC).YearDay() - 1
}

// easterCycle is the length in years after which Gregorian Easter dates repeat.
const easterCycle = 5_700_000

// easter returns the month and day of Easter Sunday in year, by the anonymous
// Gregorian algorithm (Meeus/Jones/Butcher).
func easter(year int) (time.Month, int) {
	// The algorithm needs a positive Gregorian year; Easter dates repeat every
	// cycle, so moving the year by whole cycles changes nothing else.
	y := year % easterCycle
	if y < 1583 {
		y += easterCycle
	}
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Month(month), day
}
