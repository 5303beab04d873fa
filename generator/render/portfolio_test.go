package render_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/portfolio"
	"github.com/qmsplan/qmsplan/generator/render"
)

const payload = `<script>alert(1)</script> & "x"`

// portfolioPages renders the fixture's portfolio with a plan label and a
// task name that are the payload, and returns the front matter of each page.
func portfolioPages(t *testing.T, warnings diag.List) map[string]render.FrontMatter {
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
	out := map[string]render.FrontMatter{}
	for _, p := range append(pages, more...) {
		var fm render.FrontMatter
		front, _, _ := strings.Cut(strings.TrimPrefix(string(p.Data), "---\n"), "\n---\n")
		if err := yaml.Unmarshal([]byte(front), &fm); err != nil {
			t.Fatalf("%s: front matter: %v", p.Path, err)
		}
		out[p.Path] = fm
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
	fms := portfolioPages(t, nil)
	var charts []render.ChartView
	for _, path := range []string{paths.SectionPage(paths.PortfolioSection), paths.PortfolioPage("2025")} {
		fm, ok := fms[path]
		if !ok || fm.Params.Portfolio == nil || len(fm.Params.Portfolio.Charts) == 0 {
			t.Fatalf("%s: no chart", path)
		}
		charts = append(charts, fm.Params.Portfolio.Charts...)
	}
	for path, fm := range fms {
		if fm.Params.Gantt != nil && strings.Contains(path, "/r-009-001/") {
			charts = append(charts, *fm.Params.Gantt)
		}
	}
	found := 0
	for _, c := range charts {
		for _, svg := range append([]string{c.SVG}, c.Print...) {
			if strings.Contains(svg, "<script") || strings.Contains(svg, `"x"`) {
				t.Errorf("%s: the payload is not escaped in the SVG", c.Title)
			}
			if strings.Contains(svgText(t, svg), payload) {
				found++
			}
		}
		for _, r := range c.Rows {
			if strings.Contains(r.Lane, "<script") && r.Lane != payload {
				t.Errorf("table row lane %q: the payload changed", r.Lane)
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
	fm := portfolioPages(t, warnings)[paths.PortfolioPage("data-quality")]
	if fm.Params.Portfolio == nil {
		t.Fatal("no data-quality page")
	}
	var got []render.FindingView
	for _, f := range fm.Params.Portfolio.Findings {
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
