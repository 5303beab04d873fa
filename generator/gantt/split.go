package gantt

import "fmt"

// MaxLanes is the most lanes one Gantt page carries.
const MaxLanes = 100

// PrintRows is the most rows a chunk can have to fit one A4 landscape page
// with 10 mm margins at the page's full width, nothing else on it: the page
// is 190/277 of the width high, 823 units, of which title, axis, as-of label
// and a legend line take 100 and every row at most 24 (18, plus 6 when it is
// a lane of its own).
const PrintRows = 30

// Pages splits c into charts of at most n lanes each, in order, for pages
// of their own. All share c's time window, so that pages compare. A chart
// with no lanes stays one chart, which draws as "nothing to show".
func Pages(c Chart, n int) []Chart {
	ones := make([]int, len(c.Lanes))
	for i := range ones {
		ones[i] = 1
	}
	return split(c, n, ones)
}

// Chunks splits c into charts of at most maxRows bar rows each, sized for
// a printed page: each is a whole SVG with its own axis, legend and as-of
// line (a portfolio page shows them one under the other on screen too). A
// lane is never cut; one taller than maxRows is a chunk of its own.
func Chunks(c Chart, maxRows int) []Chart {
	return split(c, maxRows, rows(c))
}

// split groups c's lanes, in order, into runs whose sizes add up to at most
// limit, size giving each lane's size.
func split(c Chart, limit int, size []int) []Chart {
	limit = max(limit, 1)
	if c.From.IsZero() {
		lo, hi := window(c)
		c.From, c.To = lo, hi.AddDays(-1)
	}
	var groups [][]Lane
	used := limit
	for i := range c.Lanes {
		if used+size[i] > limit {
			groups = append(groups, nil)
			used = 0
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], c.Lanes[i])
		used += size[i]
	}
	if len(groups) <= 1 {
		return []Chart{c}
	}
	out := make([]Chart, len(groups))
	for i, g := range groups {
		part := c
		part.ID = fmt.Sprintf("%s-%d", c.ID, i+1)
		part.Title = fmt.Sprintf("%s (part %d of %d)", c.Title, i+1, len(groups))
		part.Lanes = g
		out[i] = part
	}
	return out
}
