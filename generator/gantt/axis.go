package gantt

import (
	"fmt"
	"time"

	"github.com/qmsplan/qmsplan/generator/model"
)

// tick is a grid line on the axis; label is empty where it is not labelled.
type tick struct {
	at    model.Date
	x     float64
	label string
}

const (
	axisFont = 11.0
	// labelPad is the space between a tick line and its label, labelGap
	// the least space between one label's end and the next one's start.
	labelPad = 3.0
	labelGap = 6.0
)

// unit is a way of dividing time along the axis.
type unit struct {
	name string
	// first is the first boundary on or after d; next the one after b.
	first func(d model.Date) model.Date
	next  func(b model.Date) model.Date
	// label names the unit starting at b; full asks for the year as well,
	// which week labels carry only on the first label and in January.
	label func(b model.Date, full bool) string
}

func date(y int, m int, d int) model.Date {
	return model.DateOf(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC))
}

var week = unit{
	name: "week",
	first: func(d model.Date) model.Date {
		return d.AddDays((8 - int(d.Time().Weekday())) % 7) // the next Monday
	},
	next: func(b model.Date) model.Date { return b.AddDays(7) },
	label: func(b model.Date, full bool) string {
		if full {
			return b.Time().Format("2 Jan 2006")
		}
		return b.Time().Format("2 Jan")
	},
}

// monthly is a unit of n months starting in January.
func monthly(name string, n int, label func(model.Date, bool) string) unit {
	return unit{
		name: name,
		first: func(d model.Date) model.Date {
			t := d.Time()
			b := date(t.Year(), 1+(int(t.Month())-1)/n*n, 1)
			if b.Before(d) {
				b = model.DateOf(b.Time().AddDate(0, n, 0))
			}
			return b
		},
		next:  func(b model.Date) model.Date { return model.DateOf(b.Time().AddDate(0, n, 0)) },
		label: label,
	}
}

var (
	month   = monthly("month", 1, func(b model.Date, _ bool) string { return b.Time().Format("Jan 2006") })
	quarter = monthly("quarter", 3, func(b model.Date, _ bool) string {
		return fmt.Sprintf("Q%d %d", (int(b.Time().Month())+2)/3, b.Time().Year())
	})
)

// years is a unit of n years starting in a year divisible by n.
func years(n int) unit {
	return unit{
		name: "year",
		first: func(d model.Date) model.Date {
			y := d.Time().Year()
			b := date((y+n-1)/n*n, 1, 1)
			if b.Before(d) {
				b = date(b.Time().Year()+n, 1, 1)
			}
			return b
		},
		next:  func(b model.Date) model.Date { return date(b.Time().Year()+n, 1, 1) },
		label: func(b model.Date, _ bool) string { return fmt.Sprint(b.Time().Year()) },
	}
}

// yearSteps are tried in turn when one label a year does not fit.
var yearSteps = []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000}

// ticks picks the finest unit whose labels fit side by side without
// overlapping (by textWidth), labelling every tick, else every second one
// (every tick keeps its grid line), and returns its ticks and name.
func ticks(s scale) ([]tick, string) {
	units := []unit{week, month, quarter}
	for _, n := range yearSteps {
		units = append(units, years(n))
	}
	for _, u := range units {
		for every := 1; every <= 2; every++ {
			if t, ok := tryUnit(s, u, every); ok {
				return t, u.name
			}
		}
	}
	// Unreachable for dates in model's range: one label per 1000 years fits.
	return nil, ""
}

// tryUnit gives up at the first label that overlaps the one before it, so
// that a fine unit on a long span (a week a tick over ten years) costs a
// few ticks, not all of them with their labels: that was two fifths of
// drawing a chart.
func tryUnit(s scale, u unit, every int) ([]tick, bool) {
	var ts []tick
	year := -1
	end := -1.0  // where the last label so far ends
	last := -1   // the last labelled tick
	off := false // the last label overlaps the one before and runs off the plot
	for b := u.first(s.lo); b.Before(s.hi); b = u.next(b) {
		t := tick{at: b, x: s.x(b)}
		if len(ts)%every == 0 {
			if off {
				return nil, false // the overlapping label is not the last one
			}
			y := b.Time().Year()
			t.label = u.label(b, y != year)
			year = y
			e := labelEnd(t)
			if end >= 0 && end+labelGap > t.x+labelPad {
				if e <= s.x1 {
					return nil, false
				}
				off = true // fine if it is the last label, which goes (below)
			}
			end, last = e, len(ts)
		}
		ts = append(ts, t)
	}
	// The last label may run off the plot's right edge: leave it unlabelled.
	if last >= 0 && labelEnd(ts[last]) > s.x1 {
		ts[last].label = ""
	}
	return ts, true
}

func labelEnd(t tick) float64 {
	if t.label == "" {
		return t.x
	}
	return t.x + labelPad + textWidth(t.label, axisFont)
}
