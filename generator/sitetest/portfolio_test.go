package sitetest_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/spf13/afero"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/qmsplan/qmsplan/generator/gantt"
	"github.com/qmsplan/qmsplan/generator/linkcheck"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/pipeline"
	"github.com/qmsplan/qmsplan/generator/portfolio"
	"github.com/qmsplan/qmsplan/generator/render"
	"github.com/qmsplan/qmsplan/generator/sitebuild"
)

const portfolioURL = "/records/GP-009/portfolio/"

// resolve is the site path a link on the page at base leads to, without
// its fragment, and the fragment.
func resolve(t testing.TB, base, href string) (string, string) {
	t.Helper()
	b, _ := url.Parse(base)
	u, err := b.Parse(href)
	if err != nil {
		t.Fatalf("%s: link %q: %v", base, href, err)
	}
	return u.Path, u.Fragment
}

// sampleTask is one task of the sample data, worked out from the data as a
// reader would, not through generator/portfolio.
type sampleTask struct {
	plan, task, url string
	end             model.Date
	open            bool
}

func sampleTasks(t *testing.T, s *builtSite) []sampleTask {
	t.Helper()
	ix := s.data.Index()
	var out []sampleTask
	for _, p := range s.data.Plans {
		for _, ph := range model.Resolve(ix.Templates[p.Template], p) {
			for _, r := range ph.Rows {
				_, end := r.Fill.Span()
				st := ix.Statuses[s.data.Statuses.Of(r.Fill)]
				out = append(out, sampleTask{plan: p.SidebarLabel, task: r.Task.Name,
					url: plansSectionURL + p.Slug + "/#task-" + r.Task.Key, end: end, open: !st.Closed})
			}
		}
	}
	return out
}

// rowsOf returns the body rows of the table of class cls on the page.
func rowsOf(doc *html.Node, cls string) []*html.Node {
	table := find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Table && hasClass(n, cls) })
	if table == nil {
		return nil
	}
	tbody := find(table, tag(atom.Tbody))
	return children(tbody, tag(atom.Tr))
}

// The portfolio sits in the sidebar under GP-009 Sales after R-009-001 and
// says its as-of date; each count links to the page listing it, and the
// overdue count is the data's.
func TestPortfolioPage(t *testing.T) {
	s := site(t)
	doc := s.doc(t, portfolioURL)
	sales := sidebarItem(t, sidebarOf(t, doc), "GP-009 Sales")
	if got, want := childLabels(sales), []string{"T-009-001", plansSectionLabel, "Portfolio"}; !slices.Equal(got, want) {
		t.Errorf("GP-009 Sales lists %q, want %q", got, want)
	}
	if !strings.Contains(bodyText(doc), "As of "+asOf.String()) {
		t.Errorf("the portfolio does not say it is as of %s", asOf)
	}
	overdue := 0
	for _, x := range sampleTasks(t, s) {
		if x.open && !x.end.IsZero() && x.end.Before(asOf) {
			overdue++
		}
	}
	counts := find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Ul && hasClass(n, "portfolio-counts") })
	if counts == nil {
		t.Fatal("no counts (ul.portfolio-counts)")
	}
	found := false
	for _, li := range children(counts, tag(atom.Li)) {
		a := find(li, tag(atom.A))
		if a == nil {
			t.Errorf("count %q links nowhere", text(li))
			continue
		}
		if p, _ := resolve(t, portfolioURL, attrOr(a, "href")); !s.exists(p) {
			t.Errorf("count %q links to %s, not in the site", text(li), p)
		}
		if strings.HasSuffix(text(li), "Overdue tasks") {
			found = true
			if want := fmt.Sprintf("%d Overdue tasks", overdue); text(li) != want {
				t.Errorf("count %q, want %q", text(li), want)
			}
		}
	}
	if !found {
		t.Error("no overdue count")
	}
	for _, y := range []int{2023, 2024, 2025, 2026} {
		if !s.exists(fmt.Sprintf("%s%d/", portfolioURL, y)) {
			t.Errorf("no Gantt page for %d", y)
		}
	}
}

