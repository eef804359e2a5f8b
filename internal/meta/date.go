package meta

import (
	"fmt"
	"strconv"
	"time"
)

// Precision says how much of a date is known.
type Precision uint8

const (
	Year Precision = iota + 1
	Month
	Day
)

// Date is a calendar date known to the day, the month or only the year.
// Public records often give only "March 2017", and the site shows a date at
// the precision its source gives rather than inventing a day.
type Date struct {
	Year  int
	Month time.Month // 1 when only the year is known
	Day   int        // 1 when only the month or year is known
	Prec  Precision
}

// ParseDate reads "2006", "2006-01" or "2006-01-02".
func ParseDate(s string) (Date, error) {
	bad := fmt.Errorf("%q is not a date: write 2022-04-01, or \"2022-04\" or \"2022\" where only the month or year is known", s)
	switch len(s) {
	case 4, 7, 10:
	default:
		return Date{}, bad
	}
	for i, c := range []byte(s) {
		// Digits, and hyphens between the parts: strconv alone would take
		// "2017-+3".
		if (i == 4 || i == 7) != (c == '-') || c != '-' && (c < '0' || c > '9') {
			return Date{}, bad
		}
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || y < 1000 {
		return Date{}, bad
	}
	d := Date{Year: y, Month: 1, Day: 1, Prec: Year}
	if len(s) >= 7 {
		m, err := strconv.Atoi(s[5:7])
		if s[4] != '-' || err != nil || m < 1 || m > 12 {
			return Date{}, bad
		}
		d.Month, d.Prec = time.Month(m), Month
	}
	if len(s) == 10 {
		day, err := strconv.Atoi(s[8:10])
		if s[7] != '-' || err != nil || day < 1 || day > daysIn(d.Year, d.Month) {
			return Date{}, bad
		}
		d.Day, d.Prec = day, Day
	}
	return d, nil
}

// DateOf returns the day of t.
func DateOf(t time.Time) Date {
	return Date{Year: t.Year(), Month: t.Month(), Day: t.Day(), Prec: Day}
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.Prec == 0 }

// String gives the date in ISO form at its precision: "2017", "2017-03" or
// "2017-03-05".
func (d Date) String() string {
	switch d.Prec {
	case Year:
		return fmt.Sprintf("%04d", d.Year)
	case Month:
		return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
	case Day:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	return ""
}

// ISO gives the full date, with the first month or day standing in for an
// unknown one, as addresses and machine-readable data need one form.
func (d Date) ISO() string {
	if d.IsZero() {
		return ""
	}
	// Written by hand: addresses and sort keys call this for every page.
	b := []byte("0000-00-00")
	y := d.Year
	for i := 3; i >= 0; i-- {
		b[i] = byte('0' + y%10)
		y /= 10
	}
	b[5], b[6] = byte('0'+int(d.Month)/10), byte('0'+int(d.Month)%10)
	b[8], b[9] = byte('0'+d.Day/10), byte('0'+d.Day%10)
	return string(b)
}

// Human gives the date as en-GB readers write it: "5 March 2017",
// "March 2017" or "2017".
func (d Date) Human() string {
	switch d.Prec {
	case Year:
		return strconv.Itoa(d.Year)
	case Month:
		return fmt.Sprintf("%s %d", d.Month, d.Year)
	case Day:
		return fmt.Sprintf("%d %s %d", d.Day, d.Month, d.Year)
	}
	return ""
}

// Time is the first instant of the date in UTC.
func (d Date) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// End is the last day the date covers: the day itself, or the last day of
// its month or year.
func (d Date) End() Date {
	switch d.Prec {
	case Year:
		return Date{Year: d.Year, Month: 12, Day: 31, Prec: Day}
	case Month:
		return Date{Year: d.Year, Month: d.Month, Day: daysIn(d.Year, d.Month), Prec: Day}
	}
	return d
}

// Compare orders dates by their first day, then by precision, coarser first.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	case d.Day != e.Day:
		return cmpInt(d.Day, e.Day)
	}
	return cmpInt(int(d.Prec), int(e.Prec))
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
