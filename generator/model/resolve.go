package model

import (
	"maps"
	"regexp"
	"slices"
	"strings"
)

// Index gives keyed access to the registries and templates.
type Index struct {
	Templates map[string]*Template
	Statuses  map[string]*Status
	Roles     map[string]*Role
}

// Index builds the lookups; the first definition of a duplicate key wins
// (validation reports the duplicate).
func (d *Data) Index() Index {
	ix := Index{Templates: map[string]*Template{}, Statuses: map[string]*Status{}, Roles: map[string]*Role{}}
	for _, t := range d.Templates {
		if _, ok := ix.Templates[t.Key]; !ok {
			ix.Templates[t.Key] = t
		}
	}
	for i := range d.Statuses.Statuses {
		s := &d.Statuses.Statuses[i]
		if _, ok := ix.Statuses[s.Key]; !ok {
			ix.Statuses[s.Key] = s
		}
	}
	for i := range d.Roles.Roles {
		r := &d.Roles.Roles[i]
		if _, ok := ix.Roles[r.Code]; !ok {
			ix.Roles[r.Code] = r
		}
	}
	return ix
}

// Row is one task of a plan: the template's task (or an extra one) merged
// with what the plan says about it.
type Row struct {
	Task  Task // Responsible already overridden by the plan's, if any
	Fill  TaskFill
	Extra bool
}

// Span returns the task's start and end; a single date stands for both.
func (f TaskFill) Span() (start, end Date) {
	if !f.Date.IsZero() {
		return f.Date, f.Date
	}
	return f.Start, f.End
}

// IsMilestone reports whether the row is a milestone: as its template (or
// the plan's extra task) says, else whether it is a one-day task (written
// with date:, or in a phase whose table has a single Date column).
func (r Row) IsMilestone(ph *Phase) bool {
	if r.Task.Milestone != nil {
		return *r.Task.Milestone
	}
	return !r.Fill.Date.IsZero() || slices.Contains(ph.Columns, ColDate)
}

// PhaseRows is one phase of a plan with its rows in table order.
type PhaseRows struct {
	*Phase
	Rows []Row
}

// Resolve merges a plan with its template: every template task in order,
// each extra task after the task it names (or at the end of its phase).
// A nil plan gives the template's own rows.
func Resolve(t *Template, p *Plan) []PhaseRows {
	out := make([]PhaseRows, 0, len(t.Phases))
	for i := range t.Phases {
		ph := &t.Phases[i]
		pr := PhaseRows{Phase: ph}
		var tail []Row
		extrasAfter := map[string][]Row{}
		if p != nil {
			for _, x := range p.ExtraTasks {
				if x.Phase != ph.Key {
					continue
				}
				r := x.Row()
				if x.After == "" {
					tail = append(tail, r)
				} else {
					extrasAfter[x.After] = append(extrasAfter[x.After], r)
				}
			}
		}
		for _, task := range ph.Tasks {
			r := Row{Task: task}
			if p != nil {
				if f, ok := p.Tasks[task.Key]; ok {
					r.Fill = f
					if f.Responsible != "" {
						r.Task.Responsible = f.Responsible
					}
				}
			}
			pr.Rows = append(pr.Rows, r)
			pr.Rows = append(pr.Rows, extrasAfter[task.Key]...)
			delete(extrasAfter, task.Key)
		}
		pr.Rows = append(pr.Rows, tail...)
		// An extra task after an unknown key is a validation error; keep it
		// visible rather than dropping it.
		for _, key := range sortedKeys(extrasAfter) {
			pr.Rows = append(pr.Rows, extrasAfter[key]...)
		}
		out = append(out, pr)
	}
	return out
}

// PlanStatus is the plan's overall status: its override, or one rolled up
// from its tasks by the flags of data/statuses.yaml. A status that wins
// (blocked) takes the plan as soon as one task has it; when every task is
// closed, the plan takes the completed status if a task has it (done), else
// the first closed status in the file's order that a task has (cancelled);
// once any task has left the default status, the plan is ongoing; until
// then it has the default status. Several winning statuses present: the
// first in the file's order.
func PlanStatus(p *Plan, rows []PhaseRows, reg StatusRegistry) string {
	if p.Status != "" {
		return p.Status
	}
	def := reg.Default()
	has := map[string]bool{}
	allClosed, begun := true, false
	for _, ph := range rows {
		for _, r := range ph.Rows {
			k := reg.Of(r.Fill)
			has[k] = true
			if s := reg.Lookup(k); s == nil || !s.Closed {
				allClosed = false
			}
			begun = begun || k != def
		}
	}
	if len(has) == 0 {
		return def
	}
	if k := reg.first(func(s *Status) bool { return s.Wins && has[s.Key] }); k != "" {
		return k
	}
	if allClosed {
		if k := reg.first(func(s *Status) bool { return s.Completed && has[s.Key] }); k != "" {
			return k
		}
		return reg.first(func(s *Status) bool { return has[s.Key] })
	}
	if begun {
		return reg.Ongoing()
	}
	return def
}

// RoleRef is one role of a Responsible cell and how it joins the role
// before it: "&" (all of them), "/" (either), "" for the first.
type RoleRef struct {
	Join string
	Code string
}

// ParseResponsible splits a Responsible cell such as "Deal Owner &
// JD-013/JD-027" into its roles. Empty parts are skipped; a role after
// one takes the strongest join in between ("&" over "/").
func ParseResponsible(s string) []RoleRef {
	var out []RoleRef
	join := ""
	for i, all := range strings.Split(s, "&") {
		if i > 0 {
			join = "&"
		}
		for j, one := range strings.Split(all, "/") {
			if j > 0 && join == "" {
				join = "/"
			}
			if one = strings.TrimSpace(one); one != "" {
				if len(out) == 0 {
					join = ""
				}
				out = append(out, RoleRef{Join: join, Code: one})
				join = ""
			}
		}
	}
	return out
}

// ResponsibleRoles returns the role codes of a Responsible cell.
func ResponsibleRoles(s string) []string {
	var out []string
	for _, r := range ParseResponsible(s) {
		out = append(out, r.Code)
	}
	return out
}

var placeholderRE = regexp.MustCompile(`\[[A-Z][A-Z0-9_-]*\]`)

// Unfilled returns the first placeholder such as [START_DATE] left in s.
func Unfilled(s string) string {
	if strings.IndexByte(s, '[') < 0 {
		return "" // most text: no need to start the regexp
	}
	return placeholderRE.FindString(s)
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
