// Package portfolio derives the portfolio's rows from the validated model as
// of one date: every task of every plan with its dates, its status and what
// the status means, whether it is overdue or a milestone, its roles and its
// place on the plan page. The Gantt, the index pages and the exports all read
// these rows, so they always agree with each other and with the plan pages.
package portfolio

import (
	"cmp"
	"crypto/sha256"
	"slices"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/internal/parallel"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
)

// Portfolio is every plan and task as of one date.
type Portfolio struct {
	AsOf     model.Date
	Plans    []*Plan // by start date, then slug
	Statuses model.StatusRegistry
	Roles    model.RoleRegistry
}

// Plan is one plan (record R-009-001) with its tasks in page order.
type Plan struct {
	Slug, Title, Label string
	RecordID           string
	Revision           int
	State              string // document state: draft, effective, superseded
	Status             *model.Status
	// Start and End span the plan's dated tasks; zero when none is dated.
	Start, End model.Date
	Phases     []*Phase
	Tasks      []*Task
	Src        diag.Pos
	// StatedStart and StatedEnd are the span the plan states in its fields
	// (start_date and duration; see stated); zero when it states none.
	StatedStart, StatedEnd model.Date
	// StatusSrc is where the plan writes its status:, else the plan.
	StatusSrc diag.Pos

	// Revised is the newest date in the record's document control (its
	// history, effective date and signatures): when the record last
	// changed, from the data, so exports never stamp the clock.
	Revised model.Date
}

// URL is the plan page's site path.
func (p *Plan) URL() string { return paths.PlanURL(p.Slug) + "/" }

// Phase is one phase of one plan: its span is that of its dated tasks.
type Phase struct {
	Key, Emoji, Title string
	Start, End        model.Date
	// Status is the phase's as a plan's is of its tasks (model.PlanStatus):
	// what the Gantt's summary bar of the phase shows.
	Status *model.Status
	Tasks  []*Task
}

// Task is one task of one plan.
type Task struct {
	Plan       *Plan
	Phase      *Phase
	Key, Name  string
	Start, End model.Date // a one-day task has Start == End; zero when not dated
	Status     *model.Status
	Roles      []string // role codes of its Responsible cell
	Milestone  bool
	Extra      bool
	// DaysOverdue is how many days its end lies before the as-of date
	// while it is open; 0 when it is not overdue.
	DaysOverdue int
	Src         diag.Pos // where the plan says it, else the template's task
}

// Open reports whether the task's status does not end it.
func (t *Task) Open() bool { return !t.Status.Closed }

// Overdue reports whether the task ended before the as-of date and is still
// open. Ending on the as-of date is not overdue.
func (t *Task) Overdue() bool { return t.DaysOverdue > 0 }

// URL is the site path of the task's row on its plan page.
func (t *Task) URL() string { return paths.TaskURL(t.Plan.Slug, t.Key) }

// Dated reports whether the task has an end date.
func (t *Task) Dated() bool { return !t.End.IsZero() }

// Deadline reports whether the task's end date is a deadline: the day an
// open task is due. A closed task's end is history, not a deadline, and a
// milestone is a date of its own (whatever its status), not a deadline too.
// A plan's end is its last task's: a deadline while that task is open.
func (t *Task) Deadline() bool { return !t.Milestone && t.Dated() && t.Open() }

// Build derives the portfolio from valid data (validate first: an unknown
// template or status here is a programming error and panics).
func Build(d *model.Data, asOf model.Date) *Portfolio {
	return BuildReusing(d, asOf, nil, nil)
}

