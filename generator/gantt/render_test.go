package gantt

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/qmsplan/qmsplan/generator/model"
)

// testStyles are data/statuses.yaml's, with the stylesheet's values of
// their Okabe-Ito (colour-blind-safe) colours: one as the custom property
// with its fallback, as a page would give it.
var testStyles = Styles{
	{Key: "pending", Colour: "#56B4E9", Pattern: "dotted", Label: "Pending"},
	{Key: "in-progress", Colour: "var(--okabe-ito-blue, #0072B2)", Pattern: "striped", Label: "In progress"},
	{Key: "done", Colour: "#009E73", Pattern: "solid", Label: "Done"},
	{Key: "blocked", Colour: "#D55E00", Pattern: "crosshatch", Label: "Blocked"},
	{Key: "cancelled", Colour: "#CC79A7", Pattern: "outline", Label: "Cancelled"},
}

func contains(b []byte, s string) bool { return bytes.Contains(b, []byte(s)) }

const hostile = `<script>alert(1)</script> & "x"`

func testChart() Chart {
	return Chart{
		ID: "t", Title: "Portfolio " + hostile, Desc: "Plans by date " + hostile, AsOf: d("2026-03-15"),
		Lanes: []Lane{
			{Label: "Plan B", Href: "/records/b/", Bars: []Bar{
				{Label: "Kickoff", Href: "/records/b/#kickoff", Start: d("2026-03-01"), End: d("2026-03-10"), Kind: Summary, Status: "done"},
				{Label: hostile, Href: `/records/b/?a=1&b="2"#t-1`, Start: d("2026-03-02"), End: d("2026-03-12"), Status: "in-progress", Overdue: true},
				{Label: "Go-live", Href: "/records/b/#go-live", Start: d("2026-04-01"), End: d("2026-04-01"), Kind: Milestone, Status: "pending"},
			}},
			{Label: "Plan A " + hostile, Href: "/records/a/", Bars: []Bar{
				{Label: "Kickoff", Start: d("2026-02-01"), End: d("2026-02-20"), Kind: Summary, Status: "blocked"},
			}},
			{Label: "Plan C, a plan whose name is far too long for the left column of the chart", Bars: []Bar{
				{Label: "Task", Start: d("2026-03-20"), End: d("2026-03-25"), Status: "cancelled"},
			}},
		},
	}
}

func render(t *testing.T, c Chart) []byte {
	t.Helper()
	b, err := Render(c, testStyles)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(b)
}

// element is a parsed SVG element: what the tests look for.
type element struct {
	name  string
	attrs map[string]string
	text  string   // its own character data
	path  []string // the ancestors, as name.class
	// parent is the index of its parent element, -1 for the root; stroke
	// and fill are its own or inherited.
	parent       int
	stroke, fill string
}

func parse(t *testing.T, b []byte) []element {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var out []element
	var stack []int
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := element{name: tok.Name.Local, attrs: map[string]string{}, parent: -1}
			for _, s := range stack {
				e.path = append(e.path, out[s].name+"."+out[s].attrs["class"])
			}
			for _, a := range tok.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				e.parent = stack[len(stack)-1]
				e.stroke, e.fill = out[e.parent].stroke, out[e.parent].fill
			}
			if v, ok := e.attrs["stroke"]; ok {
				e.stroke = v
			}
			if v, ok := e.attrs["fill"]; ok {
				e.fill = v
			}
			stack = append(stack, len(out))
			out = append(out, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				out[stack[len(stack)-1]].text += string(tok)
			}
		}
	}
	if len(stack) != 0 {
		t.Fatalf("SVG ends with %d elements open", len(stack))
	}
	return out
}

func TestRenderParses(t *testing.T) {
	els := parse(t, render(t, testChart()))
	root := els[0]
	if root.name != "svg" || root.attrs["role"] != "graphics-document" || root.attrs["viewBox"] == "" {
		t.Fatalf("root element %q %v: want <svg role=graphics-document viewBox=…>", root.name, root.attrs)
	}
	ids := map[string]element{}
	for _, e := range els {
		if id := e.attrs["id"]; id != "" {
			ids[id] = e
		}
	}
	for _, id := range strings.Fields(root.attrs["aria-labelledby"]) {
		if _, ok := ids[id]; !ok {
			t.Errorf("aria-labelledby names %q, which is not in the SVG", id)
		}
	}
	if got := ids["t-title"]; got.name != "title" || got.text != "Portfolio "+hostile {
		t.Errorf("title = <%s> %q", got.name, got.text)
	}
	if got := ids["t-desc"]; got.name != "desc" || got.text != "Plans by date "+hostile {
		t.Errorf("desc = <%s> %q", got.name, got.text)
	}
}

