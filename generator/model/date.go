package model

import (
	"fmt"
	"time"
)

// Date is a calendar date without time or zone. The zero Date means "not set".
type Date struct{ t time.Time }

const dateLayout = "2006-01-02"

// Years a plan's dates can plausibly fall in. The bounds also keep
// 0001-01-01, the zero Date, from being read as "not set".
const (
	minYear = 1900
	maxYear = 2999
)

// ParseDate reads YYYY-MM-DD and rejects dates that do not exist, such as
// 2025-02-30, and years outside minYear..maxYear, such as 0001 or 9999.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a real calendar date in the form YYYY-MM-DD", s)
	}
	if y := t.Year(); y < minYear || y > maxYear {
		return Date{}, fmt.Errorf("year %04d is out of range (%d–%d)", y, minYear, maxYear)
	}
	return Date{t}, nil
}

// MustDate is ParseDate for constants in tests and code.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	return Date{time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
}

func (d Date) IsZero() bool         { return d.t.IsZero() }
func (d Date) Time() time.Time      { return d.t }
func (d Date) Before(e Date) bool   { return d.t.Before(e.t) }
func (d Date) After(e Date) bool    { return d.t.After(e.t) }
func (d Date) Equal(e Date) bool    { return d.t.Equal(e.t) }
func (d Date) AddDays(n int) Date   { return Date{d.t.AddDate(0, 0, n)} }
func (d Date) DaysUntil(e Date) int { return int(e.t.Sub(d.t).Hours() / 24) }

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	// As d.t.Format(dateLayout) writes it (a test holds the two equal),
	// without its general layout machinery: tables and Gantts print
	// hundreds of thousands of dates at scale.
	y, m, day := d.t.Date()
	if y < 0 || y > 9999 {
		return d.t.Format(dateLayout)
	}
	b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + day/10), byte('0' + day%10)}
	return string(b[:])
}

// MarshalText writes the date as YYYY-MM-DD, in JSON exports and in the YAML
// of a new plan.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
