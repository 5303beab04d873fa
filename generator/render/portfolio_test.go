package render_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/spf13/afero"
	"golang.org/x/net/html"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/portfolio"
	"github.com/qmsplan/qmsplan/generator/render"
)

const payload = `<script>alert(1)</script> & "x"`

// generatedPage is a generated page read back: its front matter, and the
// SVGs its Gantt shortcode carries (one a line: a portfolio chart's chunks).
type generatedPage struct {
	fm     render.FrontMatter
	svgs   []string
	tables []string // the portfolio-table shortcodes' inner content, in order
}

// tableShortcode is a table drawn in Go and its shortcode.
var tableShortcode = regexp.MustCompile(`\{\{< portfolio-table >\}\}\n([^{]*)\n\{\{< /portfolio-table >\}\}`)

// cells are the rows of the tables in inner whose class is class, each
// row its cells' text and, per cell, its link.
func cells(t *testing.T, inner []string, class string) (texts [][]string, hrefs [][]string) {
	t.Helper()
	for _, in := range inner {
		doc, err := html.Parse(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		each(doc, "table", func(tb *html.Node) {
			if attr(tb, "class") != class {
				return
			}
			each(tb, "tbody", func(body *html.Node) {
				each(body, "tr", func(tr *html.Node) {
					var row, links []string
					// Cells in order, a lane's heading (th) as well.
					for td := tr.FirstChild; td != nil; td = td.NextSibling {
						if td.Type != html.ElementNode || (td.Data != "td" && td.Data != "th") {
							continue
						}
						row = append(row, text(td))
						h := ""
						each(td, "a", func(a *html.Node) { h = attr(a, "href") })
						links = append(links, h)
					}
					texts, hrefs = append(texts, row), append(hrefs, links)
				})
			})
		})
	}
	return texts, hrefs
}

// ganttShortcode is a Gantt's shortcode call and its inner content.
var ganttShortcode = regexp.MustCompile(`\{\{< (plan-gantt|portfolio-gantt) >\}\}\n((?:<svg [^\n]*</svg>\n)+)\{\{< /(plan-gantt|portfolio-gantt) >\}\}`)

// portfolioPages renders the fixture's portfolio with a plan label and a
// task name that are the payload, and returns each page read back.
func portfolioPages(t *testing.T, warnings diag.List) map[string]generatedPage {
	t.Helper()
	d, ds := load.Load(afero.NewOsFs(), "testdata/site")
	if ds.HasErrors() {
		t.Fatalf("fixture does not load: %v", ds)
	}
	asOf := model.MustDate("2026-11-27")
	d.Plans[0].SidebarLabel = payload
	pf := portfolio.Build(d, asOf)
	pf.Plans[0].Tasks[0].Name = payload
	pages, err := render.Portfolio(pf, warnings)
	if err != nil {
		t.Fatal(err)
	}
	more, err := render.Render(d, pf)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]generatedPage{}
	for _, p := range append(pages, more...) {
		var g generatedPage
		front, body, _ := strings.Cut(strings.TrimPrefix(string(p.Data), "---\n"), "\n---\n")
		if err := yaml.Unmarshal([]byte(front), &g.fm); err != nil {
			t.Fatalf("%s: front matter: %v", p.Path, err)
		}
		if strings.Contains(front, "<svg") {
			t.Errorf("%s: an SVG in the front matter", p.Path)
		}
		calls := ganttShortcode.FindAllStringSubmatch(body, -1)
		if n := strings.Count(body, "-gantt >}}"); n != 2*len(calls) || len(calls) > 1 {
			t.Errorf("%s: %d Gantt shortcode tags, %d calls with one SVG a line: want one call at most", p.Path, n, len(calls))
		}
		for _, c := range tableShortcode.FindAllStringSubmatch(body, -1) {
			g.tables = append(g.tables, c[1])
		}
		if n := strings.Count(body, "portfolio-table >}}"); n != 2*len(g.tables) {
			t.Errorf("%s: %d portfolio-table tags for %d tables", p.Path, n, len(g.tables))
		}
		for _, c := range calls {
			if c[1] != c[3] {
				t.Errorf("%s: shortcode %s closed by %s", p.Path, c[1], c[3])
			}
			g.svgs = strings.Split(strings.TrimSuffix(c[2], "\n"), "\n")
		}
		out[p.Path] = g
	}
	return out
}