func TestRenderEscapes(t *testing.T) {
	b := render(t, testChart())
	if contains(b, "<script") || contains(b, `"x"`) {
		t.Errorf("SVG holds the hostile text unescaped")
	}
	found := 0
	for _, e := range parse(t, b) {
		if e.name == "script" || e.name == "foreignObject" {
			t.Errorf("SVG has a <%s> element", e.name)
		}
		for a, v := range e.attrs {
			if strings.HasPrefix(strings.ToLower(a), "on") {
				t.Errorf("<%s> has an event attribute %s=%q", e.name, a, v)
			}
		}
		if strings.Contains(e.text, hostile) {
			found++
		}
	}
	// title, desc, visible title, the bar's tooltip and the lane's
	// tooltip: each holds the text as text, escaped.
	if found != 5 {
		t.Errorf("the hostile text comes back as text %d times, want 5", found)
	}
}

func TestRenderDeterministic(t *testing.T) {
	a, b := render(t, testChart()), render(t, testChart())
	if !bytes.Equal(a, b) {
		t.Error("two renders of one chart differ")
	}
}

func TestRenderLanes(t *testing.T) {
	els := parse(t, render(t, testChart()))
	var labels, titles []string
	for _, e := range els {
		if e.name == "text" && inLaneLabel(e) {
			labels = append(labels, e.text)
		}
		if e.name == "title" && inLaneLabel(e) {
			titles = append(titles, e.text)
		}
	}
	want := []string{"Plan B", "Plan A <script>alert(1)</…", "Plan C, a plan whose name…"}
	if strings.Join(labels, "|") != strings.Join(want, "|") {
		t.Errorf("lane labels %q, want in the order given, shortened: %q", labels, want)
	}
	wantTitles := []string{"Plan A " + hostile, testChart().Lanes[2].Label}
	if strings.Join(titles, "|") != strings.Join(wantTitles, "|") {
		t.Errorf("lane label tooltips %q, want the full names of the shortened ones: %q", titles, wantTitles)
	}
}

func inLaneLabel(e element) bool { return inClass(e, "g.gantt-lane-label") }

// inClass reports whether e is inside an element named name.class.
func inClass(e element, nameClass string) bool {
	for _, p := range e.path {
		if p == nameClass {
			return true
		}
	}
	return false
}

func TestRenderBars(t *testing.T) {
	b := render(t, testChart())
	for _, want := range []string{
		// every bar a link to its task, status in the tooltip, overdue in
		// words
		`<a href="/records/b/#kickoff" class="gantt-bar"><title>Kickoff: Done, 2026-03-01 to 2026-03-10</title>`,
		`<a href="/records/b/?a=1&amp;b=&#34;2&#34;#t-1" class="gantt-bar"><title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;x&#34;: In progress, 2026-03-02 to 2026-03-12, overdue</title>`,
		`<a href="/records/b/#go-live" class="gantt-bar"><title>Go-live: Pending, milestone 2026-04-01</title>`,
		// overdue by shape: a thick outline (the stripes' own) and "!"
		`fill="url(#t-p-in-progress-0)" stroke="#000" stroke-width="2.5"/>`,
		`class="gantt-overdue-mark"`, `font-weight="bold" fill="#000" stroke="none">!</text>`,
		// pattern over colour, from defs, on white
		`<linearGradient id="t-p-in-progress-0"`, `fill="url(#t-p-in-progress-0)"`, `stop-color="var(--okabe-ito-blue, #0072B2)"`,
		`<stop offset="0.5" stop-color="#fff"/>`,
		`<linearGradient id="t-p-blocked-1"`, `stroke-dasharray="0 4"`,
		// a diamond
		`<polygon points=`,
		// the as-of line and its label
		`stroke-dasharray="5 3"/><text`, `>as of 2026-03-15</text>`,
	} {
		if !contains(b, want) {
			t.Errorf("SVG has no %s", want)
		}
	}
	if contains(b, `id="t-p-done-`) || contains(b, `id="t-p-cancelled-`) || contains(b, "<pattern") {
		t.Error("solid and outline need no gradient, yet one is defined; or a <pattern> is")
	}
}

