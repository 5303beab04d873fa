package render_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
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
	"github.com/qmsplan/qmsplan/generator/validate"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func renderFixture(t *testing.T) map[string][]byte {
	t.Helper()
	d, ds := load.Load(afero.NewOsFs(), "testdata/site")
	if ds.HasErrors() {
		t.Fatalf("fixture does not load: %v", ds)
	}
	// The fixture's validation errors are deliberate: raw HTML and Hugo
	// shortcodes in a section, which validation rejects and the renderer
	// must keep inert anyway (defence in depth).
	asOf := model.MustDate("2026-11-27")
	for _, d := range validate.Check(d, asOf, nil) {
		if d.Severity == diag.Error && !strings.Contains(d.Message, `raw HTML "<em>"`) && !strings.Contains(d.Message, "shortcode") {
			t.Fatalf("fixture is invalid: %v", d)
		}
	}
	pages, err := render.Render(d, portfolio.Build(d, asOf))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, p := range pages {
		out[p.Path] = p.Data
	}
	return out
}

// The golden files are reviewed by eye against the portal's own pages
// (the T-009-001 template page as Docusaurus shows it); the other tests
// here assert what they mean. Update: go test ./generator/render -update
func TestGolden(t *testing.T) {
	for path, data := range renderFixture(t) {
		golden := filepath.Join("testdata/golden", filepath.FromSlash(path))
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./generator/render -update and review the diff)", err)
		}
		if !bytes.Equal(want, data) {
			t.Errorf("%s differs from %s (run with -update and review the diff)", path, golden)
		}
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	a, b := renderFixture(t), renderFixture(t)
	for p := range a {
		if !bytes.Equal(a[p], b[p]) {
			t.Errorf("%s differs between two runs", p)
		}
	}
}

const templatePage = "records/GP-009/T-009-001/t-009-001-integrated-json-only-template.md"
const planPage = "records/GP-009/r-009-001/2025-08-22-br-hostile-names.md"

