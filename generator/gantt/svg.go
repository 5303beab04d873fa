package gantt

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/qmsplan/qmsplan/generator/model"
)

// Colours that are not the statuses': chosen to read on white and in
// greyscale print. Page CSS may restyle them through the classes.
const (
	inkColour  = "#111"
	axisColour = "#333"
	gridColour = "#d0d4da"
	altColour  = "#f3f4f6"
	asOfColour = "#c2185b"
	markColour = "#000"
	// The thin dark ring every bar and swatch is drawn in, as the
	// stylesheet's --status-ring. It is set once, on the group that holds
	// the bars (and on the legend's), and the shapes inherit it (stroke is
	// inherited in SVG): a second shape per bar for it was a fifth of a
	// chart. A colour with its opacity, not stroke-opacity, which shapes
	// with a stroke of their own (dots, marks, borders) would inherit too.
	// Text and the marks that must not have it say stroke="none".
	ringColour  = "rgba(0,0,0,.6)"
	noRing      = ` stroke="none"`
	neutralFill = "#b0b0b0"
)

// svg writes SVG text. Every string from the input goes through esc (or
// e, which writes it escaped).
//
// What is drawn once a chart goes through f (fmt); what is drawn per lane,
// bar or legend entry is appended piece by piece with s, n and e: fmt there
// was most of the time spent drawing a chart.
type svg struct {
	bytes.Buffer
	id string
	// marks are the phase summaries' bands, drawn after the bars as one
	// path (summaryMarks) rather than a shape in each bar.
	marks []box
	// fill is the colour the bars being drawn inherit from their group:
	// a run of bars of one solid status is drawn in a group of its colour
	// (most bars of a portfolio are done), so a solid shape in it needs
	// none of its own.
	fill string
}

// box is a rectangle: x, y, width, height.
type box struct{ x, y, w, h float64 }

func (b *svg) f(format string, args ...any) { fmt.Fprintf(b, format, args...) }

// s writes markup, or text that is escaped already, as it is.
func (b *svg) s(parts ...string) {
	for _, p := range parts {
		b.WriteString(p)
	}
}

// n writes a coordinate as num does.
func (b *svg) n(v float64) { b.Write(appendNum(b.AvailableBuffer(), v)) }

// a writes a coordinate attribute, ` name="v"`.
func (b *svg) a(name string, v float64) {
	b.s(" ", name, `="`)
	b.n(v)
	b.WriteByte('"')
}

// e writes s escaped, as esc does.
func (b *svg) e(s string) {
	if plain(s) {
		b.WriteString(s)
		return
	}
	b.WriteString(esc(s))
}

// plain says esc(s) == s: printable ASCII that XML and Hugo take as it is.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c > 0x7e, c == '&', c == '<', c == '>', c == '"', c == '\'', c == '{':
			return false
		}
	}
	return true
}

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
func num(v float64) string { return string(appendNum(nil, v)) }

// appendNum appends num(v): v rounded to tenths, as
// strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) prints it, without
// its general algorithm for the integers of tenths a chart's coordinates
// are.
func appendNum(dst []byte, v float64) []byte {
	r := math.Round(v * 10)
	if !(math.Abs(r) < 1<<53) { // huge, or NaN
		return strconv.AppendFloat(dst, r/10, 'f', -1, 64)
	}
	if r == 0 && math.Signbit(r) {
		return append(dst, "-0"...)
	}
	i := int64(r)
	if i < 0 {
		dst, i = append(dst, '-'), -i
	}
	dst = strconv.AppendInt(dst, i/10, 10)
	if d := i % 10; d != 0 {
		dst = append(dst, '.', byte('0'+d))
	}
	return dst
}

// buffers are the charts' drawing buffers, reused: a chart is drawn into
// one and copied out once, as the string the page needs (a new buffer per
// chart was half of what drawing 10,000 plans' Gantts allocated).
var buffers = sync.Pool{New: func() any { return new(svg) }}