// svgText parses an SVG with encoding/xml and returns its character data;
// a script element or an event attribute fails the test.
func svgText(t *testing.T, svg string) string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	var text bytes.Buffer
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return text.String()
		}
		if err != nil {
			t.Fatalf("the SVG does not parse: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "script" || tok.Name.Local == "foreignObject" {
				t.Errorf("the SVG holds a <%s> element", tok.Name.Local)
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(a.Name.Local, "on") {
					t.Errorf("<%s> has an event attribute %s", tok.Name.Local, a.Name.Local)
				}
			}
		case xml.CharData:
			text.Write(tok)
		}
	}
}

// The payload appears in the Gantt's SVG as text only, on the portfolio
// and on the plan page, and in the page data (which html/template escapes
// when the layouts draw it) as the same text.
func TestPortfolioEscapesNames(t *testing.T) {
	pages := portfolioPages(t, nil)
	type chart struct {
		render.ChartView
		svgs []string
	}
	var charts []chart
	lanes := 0
	for _, path := range []string{paths.SectionPage(paths.PortfolioSection), paths.PortfolioPage("2025")} {
		g, ok := pages[path]
		if !ok || g.fm.Params.Portfolio == nil || g.fm.Params.Portfolio.Chart == nil || len(g.svgs) == 0 {
			t.Fatalf("%s: no chart with its SVGs", path)
		}
		charts = append(charts, chart{*g.fm.Params.Portfolio.Chart, g.svgs})
		// The chart's table: the payload as a lane's text, nowhere as markup.
		for _, in := range g.tables {
			if strings.Contains(in, "<script") || strings.Contains(in, `"x"`) {
				t.Errorf("%s: the payload is not escaped in a table", path)
			}
		}
		rows, _ := cells(t, g.tables, "")
		for _, r := range rows {
			if len(r) > 0 && r[0] == payload {
				lanes++
			}
		}
	}
	if lanes == 0 {
		t.Error("the payload is no lane of a chart's table: the test proves nothing")
	}
	plans := 0
	for path, g := range pages {
		if strings.Contains(path, "/r-009-001/") && !strings.HasSuffix(path, "_index.md") {
			plans++
			if g.fm.Params.Gantt == nil || len(g.svgs) != 1 {
				t.Fatalf("%s: a plan page's Gantt: params.gantt %v, %d SVGs, want its title and one SVG", path, g.fm.Params.Gantt, len(g.svgs))
			}
			charts = append(charts, chart{*g.fm.Params.Gantt, g.svgs})
		}
	}
	if plans == 0 {
		t.Fatal("no plan page")
	}
	found := 0
	for _, c := range charts {
		for _, svg := range c.svgs {
			if strings.Contains(svg, "<script") || strings.Contains(svg, `"x"`) {
				t.Errorf("%s: the payload is not escaped in the SVG", c.Title)
			}
			if strings.Contains(svgText(t, svg), payload) {
				found++
			}
		}
	}
	if found == 0 {
		t.Error("the payload appears in no SVG as text: the test proves nothing")
	}
}

// The data-quality page names each warning's file and line and links to
// the plan page, or to the task's row when the warning is at the task.
func TestDataQualityFindings(t *testing.T) {
	d, _ := load.Load(afero.NewOsFs(), "testdata/site")
	p := d.Plans[0]
	warnings := diag.List{
		diag.Warnf(diag.Pos{File: p.Src.File, Line: 3, Col: 1}, "unfilled placeholder [X]"),
		diag.Errorf(diag.Pos{File: p.Src.File, Line: 4, Col: 1}, "an error is not a finding"),
	}
	for key, fill := range p.Tasks {
		warnings = append(warnings, diag.Warnf(fill.Src.Pos, "task %s is done and ends after the as-of date", key))
		break
	}
	g, ok := portfolioPages(t, warnings)[paths.PortfolioPage("data-quality")]
	if !ok {
		t.Fatal("no data-quality page")
	}
	var got []render.FindingView
	rows, hrefs := cells(t, g.tables, "portfolio-findings")
	for i, r := range rows {
		f := render.FindingView{Where: r[0], Message: r[1], Plan: r[2], Href: hrefs[i][2]}
		if f.Where == p.Src.File+":3:1" || strings.Contains(f.Message, "ends after the as-of date") || strings.Contains(f.Message, "error") {
			got = append(got, f)
		}
	}
	if len(got) != 2 {
		t.Fatalf("findings %+v, want the two warnings (not the error)", got)
	}
	plan := "../../r-009-001/" + p.Slug + "/"
	if got[0].Href != plan {
		t.Errorf("the placeholder finding links to %q, want the plan page %q", got[0].Href, plan)
	}
	if !strings.HasPrefix(got[1].Href, plan+"#task-") {
		t.Errorf("the task finding links to %q, want its row on %q", got[1].Href, plan)
	}
}

