package gantt

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Colours that are not the statuses': chosen to read on white and in
// greyscale print. Page CSS may restyle them through the classes.
const (
	inkColour   = "#111"
	axisColour  = "#333"
	gridColour  = "#d0d4da"
	altColour   = "#f3f4f6"
	asOfColour  = "#c2185b"
	markColour  = "#000"
	ringColour  = "#000" // at 0.6 opacity, as the stylesheet's --status-ring
	neutralFill = "#b0b0b0"
)

// svg writes SVG text. Every string from the input goes through esc.
type svg struct {
	bytes.Buffer
	id string
}

func (b *svg) f(format string, args ...any) { fmt.Fprintf(b, format, args...) }

// esc escapes s for XML text and attribute values alike (quotes and line
// breaks included, so an SVG is one line); characters XML cannot hold
// become U+FFFD. '{' is a character reference too: pages carry the SVG as a
// Hugo shortcode's inner content, where "{{<" or "{{%" from the data would
// open a shortcode.
func esc(s string) string {
	var sb strings.Builder
	xml.EscapeText(&sb, []byte(s)) // a strings.Builder does not fail
	return strings.ReplaceAll(sb.String(), "{", "&#123;")
}

// num prints a coordinate with one decimal at most, so that output does not
// depend on float noise.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

