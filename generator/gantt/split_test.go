package gantt

import (
	"fmt"
	"testing"
)

// lanes makes n lanes, lane i with rows[i%len(rows)] overlapping bars, so
// that it takes that many rows.
func lanes(n int, rows ...int) []Lane {
	out := make([]Lane, n)
	for i := range out {
		out[i].Label = fmt.Sprintf("lane %d", i)
		for range rows[i%len(rows)] {
			out[i].Bars = append(out[i].Bars, Bar{Start: d("2026-01-01").AddDays(i % 30), End: d("2026-02-01"), Status: "done"})
		}
	}
	return out
}

func TestPages(t *testing.T) {
	for _, tc := range []struct {
		lanes int
		sizes []int
	}{
		{0, []int{0}},
		{1, []int{1}},
		{100, []int{100}},
		{101, []int{100, 1}},
		{250, []int{100, 100, 50}},
	} {
		c := Chart{ID: "g", Title: "Portfolio", AsOf: d("2026-01-15"), Lanes: lanes(tc.lanes, 1)}
		pages := Pages(c, MaxLanes)
		checkSplit(t, fmt.Sprintf("Pages of %d lanes", tc.lanes), c, pages, tc.sizes)
	}
}

func TestChunks(t *testing.T) {
	for _, tc := range []struct {
		name    string
		lanes   []Lane
		maxRows int
		sizes   []int // lanes per chunk
	}{
		{"none", nil, 40, []int{0}},
		{"one lane", lanes(1, 1), 40, []int{1}},
		{"exactly full", lanes(40, 1), 40, []int{40}},
		{"one row over", lanes(41, 1), 40, []int{40, 1}},
		{"250 lanes of one row", lanes(250, 1), 40, []int{40, 40, 40, 40, 40, 40, 10}},
		// 1+3 = 4 rows; the next lane would make 5: it starts the next chunk.
		{"lanes of 1 and 3 rows", lanes(4, 1, 3), 4, []int{2, 2}},
		{"a lane taller than a chunk stands alone", lanes(3, 1, 7, 1), 5, []int{1, 1, 1}},
	} {
		c := Chart{ID: "g", Title: "Portfolio", AsOf: d("2026-01-15"), Lanes: tc.lanes}
		chunks := Chunks(c, tc.maxRows)
		checkSplit(t, "Chunks "+tc.name, c, chunks, tc.sizes)
		for i, ch := range chunks {
			if n := sum(rows(ch)); n > tc.maxRows && len(ch.Lanes) > 1 {
				t.Errorf("Chunks %s: chunk %d has %d rows, over %d", tc.name, i+1, n, tc.maxRows)
			}
		}
	}
}

// checkSplit checks that parts hold c's lanes in order, in groups of the
// sizes given, with one time window and ids of their own, and that each
// renders whole.
func checkSplit(t *testing.T, name string, c Chart, parts []Chart, sizes []int) {
	t.Helper()
	if len(parts) != len(sizes) {
		t.Fatalf("%s: %d parts, want %d", name, len(parts), len(sizes))
	}
	lo, hi := window(c)
	ids := map[string]bool{}
	next := 0
	for i, p := range parts {
		if len(p.Lanes) != sizes[i] {
			t.Errorf("%s: part %d has %d lanes, want %d", name, i+1, len(p.Lanes), sizes[i])
		}
		for _, l := range p.Lanes {
			if l.Label != c.Lanes[next].Label {
				t.Errorf("%s: part %d has %q where %q was next", name, i+1, l.Label, c.Lanes[next].Label)
			}
			next++
		}
		if plo, phi := window(p); !plo.Equal(lo) || !phi.Equal(hi) {
			t.Errorf("%s: part %d shows %s–%s, the whole chart %s–%s", name, i+1, plo, phi, lo, hi)
		}
		if ids[p.ID] {
			t.Errorf("%s: id %q twice", name, p.ID)
		}
		ids[p.ID] = true
		svg, err := Render(p, testStyles)
		if err != nil {
			t.Fatalf("%s: part %d: %v", name, i+1, err)
		}
		for _, want := range []string{`class="gantt-axis"`, `class="gantt-legend"`, `class="gantt-asof"`} {
			if !contains([]byte(svg), want) {
				t.Errorf("%s: part %d has no %s", name, i+1, want)
			}
		}
	}
	if next != len(c.Lanes) {
		t.Errorf("%s: parts hold %d lanes of %d", name, next, len(c.Lanes))
	}
}

func sum(n []int) int {
	s := 0
	for _, v := range n {
		s += v
	}
	return s
}

func TestPack(t *testing.T) {
	s := scale{lo: d("2026-01-01"), hi: d("2026-01-31"), x0: 0, x1: 300} // 10 units a day
	for _, tc := range []struct {
		name string
		bars []Bar
		rows []int
	}{
		{"one after the other share a row", []Bar{
			{Start: d("2026-01-01"), End: d("2026-01-05")},
			{Start: d("2026-01-06"), End: d("2026-01-10")},
		}, []int{0, 0}},
		{"overlapping take rows", []Bar{
			{Start: d("2026-01-01"), End: d("2026-01-10")},
			{Start: d("2026-01-05"), End: d("2026-01-12")},
			{Start: d("2026-01-11"), End: d("2026-01-20")},
		}, []int{0, 1, 0}},
		{"an overdue mark needs its room", []Bar{
			{Start: d("2026-01-01"), End: d("2026-01-05"), Overdue: true},
			{Start: d("2026-01-06"), End: d("2026-01-10")},
		}, []int{0, 1}},
		{"a milestone is as wide as its diamond", []Bar{
			{Start: d("2026-01-01"), End: d("2026-01-05")},
			{Start: d("2026-01-06"), End: d("2026-01-06"), Kind: Milestone},
		}, []int{0, 1}},
	} {
		l := pack(Lane{Bars: tc.bars}, s)
		for i, p := range l.bars {
			if p.row != tc.rows[i] {
				t.Errorf("%s: bar %d in row %d, want %d", tc.name, i+1, p.row, tc.rows[i])
			}
		}
	}
}
