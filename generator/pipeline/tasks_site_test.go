package pipeline_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"

	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/pipeline"
	"github.com/qmsplan/qmsplan/generator/sitebuild"
)

// buildTxtar builds, in memory, the site of a txtar fixture (its data and
// content) with the repository's hugo.toml, layouts and static files, and
// checks its links and anchors, as qmsplan check does.
func buildTxtar(t *testing.T, fixture string) afero.Fs {
	t.Helper()
	out, err := buildTxtarWith(t, fixture, nil)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// buildTxtarWith is buildTxtar with extra files (site path to content).
func buildTxtarWith(t *testing.T, fixture string, extra map[string]string) (afero.Fs, error) {
	t.Helper()
	fsys := txtarSite(t, fixture, extra)
	res, err := pipeline.Prepare(fsys, "/site", model.MustDate("2026-11-27"))
	if err != nil {
		t.Fatalf("%v\n%v", err, res.Diags)
	}
	sum, err := pipeline.Build(context.Background(), fsys, res, pipeline.Options{})
	if err != nil {
		return nil, fmt.Errorf("%w\n%v", err, sum.Diags)
	}
	return sum.Output, nil
}

// txtarSite is the fixture's files with this repo's hugo.toml, layouts and
// static files and the extra files (site path to content), under /site.
func txtarSite(t *testing.T, fixture string, extra map[string]string) afero.Fs {
	t.Helper()
	ar, err := txtar.ParseFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	fsys := afero.NewMemMapFs()
	for _, f := range ar.Files {
		afero.WriteFile(fsys, path.Join("/site", f.Name), f.Data, 0o644)
	}
	for _, p := range []string{"hugo.toml", "layouts", "static"} {
		filepath.WalkDir(filepath.Join("../..", p), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return afero.WriteFile(fsys, "/site/"+filepath.ToSlash(strings.TrimPrefix(p, "../../")), b, 0o644)
		})
	}
	for name, data := range extra {
		afero.WriteFile(fsys, path.Join("/site", name), []byte(data), 0o644)
	}
	return fsys
}

// hugoTxtarWith builds the fixture's site and extra files with Hugo alone
// (sitebuild), without qmsplan's pre-build step.
func hugoTxtarWith(t *testing.T, fixture string, extra map[string]string) (sitebuild.Result, error) {
	t.Helper()
	fsys := txtarSite(t, fixture, extra)
	return sitebuild.Build(context.Background(), sitebuild.Options{Source: "/site", ToMemory: true, SourceFs: fsys})
}

