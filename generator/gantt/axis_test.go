package gantt

import (
	"testing"
	"time"
)

func TestTicks(t *testing.T) {
	for _, tc := range []struct {
		days int
		unit string
	}{
		{14, "week"},
		{30, "week"},
		{60, "week"},
		{120, "month"},
		{365, "month"},
		{2 * 365, "quarter"},
		{4 * 365, "quarter"},
		{5 * 365, "year"},
		{10 * 365, "year"},
		{100 * 365, "year"}, // a label every few years
	} {
		for _, start := range []string{"2026-01-01", "2026-02-11", "2027-12-31"} {
			lo := d(start)
			s := scale{lo: lo, hi: lo.AddDays(tc.days), x0: plotX0, x1: plotX1}
			ts, unit := ticks(s)
			if unit != tc.unit {
				t.Errorf("%d days from %s: unit %q, want %q", tc.days, start, unit, tc.unit)
			}
			var labelled []tick
			for _, tk := range ts {
				if tk.label != "" {
					labelled = append(labelled, tk)
				}
				if !onBoundary(tk.at.Time(), unit) {
					t.Errorf("%d days from %s: tick at %s is not the start of a %s", tc.days, start, tk.at, unit)
				}
			}
			if n := len(labelled); n < 2 || n > 30 {
				t.Errorf("%d days from %s: %d labels, want 2 to 30: %v", tc.days, start, n, labelled)
			}
			for i, tk := range labelled {
				if tk.x < plotX0 || labelEnd(tk) > plotX1 {
					t.Errorf("%d days from %s: label %q at %v–%v leaves the plot %v–%v", tc.days, start, tk.label, tk.x, labelEnd(tk), plotX0, plotX1)
				}
				if i > 0 && labelEnd(labelled[i-1])+labelGap > tk.x+labelPad {
					t.Errorf("%d days from %s: label %q ends at %v, over %q at %v", tc.days, start, labelled[i-1].label, labelEnd(labelled[i-1]), tk.label, tk.x+labelPad)
				}
			}
		}
	}
}

func onBoundary(t time.Time, unit string) bool {
	switch unit {
	case "week":
		return t.Weekday() == time.Monday
	case "month":
		return t.Day() == 1
	case "quarter":
		return t.Day() == 1 && (t.Month()-1)%3 == 0
	case "year":
		return t.Day() == 1 && t.Month() == 1
	}
	return false
}

func TestTickLabels(t *testing.T) {
	for _, tc := range []struct {
		u     unit
		at    string
		full  bool
		label string
	}{
		{week, "2026-01-05", false, "5 Jan"},
		{week, "2026-01-05", true, "5 Jan 2026"},
		{month, "2026-02-01", false, "Feb 2026"},
		{quarter, "2026-10-01", false, "Q4 2026"},
		{years(5), "2030-01-01", false, "2030"},
	} {
		if got := tc.u.label(d(tc.at), tc.full); got != tc.label {
			t.Errorf("%s label(%s) = %q, want %q", tc.u.name, tc.at, got, tc.label)
		}
	}
}

// textWidth must not underestimate: a label it says fits, fits.
func TestTextWidthConservative(t *testing.T) {
	for _, tc := range []struct {
		s string
		// least width in em that DejaVu Sans draws s with
		em float64
	}{
		{"Q4 2026", 4.07},
		{"May 2027", 4.93},
		{"30 Sep 2026", 6.33},
		{"MMMM", 3.46},
		{"WWWW", 3.96},
		{"工程计划", 4.0},
	} {
		if w := textWidth(tc.s, 1); w < tc.em {
			t.Errorf("textWidth(%q) = %.2fem, under the %.2fem it takes", tc.s, w, tc.em)
		}
	}
}