// Every bar and legend swatch of every pattern is drawn in the ring
// (inherited from its group) exactly once, on the last of its fills, so
// that it shows over the stripes, or an overdue one in the thick dark
// outline instead; no text and no summary mark has either.
func TestRenderRing(t *testing.T) {
	els := parse(t, render(t, testChart()))
	swatches := 0
	for i, e := range els {
		if e.name == "text" && e.stroke != "" && e.stroke != "none" {
			t.Errorf("text %q is stroked %s", e.text, e.stroke)
		}
		if e.attrs["class"] == "gantt-summary-mark" && e.stroke != "" && e.stroke != "none" {
			t.Errorf("a summary mark is stroked %q", e.stroke)
		}
		bar := e.attrs["class"] == "gantt-bar"
		if !bar && !(e.name == "g" && e.attrs["class"] == "gantt-legend") {
			continue
		}
		// A bar's fills are its boxes (paths but the dots, which are
		// dashed) and polygons without a class of their own but the white
		// under stripes; a legend's are those of each swatch, which follow
		// one another up to its text.
		var groups [][]int
		var fills []int
		for j := i + 1; j < len(els) && els[j].parent >= i; j++ {
			c := els[j]
			if c.parent != i {
				continue
			}
			switch {
			case c.name == "text":
				if !bar {
					groups, fills = append(groups, fills), nil
				}
			case (c.name == "path" && c.attrs["stroke-dasharray"] == "" || c.name == "polygon") && c.attrs["fill"] != "none" && c.attrs["class"] == "":
				fills = append(fills, j)
			}
		}
		if bar {
			groups = append(groups, fills)
		}
		for _, g := range groups {
			if len(g) == 0 {
				continue // the legend's as-of line
			}
			swatches++
			var ringed []int
			for _, j := range g {
				if els[j].stroke == ringColour || els[j].stroke == markColour && els[j].attrs["stroke-width"] == "2.5" {
					ringed = append(ringed, j)
				}
			}
			if len(ringed) != 1 || ringed[0] != g[len(g)-1] {
				t.Errorf("%s %q: fills %v, ringed %v; want the ring on the last fill only", e.name, e.attrs["class"], g, ringed)
			}
		}
	}
	if swatches < len(testStyles)+3+5 {
		t.Errorf("%d bars and swatches looked at, want every bar and swatch", swatches)
	}
}

// A bar's first shape is painted in its status's colour when the status is
// solid (its own fill, or its run's group's), its stripes (on white) when
// striped, else white under the pattern; runs of solid bars of one status,
// broken by others, included.
func TestRenderBarFills(t *testing.T) {
	c := testChart()
	var bars []Bar
	for _, st := range []string{"done", "done", "pending", "done", "cancelled", "done", "done", "approved", "approved", "done", "in-progress", "blocked", "done"} {
		bars = append(bars, Bar{Label: st, Start: d("2026-02-01"), End: d("2026-02-10"), Kind: Task, Status: st})
	}
	c.Lanes = append(c.Lanes, Lane{Label: "Runs", Bars: bars})
	styles := append(slices.Clone(testStyles), Style{Key: "approved", Colour: "#E69F00", Pattern: "solid", Label: "Approved"})
	byKey := styles.byKey()
	svg, err := Render(c, styles)
	if err != nil {
		t.Fatal(err)
	}
	els := parse(t, []byte(svg))
	n := 0
	for i, e := range els {
		if e.attrs["class"] != "gantt-bar" {
			continue
		}
		key, _, _ := strings.Cut(els[i+1].text, ":") // the label is the key
		st, ok := byKey[key]
		if !ok {
			continue
		}
		want := "#fff"
		switch f, _ := findFill(st.Pattern); {
		case f.solid:
			want = st.Colour
		case len(f.stripes) > 0:
			want = "url(#" + c.ID + "-p-" + key + "-0)"
		}
		if shape := els[i+2]; shape.fill != want {
			t.Errorf("bar %q: its shape <%s %v> is filled %q, want %q", key, shape.name, shape.attrs, shape.fill, want)
		}
		n++
	}
	if n < len(bars) {
		t.Errorf("%d bars looked at, want %d at least", n, len(bars))
	}
}