func draw(c Chart, styles Styles) string {
	L := place(c)
	byKey := styles.byKey()
	seen := shown(L, styles, c.AsOf)
	lanesH := rowHeight + 2*lanePad // the "nothing to show" line of an empty chart
	if len(L.lanes) > 0 {
		lanesH = 0
		for _, l := range L.lanes {
			lanesH += l.height()
		}
	}
	items := legendItems(seen)
	legendY := top + lanesH + asOfRow
	nrows := flow(items)
	height := legendY + float64(nrows)*legendRow + margin

	b := buffers.Get().(*svg)
	defer buffers.Put(b)
	b.Reset()
	b.fill = ""
	b.id = c.ID
	// Room for the whole chart at once, rather than growing it by doubling
	// (a tenth of drawing one): the header, defs and legend take some 8 KB,
	// a bar up to some 700 bytes, with its patterns and title.
	bars := 0
	for _, l := range L.lanes {
		bars += len(l.bars)
	}
	b.Grow(8<<10 + 700*bars)
	// graphics-document, not img: an img's children are presentational, so
	// the bars' links inside it would be focusable but never announced
	// (axe: nested-interactive). Its title and description name it all the
	// same, and the table beside it is its text alternative.
	b.f(`<svg xmlns="http://www.w3.org/2000/svg" class="gantt" role="graphics-document" aria-labelledby="%[1]s-title %[1]s-desc" viewBox="0 0 %[2]s %[3]s" width="%[2]s" height="%[3]s" font-family="sans-serif" font-size="%[4]s">`,
		c.ID, num(width), num(height), num(labelFont))
	b.f(`<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, c.ID, esc(c.Title), c.ID, esc(c.Desc))
	b.defs(seen.styles, height)
	b.f(`<rect class="gantt-bg" width="%s" height="%s" fill="#fff"/>`, num(width), num(height))
	b.f(`<text class="gantt-title" x="%s" y="20" font-size="%s" font-weight="bold" fill="%s">%s</text>`, num(margin), num(titleFont), inkColour, esc(c.Title))

	// Lane backgrounds first, so that grid, bars and text draw over them:
	// every second lane's, one path of boxes (an element each was bytes
	// and tags Hugo and the link check read on every page).
	y := top
	alt := false
	for i, l := range L.lanes {
		if i%2 == 1 {
			if !alt {
				b.s(`<path class="gantt-lane-alt" d="`)
				alt = true
			}
			b.s("M0,")
			b.n(y)
			b.s("h")
			b.n(width)
			b.s("v")
			b.n(l.height())
			b.s("H0z")
		}
		y += l.height()
	}
	if alt {
		b.s(`" fill="`, altColour, `"/>`)
	}
	b.axis(L, lanesH)

	if len(L.lanes) == 0 {
		b.f(`<text class="gantt-empty" x="%s" y="%s" text-anchor="middle" fill="%s">Nothing to show in this period</text>`,
			num((plotX0+plotX1)/2), num(top+lanesH/2+4), axisColour)
	}
	b.f(`<g class="gantt-labels" clip-path="url(#%s-labels)" fill="%s">`, c.ID, inkColour)
	y = top
	for _, l := range L.lanes {
		b.laneLabel(l.Lane, y+l.height()/2+4)
		y += l.height()
	}
	b.f(`</g>`)
	y = top
	b.s(`<g class="gantt-bars" stroke="`, ringColour, `">`)
	b.marks = b.marks[:0]
	for _, l := range L.lanes {
		for _, p := range l.bars {
			mid := y + lanePad + float64(p.row)*rowHeight + rowHeight/2
			st := byKey[p.Status]
			b.run(st)
			b.bar(p, mid, st)
		}
		y += l.height()
	}
	b.run(Style{})
	b.s(`</g>`)
	b.summaryMarks()
	b.asOf(L, c, lanesH)
	b.legend(items, legendY)
	b.f(`</svg>`)
	b.WriteByte('\n')
	return b.String()
}

func (b *svg) defs(styles Styles, height float64) {
	b.f(`<defs>`)
	for _, st := range styles {
		f, _ := findFill(st.Pattern)
		for i, s := range f.stripes {
			// The first stripes' gaps are white, the bar's ground, so that
			// one shape draws both (a white shape under each striped bar
			// was a third of it); the second set's are clear, over them.
			gap := `stop-color="#fff"`
			if i > 0 {
				gap = `stop-color="` + st.Colour + `" stop-opacity="0"`
			}
			b.f(`<linearGradient id="%s" gradientUnits="userSpaceOnUse" x1="0" y1="0" x2="2.83" y2="%s" spreadMethod="repeat">`, b.stripeID(st, i), num(2.83*s.dir))
			b.f(`<stop offset="0" stop-color="%[1]s"/><stop offset="%[2]s" stop-color="%[1]s"/><stop offset="%[2]s" %[3]s/><stop offset="1" %[3]s/></linearGradient>`, st.Colour, num(s.share), gap)
		}
	}
	// Lane labels are shortened by an estimate; the clip makes sure a font
	// wider than estimated still cannot draw into the plot.
	b.f(`<clipPath id="%s-labels"><rect width="%s" height="%s"/></clipPath>`, b.id, num(margin+labelColumn), num(height))
	b.f(`</defs>`)
}

// stripeID names a status's i-th set of stripes: one per status, as each is
// drawn in the status's colour.
func (b *svg) stripeID(st Style, i int) string { return b.id + "-p-" + st.Key + "-" + strconv.Itoa(i) }

