package portfolio

import (
	"fmt"
	"testing"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
)

var d = model.MustDate

func ptr[T any](v T) *T { return &v }

// fixture: one template with a one-day phase (single Date column) and a
// phase of spans; plans are made by the tests from fills.
func fixture(plans ...*model.Plan) *model.Data {
	return &model.Data{
		Roles: model.RoleRegistry{Roles: []model.Role{{Code: "Deal Owner"}, {Code: "Client"}, {Code: "JD-013", Title: "PM"}}},
		Statuses: model.StatusRegistry{Statuses: []model.Status{
			{Key: "pending", Default: true}, {Key: "in-progress", Ongoing: true},
			{Key: "done", Closed: true, Completed: true}, {Key: "blocked", Wins: true}, {Key: "cancelled", Closed: true},
		}},
		Templates: []*model.Template{{Key: "t", Phases: []model.Phase{
			{Key: "kickoff", Title: "Kickoff", Columns: []string{"task", "date", "status"}, Tasks: []model.Task{
				{Key: "kickoff_meeting", Name: "Kick-off", Responsible: "Deal Owner & Client"},
			}},
			{Key: "exec", Title: "Execution", Columns: []string{"task", "responsible", "start", "end", "status"}, Tasks: []model.Task{
				{Key: "build", Name: "Build", Responsible: "JD-013"},
				{Key: "golive", Name: "Go-live", Responsible: "JD-013/Client", Milestone: ptr(true)},
				{Key: "review", Name: "Review", Responsible: "Deal Owner"},
			}},
		}}},
		Plans: plans,
	}
}

func mkPlan(slug string, fills map[string]model.TaskFill) *model.Plan {
	return &model.Plan{Template: "t", Slug: slug, Title: "R " + slug, SidebarLabel: slug, Tasks: fills,
		Document: model.DocControl{ID: "R-" + slug}}
}

var asOf = d("2025-03-10")

func task(t *testing.T, pf *Portfolio, slug, key string) *Task {
	t.Helper()
	for _, p := range pf.Plans {
		for _, x := range p.Tasks {
			if p.Slug == slug && x.Key == key {
				return x
			}
		}
	}
	t.Fatalf("no task %s/%s", slug, key)
	return nil
}

func TestOverdueAtItsBoundaries(t *testing.T) {
	for _, c := range []struct {
		name string
		fill model.TaskFill
		days int
	}{
		{"ends the day before, open", model.TaskFill{Start: d("2025-03-01"), End: d("2025-03-09")}, 1},
		{"ends on the as-of date", model.TaskFill{Start: d("2025-03-01"), End: d("2025-03-10")}, 0},
		{"ends after", model.TaskFill{Start: d("2025-03-01"), End: d("2025-03-11")}, 0},
		{"ended a month ago, in progress", model.TaskFill{Start: d("2025-01-01"), End: d("2025-02-08"), Status: "in-progress"}, 30},
		{"ended, done", model.TaskFill{Start: d("2025-01-01"), End: d("2025-02-08"), Status: "done"}, 0},
		{"ended, cancelled", model.TaskFill{Start: d("2025-01-01"), End: d("2025-02-08"), Status: "cancelled"}, 0},
		{"ended, blocked", model.TaskFill{Start: d("2025-01-01"), End: d("2025-03-08"), Status: "blocked"}, 2},
		{"no dates", model.TaskFill{}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			pf := Build(fixture(mkPlan("p", map[string]model.TaskFill{"build": c.fill})), asOf)
			x := task(t, pf, "p", "build")
			if x.DaysOverdue != c.days || x.Overdue() != (c.days > 0) {
				t.Errorf("DaysOverdue = %d (overdue %v), want %d", x.DaysOverdue, x.Overdue(), c.days)
			}
			if got := len(pf.Overdue()); got != min(c.days, 1) {
				t.Errorf("Overdue() lists %d tasks", got)
			}
		})
	}
}

func TestMilestonesAreDataDefaultingToOneDayTasks(t *testing.T) {
	pf := Build(fixture(mkPlan("p", map[string]model.TaskFill{
		"kickoff_meeting": {Date: d("2025-03-12")},
		"build":           {Start: d("2025-03-01"), End: d("2025-04-30")},
		"golive":          {Start: d("2025-05-01"), End: d("2025-05-02")},
		"review":          {Date: d("2025-06-01")}, // a one-day fill in a span phase
	})), asOf)
	for key, want := range map[string]bool{"kickoff_meeting": true, "build": false, "golive": true, "review": true} {
		if got := task(t, pf, "p", key).Milestone; got != want {
			t.Errorf("%s: milestone %v, want %v", key, got, want)
		}
	}
	var keys []string
	for _, m := range pf.Milestones(asOf, asOf.AddDays(90)) {
		keys = append(keys, m.Key)
	}
	if got, want := fmt.Sprint(keys), "[kickoff_meeting golive review]"; got != want {
		t.Errorf("milestones in the next 90 days: %s, want %s (by date)", got, want)
	}
	if got := pf.Milestones(d("2025-03-12"), d("2025-03-12")); len(got) != 1 {
		t.Errorf("a one-day window holds %d milestones, want 1 (bounds inclusive)", len(got))
	}
}