// The overdue page lists exactly the open tasks that ended before the as-of
// date, oldest first, with days overdue, each linking to its row on its
// plan page. The sample's as-of date is the end of an open task: not
// overdue on it, overdue by one day the day after.
func TestOverduePage(t *testing.T) {
	s := site(t)
	var boundary []sampleTask
	for _, x := range sampleTasks(t, s) {
		if x.open && x.end == asOf {
			boundary = append(boundary, x)
		}
	}
	if len(boundary) == 0 {
		t.Fatalf("no open task of the sample data ends on %s: the boundary is not tested", asOf)
	}
	checkOverdue(t, s, asOf)
	next, err := buildSite(t.Context(), asOf.AddDays(1))
	if err != nil {
		t.Fatal(err)
	}
	next.data = s.data
	got := checkOverdue(t, next, asOf.AddDays(1))
	for _, x := range boundary {
		if got[x.url] != 1 {
			t.Errorf("%s (%s), ending %s: %d days overdue the day after, want 1", x.task, x.plan, x.end, got[x.url])
		}
	}
}

// The data-quality page names each finding's data file and line and links
// to the place on the plan page: the task's row when it is about a task.
// The sample's US plan says 12 months from 2026-06-01 but runs its support
// to 2027-11: its close starts outside the plan's dates.
func TestDataQualityPage(t *testing.T) {
	s := site(t)
	page := portfolioURL + "data-quality/"
	doc := s.doc(t, page)
	rows := rowsOf(doc, "portfolio-findings")
	if len(rows) == 0 {
		t.Fatal("no findings (table.portfolio-findings)")
	}
	where := map[string]string{} // file:line:col → the link's target
	for _, tr := range rows {
		cells := children(tr, tag(atom.Td))
		a := find(tr, tag(atom.A))
		if len(cells) != 3 || a == nil {
			t.Errorf("finding %q: want file and line, message and a link", text(tr))
			continue
		}
		p, frag := resolve(t, page, attrOr(a, "href"))
		if !s.exists(p) {
			t.Errorf("finding %q links to %s, not in the site", text(cells[1]), p)
		} else if frag != "" && !bytes.Contains(s.file(t, p), []byte(`id="`+frag+`"`)) {
			t.Errorf("finding %q links to %s#%s, which has no such row", text(cells[1]), p, frag)
		}
		where[text(cells[0])] = p + "#" + frag
	}
	for _, p := range s.data.Plans {
		if p.Slug != "2026-01-07-us-brightwater-derm-api" {
			continue
		}
		for _, key := range []string{"final_report", "final_meeting"} {
			pos := p.Tasks[key].Src.Pos
			want := plansSectionURL + p.Slug + "/#task-" + key
			if got := where[pos.String()]; got != want {
				t.Errorf("finding at %s (%s outside the plan's dates) links to %q, want %q", pos, key, got, want)
			}
		}
	}
}

// checkOverdue compares the overdue page of s, built as of day, with the
// data, and returns the days overdue of each row by its task's URL.
func checkOverdue(t *testing.T, s *builtSite, day model.Date) map[string]int {
	t.Helper()
	page := portfolioURL + "overdue/"
	type row struct {
		plan, task, url string
		days            int
	}
	var want []row
	for _, x := range sampleTasks(t, s) {
		if x.open && !x.end.IsZero() && x.end.Before(day) {
			want = append(want, row{x.plan, x.task, x.url, x.end.DaysUntil(day)})
		}
	}
	var got []row
	for _, tr := range rowsOf(s.doc(t, page), "portfolio-tasks") {
		cells := findAll(tr, tag(atom.Td))
		a := find(cells[1], tag(atom.A))
		p, frag := resolve(t, page, attrOr(a, "href"))
		days, _ := strconv.Atoi(text(cells[len(cells)-1]))
		got = append(got, row{text(cells[0]), text(cells[1]), p + "#" + frag, days})
		if !bytes.Contains(s.file(t, p), []byte(`id="`+frag+`"`)) {
			t.Errorf("%s links to %s#%s, which has no such row", text(cells[1]), p, frag)
		}
	}
	for i := 1; i < len(got); i++ {
		if got[i].days > got[i-1].days {
			t.Errorf("as of %s: row %d (%d days) after one of %d days: not oldest first", day, i+1, got[i].days, got[i-1].days)
		}
	}
	// Ties come in portfolio order; compare as sets.
	byKey := func(a, b row) int { return strings.Compare(a.url, b.url) }
	slices.SortFunc(got, byKey)
	slices.SortFunc(want, byKey)
	if !slices.Equal(got, want) {
		t.Errorf("as of %s, overdue rows\n got %v\nwant %v", day, got, want)
	}
	days := map[string]int{}
	for _, r := range got {
		days[r.url] = r.days
	}
	return days
}

