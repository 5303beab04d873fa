package gantt

import "github.com/qmsplan/qmsplan/generator/model"

// legendItem is one entry of the legend: a swatch and its label.
type legendItem struct {
	label  string
	swatch func(b *svg, x, mid float64)
	sw     float64 // the swatch's width
	x, row float64 // placed by flow
}

const (
	legendFont   = 11.0
	legendSwatch = 24.0
)

// neutral draws the kinds (summary, milestone, overdue) apart from status.
var neutral = Style{Key: "neutral", Colour: neutralFill, Pattern: "solid"}

// seen is what a chart draws, which its legend and defs show: its bars'
// styles, in the table's order, and whether any bar is a phase summary, a
// milestone or overdue, and whether the as-of date is drawn as a line. A
// legend of every status and kind was a sixth of a plan page's chart,
// most of it for things the chart does not show.
type seen struct {
	styles                      Styles
	summary, milestone, overdue bool
	asOfLine                    bool
}

func shown(L layout, styles Styles, asOf model.Date) seen {
	s := seen{asOfLine: inWindow(L, asOf)}
	used := make([]bool, len(styles))
	for _, l := range L.lanes {
		for _, p := range l.bars {
			for i, st := range styles {
				if st.Key == p.Status {
					used[i] = true
					break
				}
			}
			s.summary = s.summary || p.Kind == Summary
			s.milestone = s.milestone || p.Kind == Milestone
			s.overdue = s.overdue || p.Overdue
		}
	}
	for i, st := range styles {
		if used[i] {
			s.styles = append(s.styles, st)
		}
	}
	return s
}

func legendItems(s seen) []legendItem {
	var items []legendItem
	for _, st := range s.styles {
		items = append(items, legendItem{label: st.Label, sw: legendSwatch, swatch: func(b *svg, x, mid float64) {
			b.rect(x, mid-barHeight/2, legendSwatch, barHeight, st, false)
		}})
	}
	if s.summary {
		items = append(items, legendItem{label: "Phase summary", sw: legendSwatch, swatch: func(b *svg, x, mid float64) {
			y := mid - summaryHeight/2
			b.rect(x, y, legendSwatch, summaryHeight, neutral, false)
			b.markPath([]box{{x, y, legendSwatch, summaryMark}}, noRing)
		}})
	}
	if s.milestone {
		items = append(items, legendItem{label: "Milestone", sw: 2 * diamond, swatch: func(b *svg, x, mid float64) {
			b.diamond(x+diamond, mid, neutral, false)
		}})
	}
	if s.overdue {
		items = append(items, legendItem{label: "Overdue", sw: legendSwatch + markWidth, swatch: func(b *svg, x, mid float64) {
			b.rect(x, mid-barHeight/2, legendSwatch, barHeight, neutral, true)
		}})
	}
	// Every chart names the as-of date below its lanes; the legend keys
	// its line only where there is one.
	if !s.asOfLine {
		return items
	}
	return append(items, legendItem{label: "As-of date", sw: 8, swatch: func(b *svg, x, mid float64) {
		b.f(`<line x1="%[1]s" x2="%[1]s" y1="%[2]s" y2="%[3]s" stroke="%[4]s" stroke-width="2" stroke-dasharray="5 3"/>`, num(x+4), num(mid-8), num(mid+8), asOfColour)
	}})
}

// flow places the items left to right, wrapping at the chart's width, and
// returns the number of rows.
func flow(items []legendItem) int {
	x, row := margin, 0.0
	for i := range items {
		w := items[i].sw + 6 + textWidth(items[i].label, legendFont)
		if x > margin && x+w > width-margin {
			x, row = margin, row+1
		}
		items[i].x, items[i].row = x, row
		x += w + 18
	}
	return int(row) + 1
}

func (b *svg) legend(items []legendItem, y0 float64) {
	b.f(`<g class="gantt-legend" font-size="%s" stroke="%s" fill="%s">`, num(legendFont), ringColour, inkColour)
	for _, it := range items {
		mid := y0 + it.row*legendRow + legendRow/2
		it.swatch(b, it.x, mid)
		b.s(`<text`)
		b.a("x", it.x+it.sw+6)
		b.a("y", mid+4)
		b.s(noRing, `>`)
		b.e(it.label)
		b.s(`</text>`)
	}
	b.f(`</g>`)
}
