package render_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/qmsplan/qmsplan/generator/render"
)

// pageTable is a task table read back from a page's body as a browser
// would: its label, column classes and rows.
type pageTable struct {
	Label   string
	Columns []string // the header cells' classes: col-task, ...
	Titles  []string
	Rows    []pageRow
}

type pageRow struct {
	ID    string
	Cells map[string]*html.Node // by class (col-task, ...)
}

// text is a node's text as a reader sees it.
func text(n *html.Node) string {
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
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func each(n *html.Node, tag string, f func(*html.Node)) {
	if n.Type == html.ElementNode && n.Data == tag {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		each(c, tag, f)
	}
}

// pageTables parses every {{< tasks >}} shortcode's inner content of a
// generated page, in order. It fails on a tasks shortcode without inner
// content or with anything but one table in it.
func pageTables(t *testing.T, md string) []pageTable {
	t.Helper()
	var out []pageTable
	rest := md
	for {
		i := strings.Index(rest, "{{< tasks >}}\n")
		if i < 0 {
			break
		}
		rest = rest[i+len("{{< tasks >}}\n"):]
		j := strings.Index(rest, "\n{{< /tasks >}}")
		if j < 0 {
			t.Fatal("a tasks shortcode is not closed")
		}
		inner := rest[:j]
		if strings.Contains(inner, "{{") {
			t.Fatalf("shortcode delimiters in a table: %.80q", inner)
		}
		doc, err := html.Parse(strings.NewReader(inner))
		if err != nil {
			t.Fatal(err)
		}
		var tb pageTable
		n := 0
		each(doc, "div", func(d *html.Node) {
			if attr(d, "class") == "table-wrap" {
				n++
				tb.Label = attr(d, "aria-label")
			}
		})
		if n != 1 {
			t.Fatalf("%d table boxes in a tasks shortcode, want 1: %.80q", n, inner)
		}
		each(doc, "th", func(th *html.Node) {
			tb.Columns = append(tb.Columns, attr(th, "class"))
			tb.Titles = append(tb.Titles, text(th))
		})
		each(doc, "tbody", func(body *html.Node) {
			each(body, "tr", func(tr *html.Node) {
				r := pageRow{ID: attr(tr, "id"), Cells: map[string]*html.Node{}}
				each(tr, "td", func(td *html.Node) {
					class, _, _ := strings.Cut(attr(td, "class"), " ")
					r.Cells[class] = td
				})
				tb.Rows = append(tb.Rows, r)
			})
		})
		out = append(out, tb)
	}
	return out
}

// rowTask is a row as the task it shows: name, description, dates, notes,
// the status key its cell's class names, and its roles with their joins
// and titles.
func rowTask(r pageRow) render.TaskData {
	td := render.TaskData{Key: strings.TrimPrefix(r.ID, "task-"), Anchor: r.ID}
	get := func(c string) string {
		if n := r.Cells[c]; n != nil {
			return text(n)
		}
		return ""
	}
	td.Name, td.Description, td.Notes = get("col-task"), get("col-description"), get("col-notes")
	td.Start, td.End = get("col-start")+get("col-date"), get("col-end")
	if s := r.Cells["col-status"]; s != nil {
		for _, c := range strings.Fields(attr(s, "class")) {
			if k, ok := strings.CutPrefix(c, "status-"); ok {
				td.Status = k
			}
		}
	}
	if rc := r.Cells["col-responsible"]; rc != nil {
		join := ""
		for c := rc.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				join = strings.TrimSpace(c.Data)
			case c.Data == "span" && attr(c, "class") == "role":
				rd := render.RoleData{Join: join, Code: text(c)}
				each(c, "abbr", func(a *html.Node) { rd.Title = attr(a, "title") })
				td.Responsible = append(td.Responsible, rd)
				join = ""
			}
		}
	}
	return td
}

// pageTask is the row of the task with key on a generated page.
func pageTask(t *testing.T, md, key string) render.TaskData {
	t.Helper()
	for _, tb := range pageTables(t, md) {
		for _, r := range tb.Rows {
			if r.ID == "task-"+key {
				return rowTask(r)
			}
		}
	}
	t.Fatalf("no task %q", key)
	return render.TaskData{}
}
