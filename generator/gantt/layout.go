package gantt

// The chart's geometry, in SVG user units. The width is fixed and the
// viewBox scales it to the page; the height follows the rows. On screen a
// unit is a CSS pixel: 720 fits the content column beside the sidebar and
// the table of contents at 1280 px (728 px), so no text is drawn smaller
// than its size here (11 px at the least); a narrower column scrolls the
// chart sideways rather than shrink its text. Print scales it to the page.
const (
	width     = 720.0
	margin    = 8.0
	labelFont = 12.0
	// The left column holds the lane labels, the plot the rest.
	labelColumn = 200.0
	plotX0      = margin + labelColumn + 8
	plotX1      = width - margin - 4
	titleFont   = 15.0
	top         = 52.0 // the first lane's top, below the title and axis labels
	axisY       = 44.0 // the axis labels' baseline
	rowHeight   = 18.0
	lanePad     = 3.0
	barHeight   = 10.0
	// summaryHeight is taller than a task: a phase summary spans its tasks.
	summaryHeight = 14.0
	summaryMark   = 3.0 // the dark band along a summary's top
	diamond       = 7.0 // a milestone's half-diagonal
	markFont      = 13.0
	markWidth     = 9.0  // the overdue "!" after a bar
	legendRow     = 20.0 // a legend line's height
	asOfRow       = 20.0 // the as-of label's line below the lanes
)

// placed is a bar with its place in its lane.
type placed struct {
	Bar
	row  int
	x, w float64 // for a milestone, x is its centre
}

// laneLayout is a lane with its bars packed into rows.
type laneLayout struct {
	Lane
	bars []placed
	rows int
}

// extent is the horizontal space a bar takes, its overdue mark included.
func (p placed) extent() (lo, hi float64) {
	lo, hi = p.x, p.x+p.w
	if p.Kind == Milestone {
		lo, hi = p.x-diamond, p.x+diamond
	}
	if p.Overdue {
		hi += markWidth
	}
	return lo, hi
}

// pack puts each bar, in the order given, in the first row where it does
// not overlap a bar already there, so that bars stay readable and a lane
// grows only as tall as its overlaps need. Bars may touch: one that ends
// the day before the next starts shares its row (bar leaves a gap).
func pack(l Lane, s scale) laneLayout {
	out := laneLayout{Lane: l, rows: 1}
	var ends []float64 // per row, the right end of the last bar
	for _, b := range l.Bars {
		if b.End.Before(s.lo) || !b.Start.Before(s.hi) {
			continue // outside a fixed window: at its edge it would claim dates it has not
		}
		p := placed{Bar: b}
		p.x, p.w = s.bar(b.Start, b.End)
		if b.Kind == Milestone {
			p.x, p.w = s.x(b.Start)+min(s.dayWidth(), s.x1-s.x(b.Start))/2, 0
		}
		lo, hi := p.extent()
		p.row = len(ends)
		for r, e := range ends {
			if e <= lo {
				p.row = r
				break
			}
		}
		if p.row == len(ends) {
			ends = append(ends, hi)
		} else {
			ends[p.row] = hi
		}
		out.bars = append(out.bars, p)
	}
	out.rows = max(1, len(ends))
	return out
}

func (l laneLayout) height() float64 { return float64(l.rows)*rowHeight + 2*lanePad }

// layout is a whole chart placed.
type layout struct {
	scale
	lanes []laneLayout
	ticks []tick
	unit  string
}

func place(c Chart) layout {
	lo, hi := window(c)
	s := scale{lo: lo, hi: hi, x0: plotX0, x1: plotX1}
	t, u := ticks(s)
	out := layout{scale: s, ticks: t, unit: u}
	for _, l := range c.Lanes {
		out.lanes = append(out.lanes, pack(l, s))
	}
	return out
}

// rows is how many bar rows each lane of c takes: what Chunks counts.
func rows(c Chart) []int {
	l := place(c)
	n := make([]int, len(l.lanes))
	for i, ll := range l.lanes {
		n[i] = ll.rows
	}
	return n
}
