package portfolio

import (
	"slices"

	"github.com/qmsplan/qmsplan/generator/model"
)

// Tasks returns every task of every plan, plans in portfolio order, tasks
// in page order.
func (pf *Portfolio) Tasks() []*Task {
	n := 0
	for _, p := range pf.Plans {
		n += len(p.Tasks)
	}
	out := make([]*Task, 0, n)
	for _, p := range pf.Plans {
		out = append(out, p.Tasks...)
	}
	return out
}

// Overdue returns the open tasks whose end lies before the as-of date,
// oldest end first (then in portfolio order).
func (pf *Portfolio) Overdue() []*Task {
	var out []*Task
	for _, t := range pf.Tasks() {
		if t.Overdue() {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b *Task) int { return compareDates(a.End, b.End) })
	return out
}

// Milestones returns the milestones whose date (their end) lies in
// [from, to], both inclusive, by date.
func (pf *Portfolio) Milestones(from, to model.Date) []*Task {
	var out []*Task
	for _, t := range pf.Tasks() {
		if t.Milestone && t.Dated() && !t.End.Before(from) && !t.End.After(to) {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b *Task) int { return compareDates(a.End, b.End) })
	return out
}

// Events returns every dated milestone and every deadline, by date (then
// in portfolio order): the calendar feeds' events.
func (pf *Portfolio) Events() []*Task {
	var out []*Task
	for _, t := range pf.Tasks() {
		if (t.Milestone && t.Dated()) || t.Deadline() {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b *Task) int { return compareDates(a.End, b.End) })
	return out
}

// Active returns the plans running on the as-of date or starting or ending
// within the next days after it, in portfolio order.
func (pf *Portfolio) Active(days int) []*Plan {
	horizon := pf.AsOf.AddDays(days)
	var out []*Plan
	for _, p := range pf.Plans {
		if p.Start.IsZero() {
			continue
		}
		running := !p.Start.After(pf.AsOf) && !p.End.Before(pf.AsOf)
		starts := !p.Start.Before(pf.AsOf) && !p.Start.After(horizon)
		ends := !p.End.Before(pf.AsOf) && !p.End.After(horizon)
		if running || starts || ends {
			out = append(out, p)
		}
	}
	return out
}

// Years returns the plans by the year they start in, years ascending; plans
// with no dated task are left out.
func (pf *Portfolio) Years() []Year {
	var out []Year
	for _, p := range pf.Plans {
		if p.Start.IsZero() {
			continue
		}
		y := p.Start.Time().Year()
		if len(out) == 0 || out[len(out)-1].Year != y {
			out = append(out, Year{Year: y})
		}
		out[len(out)-1].Plans = append(out[len(out)-1].Plans, p)
	}
	return out
}

// Year is the plans that start in one year.
type Year struct {
	Year  int
	Plans []*Plan
}

// Workload is one role's open tasks, by end date (undated last), and the
// date the next of them is due.
type Workload struct {
	Role    model.Role
	Open    []*Task
	NextDue model.Date // zero when no open task is dated
}

// ByRole returns every role of the registry, in its order, with its open
// tasks: the workload view. A task naming several roles counts for each.
func (pf *Portfolio) ByRole() []Workload {
	byCode := map[string][]*Task{}
	for _, t := range pf.Tasks() {
		if !t.Open() {
			continue
		}
		for _, c := range slices.Compact(slices.Sorted(slices.Values(t.Roles))) {
			byCode[c] = append(byCode[c], t)
		}
	}
	var out []Workload
	for _, r := range pf.Roles.Roles {
		w := Workload{Role: r, Open: byCode[r.Code]}
		slices.SortStableFunc(w.Open, func(a, b *Task) int { return compareDates(a.End, b.End) })
		for _, t := range w.Open {
			if t.Dated() {
				w.NextDue = t.End
				break
			}
		}
		out = append(out, w)
	}
	return out
}

// StatusCount is how many tasks (or plans) have one status.
type StatusCount struct {
	Status model.Status
	N      int
}

// ByStatus counts tasks per status, in the registry's order.
func (pf *Portfolio) ByStatus() []StatusCount {
	out := make([]StatusCount, len(pf.Statuses.Statuses))
	for i, s := range pf.Statuses.Statuses {
		out[i] = StatusCount{Status: s}
	}
	for _, t := range pf.Tasks() {
		out[pf.statusIndex(t.Status.Key)].N++
	}
	return out
}

// PlanByStatus counts p's tasks per status, in the registry's order, as
// ByStatus does the portfolio's.
func (pf *Portfolio) PlanByStatus(p *Plan) []int {
	out := make([]int, len(pf.Statuses.Statuses))
	for _, t := range p.Tasks {
		out[pf.statusIndex(t.Status.Key)]++
	}
	return out
}

// statusIndex is the place of status key in the registry, the first's
// when it is there twice (as model.Index takes it).
func (pf *Portfolio) statusIndex(key string) int {
	return slices.IndexFunc(pf.Statuses.Statuses, func(s model.Status) bool { return s.Key == key })
}

// PhaseTasks is every plan's tasks of one phase key, in portfolio order.
type PhaseTasks struct {
	Key, Emoji, Title string
	Tasks             []*Task
}

// ByPhase groups the tasks by phase key, phases in the order they first
// appear (the templates share their seven phases).
func (pf *Portfolio) ByPhase() []PhaseTasks {
	var out []PhaseTasks
	for _, t := range pf.Tasks() {
		i := slices.IndexFunc(out, func(p PhaseTasks) bool { return p.Key == t.Phase.Key })
		if i < 0 {
			out = append(out, PhaseTasks{Key: t.Phase.Key, Emoji: t.Phase.Emoji, Title: t.Phase.Title})
			i = len(out) - 1
		}
		out[i].Tasks = append(out[i].Tasks, t)
	}
	return out
}

// PlanCounts counts plans per plan status, in the registry's order.
func (pf *Portfolio) PlanCounts() []StatusCount {
	out := make([]StatusCount, len(pf.Statuses.Statuses))
	for i, s := range pf.Statuses.Statuses {
		out[i] = StatusCount{Status: s}
	}
	for _, p := range pf.Plans {
		i := slices.IndexFunc(out, func(c StatusCount) bool { return c.Status.Key == p.Status.Key })
		out[i].N++
	}
	return out
}

// Pages splits items into pages of at most per items; no items, no pages.
func Pages[T any](items []T, per int) [][]T {
	if per < 1 {
		panic("portfolio: a page holds at least one item")
	}
	var out [][]T
	for len(items) > 0 {
		n := min(per, len(items))
		out = append(out, items[:n:n])
		items = items[n:]
	}
	return out
}