func TestPlansInStartOrderAndActiveWindow(t *testing.T) {
	pf := Build(fixture(
		mkPlan("late", map[string]model.TaskFill{"build": {Start: d("2025-09-01"), End: d("2025-10-01")}}),
		mkPlan("b-running", map[string]model.TaskFill{"build": {Start: d("2025-01-01"), End: d("2025-04-01")}}),
		mkPlan("a-running", map[string]model.TaskFill{"build": {Start: d("2025-01-01"), End: d("2025-03-10")}}),
		mkPlan("soon", map[string]model.TaskFill{"build": {Start: d("2025-06-08"), End: d("2025-12-01")}}),
		mkPlan("past", map[string]model.TaskFill{"build": {Start: d("2024-01-01"), End: d("2024-12-31")}}),
		mkPlan("undated", nil),
	), asOf)
	var order []string
	for _, p := range pf.Plans {
		order = append(order, p.Slug)
	}
	if got, want := fmt.Sprint(order), "[past a-running b-running soon late undated]"; got != want {
		t.Errorf("order %s, want %s (start date, then slug, undated last)", got, want)
	}
	var active []string
	for _, p := range pf.Active(90) {
		active = append(active, p.Slug)
	}
	if got, want := fmt.Sprint(active), "[a-running b-running soon]"; got != want {
		t.Errorf("active %s, want %s", got, want)
	}
	var years []string
	for _, y := range pf.Years() {
		years = append(years, fmt.Sprint(y.Year, len(y.Plans)))
	}
	if got, want := fmt.Sprint(years), "[2024 1 2025 4]"; got != want {
		t.Errorf("years %s, want %s", got, want)
	}
}

func TestWorkloadByRole(t *testing.T) {
	pf := Build(fixture(mkPlan("p", map[string]model.TaskFill{
		"kickoff_meeting": {Date: d("2025-03-12"), Status: "done"},
		"build":           {Start: d("2025-03-01"), End: d("2025-04-30")},
		"golive":          {Start: d("2025-03-20"), End: d("2025-03-21")},
	})), asOf)
	got := map[string]string{}
	for _, w := range pf.ByRole() {
		var keys []string
		for _, x := range w.Open {
			keys = append(keys, x.Key)
		}
		got[w.Role.Code] = fmt.Sprint(keys, " ", w.NextDue)
	}
	want := map[string]string{
		"Deal Owner": "[review] ",           // kick-off is done; review undated
		"Client":     "[golive] 2025-03-21", // "JD-013/Client"
		"JD-013":     "[golive build] 2025-03-21",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("workload %v, want %v", got, want)
	}
}

func TestEveryTaskCountedOnce(t *testing.T) {
	pf := Build(fixture(
		mkPlan("p1", map[string]model.TaskFill{"build": {Status: "done"}, "golive": {Status: "blocked"}}),
		mkPlan("p2", nil),
	), asOf)
	n, byStatus := 0, map[string]int{}
	for _, c := range pf.ByStatus() {
		n += c.N
		byStatus[c.Status.Key] = c.N
	}
	if n != 8 || byStatus["pending"] != 6 || byStatus["done"] != 1 || byStatus["blocked"] != 1 {
		t.Errorf("status counts %v (total %d), want 8 tasks: 6 pending, 1 done, 1 blocked", byStatus, n)
	}
	phases := 0
	for _, ph := range pf.ByPhase() {
		phases += len(ph.Tasks)
	}
	if phases != 8 || len(pf.ByPhase()) != 2 {
		t.Errorf("by phase: %d tasks in %d phases", phases, len(pf.ByPhase()))
	}
	plans := map[string]int{}
	for _, c := range pf.PlanCounts() {
		plans[c.Status.Key] = c.N
	}
	if plans["blocked"] != 1 || plans["pending"] != 1 {
		t.Errorf("plan counts %v, want one blocked and one pending", plans)
	}
}