func headings(md string) []string {
	var out []string
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "#") {
			out = append(out, strings.ReplaceAll(l, `\`, ""))
		}
	}
	return out
}

// The template page has the reference page's headings, in its order and at
// its levels (the reference's table of contents).
func TestTemplatePageMatchesReferenceOutline(t *testing.T) {
	got := headings(string(renderFixture(t)[templatePage]))
	want := []string{
		"## Project Summary", "### Details", "### Technical Implementation", "### Scope", "### Success Metrics",
		"## Doubts, questions and issues", "## Project timeline and milestones", "### Project tasks",
		"#### 🧭 Definition & planning", "#### 📝 Contracting", "#### 🏁 Kickoff",
		"#### 🔌 Integration workflow (Phase 1 - Technical Setup)", "#### 🚀 Project Execution",
		"#### 🔁 Follow-up Meetings", "#### ✅ Project Close",
		"## Clinical Workflows", "### System Architecture & Logic",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("headings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// frontMatter decodes a generated page's front matter.
func frontMatter(t *testing.T, md string) render.FrontMatter {
	t.Helper()
	parts := strings.SplitN(md, "---\n", 3)
	var fm render.FrontMatter
	if len(parts) != 3 {
		t.Fatalf("no front matter in %.40q", md)
	}
	if err := yaml.Unmarshal([]byte(parts[1]), &fm); err != nil {
		t.Fatal(err)
	}
	return fm
}

// Every task of the template is exactly one row of its phase's table, with
// the phase's columns and their titles, and every phase's table is drawn
// right under its heading.
func TestEveryTaskRowOnce(t *testing.T) {
	pages := renderFixture(t)
	d, _ := load.Load(afero.NewOsFs(), "testdata/site")
	tmpl := d.Templates[0]
	for _, page := range []string{templatePage, planPage} {
		md := string(pages[page])
		tables := pageTables(t, md)
		if len(tables) != len(tmpl.Phases) {
			t.Fatalf("%s: %d task tables, want %d", page, len(tables), len(tmpl.Phases))
		}
		for i, ph := range tmpl.Phases {
			tb := tables[i]
			var cols, titles []string
			for _, c := range ph.Columns {
				cols, titles = append(cols, "col-"+c), append(titles, model.ColumnTitles[c])
			}
			if tb.Label != ph.Title || !slices.Equal(tb.Columns, cols) || !slices.Equal(tb.Titles, titles) {
				t.Errorf("%s: table %d is %q %v %v, want %q %v %v", page, i, tb.Label, tb.Columns, tb.Titles, ph.Title, cols, titles)
			}
			for _, task := range ph.Tasks {
				n := 0
				for _, r := range tb.Rows {
					if r.ID == "task-"+task.Key {
						n++
						if got := text(r.Cells["col-task"]); got != task.Name {
							t.Errorf("%s: task %q is %q", page, task.Key, got)
						}
					}
				}
				if n != 1 {
					t.Errorf("%s: task %q appears %d times", page, task.Key, n)
				}
			}
			call := "#### " + render.Text(ph.Emoji) + " " + render.Text(ph.Title) + "\n\n{{< tasks >}}\n<div class=\"table-wrap\" role=\"region\" aria-label=\"" + html.EscapeString(ph.Title) + "\""
			if n := strings.Count(md, call); n != 1 {
				t.Errorf("%s: %q appears %d times, want once", page, call, n)
			}
		}
	}
	// A date left empty shows the placeholder on a template page only.
	for page, want := range map[string]string{templatePage: "[YYYY-MM-DD]", planPage: ""} {
		for _, tb := range pageTables(t, string(pages[page])) {
			for _, r := range tb.Rows {
				if td := rowTask(r); td.Start == "" && td.End == "" && want != "" || (want == "" && strings.Contains(td.Start+td.End, "YYYY")) {
					t.Errorf("%s: task %s dates %q %q, want empty ones shown as %q", page, td.Key, td.Start, td.End, want)
				}
			}
		}
	}
}

func TestPlanPageFillsTheTemplate(t *testing.T) {
	md := string(renderFixture(t)[planPage])
	for _, want := range []string{
		"- **Duration**: 6 months",
		"- **Features**: Diagnosis Support, Severity Assessment",
		"### Goals", "## Contract sign date", "> [!WARNING]\n> Renewal is due **one year** after signature.",
		"aliases:\n  - /records/GP-009/T-009-001/R-009-001-20250822-br-jj",
		"generatedBy: qmsplan",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("plan page lacks %q", want)
		}
	}
	for _, tc := range []struct {
		key  string
		want render.TaskData
	}{
		{"conception", render.TaskData{Key: "conception", Anchor: "task-conception", Name: "Project conception and initiation",
			Description: "Initial ideation and opportunity scoping with all key stakeholders.",
			Responsible: []render.RoleData{{Code: "Deal Owner"}}, Start: "2025-08-01", End: "2025-08-05", Status: "done",
			Notes: "Met at | AAD <i>2025</i>"}},
		{"kickoff_meeting", render.TaskData{Key: "kickoff_meeting", Anchor: "task-kickoff_meeting", Name: "Kick-off Meeting",
			Description: "Initial meeting to align on project goals, timelines, and responsibilities.",
			Responsible: []render.RoleData{{Code: "Deal Owner"}, {Join: "&", Code: "JD-016"}, {Join: "/", Code: "JD-029"}},
			Start:       "2025-09-10", Status: "in-progress"}}, // a one-date phase: its Date column only
	} {
		if got := pageTask(t, md, tc.key); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("task %s:\n got %+v\nwant %+v", tc.key, got, tc.want)
		}
	}
	// Every status cell shows its status's look: swatch (colour and
	// pattern), emoji and label.
	seen := map[string]bool{}
	for _, tb := range pageTables(t, md) {
		for _, r := range tb.Rows {
			td := rowTask(r)
			seen[td.Status] = true
			cell := r.Cells["col-status"]
			var swatch string
			each(cell, "span", func(sp *html.Node) {
				if strings.HasPrefix(attr(sp, "class"), "status-swatch ") {
					swatch = attr(sp, "class")
				}
			})
			if !strings.Contains(swatch, " palette-") || !strings.Contains(swatch, " pattern-") || len(strings.TrimSpace(text(cell))) < 3 {
				t.Errorf("task %s: status cell %q, swatch %q", td.Key, text(cell), swatch)
			}
		}
	}
	for _, k := range []string{"blocked", "cancelled"} {
		if !seen[k] {
			t.Errorf("no task is %s", k)
		}
	}
	// The extra task sits right after the task it names.
	var keys []string
	for _, tb := range pageTables(t, md) {
		for _, r := range tb.Rows {
			keys = append(keys, rowTask(r).Key)
		}
	}
	if i := slices.Index(keys, "user_onboarding"); i < 0 || i+1 >= len(keys) || keys[i+1] != "pilot_review" {
		t.Errorf("extra task is not right after user_onboarding: %v", keys)
	}
	// The Goals section comes right after Success Metrics, at its level.
	if i, j := strings.Index(md, "### Success Metrics"), strings.Index(md, "### Goals"); j < i || strings.Contains(md[i:j], "\n## ") {
		t.Error("Goals section misplaced")
	}
	if strings.Contains(md, "[START_DATE]") || strings.Contains(md, `\[START\_DATE\]`) {
		t.Error("filled field still shows its placeholder")
	}
}

// Values from data cannot become HTML, links or Hugo shortcodes.
func TestUserTextIsEscaped(t *testing.T) {
	md := string(renderFixture(t)[planPage])
	body := md[strings.Index(md[3:], "---")+6:]
	// The only shortcodes are the task tables and the Gantt qmsplan itself
	// calls, the Gantt with its SVG, gantt.Render's escaped output (parsed
	// and looked at in TestPortfolioEscapesNames); the tables stay, to be
	// looked at too.
	body = regexp.MustCompile(`(?m)^(\{\{< /?tasks >\}\}|\{\{< plan-gantt >\}\}\n<svg [^\n]*</svg>\n\{\{< /plan-gantt >\}\})$`).ReplaceAllString(body, "")
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`[^\\]<script`), regexp.MustCompile(`[^\\]<b>`), regexp.MustCompile(`[^\\]<i>`),
		regexp.MustCompile(`\{\{[<%]`), regexp.MustCompile(`[^\\]\]\(javascript:`),
	} {
		if loc := bad.FindStringIndex(body); loc != nil {
			t.Errorf("unescaped %q in %q", bad, body[max(0, loc[0]-20):min(len(body), loc[1]+20)])
		}
	}
	for _, want := range []string{
		`Johnson \& Johnson \<script\>alert(1)\</script\> \| OncoDerm \*AE\* \{\{\< param x \>\}\}`,
		`[38271945012](https://app.hubspot.com/contacts/4350212/record/0-3/38271945012?a=%281%29)`,
		`| Faster triage | Median wait \| days | \< 7 |`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks escaped %q", want)
		}
	}
	// Front matter is YAML written by a YAML encoder: the title and the
	// task notes round-trip as data (the layouts escape them).
	if !strings.Contains(md, "title: R-009-001 BR J&J <b>20250822</b>") {
		t.Error("title not kept as data in front matter")
	}
	if got := pageTask(t, md, "conception").Notes; got != "Met at | AAD <i>2025</i>" || !strings.Contains(body, "Met at | AAD &lt;i&gt;2025&lt;/i&gt;") {
		t.Errorf("notes %q not escaped in their table", got)
	}
}

func TestTextEscapesEveryMarkdownSpecial(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a|b", `a\|b`}, {"*x*", `\*x\*`}, {"_x_", `\_x\_`}, {"[l](u)", `\[l\](u)`},
		{"<b>", `\<b\>`}, {"&amp;", `\&amp;`}, {"`c`", "\\`c\\`"}, {"{{< x >}}", `\{\{\< x \>\}\}`},
		{"line1\nline2", "line1 line2"}, {`back\slash`, `back\\slash`}, {"# h", `\# h`}, {"![i](u)", `\!\[i\](u)`},
	} {
		if got := render.Text(tc.in); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNestedKeepsTheOutline(t *testing.T) {
	in := "Intro\n# Risks\n## Sub ##\n```\n# not a heading\n```\n#### Deep\n#hashtag"
	want := "Intro\n#### Risks\n##### Sub\n```\n# not a heading\n```\n**Deep**\n#hashtag"
	if got := render.Nested(in, 3); got != want {
		t.Errorf("Nested:\n%s\nwant:\n%s", got, want)
	}
}

// Plans are listed in groups by the year their first dated task starts,
// years ascending, then the undated ones; each plan's page names its group,
// each group has a section page, and the weights put a group before its
// plans (the sidebar and previous/next order).
func TestPlansByYear(t *testing.T) {
	d, ds := load.Load(afero.NewOsFs(), "testdata/site")
	if ds.HasErrors() {
		t.Fatalf("fixture does not load: %v", ds)
	}
	base := d.Plans[0]
	clone := func(slug string, date string) *model.Plan {
		p := *base
		p.Slug = slug
		p.Document.ID = "R-009-001-" + slug
		p.Tasks, p.ExtraTasks = nil, nil
		if date != "" {
			p.Tasks = map[string]model.TaskFill{"conception": {Date: model.MustDate(date)}}
		}
		return &p
	}
	d.Plans = []*model.Plan{
		clone("b-2026", "2026-03-01"), clone("a-undated", ""), clone("c-2023", "2023-12-31"),
		clone("a-2026", "2026-01-01"), clone("z-undated", ""),
	}
	pages, err := render.Render(d, portfolio.Build(d, model.MustDate("2026-11-27")))
	if err != nil {
		t.Fatal(err)
	}
	const dir = "records/GP-009/r-009-001/"
	type row struct {
		path, group string
		plans       int // on a group's page
	}
	want := []row{
		{dir + "2023/_index.md", "2023", 1},
		{dir + "c-2023.md", "2023", 0},
		{dir + "2026/_index.md", "2026", 2},
		{dir + "a-2026.md", "2026", 0},
		{dir + "b-2026.md", "2026", 0},
		{dir + "undated/_index.md", "undated", 2},
		{dir + "a-undated.md", "undated", 0},
		{dir + "z-undated.md", "undated", 0},
	}
	var got []row
	weights := map[string]int{}
	for _, p := range pages {
		if !strings.HasPrefix(p.Path, dir) || p.Path == dir+"_index.md" {
			continue
		}
		fm := frontMatter(t, string(p.Data))
		got = append(got, row{p.Path, fm.Params.Group, fm.Params.Plans})
		weights[p.Path] = fm.Weight
	}
	slices.SortFunc(got, func(a, b row) int { return weights[a.path] - weights[b.path] })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("by weight, the plans' section holds\n%v\nwant\n%v", got, want)
	}
}

// URLs names a group's numbered list pages, as many as its plans fill
// (paths.PlansPerListPage a page), so that a plan's text may link to them.
func TestURLsNameListPages(t *testing.T) {
	d, ds := load.Load(afero.NewOsFs(), "testdata/site")
	if ds.HasErrors() {
		t.Fatalf("fixture does not load: %v", ds)
	}
	base := d.Plans[0]
	for _, tc := range []struct {
		plans      int
		has, lacks []string
	}{
		{paths.PlansPerListPage, []string{"/records/GP-009/r-009-001/2025"}, []string{"/records/GP-009/r-009-001/2025/page/2"}},
		{paths.PlansPerListPage + 1, []string{"/records/GP-009/r-009-001/2025/page/2"}, []string{"/records/GP-009/r-009-001/2025/page/3"}},
		{2*paths.PlansPerListPage + 1, []string{"/records/GP-009/r-009-001/2025/page/3"}, []string{"/records/GP-009/r-009-001/2025/page/4"}},
	} {
		d.Plans = nil
		for i := range tc.plans {
			p := *base
			p.Slug = fmt.Sprintf("p-%04d", i)
			p.Tasks = map[string]model.TaskFill{"conception": {Date: model.MustDate("2025-03-01")}}
			d.Plans = append(d.Plans, &p)
		}
		urls, err := render.URLs(d, model.MustDate("2026-11-27"))
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range tc.has {
			if !slices.Contains(urls, u) {
				t.Errorf("%d plans: no %s", tc.plans, u)
			}
		}
		for _, u := range tc.lacks {
			if slices.Contains(urls, u) {
				t.Errorf("%d plans: %s, a page the list does not fill", tc.plans, u)
			}
		}
	}
}