// A Gantt page's SVGs parse as XML, and its text alternative has a row per
// bar, in the same order, with the same links. A portfolio chart is its
// chunks alone, one SVG each, on screen and in print: together they draw
// every lane once, and each has its own axis, legend and as-of line. A plan
// page's chart is one SVG, printed as it is; its text alternative is its
// own task tables: every bar links to one of their rows, and no second
// table repeats them.
func TestGanttAndItsTable(t *testing.T) {
	s := site(t)
	for _, p := range []string{portfolioURL, portfolioURL + "2025/", plansSectionURL + corpusSample + "/"} {
		plan := strings.HasPrefix(p, plansSectionURL)
		doc := s.doc(t, p)
		chart := find(doc, func(n *html.Node) bool { return hasClass(n, "gantt-chart") })
		if chart == nil {
			t.Errorf("%s: no Gantt", p)
			continue
		}
		// Every SVG of the figure is a chunk of the chart, and there is no
		// other copy of it in the page.
		chunks := findAll(chart, func(n *html.Node) bool { return hasClass(n, "gantt-chunk") })
		svgs := findAll(doc, func(n *html.Node) bool { return n.Data == "svg" && hasClass(n, "gantt") })
		single := find(doc, func(n *html.Node) bool { return hasClass(n, "gantt-single") }) != nil
		if len(chunks) == 0 || len(svgs) != len(chunks) || single != plan || (plan && len(chunks) != 1) {
			t.Errorf("%s: %d chunks, %d Gantt SVGs in the page, printed alone %v", p, len(chunks), len(svgs), single)
		}
		var bars []string
		lanes := 0
		for i, c := range chunks {
			svg := find(c, func(n *html.Node) bool { return n.Data == "svg" })
			var buf bytes.Buffer
			html.Render(&buf, svg)
			bars = append(bars, svgBarLinks(t, p, buf.Bytes())...)
			lanes += len(findAll(svg, func(n *html.Node) bool { return hasClass(n, "gantt-lane-label") }))
			for _, part := range []string{"gantt-axis", "gantt-legend", "gantt-asof"} {
				if find(svg, func(n *html.Node) bool { return hasClass(n, part) }) == nil {
					t.Errorf("%s: chunk %d has no %s", p, i+1, part)
				}
			}
		}
		if plan {
			if find(doc, func(n *html.Node) bool { return hasClass(n, "gantt-rows") }) != nil {
				t.Errorf("%s: the plan page repeats its tasks in a Gantt table", p)
			}
			if len(bars) == 0 {
				t.Errorf("%s: no bars", p)
			}
			for _, href := range bars {
				_, frag := resolve(t, p, href)
				row := find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Tr && attrOr(n, "id") == frag })
				if row == nil || find(row, func(n *html.Node) bool { return hasClass(n, "col-status") }) == nil {
					t.Errorf("%s: bar %s links to no row of the task tables", p, href)
				}
			}
			continue
		}
		// The table: a group of rows per lane, headed by its plan.
		var rows, groups []string
		var table *html.Node
		if gr := find(doc, func(n *html.Node) bool { return hasClass(n, "gantt-rows") }); gr != nil {
			table = find(gr, tag(atom.Table))
		}
		for _, tb := range childrenOf(table, tag(atom.Tbody)) {
			trs := childrenOf(tb, tag(atom.Tr))
			var th *html.Node
			if len(trs) > 0 {
				th = find(trs[0], tag(atom.Th))
			}
			if th == nil || attrOr(th, "scope") != "rowgroup" {
				t.Errorf("%s: a group of the table's rows has no lane heading", p)
				continue
			}
			groups = append(groups, text(trs[0]))
			for _, tr := range trs[1:] {
				if a := find(tr, tag(atom.A)); a != nil {
					rows = append(rows, attrOr(a, "href"))
				}
			}
		}
		if len(bars) == 0 || !slices.Equal(bars, rows) {
			t.Errorf("%s: %d bars, %d table rows; bars %q, rows %q", p, len(bars), len(rows), short(bars), short(rows))
		}
		if lanes != len(groups) {
			t.Errorf("%s: the chunks draw %d lanes, the table has %d groups of rows", p, lanes, len(groups))
		}
	}
}