// Every phase summary, and nothing else, is marked by a dark band along its
// top, its width, drawn over the bars (one path of boxes, after them) and
// letting the pointer through to the bar's link.
func TestRenderSummaryMarks(t *testing.T) {
	c := testChart()
	els := parse(t, render(t, c))
	// The summaries by their tooltips.
	summaries := map[string]bool{}
	styles := testStyles.byKey()
	for _, l := range c.Lanes {
		for _, b := range l.Bars {
			if b.Kind == Summary {
				summaries[tooltip(b, styles[b.Status])] = true
			}
		}
	}
	var want, got []string
	for i, e := range els {
		switch {
		case e.attrs["class"] == "gantt-bar" && summaries[els[i+1].text]: // a link, or a group without one
			r := els[i+2] // after its title
			var x, y, w float64
			if _, err := fmt.Sscanf(r.attrs["d"], "M%g,%gh%gv14h", &x, &y, &w); r.name != "path" || err != nil {
				t.Fatalf("summary %q: its shape is <%s %v>, not a box 14 high: %v", e.attrs["class"], r.name, r.attrs, err)
			}
			want = append(want, fmt.Sprintf("M%s,%sh%sv3h%sz", num(x), num(y), num(w), num(-w)))
		case e.attrs["class"] == "gantt-summary-mark" && !inClass(e, "g.gantt-legend"):
			if e.name != "path" || e.attrs["fill"] != inkColour || e.attrs["pointer-events"] != "none" || e.parent != 0 {
				t.Errorf("summary mark <%s %v>: want a path filled %s the pointer passes through, outside the bars", e.name, e.attrs, inkColour)
			}
			got = append(got, e.attrs["d"])
		}
	}
	if len(want) == 0 || strings.Join(got, "") != strings.Join(want, "") {
		t.Errorf("summary marks %q, want one per summary, along its top: %q", got, want)
	}
}

func TestRenderAsOfOutside(t *testing.T) {
	for _, tc := range []struct {
		asOf, label string
	}{
		{"2026-01-01", "as of 2026-01-01 (before this period)"},
		{"2026-12-01", "as of 2026-12-01 (after this period)"},
	} {
		c := testChart()
		c.From, c.To, c.AsOf = d("2026-02-01"), d("2026-04-30"), d(tc.asOf)
		b := render(t, c)
		if !contains(b, ">"+tc.label+"</text>") {
			t.Errorf("as-of %s: no label %q", tc.asOf, tc.label)
		}
		if contains(b, `<g class="gantt-asof"><line`) {
			t.Errorf("as-of %s outside the window: a line is drawn at its edge", tc.asOf)
		}
		if contains(b, ">As-of date</text>") {
			t.Errorf("as-of %s outside the window: the legend keys a line the chart does not draw", tc.asOf)
		}
	}
	c := testChart()
	c.From, c.To, c.AsOf = d("2026-02-01"), d("2026-04-30"), d("2026-03-01")
	if b := render(t, c); !contains(b, `<g class="gantt-asof"><line`) || !contains(b, ">As-of date</text>") {
		t.Errorf("as-of inside the window: want its line and its legend entry")
	}
}

func TestRenderErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(c *Chart, s *Styles)
		want   []string // each in the error
	}{
		{"unknown pattern", func(c *Chart, s *Styles) { (*s)[2].Pattern = "zigzag" },
			[]string{`style "done": unknown pattern "zigzag" (known: solid, striped, dotted, crosshatch, outline)`}},
		{"status without a style", func(c *Chart, s *Styles) { c.Lanes[1].Bars[0].Status = "late" },
			[]string{`lane 2 "Plan A`, `bar 1 "Kickoff": status "late" has no style (known: blocked, cancelled, done, in-progress, pending)`}},
		{"no status", func(c *Chart, s *Styles) { c.Lanes[0].Bars[0].Status = "" },
			[]string{`bar 1 "Kickoff": status "" has no style`}},
		{"colour that is not a colour", func(c *Chart, s *Styles) { (*s)[0].Colour = `red" onload="alert(1)` },
			[]string{`style "pending": colour "red\" onload=\"alert(1)" is not #rgb, #rrggbb or var(--name, #rrggbb)`}},
		{"custom property without a fallback", func(c *Chart, s *Styles) { (*s)[0].Colour = "var(--x)" },
			[]string{`colour "var(--x)" is not`}},
		{"status key unfit for a class", func(c *Chart, s *Styles) { (*s)[0].Key = "Pending now" },
			[]string{`style "Pending now": a status key is lowercase letters`}},
		{"style twice", func(c *Chart, s *Styles) { *s = append(*s, (*s)[0]) },
			[]string{`style "pending": defined twice`}},
		{"style without a label", func(c *Chart, s *Styles) { (*s)[1].Label = "" },
			[]string{`style "in-progress": needs a label`}},
		{"script link", func(c *Chart, s *Styles) { c.Lanes[0].Bars[1].Href = "javascript:alert(1)" },
			[]string{`bar 2 "<script>`, `link "javascript:alert(1)": only relative, http and https links are drawn`}},
		{"ends before it starts", func(c *Chart, s *Styles) { c.Lanes[2].Bars[0].End = d("2026-03-01") },
			[]string{`bar 1 "Task": ends 2026-03-01 before it starts 2026-03-20`}},
		{"no end", func(c *Chart, s *Styles) {
			c.Lanes[2].Bars[0].End = d("2026-03-01").AddDays(0)
			c.Lanes[2].Bars[0].End = c.From
		},
			[]string{`bar 1 "Task": needs both a start and an end date`}},
		{"unknown kind", func(c *Chart, s *Styles) { c.Lanes[2].Bars[0].Kind = 7 },
			[]string{`unknown kind Kind(7) (known: task, phase summary, milestone)`}},
		{"no as-of date", func(c *Chart, s *Styles) { c.AsOf = model.Date{} },
			[]string{`chart has no as-of date`}},
		{"bad id", func(c *Chart, s *Styles) { c.ID = `g"1` },
			[]string{`chart ID "g\"1"`}},
		{"half a window", func(c *Chart, s *Styles) { c.From = d("2026-01-01") },
			[]string{`set both From and To`}},
		{"every problem in one run", func(c *Chart, s *Styles) {
			(*s)[2].Pattern = "zigzag"
			c.Lanes[1].Bars[0].Status = "late"
		}, []string{`unknown pattern "zigzag"`, `status "late" has no style`}},
	} {
		c, s := testChart(), append(Styles(nil), testStyles...)
		tc.change(&c, &s)
		b, err := Render(c, s)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if b != "" {
			t.Errorf("%s: an error and %d bytes of SVG", tc.name, len(b))
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q\nwant it to say %q", tc.name, err, w)
			}
		}
	}
}

func TestShorten(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width float64
		out   string
	}{
		{"Plan A", 100, "Plan A"},
		{"", 10, ""},
		{"abcdefghij", 6 * 0.66 * 10, "abcde…"}, // five letters and the ellipsis
		{"ab cdefghij", 4 * 0.66 * 10, "ab…"},   // no space before the ellipsis
		{"工程计划书", 3 * 1.05 * 10, "工程…"},
		{"abc", 1, "…"},
	} {
		if got := shorten(tc.in, tc.width, 10); got != tc.out {
			t.Errorf("shorten(%q, %v) = %q, want %q", tc.in, tc.width, got, tc.out)
		}
	}
}

// The as-of date can fall anywhere under an axis label: its line must stay
// below the labels' band.
func TestAsOfLineBelowAxisLabels(t *testing.T) {
	for _, e := range parse(t, render(t, testChart())) {
		if e.name == "line" && inClass(e, "g.gantt-asof") {
			if y1 := e.attrs["y1"]; y1 != num(top) {
				t.Errorf("as-of line starts at y %s, want the axis line %s, below the labels at %s", y1, num(top), num(axisY))
			}
			return
		}
	}
	t.Error("no as-of line")
}

// In a fixed window, a bar wholly outside it is not drawn (at the edge it
// would claim dates it does not have); one across an edge is cut there.
func TestRenderWindowCuts(t *testing.T) {
	c := testChart()
	c.From, c.To = d("2026-03-05"), d("2026-03-31")
	b := render(t, c)
	for _, tc := range []struct {
		href  string
		drawn bool
	}{
		{`href="/records/b/#kickoff"`, true},  // 03-01 to 03-10: cut at 03-05
		{`href="/records/b/#go-live"`, false}, // 04-01
	} {
		if contains(b, tc.href) != tc.drawn {
			t.Errorf("%s drawn: %v, want %v", tc.href, !tc.drawn, tc.drawn)
		}
	}
	// Plan A's only bar, 02-01 to 02-20, is outside; the lane stays, empty.
	if !contains(b, ">Plan A") {
		t.Error("a lane with no bar in the window is left out; want it kept, empty")
	}
	if contains(b, `Kickoff: Blocked`) {
		t.Error("a bar wholly before the window is drawn")
	}
}

