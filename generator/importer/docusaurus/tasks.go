package docusaurus

import (
	"slices"
	"strconv"
	"strings"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
)

// columnKey reads a task table's header cell through model.ColumnTitles,
// the one table of column names.
func columnKey(header string) (string, bool) {
	for k, title := range model.ColumnTitles {
		if norm(title) == norm(header) {
			return k, true
		}
	}
	return "", false
}

// cellPos is the position of a cell's text on its line.
func (r *recordReader) cellPos(line int, cell string) diag.Pos {
	col := 1
	if i := strings.Index(r.b.lines[line], cell); i >= 0 && cell != "" {
		col = i + 1
	}
	return r.b.pos(line, col)
}

// taskTable reads a phase's table row by row: a row names a template task
// of the phase (by name) or is an extra task after the one before it.
func (r *recordReader) taskTable(pt part) {
	header, rows := pt.cells()
	cols := make([]string, len(header))
	var known []string
	for _, t := range model.ColumnTitles {
		known = append(known, t)
	}
	for i, h := range header {
		k, ok := columnKey(h)
		if !ok {
			r.ds.Add(diag.Errorf(r.cellPos(pt.line, h), "unknown task-table column %q", plain(h)).
				Fix(diag.DidYouMean(plain(h), known)))
		}
		cols[i] = k
	}
	if r.seenTasks == nil {
		r.seenTasks = map[string]bool{}
	}
	for i, row := range rows {
		line := pt.rowLine(i)
		cell := map[string]string{}
		for j, c := range row {
			if j < len(cols) && cols[j] != "" {
				cell[cols[j]] = c
			}
		}
		r.taskRow(line, cell)
	}
}

func (r *recordReader) taskRow(line int, cell map[string]string) {
	name := plain(cell[model.ColTask])
	var task *model.Task
	for i := range r.phase.Tasks {
		if norm(r.phase.Tasks[i].Name) == norm(name) {
			task = &r.phase.Tasks[i]
		}
	}
	var f model.TaskFill
	f.Start = r.date(line, cell[model.ColStart])
	f.End = r.date(line, cell[model.ColEnd])
	f.Date = r.date(line, cell[model.ColDate])
	f.Status = r.status(line, cell[model.ColStatus])
	f.Notes = plain(cell[model.ColNotes])
	resp := plain(cell[model.ColResponsible])
	r.roles(line, cell[model.ColResponsible], resp)
	if task != nil {
		if resp != "" && resp != task.Responsible {
			f.Responsible = resp
		}
		if d := plain(cell[model.ColDescription]); d != "" && d != task.Description {
			r.ds.Add(diag.Warnf(r.cellPos(line, cell[model.ColDescription]), "task %q: the description differs from template %s's; the template's is kept", name, r.t.Key).
				Fix("if the record's wording matters, add it to the task's notes"))
		}
		r.p.Tasks[task.Key] = f
		r.seenTasks[task.Key] = true
		r.lastTask = task.Key
		return
	}
	if name == "" {
		r.ds.Add(diag.Errorf(r.b.pos(line, 1), "a task row without a Task name").Fix("name the task, or delete the row"))
		return
	}
	x := model.ExtraTask{Phase: r.phase.Key, After: r.lastTask, Key: r.taskKey(name), Name: name,
		Description: plain(cell[model.ColDescription]), Responsible: resp,
		Start: f.Start, End: f.End, Date: f.Date, Status: f.Status, Notes: f.Notes}
	if x.Responsible == "" {
		r.ds.Add(diag.Errorf(r.cellPos(line, name), "extra task %q has no Responsible", name).
			Fix("name who is responsible, e.g. Deal Owner"))
	}
	if r.lastTask == "" {
		r.ds.Add(diag.Warnf(r.cellPos(line, name), "extra task %q comes before every template task of %s; it is placed at the end of the phase", name, r.phase.Title).
			Fix("set its after: in the plan if the order matters"))
	}
	r.p.ExtraTasks = append(r.p.ExtraTasks, x)
}

// taskKey derives an extra task's key from its name, unique in the plan
// and the template.
func (r *recordReader) taskKey(name string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(name) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	base := strings.Trim(b.String(), "_")
	if base == "" {
		base = "task"
	}
	taken := func(k string) bool {
		for _, ph := range r.t.Phases {
			for _, t := range ph.Tasks {
				if t.Key == k {
					return true
				}
			}
		}
		for _, x := range r.p.ExtraTasks {
			if x.Key == k {
				return true
			}
		}
		return false
	}
	key := base
	for n := 2; taken(key); n++ {
		key = base + "_" + strconv.Itoa(n)
	}
	return key
}

// date reads a date cell: YYYY-MM-DD, or unset when empty or a bracketed
// placeholder such as [YYYY-MM-DD].
func (r *recordReader) date(line int, c string) model.Date {
	v := plain(c)
	if v == "" || (strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]")) {
		return model.Date{}
	}
	d, err := model.ParseDate(v)
	if err != nil {
		r.ds.Add(diag.Errorf(r.cellPos(line, c), "date cell: %v", err).
			Fix("write the date as YYYY-MM-DD, or [YYYY-MM-DD] when it is not set"))
	}
	return d
}

// status reads a status cell by its emoji or its label through
// data/statuses.yaml.
func (r *recordReader) status(line int, c string) string {
	v := plain(c)
	if v == "" {
		return ""
	}
	var labels []string
	for _, s := range r.data.Statuses.Statuses {
		labels = append(labels, s.Emoji+" "+s.Label)
		if v == s.Emoji+" "+s.Label || strings.HasPrefix(v, s.Emoji) || norm(v) == norm(s.Label) || v == s.Key {
			return s.Key
		}
	}
	r.ds.Add(diag.Errorf(r.cellPos(line, c), "unknown status %q", v).
		Fix(diag.DidYouMean(v, labels) + " Correct the cell, or add the status to data/statuses.yaml"))
	return ""
}

// roles checks a Responsible cell's roles against data/roles.yaml.
func (r *recordReader) roles(line int, c, resp string) {
	var codes []string
	for _, role := range r.data.Roles.Roles {
		codes = append(codes, role.Code)
	}
	for _, code := range model.ResponsibleRoles(resp) {
		if !slices.Contains(codes, code) {
			r.ds.Add(diag.Errorf(r.cellPos(line, c), "unknown role %q", code).
				Fix(diag.DidYouMean(code, codes) + " Correct the cell, or add the role to data/roles.yaml"))
		}
	}
}