// The sidebar lists a section's pages by weight: the portfolio's pages
// must come in the order they are drawn (the numbered pages of its Gantt,
// then each year's together, years in order, then the index pages, each
// list's numbered pages together), however many pages a part has. Weights
// of each part's own interleaved a year's numbered pages with the overdue
// list's once a part had more than a few.
func TestPortfolioWeightsKeepTheOrder(t *testing.T) {
	d, ds := load.Load(afero.NewOsFs(), "testdata/site")
	if ds.HasErrors() {
		t.Fatalf("fixture does not load: %v", ds)
	}
	// Copies of the fixture's plan, enough for a dozen pages a part.
	p0 := d.Plans[0]
	for i := range 1200 {
		c := *p0
		c.Slug = fmt.Sprintf("%s-%d", p0.Slug, i)
		c.Document.ID = fmt.Sprintf("%s-%d", p0.Document.ID, i)
		d.Plans = append(d.Plans, &c)
	}
	pages, err := render.Portfolio(portfolio.Build(d, model.MustDate("2026-11-27")), nil)
	if err != nil {
		t.Fatal(err)
	}
	// A page's parent is the nearest directory above it with an _index.md.
	sections := map[string]bool{}
	for _, p := range pages {
		if path.Base(p.Path) == "_index.md" {
			sections[path.Dir(p.Path)] = true
		}
	}
	type child struct {
		weight int
		label  string
	}
	children := map[string][]child{}
	for _, p := range pages {
		dir := path.Dir(p.Path)
		if path.Base(p.Path) == "_index.md" {
			dir = path.Dir(dir)
		}
		for dir != "." && !sections[dir] {
			dir = path.Dir(dir)
		}
		var fm render.FrontMatter
		front, _, _ := strings.Cut(strings.TrimPrefix(string(p.Data), "---\n"), "\n---\n")
		if err := yaml.Unmarshal([]byte(front), &fm); err != nil {
			t.Fatalf("%s: front matter: %v", p.Path, err)
		}
		children[dir] = append(children[dir], child{fm.Weight, fm.LinkTitle})
	}
	under := children[paths.PortfolioSection]
	if len(under) < 30 {
		t.Fatalf("%d pages under the portfolio: the test proves nothing", len(under))
	}
	for dir, cs := range children {
		if dir == path.Dir(paths.PortfolioSection) {
			continue // the portfolio's own page, among GP-009's sections
		}
		drawn := slices.Clone(cs)
		slices.SortStableFunc(cs, func(a, b child) int { return a.weight - b.weight })
		if !slices.Equal(cs, drawn) {
			t.Errorf("%s: the pages by weight are %v, want them as drawn: %v", dir, cs, drawn)
		}
		// Each part's pages together: "2025 (1/12)" … "2025 (12/12)".
		seen := map[string]bool{}
		for i, c := range cs {
			if i > 0 && cs[i-1].weight == c.weight {
				t.Errorf("%s: %q and %q share weight %d", dir, cs[i-1].label, c.label, c.weight)
			}
			part, _, _ := strings.Cut(c.label, " (")
			if seen[part] && !strings.HasPrefix(cs[i-1].label, part) {
				t.Errorf("%s: %q apart from the other pages of %q", dir, c.label, part)
			}
			seen[part] = true
		}
	}
}