// paint draws a shape in st: the colour, its stripes (on white, see defs)
// or white, then dots, and an outline's border. The ring (inherited, see
// ringColour) is on the shape that paints last of the colour, stripes and
// white, so that it shows over them; an overdue shape has a thick dark
// outline there instead, so that it is told by shape, not colour. open
// writes the element's name and geometry, and paint its fill and its end;
// dots and border draw those for the shape, inside the ring.
func (b *svg) paint(st Style, overdue bool, open func(), dots, border func()) {
	f, _ := findFill(st.Pattern)
	last := func() {
		if overdue {
			b.s(` stroke="`, markColour, `" stroke-width="2.5"`)
		}
		b.s(`/>`)
	}
	switch {
	case f.solid && st.Colour == b.fill:
		open()
		last()
	case f.solid:
		open()
		b.s(` fill="`, st.Colour, `"`)
		last()
	case len(f.stripes) == 0:
		open()
		b.s(` fill="#fff"`)
		last()
	}
	for i := range f.stripes {
		open()
		b.s(` fill="url(#`, b.id, "-p-", st.Key, "-")
		b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(i), 10))
		b.s(`)"`)
		if i < len(f.stripes)-1 {
			b.s(noRing, `/>`)
		} else {
			last()
		}
	}
	if f.dots {
		dots()
	}
	if f.outline {
		border()
	}
}

// dotted draws the path that d writes, of lines, as dots of c 4 units
// apart.
func (b *svg) dotted(d func(), c string) {
	b.s(`<path d="`)
	d()
	b.s(`" stroke="`, c, `" stroke-width="2.6" stroke-linecap="round" stroke-dasharray="0 4"/>`)
}

// pt writes a point of a path or polygon, "x,y".
func (b *svg) pt(x, y float64) {
	b.n(x)
	b.WriteByte(',')
	b.n(y)
}

func (b *svg) axis(L layout, lanesH float64) {
	// The labels' size and colour are the group's, which they inherit.
	b.f(`<g class="gantt-axis" data-unit="%s" font-size="%s" fill="%s">`, L.unit, num(axisFont), axisColour)
	// The grid is one path, a line a tick: a line element each was a
	// tenth of a plan's chart.
	if len(L.ticks) > 0 {
		b.s(`<path class="gantt-grid" d="`)
		for _, t := range L.ticks {
			b.s("M")
			b.pt(t.x, top-14)
			b.s("V")
			b.n(top + lanesH)
		}
		b.s(`" stroke="`, gridColour, `"/>`)
	}
	for _, t := range L.ticks {
		if t.label != "" {
			b.s(`<text`)
			b.a("x", t.x+labelPad)
			b.a("y", axisY)
			b.s(`>`)
			b.e(t.label)
			b.s(`</text>`)
		}
	}
	b.f(`<line x1="%s" x2="%s" y1="%[3]s" y2="%[3]s" stroke="%s"/>`, num(plotX0), num(plotX1), num(top), axisColour)
	b.f(`</g>`)
}

func (b *svg) laneLabel(l Lane, baseline float64) {
	short := shorten(l.Label, labelColumn-4, labelFont)
	b.s(`<g class="gantt-lane-label">`)
	if short != l.Label {
		b.s(`<title>`)
		b.e(l.Label)
		b.s(`</title>`)
	}
	if l.Href != "" {
		b.s(`<a href="`)
		b.e(l.Href)
		b.s(`">`)
	}
	b.s(`<text`)
	b.a("x", margin)
	b.a("y", baseline)
	b.s(`>`)
	b.e(short)
	b.s(`</text>`)
	if l.Href != "" {
		b.s(`</a>`)
	}
	b.s(`</g>`)
}

// bar draws one bar: a link to its task (or a group, without one) that
// holds its tooltip and shapes; the link itself is the bar, not a group in
// it, as there are tens of thousands of bars on a large portfolio.
func (b *svg) bar(p placed, mid float64, st Style) {
	end := `</g>`
	if p.Href != "" {
		b.s(`<a href="`)
		b.e(p.Href)
		b.s(`" `)
		end = `</a>`
	} else {
		b.s(`<g `)
	}
	// What the bar is, its status and whether it is overdue are in its
	// title, in words; a class of each was a fifth of a bar.
	b.s(`class="gantt-bar"><title>`)
	b.e(tooltip(p.Bar, st))
	b.s(`</title>`)
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
		b.rect(p.x, mid-h/2, w, h, st, p.Overdue)
		if p.Kind == Summary {
			b.marks = append(b.marks, box{p.x, mid - h/2, w, summaryMark})
		}
	}
	b.s(end)
}

// run ends the group of the bars before when st is not its colour, and
// starts one of st's colour when st is solid.
func (b *svg) run(st Style) {
	f, _ := findFill(st.Pattern)
	if !f.solid {
		st.Colour = ""
	}
	if st.Colour == b.fill {
		return
	}
	if b.fill != "" {
		b.s(`</g>`)
	}
	if b.fill = st.Colour; b.fill != "" {
		b.s(`<g fill="`, b.fill, `">`)
	}
}