func TestPages(t *testing.T) {
	for _, c := range []struct{ n, per, pages, last int }{
		{0, 100, 0, 0}, {1, 100, 1, 1}, {100, 100, 1, 100}, {101, 100, 2, 1}, {250, 100, 3, 50},
	} {
		items := make([]int, c.n)
		ps := Pages(items, c.per)
		if len(ps) != c.pages || (c.pages > 0 && len(ps[len(ps)-1]) != c.last) {
			t.Errorf("%d items: %d pages, want %d (last of %d)", c.n, len(ps), c.pages, c.last)
		}
	}
}

func TestTaskURLIsItsRowOnThePlanPage(t *testing.T) {
	pf := Build(fixture(mkPlan("2025-01-10-es-acme", nil)), asOf)
	if got, want := task(t, pf, "2025-01-10-es-acme", "golive").URL(), "/records/GP-009/r-009-001/2025-01-10-es-acme/#task-golive"; got != want {
		t.Errorf("URL %s, want %s", got, want)
	}
}

// A feed's DTSTAMP is the date the record was last revised, read from its
// document control: the newest of its history, effective date and signatures.
func TestRevisedIsTheNewestDocumentDate(t *testing.T) {
	sig := func(s string) *model.Signature { return &model.Signature{Date: d(s)} }
	for _, c := range []struct {
		name string
		doc  model.DocControl
		want string
	}{
		{"author only", model.DocControl{Author: model.Signature{Date: d("2025-08-20")}}, "2025-08-20"},
		{"approved later", model.DocControl{Author: model.Signature{Date: d("2025-08-20")}, Reviewer: sig("2025-08-25"), Approver: sig("2025-08-28")}, "2025-08-28"},
		{"effective after approval", model.DocControl{Author: model.Signature{Date: d("2025-08-20")}, Approver: sig("2025-08-28"), Effective: d("2025-09-01")}, "2025-09-01"},
		{"history newest", model.DocControl{Author: model.Signature{Date: d("2025-08-20")}, Effective: d("2025-09-01"),
			History: []model.Revision{{Revision: 0, Date: d("2025-08-20")}, {Revision: 2, Date: d("2025-11-03")}, {Revision: 1, Date: d("2025-09-01")}}}, "2025-11-03"},
		{"nothing dated", model.DocControl{}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := mkPlan("p", nil)
			p.Document = c.doc
			pf := Build(fixture(p), asOf)
			if got := pf.Plans[0].Revised.String(); got != c.want {
				t.Errorf("Revised = %q, want %q", got, c.want)
			}
		})
	}
}

