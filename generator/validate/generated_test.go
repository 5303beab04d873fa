package validate_test

import (
	"testing"

	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/validate"
)

// A plan's text may link to any page the generator makes, the lists of a
// year's plans and the portfolio's pages too; a link to a year no plan
// starts in has no page and is still an error at the text's position.
func TestLinksToGeneratedPages(t *testing.T) {
	for _, tc := range []struct {
		name, link string
		want       []want
	}{
		{"the plans of a year", "/records/GP-009/r-009-001/2025/", nil},
		{"the plans of a year, without slash", "/records/GP-009/r-009-001/2025", nil},
		{"a year's Gantt", "/records/GP-009/portfolio/2025/", nil},
		{"the overdue tasks", "/records/GP-009/portfolio/overdue/", nil},
		{"the data-quality page", "/records/GP-009/portfolio/data-quality/", nil},
		{"the open tasks by role", "/records/GP-009/portfolio/roles/", nil},
		{"a year no plan starts in", "/records/GP-009/r-009-001/1999/",
			[]want{errAt(14, 3, `link "/records/GP-009/r-009-001/1999/" goes to no page`)}},
		{"a Gantt of a year no plan starts in", "/records/GP-009/portfolio/1999/",
			[]want{errAt(14, 3, `link "/records/GP-009/portfolio/1999/" goes to no page`)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := baseline(t)
			tr.Edit(t, planFile, "scope: Pilot in two hospitals.", "scope: See [the list]("+tc.link+").")
			data, ds := load.Load(tr.FS(t), root)
			expect(t, append(ds, validate.Check(data, asOf, validate.TakenPaths{})...), tc.want...)
		})
	}
}

// With an error elsewhere in the data there is no portfolio to tell which
// generated pages exist: a link into the generated sections is not called
// broken, and a warning says it was not checked.
func TestLinksToGeneratedPagesWithErrors(t *testing.T) {
	tr := baseline(t)
	tr.Edit(t, planFile, "scope: Pilot in two hospitals.", "scope: See [the list](/records/GP-009/r-009-001/1999/).")
	tr.Edit(t, planFile, "status: done }", "status: finished }")
	data, ds := load.Load(tr.FS(t), root)
	expect(t, append(ds, validate.Check(data, asOf, validate.TakenPaths{})...),
		errAt(16, 59, `unknown status "finished"`),
		warnAt(14, 3, "1 Markdown value(s) linking into the generated sections not checked"))
}
