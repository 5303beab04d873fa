package render

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
)

// The pages' data tables (a phase's tasks, an index page's rows, a Gantt's
// bars as a table) are drawn here, in Go, and carried in the page body as
// the inner content of the shortcode that places them, as the Gantt SVGs
// are. Drawn by Hugo's templates from front matter they cost most of a
// build: a partial call per cell (132,648 at 1,000 plans, a third of the
// layouts' time) and the rows' YAML, written here and parsed back by Hugo
// (about half a plan page's front matter, most of a portfolio page's).
//
// Every string from the data goes through esc; keys (status, column,
// palette, pattern) come from the registries and are checked against them
// here, so a table fails loudly on anything outside its vocabulary. The
// markup is what the layouts drew before (classes, ids, roles), so the
// stylesheets and the print styles are unchanged.

// esc escapes s for HTML text and quoted attribute values alike, as
// html/template does (& < > " '), and '{' too: the table is a shortcode's
// inner content, where "{{<" or "{{%" from the data would open a shortcode.
func esc(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), "{", "&#123;")
}

// tableWriter builds one table. Its methods take markup, which is ours, and
// values, which go through esc.
type tableWriter struct {
	strings.Builder
	err error
	css string // the link to StatusStylesheet, for a table of stCell's cells
}

// row starts a row of a portfolio table, not indented: those have up to
// thousands of rows a page and hundreds of thousands a portfolio.
func (w *tableWriter) row() { w.WriteString("<tr>") }

// esc writes the value s escaped (see esc), without a copy of s when it
// has nothing to escape.
func (w *tableWriter) esc(s string) {
	if strings.ContainsAny(s, escaped) {
		s = esc(s)
	}
	w.WriteString(s)
}

// escaped are the characters esc replaces.
const escaped = `<>&'"{`

// put writes markup in parts, without joining them first.
func (w *tableWriter) put(parts ...string) {
	for _, p := range parts {
		w.WriteString(p)
	}
}

func (w *tableWriter) fail(format string, args ...any) {
	if w.err == nil {
		w.err = fmt.Errorf(format, args...)
	}
}

// open starts the scroll box and the table; label names the box for
// assistive technology.
func (w *tableWriter) open(label, class string) { w.openBox("table-wrap", label, class) }

// openBox is open with the box's classes.
func (w *tableWriter) openBox(box, label, class string) {
	w.put(`<div class="`, box, `" role="region" aria-label="`)
	w.esc(label)
	w.WriteString(`" tabindex="0">` + "\n")
	// A table of stCell's cells links their stylesheet, in the body, as
	// the pages' heads are the layouts' and only these tables need it.
	if w.css != "" {
		w.WriteString(`<link rel="stylesheet" href="`)
		w.esc(w.css)
		w.WriteString(`">` + "\n")
	}
	w.WriteString("<table")
	if class != "" {
		w.put(` class="`, class, `"`)
	}
	w.WriteString(">\n")
}

func (w *tableWriter) close() { w.WriteString("</table>\n</div>") }

// head writes the header row; cols are the header cells' classes, "" for
// none, parallel to titles.
func (w *tableWriter) head(titles, cols []string) {
	w.WriteString("  <thead><tr>")
	for i, t := range titles {
		w.WriteString(`<th scope="col"`)
		if cols[i] != "" {
			w.put(` class="`, cols[i], `"`)
		}
		w.WriteString(">")
		w.esc(t)
		w.WriteString("</th>")
	}
	w.WriteString("</tr></thead>\n")
}

// td writes a cell of text.
func (w *tableWriter) td(class, text string) { w.link(class, text, "") }

// link writes a cell holding a link, or the text alone without href.
func (w *tableWriter) link(class, text, href string) {
	w.WriteString("<td")
	if class != "" {
		w.put(` class="`, class, `"`)
	}
	w.WriteString(">")
	w.anchor(text, href)
	w.WriteString("</td>")
}

// anchor writes a link to href, or the text alone without href.
func (w *tableWriter) anchor(text, href string) {
	if href == "" {
		w.esc(text)
		return
	}
	w.WriteString(`<a href="`)
	w.esc(href)
	w.WriteString(`">`)
	w.esc(text)
	w.WriteString("</a>")
}