// childrenOf is children of a node that may be missing.
func childrenOf(n *html.Node, match func(*html.Node) bool) []*html.Node {
	if n == nil {
		return nil
	}
	return children(n, match)
}

// svgBarLinks parses an SVG with encoding/xml and returns the links of its
// bars in order.
func svgBarLinks(t *testing.T, page string, b []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	var out []string
	var href string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: the SVG does not parse: %v", page, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		for _, a := range se.Attr {
			if se.Name.Local == "a" && a.Name.Local == "href" {
				href = a.Value
			}
			if (se.Name.Local == "g" || se.Name.Local == "a") && a.Name.Local == "class" && slices.Contains(strings.Fields(a.Value), "gantt-bar") {
				out = append(out, href)
			}
		}
	}
	return out
}

// Every portfolio page stays bounded at scale: no Gantt page with more than
// gantt.MaxLanes lanes, no list page with more than render.PerPage rows,
// and the rows of a list's numbered pages add up to the whole list.
func TestPortfolioAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 300-plan site (-short)")
	}
	const n = 300
	s := corpusSite(t, n)
	lanes, overdueRows := 0, 0
	for _, p := range s.pages(t) {
		if !strings.HasPrefix(p, portfolioURL) {
			continue
		}
		p = strings.TrimSuffix(p, "index.html")
		doc := s.doc(t, p)
		// The chart is its chunks: each lane drawn once, each chunk the
		// part it says of as many, its ids its own.
		if chart := find(doc, func(n *html.Node) bool { return hasClass(n, "gantt-chart") }); chart != nil {
			svgs := findAll(chart, func(n *html.Node) bool { return n.Data == "svg" })
			ids := map[string]bool{}
			for i, svg := range svgs {
				title := text(find(svg, func(n *html.Node) bool { return n.Data == "title" }))
				if want := fmt.Sprintf(" (part %d of %d)", i+1, len(svgs)); len(svgs) > 1 && !strings.HasSuffix(title, want) {
					t.Errorf("%s: chunk %d is titled %q, want it to end %q", p, i+1, title, want)
				}
				for _, n := range findAll(svg, func(n *html.Node) bool { return attrOr(n, "id") != "" }) {
					if id := attrOr(n, "id"); ids[id] {
						t.Errorf("%s: id %q twice in the chart", p, id)
					} else {
						ids[id] = true
					}
				}
			}
			if strings.HasPrefix(p, portfolioURL+"2025/") && len(svgs) < 2 {
				t.Errorf("%s: %d chunks: the test proves nothing about chunks", p, len(svgs))
			}
			l := len(findAll(chart, func(n *html.Node) bool { return hasClass(n, "gantt-lane-label") }))
			if l > gantt.MaxLanes {
				t.Errorf("%s: %d lanes, more than %d", p, l, gantt.MaxLanes)
			}
			if strings.HasPrefix(p, portfolioURL+"2025/") {
				lanes += l
			}
		}
		r := len(rowsOf(doc, "portfolio-tasks"))
		if r > render.PerPage {
			t.Errorf("%s: %d rows, more than %d", p, r, render.PerPage)
		}
		if strings.HasPrefix(p, portfolioURL+"overdue/") {
			overdueRows += r
		}
	}
	if lanes != n {
		t.Errorf("the 2025 Gantt pages have %d lanes in all, want the %d plans", lanes, n)
	}
	if !s.exists(portfolioURL+"2025/3/") || s.exists(portfolioURL+"2025/4/") {
		t.Errorf("300 plans of 2025 should make 3 Gantt pages of %d", gantt.MaxLanes)
	}
	// The sidebar lists each list's numbered pages together and in order.
	item := sidebarItem(t, sidebarOf(t, s.doc(t, portfolioURL)), "Portfolio (1/3)")
	want := []string{"Portfolio (2/3)", "Portfolio (3/3)", "2025 (1/3)", "2025 (2/3)", "2025 (3/3)", "Overdue tasks"}
	if got := childLabels(item); len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
		t.Errorf("the sidebar under the portfolio lists %q, want %q first", got, want)
	}
	one := 0
	for _, x := range sampleTasks(t, site(t)) {
		if strings.Contains(x.url, "/"+corpusSample+"/") && x.open && !x.end.IsZero() && x.end.Before(asOf) {
			one++
		}
	}
	if overdueRows != n*one {
		t.Errorf("the overdue pages list %d rows, want %d (%d plans × %d)", overdueRows, n*one, n, one)
	}
}

