package docusaurus

import (
	"fmt"
	"strings"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
)

// recognise finds the template a record was made from by what a template
// fixes: its fixed fields (e.g. "Product: JSON Only API") must all be on
// the page as they are, and of those templates the one sharing the most
// headings and task names with the page wins. A tie or no candidate is an
// error: guessing would put the record's tasks under the wrong keys.
func recognise(b *body, ts []*model.Template, ds *diag.List) *model.Template {
	headings := map[string]bool{}
	values := map[string]string{}
	tasks := map[string]bool{}
	for _, pt := range b.parts {
		switch {
		case pt.heading:
			headings[norm(pt.title)] = true
		case pt.kind == "list":
			for _, f := range fields(pt) {
				values[norm(f.label)] = plain(f.value)
			}
		case pt.kind == "table":
			header, rows := pt.cells()
			if len(header) > 0 && norm(header[0]) == "task" {
				for _, row := range rows {
					tasks[norm(row[0])] = true
				}
			}
		}
	}
	type score struct {
		t      *model.Template
		n      int
		differ []string
	}
	var best []score
	var closest score
	closest.n = -1 << 30
	for _, t := range ts {
		s := score{t: t}
		model.Walk(t.Sections, func(sec *model.Section, _ int) {
			if headings[norm(sec.Title)] {
				s.n++
			} else {
				s.differ = append(s.differ, fmt.Sprintf("no heading %q", sec.Title))
			}
			for _, f := range sec.Fields {
				if got, ok := values[norm(f.Label)]; f.Value != "" && (!ok || got != f.Value) {
					s.differ = append(s.differ, fmt.Sprintf("%s is %q, not %q", f.Label, got, f.Value))
					s.n -= 1000
				}
			}
		})
		for _, ph := range t.Phases {
			for _, task := range ph.Tasks {
				if tasks[norm(task.Name)] {
					s.n++
				} else {
					s.n--
				}
			}
		}
		if s.n > closest.n {
			closest = s
		}
		switch {
		case s.n <= 0:
		case len(best) == 0 || s.n > best[0].n:
			best = []score{s}
		case s.n == best[0].n:
			best = append(best, s)
		}
	}
	top := b.pos(0, 1)
	switch {
	case len(best) == 1:
		return best[0].t
	case len(best) > 1:
		var keys []string
		for _, s := range best {
			keys = append(keys, s.t.Key)
		}
		ds.Add(diag.Errorf(top, "cannot tell which template this record was made from: %s fit equally", strings.Join(keys, ", ")).
			Fix("make the record's fixed fields (Product, Features) and task names match its template"))
	case closest.t != nil:
		ds.Add(diag.Errorf(top, "cannot recognise the template of this record; the closest, %s, differs: %s", closest.t.Key, strings.Join(first(closest.differ, 3), "; ")).
			Fix("correct the record's headings and fixed fields, or add its template to data/templates first"))
	default:
		ds.Add(diag.Errorf(top, "cannot recognise the template of this record: data/templates has none").
			Fix("add the T-009-001 templates to data/templates first (import their pages too)"))
	}
	return nil
}

func first(ss []string, n int) []string {
	if len(ss) > n {
		return append(ss[:n:n], fmt.Sprintf("and %d more", len(ss)-n))
	}
	return ss
}