// statusCell writes a status cell: swatch, emoji and label, never colour
// alone. A key outside the registry fails.
func (w *tableWriter) statusCell(statuses map[string]StatusView, key string) {
	s, ok := w.status(statuses, key)
	if !ok {
		return
	}
	w.WriteString(`<td class="col-status status-`)
	w.esc(key)
	w.WriteString(`"><span class="status-swatch palette-`)
	w.esc(s.Colour)
	w.WriteString(` pattern-`)
	w.esc(s.Pattern)
	w.WriteString(`" aria-hidden="true"></span><span aria-hidden="true">`)
	w.esc(s.Emoji)
	w.WriteString("</span> ")
	w.esc(s.Label)
	w.WriteString("</td>")
}

// status is the registry's status key; a key outside it fails.
func (w *tableWriter) status(statuses map[string]StatusView, key string) (StatusView, bool) {
	s, ok := statuses[key]
	if !ok {
		w.fail("task status %q is not in data/statuses.yaml", key)
	}
	return s, ok
}

// stCell writes a portfolio list's status cell: its label, in a class per
// status (first, as the stylesheet finds the cells by it) that the status
// stylesheet (StatusStylesheet) gives its swatch and emoji, drawn from the
// registry as statusCell draws them, on an empty <i> before the label, and
// overdue in words. A tenth of
// statusCell's bytes, on the hundreds of thousands of rows of a large
// portfolio; without the stylesheet the word is still there. A key
// outside the registry fails.
func (w *tableWriter) stCell(statuses map[string]StatusView, key string, overdue bool) {
	s, ok := w.status(statuses, key)
	if !ok {
		return
	}
	w.WriteString(`<td class="st-`)
	w.esc(key)
	if overdue {
		w.WriteString(" overdue")
	}
	w.WriteString(`"><i></i>`)
	w.esc(s.Label)
	if overdue {
		w.WriteString(` <strong>(overdue)</strong>`)
	}
	w.WriteString("</td>")
}

// StatusStylesheet is the rules that draw stCell's cells, a status each,
// in the registry's order: the colour (the palette's token), the pattern
// (the stylesheet's --pattern-<name>, drawn by static/css/qms.css from the
// pattern's name, the ring too for those that have one) and the emoji,
// which screen readers skip as they skip statusCell's (content: "…" / "").
// It is written beside the portfolio's pages (paths.StatusStylesheet); a
// colour, pattern or key outside their vocabularies fails.
func StatusStylesheet(reg model.StatusRegistry) ([]byte, error) {
	// The cells draw the statuses the Gantts draw: the Gantt's rules of
	// what a key, colour and pattern may be are theirs too.
	if err := ganttStyles(reg).Check(); err != nil {
		return nil, fmt.Errorf("%s: %w", paths.StatusStylesheet, err)
	}
	var b strings.Builder
	b.WriteString("/* The portfolio's status cells, drawn by qmsplan from data/statuses.yaml (render.StatusStylesheet). */\n")
	for _, s := range reg.Statuses {
		sel := ".st-" + s.Key
		b.WriteString(sel + "{--status-colour:var(--okabe-ito-" + s.Colour + ")}\n")
		// td and i: as specific as the swatch's rule in qms.css, which
		// this, linked after it, overrides.
		b.WriteString("td" + sel + ">i::before{background:var(--pattern-" + s.Pattern + ");box-shadow:var(--pattern-" + s.Pattern + "-ring,var(--swatch-ring))}\n")
		b.WriteString(sel + ">i::after{content:\"" + cssString(s.Emoji) + "\"/\"\"}\n")
	}
	return []byte(b.String()), nil
}

// cssString is s for a quoted CSS string: printable ASCII as it is but for
// the quote and backslash, every other character as its code point, so
// that the stylesheet is ASCII whatever the server says its charset is.
func cssString(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 0x20 && r < 0x7f && r != '"' && r != '\\' {
			b.WriteRune(r)
			continue
		}
		fmt.Fprintf(&b, "\\%x ", r)
	}
	return b.String()
}

