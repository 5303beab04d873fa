package render

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/qmsplan/qmsplan/generator/model"
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
}

func (w *tableWriter) fail(format string, args ...any) {
	if w.err == nil {
		w.err = fmt.Errorf(format, args...)
	}
}

// open starts the scroll box and the table; label names the box for
// assistive technology.
func (w *tableWriter) open(label, class string) {
	w.WriteString(`<div class="table-wrap" role="region" aria-label="`)
	w.WriteString(esc(label))
	w.WriteString(`" tabindex="0">` + "\n<table")
	if class != "" {
		w.WriteString(` class="` + class + `"`)
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
			w.WriteString(` class="` + cols[i] + `"`)
		}
		w.WriteString(">" + esc(t) + "</th>")
	}
	w.WriteString("</tr></thead>\n")
}

// td writes a cell of text.
func (w *tableWriter) td(class, text string) {
	w.WriteString("<td")
	if class != "" {
		w.WriteString(` class="` + class + `"`)
	}
	w.WriteString(">" + esc(text) + "</td>")
}

// link writes a cell holding a link, or the text alone without href.
func (w *tableWriter) link(class, text, href string) {
	w.WriteString("<td")
	if class != "" {
		w.WriteString(` class="` + class + `"`)
	}
	w.WriteString(">")
	if href != "" {
		w.WriteString(`<a href="` + esc(href) + `">` + esc(text) + "</a>")
	} else {
		w.WriteString(esc(text))
	}
	w.WriteString("</td>")
}

// statusCell writes a status cell: swatch, emoji and label, never colour
// alone; overdue says so in words too. A key outside the registry fails.
func (w *tableWriter) statusCell(statuses map[string]StatusView, key string, overdue bool) {
	s, ok := statuses[key]
	if !ok {
		w.fail("task status %q is not in data/statuses.yaml", key)
		return
	}
	w.WriteString(`<td class="col-status status-` + esc(key))
	if overdue {
		w.WriteString(" overdue")
	}
	w.WriteString(`"><span class="status-swatch palette-` + esc(s.Colour) + ` pattern-` + esc(s.Pattern) +
		`" aria-hidden="true"></span><span aria-hidden="true">` + esc(s.Emoji) + "</span> " + esc(s.Label))
	if overdue {
		w.WriteString(` <strong class="overdue-mark">(overdue)</strong>`)
	}
	w.WriteString("</td>")
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
			w.WriteString(`<abbr title="` + esc(r.Title) + `">` + esc(r.Code) + "</abbr>")
		} else {
			w.WriteString(esc(r.Code))
		}
		w.WriteString("</span>")
	}
}

// taskTable is a phase's task table: its columns (model.ColumnTitles keys)
// decide the cells; each row has its task's anchor, so other pages link to
// it. datePlaceholder stands in an empty date cell (template pages).
func taskTable(ph PhaseData, statuses map[string]StatusView, datePlaceholder string) (string, error) {
	var w tableWriter
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
		w.WriteString(`    <tr id="` + esc(t.Anchor) + `">`)
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
				w.statusCell(statuses, t.Status, false)
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

// itoa is strconv.Itoa, short for the tables' number cells.
func itoa(n int) string { return strconv.Itoa(n) }
