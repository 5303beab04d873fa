package docusaurus

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
)

// A template page (T-009-001) is the template itself: its headings are the
// sections, its Details bullets the fields ("[PLACEHOLDER] (hint)" or a
// fixed value), its paragraphs and boxes the content, "[PLACEHOLDER]
// Example: …" the part plans fill, and the headings over task tables the
// phases, under the section that holds them (tasks: true). Keys are not on
// the page: they are derived from titles, placeholders and names, as
// short as the sample templates' and unique where they must be.

var (
	placeholderBlock = regexp.MustCompile(`^\[([A-Z0-9_-]+)\](?:\s+Example:\s*([\s\S]*))?$`)
	placeholderField = regexp.MustCompile(`^\[([A-Z0-9_-]+)\](?:\s*\((.*)\))?$`)
)

// templateKey is what plans name: the slug without the document ID and
// "-template" (t-009-001-integrated-iframe-template -> integrated-iframe).
func templateKey(slug string) string {
	k := strings.ToLower(slug)
	k = strings.TrimPrefix(k, "t-009-001-")
	k = strings.TrimSuffix(k, "-template")
	return k
}

// keyOf derives a key from a title: lower case, words joined by sep.
func keyOf(title, sep string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(plain(title)) {
		switch {
		case c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)):
			b.WriteRune(c)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), sep):
			b.WriteString(sep)
		}
	}
	if k := strings.Trim(b.String(), sep); k != "" {
		return k
	}
	return "x"
}

// unique returns key, or key with a number, not yet in taken; and takes it.
func unique(key string, taken map[string]bool) string {
	k := key
	for n := 2; taken[k]; n++ {
		k = key + "_" + strconv.Itoa(n)
	}
	taken[k] = true
	return k
}

// leadingEmoji splits "🧭 Definition & planning" into its emoji and title.
func leadingEmoji(s string) (emoji, title string) {
	s = plain(s)
	i := strings.IndexFunc(s, func(r rune) bool { return r < 0x2000 && r != ' ' })
	if i <= 0 {
		return "", s
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i:])
}

// readTemplate turns a template page into a template.
func readTemplate(b *body, fm frontMatter, slug string, ds *diag.List) *model.Template {
	t := &model.Template{Key: templateKey(slug), ID: "T-009-001", Title: plain(fm.str("title")),
		LinkTitle: plain(fm.str("sidebar_label")), Slug: slug}
	if w, ok := fm.vals["sidebar_position"].(int); ok {
		t.Weight = w
	} else {
		ds.Add(diag.Warnf(b.pos(0, 1), "no sidebar_position; the template's weight is 0").
			Fix("set weight: in the template to place it in the sidebar"))
	}
	// A heading is a phase when a task table follows it.
	phase := map[int]bool{}
	for i, pt := range b.parts {
		if pt.heading && i+1 < len(b.parts) && b.parts[i+1].kind == "table" {
			if h, _ := b.parts[i+1].cells(); len(h) > 0 && norm(h[0]) == "task" {
				phase[i] = true
			}
		}
	}
	secKeys, fieldKeys, phaseKeys, taskKeys := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	type open struct {
		level int
		list  *[]model.Section
	}
	stack := []open{{level: 1, list: &t.Sections}}
	var cur *model.Section
	var ph *model.Phase
	for i, pt := range b.parts {
		switch {
		case pt.heading && pt.level == 1:
			if t.Title == "" {
				t.Title = plain(pt.title)
			}
		case pt.heading && phase[i]:
			if cur != nil {
				cur.Tasks = true
			}
			emoji, title := leadingEmoji(pt.title)
			t.Phases = append(t.Phases, model.Phase{Key: unique(keyOf(title, "_"), phaseKeys), Emoji: emoji, Title: title})
			ph = &t.Phases[len(t.Phases)-1]
		case pt.heading:
			ph = nil
			for len(stack) > 1 && stack[len(stack)-1].level >= pt.level {
				stack = stack[:len(stack)-1]
			}
			top := stack[len(stack)-1]
			*top.list = append(*top.list, model.Section{Key: unique(keyOf(pt.title, "_"), secKeys), Title: plain(pt.title)})
			cur = &(*top.list)[len(*top.list)-1]
			// The pointers on the stack stay good: a list grows only once
			// everything below its last element has been popped.
			stack = append(stack, open{level: pt.level, list: &cur.Sections})
		case ph != nil && pt.kind == "table":
			templateTasks(b, pt, ph, taskKeys, ds)
		case cur == nil:
			// the Deal Id and Deal name placeholders
		default:
			templateBlock(pt, cur, fieldKeys)
		}
	}
	if len(t.Phases) == 0 {
		ds.Add(diag.Errorf(b.pos(0, 1), "template page %q has no task tables", t.Title).
			Fix("a T-009-001 template has a task table (Task | Description | Responsible | …) under each phase heading"))
	}
	return t
}

// templateBlock adds one block of a template section: its fields, a
// placeholder, a box, a table or text.
func templateBlock(pt part, s *model.Section, fieldKeys map[string]bool) {
	if pt.kind == "list" {
		if fs := fields(pt); len(fs) == len(pt.listItems()) {
			for _, f := range fs {
				fd := model.Field{Label: f.label}
				if m := placeholderField.FindStringSubmatch(f.value); m != nil {
					fd.Placeholder, fd.Hint = m[1], m[2]
					fd.Key = unique(strings.ToLower(m[1]), fieldKeys)
				} else {
					fd.Value = plain(f.value)
					fd.Key = unique(keyOf(f.label, "_"), fieldKeys)
				}
				s.Fields = append(s.Fields, fd)
			}
			return
		}
	}
	var bl model.Block
	switch m := placeholderBlock.FindStringSubmatch(pt.raw); {
	case pt.kind == "text" && m != nil:
		bl.Placeholder, bl.Example = m[1], strings.Join(strings.Fields(m[2]), " ")
	case pt.kind == "box":
		k, _ := boxKind(pt.alert)
		k.Set(&bl, pt.boxText())
	case pt.kind == "table":
		header, rows := pt.cells()
		bl.Table = &model.Table{Columns: plainAll(header)}
		for _, r := range rows {
			bl.Table.Rows = append(bl.Table.Rows, plainAll(r))
		}
	default:
		bl.Text = pt.raw
	}
	s.Content = append(s.Content, bl)
}

// templateTasks reads a phase's table: its columns and its rows as tasks.
func templateTasks(b *body, pt part, ph *model.Phase, taken map[string]bool, ds *diag.List) {
	header, rows := pt.cells()
	cols := make([]string, len(header))
	for i, h := range header {
		k, ok := columnKey(h)
		if !ok {
			ds.Add(diag.Errorf(b.pos(pt.line, 1), "unknown task-table column %q", plain(h)).
				Fix("use the portal's headers: Task, Description, Responsible, Start Date, End Date, Date, Status, Notes"))
			continue
		}
		cols[i] = k
		ph.Columns = append(ph.Columns, k)
	}
	for _, row := range rows {
		task := model.Task{}
		for j, c := range row {
			if j >= len(cols) {
				break
			}
			switch cols[j] {
			case model.ColTask:
				task.Name = plain(c)
			case model.ColDescription:
				task.Description = plain(c)
			case model.ColResponsible:
				task.Responsible = plain(c)
			}
		}
		task.Key = unique(keyOf(task.Name, "_"), taken)
		ph.Tasks = append(ph.Tasks, task)
	}
}
