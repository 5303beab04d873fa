package gantt

import (
	"testing"

	"github.com/qmsplan/qmsplan/generator/model"
)

var d = model.MustDate

func TestScaleBar(t *testing.T) {
	// A year of 365 days on 365 units: a day is one unit wide.
	year := scale{lo: d("2026-01-01"), hi: d("2027-01-01"), x0: 100, x1: 465}
	// Ten days on 100 units: a day is ten units wide.
	tenDays := scale{lo: d("2026-01-01"), hi: d("2026-01-11"), x0: 0, x1: 100}
	for _, tc := range []struct {
		name       string
		s          scale
		start, end string
		x, w       float64
	}{
		{"first day", tenDays, "2026-01-01", "2026-01-01", 0, 10},
		{"whole span", tenDays, "2026-01-01", "2026-01-10", 0, 100},
		{"middle", tenDays, "2026-01-03", "2026-01-05", 20, 30},
		{"last day", tenDays, "2026-01-10", "2026-01-10", 90, 10},
		{"starts before the window: cut at its start", tenDays, "2025-12-20", "2026-01-02", 0, 20},
		{"ends after the window: cut at its end", tenDays, "2026-01-09", "2026-02-01", 80, 20},
		{"one day on a long span: the least width", year, "2026-06-01", "2026-06-01", 100 + 151, minBarWidth},
		{"one day at the right edge: the least width, inside", year, "2026-12-31", "2026-12-31", 465 - minBarWidth, minBarWidth},
		{"one day at the left edge", year, "2026-01-01", "2026-01-01", 100, minBarWidth},
		{"two weeks", year, "2026-02-01", "2026-02-14", 131, 14},
	} {
		x, w := tc.s.bar(d(tc.start), d(tc.end))
		if x != tc.x || w != tc.w {
			t.Errorf("%s: bar(%s, %s) = x %v, w %v; want x %v, w %v", tc.name, tc.start, tc.end, x, w, tc.x, tc.w)
		}
	}
}

func TestWindow(t *testing.T) {
	march := []Lane{{Bars: []Bar{{Start: d("2026-03-01"), End: d("2026-03-31")}}}}
	for _, tc := range []struct {
		name   string
		c      Chart
		lo, hi string
		asOfX  float64 // where the as-of line is drawn, x0 = 0, x1 = 1000
	}{
		{"as-of inside", Chart{AsOf: d("2026-03-11"), Lanes: march}, "2026-03-01", "2026-04-01", 10 * 1000.0 / 31},
		{"as-of shortly before the bars: the left edge", Chart{AsOf: d("2026-02-20"), Lanes: march}, "2026-02-20", "2026-04-01", 0},
		{"as-of shortly after the bars: its day is the last", Chart{AsOf: d("2026-04-09"), Lanes: march}, "2026-03-01", "2026-04-10", 1000 - 1000.0/40},
		{"as-of half the bars' span after them: still taken in", Chart{AsOf: d("2026-04-15"), Lanes: march}, "2026-03-01", "2026-04-16", 1000 - 1000.0/46},
		{"as-of farther after the bars: the bars' span alone", Chart{AsOf: d("2026-04-16"), Lanes: march}, "2026-03-01", "2026-04-01", 1000},
		{"as-of long before the bars: the bars' span alone", Chart{AsOf: d("2026-02-01"), Lanes: march}, "2026-03-01", "2026-04-01", 0},
		{"an overdue bar: the as-of day taken in however far", Chart{AsOf: d("2026-12-01"), Lanes: []Lane{{Bars: []Bar{{Start: d("2026-03-01"), End: d("2026-03-31"), Overdue: true}}}}}, "2026-03-01", "2026-12-02", 1000 - 1000.0/276},
		{"plans of years ago: their span, not up to today", Chart{AsOf: d("2026-12-01"), Lanes: []Lane{{Bars: []Bar{{Start: d("2017-02-01"), End: d("2018-06-30")}}}}}, "2017-02-01", "2018-07-01", 1000},
		{"no bars: at least two weeks from the as-of date", Chart{AsOf: d("2026-03-11")}, "2026-03-11", "2026-03-25", 0},
		{"one short bar: at least two weeks", Chart{AsOf: d("2026-03-01"), Lanes: []Lane{{Bars: []Bar{{Start: d("2026-03-02"), End: d("2026-03-03")}}}}}, "2026-03-01", "2026-03-15", 0},
		{"fixed window, both days included", Chart{AsOf: d("2026-03-11"), From: d("2026-03-01"), To: d("2026-03-10"), Lanes: march}, "2026-03-01", "2026-03-11", 1000},
	} {
		lo, hi := window(tc.c)
		if lo.String() != tc.lo || hi.String() != tc.hi {
			t.Errorf("%s: window = %s–%s, want %s–%s", tc.name, lo, hi, tc.lo, tc.hi)
		}
		s := scale{lo: lo, hi: hi, x0: 0, x1: 1000}
		if x := s.x(tc.c.AsOf); x != tc.asOfX {
			t.Errorf("%s: as-of x = %v, want %v", tc.name, x, tc.asOfX)
		}
	}
}
