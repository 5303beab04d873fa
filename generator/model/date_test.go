package model

import (
	"strings"
	"testing"
	"time"
)

// Years outside 1900–2999 are refused: 0001-01-01 is the zero Date, which
// the rest of the code reads as "not set", and year 0 does not exist.
func TestParseDateYearRange(t *testing.T) {
	for _, tc := range []struct{ in, err string }{
		{"1900-01-01", ""},
		{"2999-12-31", ""},
		{"2025-03-31", ""},
		{"0001-01-01", "year 0001 is out of range (1900–2999)"},
		{"0000-01-01", "year 0000 is out of range (1900–2999)"},
		{"1899-12-31", "year 1899 is out of range (1900–2999)"},
		{"3000-01-01", "year 3000 is out of range (1900–2999)"},
		{"9999-12-31", "year 9999 is out of range (1900–2999)"},
		// A date that does not exist is reported as such, whatever its year.
		{"0001-02-30", "is not a real calendar date"},
	} {
		d, err := ParseDate(tc.in)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("ParseDate(%q): %v", tc.in, err)
		case tc.err == "" && (d.IsZero() || d.String() != tc.in):
			t.Errorf("ParseDate(%q) = %q", tc.in, d)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("ParseDate(%q) error = %v, want %q", tc.in, err, tc.err)
		case tc.err != "" && !d.IsZero():
			t.Errorf("ParseDate(%q) = %q with an error, want the zero Date", tc.in, d)
		}
	}
}

// String writes what time.Format with the layout writes, for every day of
// the years a plan may name and past their ends.
func TestDateStringAsFormat(t *testing.T) {
	for d := time.Date(-1, 12, 25, 0, 0, 0, 0, time.UTC); d.Year() < 10001; d = d.AddDate(0, 0, 1) {
		if d.Year() == 10 {
			d = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		if d.Year() == 2100 {
			d = time.Date(9998, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		if (Date{t: d}).IsZero() {
			continue // "" by design: not set
		}
		if got, want := (Date{t: d}).String(), d.Format(dateLayout); got != want {
			t.Fatalf("%v: String() = %q, want %q", d, got, want)
		}
	}
}