// roles writes a Responsible cell's roles as written in the portal: "&"
// joins roles who all do it, "/" roles of whom either does; each role stays
// on one line (JD-013 is never broken), its title the abbreviation's
// expansion.
func (w *tableWriter) roles(rs []RoleData) {
	for _, r := range rs {
		switch r.Join {
		case "":
		case "&":
			w.WriteString(" &amp; ")
		case "/":
			w.WriteString("/")
		default:
			w.fail("responsible role %q: unknown join %q", r.Code, r.Join)
		}
		w.WriteString(`<span class="role">`)
		if r.Title != "" {
			w.WriteString(`<abbr title="`)
			w.esc(r.Title)
			w.WriteString(`">`)
			w.esc(r.Code)
			w.WriteString("</abbr>")
		} else {
			w.esc(r.Code)
		}
		w.WriteString("</span>")
	}
}

// taskTable is a phase's task table: its columns (model.ColumnTitles keys)
// decide the cells; each row has its task's anchor, so other pages link to
// it. datePlaceholder stands in an empty date cell (template pages).
func taskTable(ph PhaseData, statuses map[string]StatusView, datePlaceholder string) (string, error) {
	var w tableWriter
	w.Grow(512 + 512*len(ph.Tasks)) // a row is ~300-500 bytes
	w.open(ph.Title, "")
	titles := make([]string, len(ph.Columns))
	classes := make([]string, len(ph.Columns))
	for i, c := range ph.Columns {
		t, ok := model.ColumnTitles[c]
		if !ok {
			return "", fmt.Errorf("phase %q: task table column %q is not in model.ColumnTitles", ph.Key, c)
		}
		titles[i], classes[i] = t, "col-"+c
	}
	w.head(titles, classes)
	w.WriteString("  <tbody>\n")
	date := func(d string) string {
		if d == "" {
			return datePlaceholder
		}
		return d
	}
	for _, t := range ph.Tasks {
		w.WriteString(`    <tr id="`)
		w.esc(t.Anchor)
		w.WriteString(`">`)
		for _, c := range ph.Columns {
			switch c {
			case model.ColTask:
				w.td("col-task", t.Name)
			case model.ColDescription:
				w.td("col-description", t.Description)
			case model.ColResponsible:
				w.WriteString(`<td class="col-responsible">`)
				w.roles(t.Responsible)
				w.WriteString("</td>")
			case model.ColStart, model.ColDate:
				w.td("col-"+c, date(t.Start))
			case model.ColEnd:
				w.td("col-end", date(t.End))
			case model.ColStatus:
				w.statusCell(statuses, t.Status)
			case model.ColNotes:
				w.td("col-notes", t.Notes)
			default:
				return "", fmt.Errorf("phase %q: task table column %q is not drawn by render.taskTable", ph.Key, c)
			}
		}
		w.WriteString("</tr>\n")
	}
	w.WriteString("  </tbody>\n")
	w.close()
	if w.err != nil {
		return "", fmt.Errorf("phase %q: %w", ph.Key, w.err)
	}
	return w.String(), nil
}

// empty is what a list with no rows shows instead of its table.
func empty(what, asOf string) string {
	return `<p class="portfolio-empty">No ` + what + ` as of ` + esc(asOf) + `.</p>`
}

// taskRows is an index page's table of tasks, each linking to its row on
// its plan page; a column of days overdue when any row is overdue.
// css links the status cells' stylesheet (StatusStylesheet) from the page.
func taskRows(label string, rows []TaskRowView, statuses map[string]StatusView, asOf, css string) (string, error) {
	if len(rows) == 0 {
		return empty("tasks", asOf), nil
	}
	overdue := false
	for _, r := range rows {
		overdue = overdue || r.Days > 0
	}
	w := tableWriter{css: css}
	w.open(label, "portfolio-tasks")
	titles := []string{"Plan", "Task", "Phase", "Responsible", "Start", "End", "Status"}
	cols := []string{"", "col-task", "", "col-responsible", "col-start", "col-end", "col-status"}
	if overdue {
		titles, cols = append(titles, "Days overdue"), append(cols, "col-days")
	}
	w.head(titles, cols)
	w.WriteString("  <tbody>\n")
	for _, r := range rows {
		// The columns' classes are the header's: the stylesheet places
		// the rows' cells by position (portfolio-tasks), as a class on
		// every cell was a fifth of a row on pages of thousands of rows.
		// The plan by name: the task's link is to its page already.
		w.row()
		w.td("", r.Plan)
		w.link("", r.Task, r.Href)
		w.td("", r.Phase)
		w.td("", r.Roles)
		w.td("", r.Start)
		w.td("", r.End)
		w.stCell(statuses, r.Status, false)
		if overdue {
			days := ""
			if r.Days > 0 {
				days = strconv.Itoa(r.Days)
			}
			w.td("", days)
		}
		w.WriteString("</tr>\n")
	}
	w.WriteString("  </tbody>\n")
	w.close()
	return w.String(), w.err
}