// The tasks shortcode passes through only what qmsplan draws (its
// vocabularies are checked in Go: render's TestTaskTableRefusesUnknownKeys):
// a page without the generated mark cannot use it to put raw HTML on the
// site, and inner content that is not a table as qmsplan draws it fails
// the build. Hugo alone builds these pages: the pipeline refuses the
// shortcode in any hand-written page before Hugo runs
// (TestRawShortcodesInHandWrittenPages), so this is the layouts' own
// defence, for a build without qmsplan.
func TestTaskTableFailsLoudly(t *testing.T) {
	const table = "{{< tasks >}}\n<div class=\"table-wrap\" role=\"region\" aria-label=\"A\" tabindex=\"0\">\n<table></table>\n</div>\n{{< /tasks >}}\n"
	generated := "---\ntitle: X\nparams:\n  generatedBy: qmsplan\n---\n"
	hand := "---\ntitle: X\n---\n"
	for _, tc := range []struct{ name, page, want string }{
		{"generated", generated + table, ""},
		{"hand-written", hand + table, "this shortcode is qmsplan's"},
		{"not a table", generated + "{{< tasks >}}\n<script>alert(1)</script>\n{{< /tasks >}}\n", "not a table as qmsplan draws it"},
		{"old call without a table", generated + `{{< tasks "a" >}}` + "\n", `shortcode "tasks" must be closed`},
	} {
		_, err := hugoTxtarWith(t, "testdata/tasks.txtar", map[string]string{"content/x.md": tc.page})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}

// Every column set and every status, drawn from page data: cells in the
// phase's column order, each with its column's class; an anchor per task;
// the status as class, swatch, emoji (hidden from screen readers) and
// label; roles kept whole; dates as placeholders on the template page.
func TestTaskTables(t *testing.T) {
	out := buildTxtar(t, "testdata/tasks.txtar")
	const plan, tmpl = "records/GP-009/r-009-001/p/index.html", "records/GP-009/T-009-001/t-009-001-test-template/index.html"
	for _, tc := range []struct {
		page, phase, header string
		rows                []string // "anchor: class text | class text ..."
	}{
		{plan, "Definition & planning", "Task | Description | Responsible | Start Date | End Date | Status | Notes", []string{
			"task-planning: col-task Definition <and> planning | col-description Scope & *dates*. | col-responsible Deal Owner & JD-013 | col-start 2025-01-06 | col-end 2025-01-10 | col-status status-done ✅ Done | col-notes Met at | AAD <i>2025</i>",
			"task-legal_review: col-task Legal review | col-description  | col-responsible Client | col-start 2025-01-10 | col-end 2025-01-12 | col-status status-in-progress 🔄 In progress | col-notes ",
			"task-offer: col-task Offer | col-description  | col-responsible Client/JD-013 | col-start 2025-01-13 | col-end 2025-01-14 | col-status status-cancelled ❌ Cancelled | col-notes ",
		}},
		{plan, "Kickoff", "Task | Description | Responsible | Date | Status", []string{
			"task-kickoff_meeting: col-task Kick-off Meeting | col-description  | col-responsible Deal Owner & Client/JD-013 | col-date 2025-02-03 | col-status status-in-progress 🔄 In progress",
		}},
		{plan, "Follow-up Meetings", "Task | Description | Date | Responsible | Status", []string{
			"task-follow_up_6m: col-task Follow-up | col-description  | col-date 2025-08-03 | col-responsible Deal Owner | col-status status-blocked ⛔ Blocked",
		}},
		{plan, "Project Close", "Task | Description | Start Date | End Date | Responsible | Status", []string{
			"task-final_report: col-task Final report | col-description  | col-start  | col-end  | col-responsible JD-013 | col-status status-pending ⏳ Pending",
			"task-final_meeting: col-task Final meeting | col-description  | col-start 2025-09-01 | col-end 2025-09-02 | col-responsible Client | col-status status-pending ⏳ Pending",
		}},
		{tmpl, "Kickoff", "Task | Description | Responsible | Date | Status", []string{
			"task-kickoff_meeting: col-task Kick-off Meeting | col-description  | col-responsible Deal Owner & Client/JD-013 | col-date [YYYY-MM-DD] | col-status status-pending ⏳ Pending",
		}},
		{tmpl, "Project Close", "Task | Description | Start Date | End Date | Responsible | Status", []string{
			"task-final_report: col-task Final report | col-description  | col-start [YYYY-MM-DD] | col-end [YYYY-MM-DD] | col-responsible JD-013 | col-status status-pending ⏳ Pending",
			"task-final_meeting: col-task Final meeting | col-description  | col-start [YYYY-MM-DD] | col-end [YYYY-MM-DD] | col-responsible Client | col-status status-pending ⏳ Pending",
		}},
	} {
		doc := parse(t, out, tc.page)
		table := taskTable(doc, tc.phase)
		if table == nil {
			t.Errorf("%s: no task table labelled %q", tc.page, tc.phase)
			continue
		}
		var header []string
		for _, th := range all(table, "th") {
			header = append(header, textOf(th))
		}
		if got := strings.Join(header, " | "); got != tc.header {
			t.Errorf("%s %s: header %q, want %q", tc.page, tc.phase, got, tc.header)
		}
		var rows []string
		for _, tr := range all(table, "tr")[1:] {
			var cells []string
			for _, td := range all(tr, "td") {
				cells = append(cells, attrOf(td, "class")+" "+textOf(td))
			}
			rows = append(rows, attrOf(tr, "id")+": "+strings.Join(cells, " | "))
		}
		if got, want := strings.Join(rows, "\n"), strings.Join(tc.rows, "\n"); got != want {
			t.Errorf("%s %s: rows\n%s\nwant\n%s", tc.page, tc.phase, got, want)
		}
	}

	doc := parse(t, out, plan)
	seen := map[string]bool{}
	for _, td := range all(doc, "td") {
		if !strings.Contains(attrOf(td, "class"), "col-status") {
			continue
		}
		// <span swatch aria-hidden></span><span aria-hidden>emoji</span> label
		c := td.FirstChild
		swatch, emoji, label := c, c.NextSibling, c.NextSibling.NextSibling
		if attrOf(swatch, "aria-hidden") != "true" || !strings.HasPrefix(attrOf(swatch, "class"), "status-swatch palette-") || !strings.Contains(attrOf(swatch, "class"), " pattern-") {
			t.Errorf("status cell %q: swatch %q", textOf(td), attrOf(swatch, "class"))
		}
		if attrOf(emoji, "aria-hidden") != "true" || label.Type != html.TextNode {
			t.Errorf("status cell %q: the emoji is not hidden or the label is not text", textOf(td))
		}
		seen[strings.TrimSpace(label.Data)+" "+attrOf(swatch, "class")] = true
	}
	for _, want := range []string{
		"Pending status-swatch palette-sky-blue pattern-dotted", "In progress status-swatch palette-blue pattern-striped",
		"Done status-swatch palette-bluish-green pattern-solid", "Blocked status-swatch palette-vermillion pattern-crosshatch",
		"Cancelled status-swatch palette-reddish-purple pattern-outline",
	} {
		if !seen[want] {
			t.Errorf("no status cell %q", want)
		}
	}
	// Each role is one unbreakable unit; a role with a title explains its code.
	var roles []string
	for _, td := range all(doc, "td") {
		if attrOf(td, "class") == "col-responsible" && textOf(td) == "Deal Owner & Client/JD-013" {
			for _, sp := range all(td, "span") {
				r := attrOf(sp, "class") + " " + textOf(sp)
				if ab := all(sp, "abbr"); len(ab) == 1 {
					r += " (" + attrOf(ab[0], "title") + ")"
				}
				roles = append(roles, r)
			}
		}
	}
	if got, want := strings.Join(roles, ", "), "role Deal Owner, role Client, role JD-013 (Project <Manager>)"; got != want {
		t.Errorf("roles %q, want %q", got, want)
	}
	// User text is text: nothing from the data became an element.
	for _, n := range []string{"and", "i", "manager"} {
		if len(all(doc, n)) > 0 {
			t.Errorf("data became a <%s> element", n)
		}
	}
}

// A hand-written table is only wrapped to scroll: no column is guessed
// from its header, no role code is wrapped. A cell that is a date alone
// keeps it on one line, whatever its column is called.
func TestHandWrittenTableIsNotATaskTable(t *testing.T) {
	doc := parse(t, buildTxtar(t, "testdata/tasks.txtar"), "hand/index.html")
	tables := all(doc, "table")
	if len(tables) != 1 || attrOf(tables[0].Parent, "class") != "table-wrap" {
		t.Fatalf("want one table in a scroll box, got %d", len(tables))
	}
	for _, c := range all(tables[0], "th") {
		if len(c.Attr) != 1 || attrOf(c, "scope") != "col" || all(c, "span") != nil {
			t.Errorf("<th> %q: attributes %v, spans %d", textOf(c), c.Attr, len(all(c, "span")))
		}
	}
	dates := 0
	for _, c := range all(tables[0], "td") {
		want := 0
		if isDate := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(textOf(c)); isDate {
			want, dates = 1, dates+1
			if attrOf(c, "class") != "is-date" {
				t.Errorf("<td> %q: class %q, want is-date", textOf(c), attrOf(c, "class"))
			}
		}
		if len(c.Attr) != want || all(c, "span") != nil {
			t.Errorf("<td> %q: attributes %v, spans %d", textOf(c), c.Attr, len(all(c, "span")))
		}
	}
	if dates != 2 {
		t.Errorf("%d date cells, want 2 (one under Date, one under Status)", dates)
	}
}

func parse(t *testing.T, fsys afero.Fs, p string) *html.Node {
	t.Helper()
	b, err := afero.ReadFile(fsys, p)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// taskTable is the table in the scroll region labelled with the phase title.
func taskTable(doc *html.Node, phase string) *html.Node {
	for _, div := range all(doc, "div") {
		if attrOf(div, "role") == "region" && attrOf(div, "aria-label") == phase {
			if ts := all(div, "table"); len(ts) == 1 {
				return ts[0]
			}
		}
	}
	return nil
}

func all(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.Data == tag {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(n)
	return out
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// The stylesheet draws exactly the colours and patterns that statuses may
// name (model.Palette, model.Patterns), with the palette's values: a name
// added or a value changed on one side only fails here, not silently as an
// unstyled swatch or a Gantt whose bars differ from the tables' swatches.
func TestStylesheetDrawsThePalette(t *testing.T) {
	b, err := os.ReadFile("../../static/css/qms.css")
	if err != nil {
		t.Fatal(err)
	}
	css := string(b)
	for _, col := range model.Palette {
		c := col.Name
		// The token's value is the table's: the SVG of the Gantt, which
		// carries the hex, looks as the page does.
		for _, want := range []string{"--okabe-ito-" + c + ": " + col.Hex + ";", ".palette-" + c + " { --status-colour: var(--okabe-ito-" + c + "); }"} {
			if !strings.Contains(css, want) {
				t.Errorf("qms.css lacks %q", want)
			}
		}
	}
	for _, p := range model.Patterns {
		if !strings.Contains(css, ".pattern-"+p+" {") {
			t.Errorf("qms.css lacks .pattern-%s", p)
		}
	}
	if n, want := strings.Count(css, "--okabe-ito-")/2, len(model.Palette); n != want {
		t.Errorf("qms.css defines %d palette tokens, model.Palette has %d", n, want)
	}
	if n, want := strings.Count(css, "\n.pattern-"), len(model.Patterns); n != want {
		t.Errorf("qms.css styles %d patterns, model.Patterns has %d", n, want)
	}
}

// A hand-written page may not call qmsplan's raw shortcodes (paths.RawShortcodes),
// which put their inner content on the page as HTML: each call is an error at
// its line and column, all of them in one run; Hugo's escaped form, which
// shows a call as text, and qmsplan's other shortcodes are fine.
func TestRawShortcodesInHandWrittenPages(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/tasks.txtar")
	if err != nil {
		t.Fatal(err)
	}
	// A page begun by copying a generated one carries its mark, which the
	// layouts' check trusts; the pipeline knows it is hand-written.
	const copied = "---\ntitle: About\nparams:\n  generatedBy: qmsplan\n---\n\n"
	const table = "Text.\n\n{{< tasks >}}\n<div class=\"table-wrap\"><script>x</script></div>\n{{< /tasks >}}\n"
	for _, tc := range []struct {
		name, file, body string   // file: under content/, about.md if empty
		want             []string // file:line:col: message part
	}{
		{"a table", "", table, []string{`content/about.md:9:1: error: shortcode "tasks" is qmsplan's`}},
		{"two, one with %", "", "{{% plan-gantt %}}<svg></svg>{{% /plan-gantt %}} and {{<portfolio-table>}}x{{< /portfolio-table >}}\n",
			[]string{`content/about.md:7:1: error: shortcode "plan-gantt"`, `content/about.md:7:54: error: shortcode "portfolio-table"`}},
		{"escaped, shown as text", "", "Write {{</* tasks */>}} under a phase.\n", nil},
		{"another of qmsplan's", "", "{{< portfolio-counts >}}\n", nil},
		{"a longer name", "", "{{< tasks-of-mine >}}\n", nil},
		// Beside the generated pages, under a name of its own: the layouts
		// would trust its mark.
		{"a copy among the plans", "records/GP-009/r-009-001/zz-copy.md", table,
			[]string{`content/records/GP-009/r-009-001/zz-copy.md:9:1: error: shortcode "tasks" is qmsplan's`}},
		{"a copy in the portfolio", "records/GP-009/portfolio/mine.md", table,
			[]string{`content/records/GP-009/portfolio/mine.md:9:1: error: shortcode "tasks" is qmsplan's`}},
		{"a page of its own among the plans", "records/GP-009/r-009-001/notes.md", "Notes.\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := afero.NewMemMapFs()
			for _, f := range ar.Files {
				afero.WriteFile(fsys, path.Join("/site", f.Name), f.Data, 0o644)
			}
			file := tc.file
			if file == "" {
				file = "about.md"
			}
			afero.WriteFile(fsys, path.Join("/site/content", file), []byte(copied+tc.body), 0o644)
			res, err := pipeline.Prepare(fsys, "/site", model.MustDate("2026-11-27"))
			var got []string
			for _, d := range res.Diags {
				if strings.Contains(d.Message, "is qmsplan's") {
					got = append(got, d.String())
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("findings %q, want %d", got, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(got[i], w) || !strings.Contains(got[i], "write the table in Markdown") {
					t.Errorf("finding %q, want %q… with its fix", got[i], w)
				}
			}
			if (err == nil) != (len(tc.want) == 0) {
				t.Errorf("Prepare: %v", err)
			}
		})
	}
}

// paths.RawShortcodes is exactly the layouts' shortcodes that pass their
// inner content through as HTML (generated/html.html, portfolio/svgs.html).
func TestRawShortcodesAreTheLayouts(t *testing.T) {
	files, err := filepath.Glob("../../layouts/_shortcodes/*.html")
	if err != nil {
		t.Fatal(err)
	}
	var raw []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), `"generated/html.html"`) || strings.Contains(string(b), `"portfolio/svgs.html"`) {
			raw = append(raw, strings.TrimSuffix(filepath.Base(f), ".html"))
		}
	}
	want := slices.Clone(paths.RawShortcodes)
	slices.Sort(want)
	slices.Sort(raw)
	if !slices.Equal(raw, want) {
		t.Errorf("layouts pass HTML through in %v, paths.RawShortcodes is %v", raw, want)
	}
}
