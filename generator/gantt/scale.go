package gantt

import (
	"math"

	"github.com/qmsplan/qmsplan/generator/model"
)

// minSpanDays keeps a chart of one short task from drawing a day as the
// whole width, and gives the axis at least two week ticks.
const minSpanDays = 14

// minBarWidth keeps a one-day bar visible and clickable on a long span.
const minBarWidth = 4.0

// scale maps dates to x. It covers the days lo up to, not including, hi;
// a day d covers [x(d), x(d+1)).
type scale struct {
	lo, hi model.Date
	x0, x1 float64
}

// window is the time span the chart shows: Chart.From–To if set, else the
// bars' span, at least minSpanDays long, widened to take in the as-of day
// when it lies near (no further from it than asOfReach of its length) or a
// bar is overdue.
// Farther off, the as-of date is only named (svg.asOf): a year's plans of
// long ago drawn up to today had their bars in a tenth of the chart's
// width. A chart without bars is the weeks from the as-of day.
func window(c Chart) (lo, hi model.Date) {
	if !c.From.IsZero() {
		return c.From, c.To.AddDays(1)
	}
	found, overdue := false, false
	for _, l := range c.Lanes {
		for _, b := range l.Bars {
			overdue = overdue || b.Overdue
			if !found {
				lo, hi, found = b.Start, b.End.AddDays(1), true
				continue
			}
			if b.Start.Before(lo) {
				lo = b.Start
			}
			if e := b.End.AddDays(1); e.After(hi) {
				hi = e
			}
		}
	}
	if !found {
		return c.AsOf, c.AsOf.AddDays(minSpanDays)
	}
	reach := asOfReach * float64(max(lo.DaysUntil(hi), minSpanDays))
	if overdue {
		reach = math.Inf(1) // the line shows how late
	}
	switch {
	case c.AsOf.Before(lo) && float64(c.AsOf.DaysUntil(lo)) <= reach:
		lo = c.AsOf
	case !c.AsOf.Before(hi) && float64(hi.DaysUntil(c.AsOf)+1) <= reach:
		hi = c.AsOf.AddDays(1)
	}
	if lo.DaysUntil(hi) < minSpanDays {
		hi = lo.AddDays(minSpanDays)
	}
	return lo, hi
}

// asOfReach is how far, in lengths of the bars' span, a chart's window
// reaches out to take in the as-of day: a plan running late still shows
// the as-of line beside its bars, a year of plans long past does not.
const asOfReach = 0.5

func (s scale) dayWidth() float64 { return (s.x1 - s.x0) / float64(s.lo.DaysUntil(s.hi)) }

// x is the left edge of day d, held inside the plot.
func (s scale) x(d model.Date) float64 {
	x := s.x0 + float64(s.lo.DaysUntil(d))*s.dayWidth()
	return min(max(x, s.x0), s.x1)
}

// bar is the left edge and width of a bar from start to end, both days
// included, at least minBarWidth wide and inside the plot.
func (s scale) bar(start, end model.Date) (x, w float64) {
	x = s.x(start)
	w = max(s.x(end.AddDays(1))-x, minBarWidth)
	if x+w > s.x1 {
		x = s.x1 - w
	}
	return x, w
}