// The feeds' events: every dated milestone, whatever its status, and every
// deadline, an open task's end date; a closed task's end is not one.
func TestEventsByDate(t *testing.T) {
	for _, c := range []struct {
		name  string
		plans []*model.Plan
		want  []string // slug/key in order
	}{
		{"none dated", []*model.Plan{mkPlan("a", nil)}, nil},
		{"by date across plans, open spans at their end", []*model.Plan{
			mkPlan("a", map[string]model.TaskFill{"kickoff_meeting": {Date: d("2025-05-01")}, "golive": {Start: d("2025-06-01"), End: d("2025-06-02")},
				"build": {Date: d("2025-01-01")}}),
			mkPlan("b", map[string]model.TaskFill{"kickoff_meeting": {Date: d("2024-12-01")}, "review": {Start: d("2024-01-01"), End: d("2024-02-01")}}),
		}, []string{"b/review", "b/kickoff_meeting", "a/build", "a/kickoff_meeting", "a/golive"}},
		{"closed tasks have no deadline; a closed milestone stays", []*model.Plan{
			mkPlan("a", map[string]model.TaskFill{"kickoff_meeting": {Date: d("2025-05-01"), Status: "done"},
				"build":  {Start: d("2025-01-01"), End: d("2025-02-01"), Status: "cancelled"},
				"golive": {Date: d("2025-06-01"), Status: "done"}, "review": {Start: d("2025-06-01"), End: d("2025-06-09"), Status: "blocked"}}),
		}, []string{"a/kickoff_meeting", "a/golive", "a/review"}}, // a one-day task is a milestone
		{"same date keeps portfolio order", []*model.Plan{
			mkPlan("a", map[string]model.TaskFill{"kickoff_meeting": {Date: d("2025-05-01")}}),
			mkPlan("b", map[string]model.TaskFill{"kickoff_meeting": {Date: d("2025-05-01")}, "review": {Start: d("2025-04-01"), End: d("2025-04-20"), Status: "done"}}),
		}, []string{"b/kickoff_meeting", "a/kickoff_meeting"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, x := range Build(fixture(c.plans...), asOf).Events() {
				got = append(got, x.Plan.Slug+"/"+x.Key)
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

// A phase's status follows the plan rule over its own tasks, so the Gantt's
// summary bar of a phase says what its rows say.
func TestPhaseStatus(t *testing.T) {
	for _, c := range []struct {
		name  string
		fills map[string]model.TaskFill
		want  string
	}{
		{"nothing begun", nil, "pending"},
		{"one begun", map[string]model.TaskFill{"build": {Status: "done"}}, "in-progress"},
		{"all closed, one done", map[string]model.TaskFill{"build": {Status: "done"}, "golive": {Status: "cancelled"}, "review": {Status: "done"}}, "done"},
		{"all cancelled", map[string]model.TaskFill{"build": {Status: "cancelled"}, "golive": {Status: "cancelled"}, "review": {Status: "cancelled"}}, "cancelled"},
		{"one blocked wins", map[string]model.TaskFill{"build": {Status: "done"}, "review": {Status: "blocked"}}, "blocked"},
	} {
		t.Run(c.name, func(t *testing.T) {
			pf := Build(fixture(mkPlan("p", c.fills)), asOf)
			if got := pf.Plans[0].Phases[1].Status.Key; got != c.want {
				t.Errorf("exec phase status %q, want %q", got, c.want)
			}
			if got := pf.Plans[0].Phases[0].Status.Key; got != "pending" {
				t.Errorf("kickoff phase status %q, want pending (its task has none)", got)
			}
		})
	}
}

func TestFindings(t *testing.T) {
	fields := map[string]string{"start_date": "2025-01-06", "duration": "2 months (extended from 1), then 1 week"}
	for _, c := range []struct {
		name   string
		status string // the plan's status: override
		fields map[string]string
		fills  map[string]model.TaskFill
		want   []string // task key, or "plan", of each finding in order
	}{
		// The stated span is 2025-01-06 to 2025-03-13; the graces make it
		// 2024-01-07 (365 days before) to 2025-06-11 (90 days after).
		{"within the stated span and its graces", "", fields, map[string]model.TaskFill{
			"build": {Start: d("2024-01-01"), End: d("2024-01-07")}, "review": {Start: d("2025-06-11"), End: d("2025-07-01")}}, nil},
		{"starts the day after the grace", "", fields, map[string]model.TaskFill{
			"build": {Start: d("2025-06-12"), End: d("2025-06-20")}}, []string{"build"}},
		{"ends the day before the grace", "", fields, map[string]model.TaskFill{
			"build": {Start: d("2024-01-01"), End: d("2024-01-06")}}, []string{"build"}},
		{"a one-day task far off", "", fields, map[string]model.TaskFill{
			"kickoff_meeting": {Date: d("2035-01-06")}}, []string{"kickoff_meeting"}},
		{"no stated start", "", map[string]string{"start_date": "[START_DATE]", "duration": "1 week"}, map[string]model.TaskFill{
			"build": {End: d("2030-01-01")}}, nil},
		{"no stated duration", "", map[string]string{"start_date": "2025-01-06", "duration": "TBD"}, map[string]model.TaskFill{
			"build": {End: d("2030-01-01")}}, nil},
		{"all closed, status override keeps it open", "in-progress", nil, allClosed("done"), []string{"plan"}},
		{"all done, the close phase done", "", nil, allClosed("done"), nil},
		{"all closed, the close phase cancelled", "", nil, map[string]model.TaskFill{
			"kickoff_meeting": {Status: "done"}, "build": {Status: "cancelled"}, "golive": {Status: "cancelled"}, "review": {Status: "cancelled"}}, []string{"plan"}},
		{"all cancelled: a lost deal", "", nil, allClosed("cancelled"), nil},
		{"one task open", "", nil, map[string]model.TaskFill{
			"kickoff_meeting": {Status: "done"}, "build": {Status: "done"}, "golive": {Status: "done"}}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := mkPlan("p", c.fills)
			p.Fields, p.Status = c.fields, c.status
			p.Src.Pos = diag.Pos{File: "data/plans/p.yaml", Line: 1, Col: 1}
			p.Src = p.Src.WithKeys([]model.KeyPos{{Key: "status", Pos: diag.Pos{File: "data/plans/p.yaml", Line: 7, Col: 9}}})
			var got []string
			for _, f := range Build(fixture(p), asOf).Findings() {
				switch {
				case f.Task != nil:
					got = append(got, f.Task.Key)
				case f.Pos.Line != 7 && c.status != "":
					t.Errorf("finding at %v, want the status: line 7", f.Pos)
				default:
					got = append(got, "plan")
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("findings %v, want %v", got, c.want)
			}
		})
	}
}

func allClosed(status string) map[string]model.TaskFill {
	return map[string]model.TaskFill{"kickoff_meeting": {Status: status}, "build": {Status: status},
		"golive": {Status: status}, "review": {Status: status}}
}