// The patterns drawn are exactly those a status may name: a name added to
// model.Patterns without a drawing here fails this test, not a build.
func TestFillsAreTheModelsPatterns(t *testing.T) {
	for _, p := range model.Patterns {
		if _, ok := fills[p]; !ok {
			t.Errorf("model.Patterns has %q, which gantt cannot draw", p)
		}
	}
	for p := range fills {
		if !slices.Contains(model.Patterns, p) {
			t.Errorf("gantt draws %q, which is not in model.Patterns", p)
		}
	}
}

// A page carries the SVG as the inner content of a Hugo shortcode, one SVG
// a line (generator/render): the output is one line, ending with a newline,
// and holds no "{{" for Hugo to read as a shortcode, whatever the text.
func TestRenderIsOneLineWithoutShortcodeDelimiters(t *testing.T) {
	for _, label := range []string{"a{{", "{{< param x >}}", "{{% x %}}", "{{</* c */>}}", "line 1\nline 2\r\n"} {
		c := testChart()
		c.Title = label
		c.Lanes[0].Label = label
		c.Lanes[0].Bars[1].Label = label
		b := render(t, c)
		if i := bytes.IndexByte(b, '\n'); i != len(b)-1 {
			t.Errorf("%q: the SVG has a line break at %d of %d bytes, want one at its end only", label, i, len(b))
		}
		if contains(b, "{{") {
			t.Errorf("%q: the SVG holds %q, which Hugo reads as a shortcode", label, "{{")
		}
		found := false
		for _, e := range parse(t, b) {
			found = found || (e.name == "title" && e.text == label)
		}
		if !found {
			t.Errorf("%q: no <title> holds the text as it is", label)
		}
	}
}

// The legend explains what the chart draws and nothing else: the statuses
// of its bars, in the table's order, the kinds it shows, and the as-of date
// (always drawn); the stripes are defined for the statuses drawn only.
func TestRenderLegendShowsWhatIsDrawn(t *testing.T) {
	bar := func(status string, kind Kind, overdue bool) Bar {
		return Bar{Label: "x", Start: d("2026-03-02"), End: d("2026-03-12"), Kind: kind, Status: status, Overdue: overdue}
	}
	for _, tc := range []struct {
		name   string
		bars   []Bar
		legend []string
		defs   []string
	}{
		{"one done task", []Bar{bar("done", Task, false)}, []string{"Done", "As-of date"}, nil},
		{"statuses in the table's order, once", []Bar{bar("blocked", Task, false), bar("pending", Task, false), bar("blocked", Task, false)},
			[]string{"Pending", "Blocked", "As-of date"}, []string{"t-p-blocked-0", "t-p-blocked-1"}},
		{"kinds", []Bar{bar("in-progress", Summary, false), bar("done", Milestone, false), bar("done", Task, true)},
			[]string{"In progress", "Done", "Phase summary", "Milestone", "Overdue", "As-of date"}, []string{"t-p-in-progress-0"}},
		{"no bars", nil, []string{"As-of date"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Chart{ID: "t", Title: "T", AsOf: d("2026-03-15"), Lanes: []Lane{{Label: "L", Bars: tc.bars}}}
			var legend, defs []string
			for _, e := range parse(t, render(t, c)) {
				if e.name == "text" && inClass(e, "g.gantt-legend") && e.attrs["class"] == "" { // not the overdue swatch's "!"
					legend = append(legend, e.text)
				}
				if e.name == "linearGradient" {
					defs = append(defs, e.attrs["id"])
				}
			}
			if !slices.Equal(legend, tc.legend) {
				t.Errorf("legend %q, want %q", legend, tc.legend)
			}
			if !slices.Equal(defs, tc.defs) {
				t.Errorf("stripes defined %q, want %q", defs, tc.defs)
			}
		})
	}
}