func draw(c Chart, styles Styles) []byte {
	L := place(c)
	byKey := styles.byKey()
	lanesH := rowHeight + 2*lanePad // the "nothing to show" line of an empty chart
	if len(L.lanes) > 0 {
		lanesH = 0
		for _, l := range L.lanes {
			lanesH += l.height()
		}
	}
	items := legendItems(styles)
	legendY := top + lanesH + asOfRow
	nrows := flow(items)
	height := legendY + float64(nrows)*legendRow + margin

	b := &svg{id: c.ID}
	// graphics-document, not img: an img's children are presentational, so
	// the bars' links inside it would be focusable but never announced
	// (axe: nested-interactive). Its title and description name it all the
	// same, and the table beside it is its text alternative.
	b.f(`<svg xmlns="http://www.w3.org/2000/svg" class="gantt" role="graphics-document" aria-labelledby="%[1]s-title %[1]s-desc" viewBox="0 0 %[2]s %[3]s" width="%[2]s" height="%[3]s" font-family="sans-serif" font-size="%[4]s">`,
		c.ID, num(width), num(height), num(labelFont))
	b.f(`<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, c.ID, esc(c.Title), c.ID, esc(c.Desc))
	b.defs(styles, height)
	b.f(`<rect class="gantt-bg" width="%s" height="%s" fill="#fff"/>`, num(width), num(height))
	b.f(`<text class="gantt-title" x="%s" y="20" font-size="%s" font-weight="bold" fill="%s">%s</text>`, num(margin), num(titleFont), inkColour, esc(c.Title))

	// Lane backgrounds first, so that grid, bars and text draw over them.
	y := top
	for i, l := range L.lanes {
		if i%2 == 1 {
			b.f(`<rect class="gantt-lane-alt" x="0" y="%s" width="%s" height="%s" fill="%s"/>`, num(y), num(width), num(l.height()), altColour)
		}
		y += l.height()
	}
	b.axis(L, lanesH)

	if len(L.lanes) == 0 {
		b.f(`<text class="gantt-empty" x="%s" y="%s" text-anchor="middle" fill="%s">Nothing to show in this period</text>`,
			num((plotX0+plotX1)/2), num(top+lanesH/2+4), axisColour)
	}
	b.f(`<g class="gantt-labels" clip-path="url(#%s-labels)">`, c.ID)
	y = top
	for _, l := range L.lanes {
		b.laneLabel(l.Lane, y+l.height()/2+4)
		y += l.height()
	}
	b.f(`</g>`)
	y = top
	for _, l := range L.lanes {
		for _, p := range l.bars {
			mid := y + lanePad + float64(p.row)*rowHeight + rowHeight/2
			b.bar(p, mid, byKey[p.Status])
		}
		y += l.height()
	}
	b.asOf(L, c, lanesH)
	b.legend(items, legendY)
	b.f(`</svg>`)
	b.WriteByte('\n')
	return b.Bytes()
}

func (b *svg) defs(styles Styles, height float64) {
	b.f(`<defs>`)
	for _, st := range styles {
		f, _ := findFill(st.Pattern)
		for i, s := range f.stripes {
			c := st.Colour
			b.f(`<linearGradient id="%s" gradientUnits="userSpaceOnUse" x1="0" y1="0" x2="2.83" y2="%s" spreadMethod="repeat">`, b.stripeID(st, i), num(2.83*s.dir))
			b.f(`<stop offset="0" stop-color="%[1]s"/><stop offset="%[2]s" stop-color="%[1]s"/><stop offset="%[2]s" stop-color="%[1]s" stop-opacity="0"/><stop offset="1" stop-color="%[1]s" stop-opacity="0"/></linearGradient>`, c, num(s.share))
		}
	}
	// Lane labels are shortened by an estimate; the clip makes sure a font
	// wider than estimated still cannot draw into the plot.
	b.f(`<clipPath id="%s-labels"><rect width="%s" height="%s"/></clipPath>`, b.id, num(margin+labelColumn), num(height))
	b.f(`</defs>`)
}

// stripeID names a status's i-th set of stripes: one per status, as each is
// drawn in the status's colour.
func (b *svg) stripeID(st Style, i int) string { return fmt.Sprintf("%s-p-%s-%d", b.id, st.Key, i) }

// paint draws a shape in st: white, the colour or its stripes, dots, the
// ring, and an outline's border. shape writes the element with the
// attributes given; dots and border draw those for the shape.
func (b *svg) paint(st Style, shape func(attrs string), dots, border func()) {
	f, _ := findFill(st.Pattern)
	if f.solid {
		shape(fmt.Sprintf(`fill="%s"`, st.Colour))
	} else {
		shape(`class="gantt-bar-bg" fill="#fff"`)
	}
	for i := range f.stripes {
		shape(fmt.Sprintf(`fill="url(#%s)"`, b.stripeID(st, i)))
	}
	if f.dots {
		dots()
	}
	shape(fmt.Sprintf(`fill="none" stroke="%s" stroke-opacity="0.6"`, ringColour))
	if f.outline {
		border()
	}
}

// dotted draws d, a path of lines, as dots of c 4 units apart.
func (b *svg) dotted(d, c string) {
	b.f(`<path d="%s" stroke="%s" stroke-width="2.6" stroke-linecap="round" stroke-dasharray="0 4"/>`, d, c)
}

func (b *svg) axis(L layout, lanesH float64) {
	b.f(`<g class="gantt-axis" data-unit="%s">`, L.unit)
	for _, t := range L.ticks {
		b.f(`<line class="gantt-grid" x1="%[1]s" x2="%[1]s" y1="%[2]s" y2="%[3]s" stroke="%[4]s"/>`, num(t.x), num(top-14), num(top+lanesH), gridColour)
		if t.label != "" {
			b.f(`<text x="%s" y="%s" font-size="%s" fill="%s">%s</text>`, num(t.x+labelPad), num(axisY), num(axisFont), axisColour, esc(t.label))
		}
	}
	b.f(`<line x1="%s" x2="%s" y1="%[3]s" y2="%[3]s" stroke="%s"/>`, num(plotX0), num(plotX1), num(top), axisColour)
	b.f(`</g>`)
}

func (b *svg) laneLabel(l Lane, baseline float64) {
	short := shorten(l.Label, labelColumn-4, labelFont)
	b.f(`<g class="gantt-lane-label">`)
	if short != l.Label {
		b.f(`<title>%s</title>`, esc(l.Label))
	}
	if l.Href != "" {
		b.f(`<a href="%s">`, esc(l.Href))
	}
	b.f(`<text x="%s" y="%s" fill="%s">%s</text>`, num(margin), num(baseline), inkColour, esc(short))
	if l.Href != "" {
		b.f(`</a>`)
	}
	b.f(`</g>`)
}

func (b *svg) bar(p placed, mid float64, st Style) {
	if p.Href != "" {
		b.f(`<a href="%s">`, esc(p.Href))
	}
	b.f(`<g class="gantt-bar gantt-%s gantt-st-%s%s">`, kinds[p.Kind].class, st.Key, map[bool]string{true: " gantt-overdue"}[p.Overdue])
	b.f(`<title>%s</title>`, esc(tooltip(p.Bar, st)))
	if p.Kind == Milestone {
		b.diamond(p.x, mid, st, p.Overdue)
	} else {
		h := barHeight
		if p.Kind == Summary {
			h = summaryHeight
		}
		// One unit off the end keeps bars that follow each other apart.
		w := p.w
		if w > minBarWidth {
			w = max(w-1, minBarWidth)
		}
		b.rect(p.x, mid-h/2, w, h, st, p.Overdue, p.Kind == Summary)
	}
	b.f(`</g>`)
	if p.Href != "" {
		b.f(`</a>`)
	}
}

func tooltip(bar Bar, st Style) string {
	s := fmt.Sprintf("%s: %s", bar.Label, st.Label)
	if bar.Kind == Milestone {
		s += fmt.Sprintf(", milestone %s", bar.Start)
	} else {
		s += fmt.Sprintf(", %s to %s", bar.Start, bar.End)
	}
	if bar.Overdue {
		s += ", overdue"
	}
	return s
}

// rect draws a bar in st's colour and pattern. An overdue bar gets a thick
// dark outline and a "!" after it, so that it is told by shape, not colour.
func (b *svg) rect(x, y, w, h float64, st Style, overdue, summary bool) {
	box := fmt.Sprintf(`x="%s" y="%s" width="%s" height="%s"`, num(x), num(y), num(w), num(h))
	b.paint(st, func(attrs string) { b.f(`<rect %s %s/>`, box, attrs) },
		func() {
			var d strings.Builder
			for ry := y + 2.5; ry < y+h-1; ry += 4 {
				fmt.Fprintf(&d, "M%s,%sH%s", num(x+2), num(ry), num(max(x+w-1.5, x+2)))
			}
			b.dotted(d.String(), st.Colour)
		},
		func() {
			b.f(`<rect %s fill="none" stroke="%s" stroke-width="2"/>`, inset(x, y, w, h, 1.5), st.Colour)
		})
	if summary {
		b.f(`<rect class="gantt-summary-mark" x="%s" y="%s" width="%s" height="3" fill="%s"/>`, num(x), num(y), num(w), inkColour)
	}
	if overdue {
		b.f(`<rect class="gantt-overdue-mark" %s fill="none" stroke="%s" stroke-width="2.5"/>`, box, markColour)
		b.mark(x+w+2, y+h/2)
	}
}

func inset(x, y, w, h, d float64) string {
	return fmt.Sprintf(`x="%s" y="%s" width="%s" height="%s"`, num(x+d), num(y+d), num(max(w-2*d, 0.5)), num(max(h-2*d, 0.5)))
}

func (b *svg) diamond(cx, cy float64, st Style, overdue bool) {
	pts := func(r float64) string {
		return fmt.Sprintf(`points="%s,%s %s,%s %s,%s %s,%s"`, num(cx), num(cy-r), num(cx+r), num(cy), num(cx), num(cy+r), num(cx-r), num(cy))
	}
	b.paint(st, func(attrs string) { b.f(`<polygon %s %s/>`, pts(diamond), attrs) },
		func() {
			b.dotted(fmt.Sprintf("M%s,%sh4M%s,%sh0M%s,%sh0", num(cx-2), num(cy), num(cx), num(cy-2.5), num(cx), num(cy+2.5)), st.Colour)
		},
		func() {
			b.f(`<polygon %s fill="none" stroke="%s" stroke-width="2"/>`, pts(diamond-2.2), st.Colour)
		})
	if overdue {
		b.f(`<polygon class="gantt-overdue-mark" %s fill="none" stroke="%s" stroke-width="2.5"/>`, pts(diamond), markColour)
		b.mark(cx+diamond+2, cy)
	}
}

func (b *svg) mark(x, mid float64) {
	b.f(`<text class="gantt-overdue-mark" x="%s" y="%s" font-size="%s" font-weight="bold" fill="%s">!</text>`, num(x), num(mid+markFont/2-1.5), num(markFont), markColour)
}

// asOf draws the as-of line across the lanes and its date below them,
// where no axis label can be; the line starts at the axis line, as the date
// may fall under any axis label. An as-of date outside the window gets no line
// (at the edge it would claim a date it is not), only the label saying so.
func (b *svg) asOf(L layout, c Chart, lanesH float64) {
	label, x := "as of "+c.AsOf.String(), L.x(c.AsOf)
	inside := !c.AsOf.Before(L.lo) && c.AsOf.Before(L.hi)
	switch {
	case c.AsOf.Before(L.lo):
		label += " (before this period)"
	case !inside:
		label += " (after this period)"
	}
	half := textWidth(label, axisFont) / 2
	lx := min(max(x, plotX0+half), plotX1-half)
	b.f(`<g class="gantt-asof">`)
	if inside {
		b.f(`<line x1="%[1]s" x2="%[1]s" y1="%[2]s" y2="%[3]s" stroke="%[4]s" stroke-width="2" stroke-dasharray="5 3"/>`, num(x), num(top), num(top+lanesH+4), asOfColour)
	}
	b.f(`<text x="%s" y="%s" font-size="%s" font-weight="bold" text-anchor="middle" fill="%s">%s</text>`, num(lx), num(top+lanesH+16), num(axisFont), asOfColour, esc(label))
	b.f(`</g>`)
}