// TestMeasurePortfolioShare measures, in one run, what the portfolio (its
// pages, its exports and each plan page's own Gantt) adds to the build of a
// site of QMSPLAN_MEASURE_PLANS copies of the sample plan: the pre-build
// step's portfolio work timed apart, and the build with and without the
// portfolio's pages and Gantts (medians of QMSPLAN_MEASURE_ROUNDS pairs):
// Hugo, the exports and the link check of the built site, as qmsplan build
// does them: to disk, with the model dropped.
// Or, with QMSPLAN_MEASURE_SITE, of a site on disk, read only (e.g. a
// fixture of plans over ten years: go run ./cmd/qmsbench fixtures). Skipped
// unless one of them is set:
// QMSPLAN_MEASURE_PLANS=1000 go test ./generator/sitetest -run MeasurePortfolioShare -v
func TestMeasurePortfolioShare(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("QMSPLAN_MEASURE_PLANS"))
	site := os.Getenv("QMSPLAN_MEASURE_SITE")
	var root string
	var src afero.Fs
	switch {
	case site != "":
		root, src = site, afero.NewReadOnlyFs(afero.NewOsFs())
	case n > 0:
		var err error
		if root, err = repoRoot(); err != nil {
			t.Fatal(err)
		}
		data, err := corpusData(root, n)
		if err != nil {
			t.Fatal(err)
		}
		src = newCorpusFs(root, data)
	default:
		t.Skip("set QMSPLAN_MEASURE_PLANS to the number of plans, or QMSPLAN_MEASURE_SITE to a site")
	}
	start, c0 := time.Now(), cpu()
	res, err := pipeline.Prepare(src, root, asOf)
	if err != nil {
		t.Fatal(err)
	}
	prepare, prepareCPU := time.Since(start), cpu()-c0
	// The portfolio's share of the pre-build step, timed apart: its rows,
	// its pages, and the plan pages' own Gantts (render.Render with them
	// less render.Render without).
	stop := profile(t, "portfolio")
	start, c0 = time.Now(), cpu()
	pf := portfolio.Build(res.Data, asOf)
	if _, err := render.Portfolio(pf, res.Diags); err != nil {
		t.Fatal(err)
	}
	pfPrepare, pfPrepareCPU := time.Since(start), cpu()-c0
	stop()
	stop = profile(t, "plan-pages-with")
	start, c0 = time.Now(), cpu()
	if _, err := render.Render(res.Data, pf); err != nil {
		t.Fatal(err)
	}
	renderAll, renderAllCPU := time.Since(start), cpu()-c0
	stop()
	// A portfolio without plans: the plan pages without their Gantts.
	stop = profile(t, "plan-pages-without")
	start, c0 = time.Now(), cpu()
	if _, err := render.Render(res.Data, &portfolio.Portfolio{AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	stop()
	pfPrepare += renderAll - time.Since(start)
	pfPrepareCPU += renderAllCPU - (cpu() - c0)

	// Each build writes to a directory of its own on disk, as qmsplan build
	// does (and under its soft memory limit, which a build in memory runs
	// without): kept to the end, since creating thousands of files right
	// after deleting as many is slow on these disks (README "Scale and
	// benchmarks").
	outDir, builds := t.TempDir(), 0
	hugo := func(pages []render.Page) (wall, work time.Duration) {
		r := *res
		r.Pages = pages
		// A page left out must not be stood in for by the copy an earlier
		// generate left on disk: hide it as the run hides stale pages.
		kept := map[string]bool{}
		for _, p := range pages {
			kept[p.Path] = true
		}
		ch := *res.Changes
		ch.Removed = slices.Clone(ch.Removed)
		for _, p := range res.Pages {
			if !kept[p.Path] {
				ch.Removed = append(ch.Removed, path.Join(root, paths.Content, p.Path))
			}
		}
		r.Changes = &ch
		overlay, err := r.Overlay(src, root)
		if err != nil {
			t.Fatal(err)
		}
		// What the last build left is collected before the next is timed.
		runtime.GC()
		name := "hugo-without"
		if len(pages) == len(res.Pages) {
			name = "hugo-with"
		}
		builds++
		dest := filepath.Join(outDir, strconv.Itoa(builds))
		stop := profile(t, name)
		start, c := time.Now(), cpu()
		out, err := sitebuild.Build(context.Background(), sitebuild.Options{Source: root, Destination: dest, SourceFs: overlay, DestFs: afero.NewOsFs()})
		if err != nil {
			t.Fatal(err)
		}
		// What qmsplan build does after Hugo, in both arms: the exports
		// (the portfolio's, so only with it) beside the pages, then the
		// link check of the whole site, which reads every page Hugo wrote.
		if name == "hugo-with" {
			if _, err := res.WriteExports(out.Output, out.BaseURL); err != nil {
				t.Fatal(err)
			}
		}
		if problems, err := linkcheck.Check(afero.NewIOFS(out.Output), linkcheck.Options{}); err != nil || len(problems) > 0 {
			t.Fatalf("link check: %v, %d problems: %.5v", err, len(problems), problems)
		}
		wall, work = time.Since(start), cpu()-c
		stop()
		return wall, work
	}
	var base []render.Page
	for _, p := range res.Pages {
		if strings.HasPrefix(p.Path, paths.PortfolioSection+"/") {
			continue
		}
		p.Data = withoutGantt(t, p.Data)
		base = append(base, p)
	}
	plans := len(res.Data.Plans)
	res.DropModel() // as qmsplan build does before Hugo's build
	// Builds with and without the portfolio alternate, each first in turn,
	// QMSPLAN_MEASURE_ROUNDS times (3 if unset); the medians are compared:
	// single builds on a shared machine vary by a third.
	rounds, _ := strconv.Atoi(os.Getenv("QMSPLAN_MEASURE_ROUNDS"))
	if rounds < 1 {
		rounds = 3
	}
	// A first build, untimed: the process's first one was a third slower
	// than the others (its heap growing from small, every page of it
	// faulted in), and it was always one with the portfolio.
	hugo(base)
	var fulls, fullCPUs, withouts, withoutCPUs []time.Duration
	for i := range rounds {
		for j := range 2 {
			if (i+j)%2 == 0 {
				w, c := hugo(res.Pages)
				fulls, fullCPUs = append(fulls, w), append(fullCPUs, c)
			} else {
				w, c := hugo(base)
				withouts, withoutCPUs = append(withouts, w), append(withoutCPUs, c)
			}
		}
	}
	t.Logf("Hugo, exports and link check with the portfolio %v (CPU %v), without %v (CPU %v)", fulls, fullCPUs, withouts, withoutCPUs)
	full, fullCPU, without, withoutCPU := median(fulls), median(fullCPUs), median(withouts), median(withoutCPUs)
	total := prepare + full
	added := pfPrepare + full - without
	t.Logf("%d plans: pre-build %v (the portfolio's part %v); Hugo, exports and link check %v with the portfolio, %v without",
		plans, prepare.Round(time.Millisecond), pfPrepare.Round(time.Millisecond),
		full.Round(time.Millisecond), without.Round(time.Millisecond))
	t.Logf("the portfolio adds %v of %v: %.1f%% of the build, %.1f%% over the build without it",
		added.Round(time.Millisecond), total.Round(time.Millisecond),
		100*float64(added)/float64(total), 100*float64(added)/float64(total-added))
	t.Logf("Hugo, exports and link check in CPU time: %v with the portfolio, %v without (%.1f%% more)", fullCPU.Round(time.Millisecond),
		withoutCPU.Round(time.Millisecond), 100*float64(fullCPU-withoutCPU)/float64(withoutCPU))
	// The same in CPU time, steadier than the wall clock on a shared machine.
	addedCPU, totalCPU := pfPrepareCPU+fullCPU-withoutCPU, prepareCPU+fullCPU
	t.Logf("in CPU time: pre-build %v (the portfolio's part %v); the portfolio adds %v of %v: %.1f%% over the build without it",
		prepareCPU.Round(time.Millisecond), pfPrepareCPU.Round(time.Millisecond), addedCPU.Round(time.Millisecond),
		totalCPU.Round(time.Millisecond), 100*float64(addedCPU)/float64(totalCPU-addedCPU))
}

// profile writes a CPU profile of one step (the portfolio's pages, the
// plan pages with and without their Gantts, a Hugo build with and without
// the portfolio) to QMSPLAN_MEASURE_PROFILE/name-N.pprof when that is set:
// what the portfolio costs, side by side (go tool pprof -diff_base). It
// returns the function that ends it.
func profile(t *testing.T, name string) (stop func()) {
	dir := os.Getenv("QMSPLAN_MEASURE_PROFILE")
	if dir == "" {
		return func() {}
	}
	for i := 1; ; i++ {
		p := filepath.Join(dir, fmt.Sprintf("%s-%d.pprof", name, i))
		if _, err := os.Stat(p); err == nil {
			continue
		}
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			t.Fatal(err)
		}
		return func() {
			pprof.StopCPUProfile()
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// median is the middle of ds (the mean of the two middle ones).
func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// cpu is the CPU time the process has used so far, all threads: on a
// shared machine a steadier measure of work than the wall clock.
func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// planGanttRE is a plan page's own Gantt in its body: the heading and the
// shortcode with its SVG.
var planGanttRE = regexp.MustCompile(`## Timeline\n\n\{\{< plan-gantt >\}\}\n<svg [^\n]*</svg>\n\{\{< /plan-gantt >\}\}\n`)

// withoutGantt drops a plan page's own Gantt: its shortcode and its data.
func withoutGantt(t *testing.T, page []byte) []byte {
	s := planGanttRE.ReplaceAllLiteralString(string(page), "")
	if strings.Contains(s, "plan-gantt") {
		t.Fatal("withoutGantt: a plan page's Gantt is not where it looks for it")
	}
	front, body, ok := strings.Cut(strings.TrimPrefix(s, "---\n"), "\n---\n")
	if !ok {
		return []byte(s)
	}
	var fm map[string]any
	if err := yaml.Unmarshal([]byte(front), &fm); err != nil {
		t.Fatal(err)
	}
	if params, ok := fm["params"].(map[string]any); ok {
		delete(params, "gantt")
	}
	b, err := yaml.Marshal(fm)
	if err != nil {
		t.Fatal(err)
	}
	return []byte("---\n" + string(b) + "---\n" + body)
}