// BuildReusing is Build, taking from m the rows of each plan whose inputs
// are those of the last run with m: the bytes inputs gives for the plan and
// its template (its file's, its template's, the registries' and the as-of
// date, as render.Reuse.Inputs gives them), of which a plan's rows are a
// function. A plan inputs knows nothing of (false) is built every time.
// With a nil m or inputs, it is Build.
func BuildReusing(d *model.Data, asOf model.Date, inputs func(*model.Plan, *model.Template) ([]byte, bool), m *Memo) *Portfolio {
	if inputs == nil {
		m = nil
	}
	rows := m.memo()
	rows.Begin()
	defer rows.End()
	ix := d.Index()
	pf := &Portfolio{AsOf: asOf, Statuses: d.Statuses, Roles: d.Roles, Plans: make([]*Plan, len(d.Plans))}
	for _, p := range d.Plans {
		if ix.Templates[p.Template] == nil {
			panic("portfolio: plan " + p.Slug + " names unknown template " + p.Template)
		}
	}
	// Each plan's rows on every core: they read only their own plan.
	parallel.For(len(d.Plans), func(i int) {
		p := d.Plans[i]
		t := ix.Templates[p.Template]
		var key [sha256.Size]byte
		ok := false
		if m != nil {
			var in []byte
			in, ok = inputs(p, t)
			key = sha256.Sum256(in)
		}
		if row, kept := rows.Get(p.Src.File, key); kept && ok {
			pf.Plans[i] = row
			return
		}
		pf.Plans[i] = plan(p, t, d.Statuses, asOf)
		rows.Put(p.Src.File, key, pf.Plans[i], ok)
	})
	slices.SortStableFunc(pf.Plans, func(a, b *Plan) int {
		return cmp.Or(compareDates(a.Start, b.Start), cmp.Compare(a.Slug, b.Slug))
	})
	return pf
}

func plan(p *model.Plan, t *model.Template, reg model.StatusRegistry, asOf model.Date) *Plan {
	rows := model.Resolve(t, p)
	out := &Plan{Slug: p.Slug, Title: p.Title, Label: p.SidebarLabel, RecordID: p.Document.ID,
		Revision: p.Document.Revision, State: p.Document.State, Revised: revised(p.Document),
		Status: status(reg, model.PlanStatus(p, rows, reg)), Src: p.Src.Pos, StatusSrc: p.Src.At("status")}
	out.StatedStart, out.StatedEnd = stated(p.Fields)
	for _, pr := range rows {
		ph := &Phase{Key: pr.Key, Emoji: pr.Emoji, Title: pr.Title}
		for _, r := range pr.Rows {
			start, end := r.Fill.Span()
			if start.IsZero() {
				start = end
			}
			task := &Task{Plan: out, Phase: ph, Key: r.Task.Key, Name: r.Task.Name,
				Start: start, End: end, Status: status(reg, reg.Of(r.Fill)),
				Roles: model.ResponsibleRoles(r.Task.Responsible), Milestone: r.IsMilestone(pr.Phase),
				Extra: r.Extra, Src: r.Task.Src.Pos}
			if fill, ok := p.Tasks[r.Task.Key]; ok && !r.Extra {
				task.Src = fill.Src.Pos
			}
			if task.Open() && task.Dated() && end.Before(asOf) {
				task.DaysOverdue = end.DaysUntil(asOf)
			}
			ph.Start, ph.End = widen(ph.Start, ph.End, task.Start, task.End)
			ph.Tasks = append(ph.Tasks, task)
			out.Tasks = append(out.Tasks, task)
		}
		ph.Status = status(reg, model.PlanStatus(&model.Plan{}, []model.PhaseRows{pr}, reg))
		out.Start, out.End = widen(out.Start, out.End, ph.Start, ph.End)
		out.Phases = append(out.Phases, ph)
	}
	return out
}

func revised(doc model.DocControl) model.Date {
	dates := []model.Date{doc.Effective, doc.Author.Date}
	for _, s := range []*model.Signature{doc.Reviewer, doc.Approver} {
		if s != nil {
			dates = append(dates, s.Date)
		}
	}
	for _, h := range doc.History {
		dates = append(dates, h.Date)
	}
	var newest model.Date
	for _, d := range dates {
		_, newest = widen(newest, newest, d, d)
	}
	return newest
}

func status(reg model.StatusRegistry, key string) *model.Status {
	s := reg.Lookup(key)
	if s == nil {
		panic("portfolio: unknown status " + key + " (validate first)")
	}
	return s
}

// widen grows the span [a, b] to cover [c, d]; zero dates are ignored.
func widen(a, b, c, d model.Date) (model.Date, model.Date) {
	if !c.IsZero() && (a.IsZero() || c.Before(a)) {
		a = c
	}
	if !d.IsZero() && (b.IsZero() || d.After(b)) {
		b = d
	}
	return a, b
}

// compareDates orders dates, an unset date last.
func compareDates(a, b model.Date) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Time().Compare(b.Time())
}