// chartRows is a Gantt's text alternative: a row per bar, in the chart's
// order, each linking to its task, under a heading row per lane (its plan,
// linked), as a group of rows: the lane's name in a cell of every row was a
// tenth of a portfolio page.
// css links the status cells' stylesheet, as in taskRows.
func chartRows(title string, lanes []ChartLaneView, statuses map[string]StatusView, css string) (string, error) {
	w := tableWriter{css: css}
	w.openBox("table-wrap gantt-rows", title+": table", "")
	w.head([]string{"Bar", "Kind", "Start", "End", "Status"}, []string{"", "", "col-start", "col-end", "col-status"})
	for _, l := range lanes {
		w.WriteString("  <tbody>\n    <tr>")
		w.WriteString(`<th scope="rowgroup" colspan="5" class="gantt-rows-lane">`)
		w.anchor(l.Label, l.Href)
		w.WriteString("</th></tr>\n")
		for _, r := range l.Rows {
			// Cells placed by position, as in taskRows.
			w.row()
			w.link("", r.Label, r.Href)
			w.td("", r.Kind)
			w.td("", r.Start)
			w.td("", r.End)
			w.stCell(statuses, r.Status, r.Overdue)
			w.WriteString("</tr>\n")
		}
		w.WriteString("  </tbody>\n")
	}
	w.close()
	return w.String(), w.err
}

// planCounts is the tasks per plan and status, a column per status (keys,
// in the registry's order).
func planCounts(keys []string, rows []PlanCountView, statuses map[string]StatusView) (string, error) {
	var w tableWriter
	w.open("Tasks per plan and status", "portfolio-plan-counts")
	w.WriteString(`  <thead><tr><th scope="col">Plan</th>`)
	for _, k := range keys {
		s, ok := statuses[k]
		if !ok {
			return "", fmt.Errorf("task status %q is not in data/statuses.yaml", k)
		}
		w.WriteString(`<th scope="col"><span aria-hidden="true">` + esc(s.Emoji) + "</span> " + esc(s.Label) + "</th>")
	}
	w.WriteString("</tr></thead>\n  <tbody>\n")
	for _, r := range rows {
		if len(r.Counts) != len(keys) {
			return "", fmt.Errorf("plan %q: %d counts for %d statuses", r.Plan, len(r.Counts), len(keys))
		}
		w.WriteString("    <tr>")
		w.link("", r.Plan, r.Href)
		for _, n := range r.Counts {
			w.td("col-n", strconv.Itoa(n))
		}
		w.WriteString("</tr>\n")
	}
	w.WriteString("  </tbody>\n")
	w.close()
	return w.String(), nil
}

// findingsTable is the data-quality findings: where the data says it, what
// is wrong, and the place on the plan page.
func findingsTable(label string, rows []FindingView, asOf string) string {
	if len(rows) == 0 {
		return empty("findings", asOf)
	}
	var w tableWriter
	w.open(label, "portfolio-findings")
	w.head([]string{"Data file and line", "Finding", "On the plan page"}, []string{"", "", ""})
	w.WriteString("  <tbody>\n")
	for _, r := range rows {
		w.WriteString("    <tr><td><code>" + esc(r.Where) + "</code></td>")
		w.td("", r.Message)
		if r.Href != "" {
			w.link("", r.Plan, r.Href)
		} else {
			w.td("", "")
		}
		w.WriteString("</tr>\n")
	}
	w.WriteString("  </tbody>\n")
	w.close()
	return w.String()
}