// summaryMarks draws the bands that mark the phase summaries, over their
// bars: one path for the chart, which the pointer passes through to the
// bar's link under it.
func (b *svg) summaryMarks() {
	if len(b.marks) > 0 {
		b.markPath(b.marks, ` pointer-events="none"`)
	}
}

// markPath draws the bands of boxes as one path of the summary mark's
// colour, with attrs (written as they are) after its fill.
func (b *svg) markPath(boxes []box, attrs string) {
	b.s(`<path class="gantt-summary-mark" d="`)
	for _, m := range boxes {
		b.box(m.x, m.y, m.w, m.h)
	}
	b.s(`" fill="`, inkColour, `"`, attrs, `/>`)
}

func tooltip(bar Bar, st Style) string {
	s := bar.Label + ": " + st.Label
	if bar.Kind == Milestone {
		s += ", milestone " + bar.Start.String()
	} else {
		s += ", " + bar.Start.String() + " to " + bar.End.String()
	}
	if bar.Overdue {
		s += ", overdue"
	}
	return s
}

// rect draws a bar in st's colour and pattern. An overdue bar gets a thick
// dark outline and a "!" after it, so that it is told by shape, not colour.
// Its shapes are paths of one box (d="M x,y h w v h h -w z"), not rect
// elements: one attribute rather than four, on the tens of thousands of
// bars of a portfolio that Hugo and the link check read.
func (b *svg) rect(x, y, w, h float64, st Style, overdue bool) {
	box := func() { b.s(` d="`); b.box(x, y, w, h); b.s(`"`) }
	b.paint(st, overdue, func() { b.s(`<path`); box() },
		func() {
			b.dotted(func() {
				for ry := y + 2.5; ry < y+h-1; ry += 4 {
					b.s("M")
					b.pt(x+2, ry)
					b.s("H")
					b.n(max(x+w-1.5, x+2))
				}
			}, st.Colour)
		},
		func() {
			b.s(`<path d="`)
			b.inset(x, y, w, h, 1.5)
			b.s(`" fill="none" stroke="`, st.Colour, `" stroke-width="2"/>`)
		})
	if overdue {
		b.mark(x+w+2, y+h/2)
	}
}

// box writes the path of the box x, y, w, h: "Mx,yhwvhh-wz".
func (b *svg) box(x, y, w, h float64) {
	b.s("M")
	b.pt(x, y)
	b.s("h")
	b.n(w)
	b.s("v")
	b.n(h)
	b.s("h")
	b.n(-w)
	b.s("z")
}

// inset writes the path of the box x, y, w, h shrunk by d on each side.
func (b *svg) inset(x, y, w, h, d float64) {
	b.box(x+d, y+d, max(w-2*d, 0.5), max(h-2*d, 0.5))
}

func (b *svg) diamond(cx, cy float64, st Style, overdue bool) {
	pts := func(r float64) {
		b.s(` points="`)
		b.pt(cx, cy-r)
		b.s(" ")
		b.pt(cx+r, cy)
		b.s(" ")
		b.pt(cx, cy+r)
		b.s(" ")
		b.pt(cx-r, cy)
		b.s(`"`)
	}
	b.paint(st, overdue, func() { b.s(`<polygon`); pts(diamond) },
		func() {
			b.dotted(func() {
				b.s("M")
				b.pt(cx-2, cy)
				b.s("h4M")
				b.pt(cx, cy-2.5)
				b.s("h0M")
				b.pt(cx, cy+2.5)
				b.s("h0")
			}, st.Colour)
		},
		func() {
			b.s(`<polygon`)
			pts(diamond - 2.2)
			b.s(` fill="none" stroke="`, st.Colour, `" stroke-width="2"/>`)
		})
	if overdue {
		b.mark(cx+diamond+2, cy)
	}
}

func (b *svg) mark(x, mid float64) {
	b.s(`<text class="gantt-overdue-mark"`)
	b.a("x", x)
	b.a("y", mid+markFont/2-1.5)
	b.a("font-size", markFont)
	b.s(` font-weight="bold" fill="`, markColour, `"`, noRing, `>!</text>`)
}

// inWindow reports whether day d is in the chart's window.
func inWindow(L layout, d model.Date) bool { return !d.Before(L.lo) && d.Before(L.hi) }

// asOf draws the as-of line across the lanes and its date below them,
// where no axis label can be; the line starts at the axis line, as the date
// may fall under any axis label. An as-of date outside the window gets no line
// (at the edge it would claim a date it is not), only the label saying so.
func (b *svg) asOf(L layout, c Chart, lanesH float64) {
	label, x := "as of "+c.AsOf.String(), L.x(c.AsOf)
	inside := inWindow(L, c.AsOf)
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
