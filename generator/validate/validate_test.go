package validate_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/qmsplan/qmsplan/generator/diag"
)

const plan2File = "data/plans/p2.yaml"

// addPlan2 adds a copy of the baseline plan as p2.yaml with its slug, alias
// and record ID changed (so it is valid next to p1), then applies the
// replacements given as old, new pairs.
func addPlan2(t *testing.T, tr tree, oldNew ...string) {
	t.Helper()
	tr[plan2File] = tr[planFile]
	tr.Edit(t, plan2File, "slug: 2025-01-10-es-acme", "slug: 2025-02-10-es-other")
	tr.Edit(t, plan2File, "R-009-001-20250110-es-acme", "R-009-001-20250210-es-other")
	tr.Edit(t, plan2File, "id: R-009-001-2025-001", "id: R-009-001-2025-002")
	for i := 0; i+1 < len(oldNew); i += 2 {
		tr.Edit(t, plan2File, oldNew[i], oldNew[i+1])
	}
}

func TestBaselineIsValid(t *testing.T) {
	expect(t, run(t, baseline(t))) // no errors and no warnings
}

func TestBaselineWithTwoPlansIsValid(t *testing.T) {
	tr := baseline(t)
	addPlan2(t, tr)
	expect(t, run(t, tr))
}

type vcase struct {
	name string
	edit func(t *testing.T, tr tree)
	want []want
}

func runCases(t *testing.T, cases []vcase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr := baseline(t)
			c.edit(t, tr)
			expect(t, run(t, tr), c.want...)
		})
	}
}

func TestReferences(t *testing.T) {
	runCases(t, []vcase{
		{
			name: "unknown template",
			edit: ed(planFile, "template: basic", "template: basc"),
			want: []want{errAt(1, 11, `unknown template "basc"`).Hinting(`did you mean "basic"?`)},
		},
		{
			name: "unknown task status",
			edit: ed(planFile, "status: in-progress", "status: in-progres"),
			want: []want{errAt(17, 61, `unknown status "in-progres"`).Hinting(`did you mean "in-progress"?`)},
		},
		{
			name: "unknown plan status",
			edit: ed(planFile, "template: basic\n", "template: basic\nstatus: finished\n"),
			want: []want{errAt(2, 9, `unknown status "finished"`).Hinting("known keys: cancelled, done, in-progress, pending")},
		},
		{
			name: "unknown status of an extra task",
			edit: ed(planFile, "    end: 2025-01-12\n", "    end: 2025-01-12\n    status: dne\n"),
			want: []want{errAt(27, 13, `unknown status "dne"`).Hinting(`did you mean "done"?`)},
		},
		{
			name: "unknown role in a template task",
			edit: ed(tmplFile, "responsible: Deal Owner & JD-013 }", "responsible: Deal Owner & JD-031 }"),
			want: []want{errAt(27, 70, `unknown role "JD-031" in responsible "Deal Owner & JD-031"`).In(tmplFile).
				Hinting(`did you mean "JD-013"?; or add it to data/roles.yaml`)},
		},
		{
			name: "empty responsible in a template task",
			edit: ed(tmplFile, "responsible: Deal Owner }", `responsible: " " }`),
			want: []want{errAt(28, 59, `responsible " " names no role`).In(tmplFile)},
		},
		{
			name: "unknown role in a task override",
			edit: ed(planFile, "status: done }", "status: done, responsible: JD-99 }"),
			want: []want{errAt(16, 78, `unknown role "JD-99" in responsible "JD-99"`).Hinting("or add it to data/roles.yaml")},
		},
		{
			name: "unknown role in an extra task",
			edit: ed(planFile, "responsible: Client\n", "responsible: Clinet\n"),
			want: []want{errAt(24, 18, `unknown role "Clinet" in responsible "Clinet"`).Hinting(`did you mean "Client"?`)},
		},
		{
			name: "unknown role of a signature",
			edit: ed(planFile, "role: Deal Owner", "role: Deal Onwer"),
			want: []want{errAt(42, 36, `unknown role "Deal Onwer"`).Hinting(`did you mean "Deal Owner"?`)},
		},
		{
			name: "unknown task key in plan tasks",
			edit: ed(planFile, "  planning: {", "  planing: {"),
			want: []want{errAt(16, 3, `template "basic" has no task "planing"`).
				Hinting(`did you mean "planning"?; add new tasks under extra_tasks`)},
		},
		{
			name: "extra task in an unknown phase",
			edit: ed(planFile, "phase: definition", "phase: definitoin"),
			want: []want{errAt(20, 12, `extra_tasks[0]: unknown phase "definitoin"`).Hinting(`did you mean "definition"?`)},
		},
		{
			name: "extra task after an unknown task",
			edit: ed(planFile, "after: planning", "after: plannng"),
			want: []want{errAt(21, 12, `extra_tasks[0]: phase "definition" has no task "plannng" to come after`).
				Hinting(`did you mean "planning"?`)},
		},
		{
			name: "extra task after a task of another phase",
			edit: ed(planFile, "after: planning", "after: kickoff_meeting"),
			want: []want{errAt(21, 12, `extra_tasks[0]: phase "definition" has no task "kickoff_meeting" to come after`)},
		},
		{
			name: "extra task reusing a template task key",
			edit: ed(planFile, "key: legal_review", "key: planning"),
			want: []want{errAt(22, 10, `extra_tasks[0]: task key "planning" is already used`)},
		},
		{
			name: "extra section after an unknown section",
			edit: ed(planFile, "  - after: scope", "  - after: scop"),
			want: []want{errAt(28, 12, `extra_sections[0]: template "basic" has no section "scop" to come after`).
				Hinting(`did you mean "scope"?`)},
		},
		{
			name: "fixed field given a value",
			edit: ed(planFile, "  start_date: \"2025-02-01\"\n", "  start_date: \"2025-02-01\"\n  product: Web app\n"),
			want: []want{errAt(13, 3, `field "product" is fixed by the template as "JSON Only API"`).Hinting("remove it")},
		},
		{
			name: "unknown field key",
			edit: ed(planFile, "  start_date: \"2025-02-01\"\n", "  start_date: \"2025-02-01\"\n  strat_date: soon\n"),
			want: []want{errAt(13, 3, `template "basic" has no field "strat_date"`).Hinting(`did you mean "start_date"?`)},
		},
		{
			name: "features without a features field",
			edit: ed(planFile, "fields:\n", "features: [Diagnosis support]\nfields:\n"),
			want: []want{errAt(11, 11, `template "basic" has no features field`)},
		},
		{
			name: "unknown section key",
			edit: ed(planFile, "  scope: Pilot", "  scpe: Pilot"),
			want: []want{
				errAt(14, 3, `template "basic" has no section "scpe" to fill`).Hinting(`did you mean "scope"?`),
				warnAt(14, 3, `unfilled section "scope" (Scope)`),
			},
		},
	})
}

func TestDates(t *testing.T) {
	runCases(t, []vcase{
		{
			name: "end before start",
			edit: ed(planFile, "end: 2025-01-10, status: done", "end: 2025-01-01, status: done"),
			want: []want{errAt(16, 39, "tasks.planning: end 2025-01-01 is before start 2025-01-06").Hinting("swap the dates")},
		},
		{
			name: "end before start in an extra task",
			edit: ed(planFile, "    end: 2025-01-12", "    end: 2025-01-09"),
			want: []want{errAt(26, 10, "extra_tasks[0]: end 2025-01-09 is before start 2025-01-10")},
		},
		{
			name: "date together with start and end",
			edit: ed(planFile, "  planning: { start", "  planning: { date: 2025-01-07, start"),
			want: []want{errAt(16, 21, "tasks.planning: date together with start/end").Hinting("a one-day task has date:")},
		},
		{
			name: "start and end in a single-date phase",
			edit: ed(planFile, "{ date: 2025-02-03 }", "{ start: 2025-02-03, end: 2025-02-04 }"),
			want: []want{errAt(18, 29, `tasks.kickoff_meeting: phase "kickoff" has a single Date column`).Hinting("write date: instead")},
		},
		{
			name: "one date is fine in a span phase",
			edit: ed(planFile, "{ start: 2025-01-13, end: 2025-01-14, status: in-progress }", "{ date: 2025-01-13, status: in-progress }"),
		},
		{
			name: "done but ends after the as-of date",
			edit: ed(planFile, "end: 2025-01-10, status: done", "end: 2025-04-01, status: done"),
			want: []want{warnAt(16, 59, "tasks.planning: marked done but ends 2025-04-01, after the as-of date 2025-03-01").
				Hinting("check the status or the date")},
		},
		{
			name: "done on the as-of date",
			edit: ed(planFile, "end: 2025-01-10, status: done", "end: 2025-03-01, status: done"),
		},
	})
}

func TestUniqueness(t *testing.T) {
	runCases(t, []vcase{
		{
			name: "duplicate plan slug across two files",
			edit: func(t *testing.T, tr tree) {
				addPlan2(t, tr, "slug: 2025-02-10-es-other", "slug: 2025-01-10-es-acme")
			},
			want: []want{errAt(2, 7, `duplicate plan slug "2025-01-10-es-acme"`).In(plan2File).
				Hinting("data/plans/p1.yaml:2:7 already uses it")},
		},
		{
			name: "duplicate record ID",
			edit: func(t *testing.T, tr tree) {
				addPlan2(t, tr, "id: R-009-001-2025-002", "id: R-009-001-2025-001")
			},
			want: []want{errAt(37, 7, `duplicate record ID "R-009-001-2025-001"`).In(plan2File).
				Hinting("data/plans/p1.yaml:37:7 already uses it")},
		},
		{
			name: "duplicate alias, with and without trailing slash",
			edit: func(t *testing.T, tr tree) {
				addPlan2(t, tr, "R-009-001-20250210-es-other", "R-009-001-20250110-es-acme/")
			},
			want: []want{errAt(6, 3, `duplicate alias "/records/GP-009/T-009-001/R-009-001-20250110-es-acme"`).In(plan2File).
				Hinting("data/plans/p1.yaml:6:3")},
		},
		{
			// Two records a reader cannot tell apart are one ID.
			name: "record IDs differing only in case",
			edit: func(t *testing.T, tr tree) {
				addPlan2(t, tr, "id: R-009-001-2025-002", "id: r-009-001-2025-001")
			},
			want: []want{errAt(37, 7, `duplicate record ID "r-009-001-2025-001"`).In(plan2File).
				Hinting("data/plans/p1.yaml:37:7 already uses it (letter case aside)")},
		},
		{
			name: "record ID with a trailing space",
			edit: func(t *testing.T, tr tree) {
				addPlan2(t, tr, "id: R-009-001-2025-002", `id: "R-009-001-2025-001 "`)
			},
			want: []want{errAt(37, 7, `record ID "R-009-001-2025-001 " has white space at its start or end`).In(plan2File).
				Hinting("delete it")},
		},
		{
			name: "plan slugs differing only in case",
			edit: func(t *testing.T, tr tree) {
				addPlan2(t, tr, "slug: 2025-02-10-es-other", "slug: 2025-01-10-ES-ACME")
			},
			want: []want{errAt(2, 7, `duplicate plan slug "2025-01-10-ES-ACME"`).In(plan2File).Hinting("letter case aside")},
		},
		{
			name: "alias at a generated page's URL",
			edit: func(t *testing.T, tr tree) {
				addPlan2(t, tr, "/records/GP-009/T-009-001/R-009-001-20250210-es-other", "/records/GP-009/r-009-001/2025-01-10-es-acme/")
			},
			want: []want{errAt(6, 3, `is the URL of a generated page`).In(plan2File).Hinting("remove it")},
		},
		{
			name: "alias at the plans section",
			edit: ed(planFile, "/records/GP-009/T-009-001/R-009-001-20250110-es-acme", "/records/GP-009/R-009-001"),
			want: []want{errAt(6, 3, `aliases[0] "/records/GP-009/R-009-001" is the URL of a generated page`)},
		},
		{
			name: "duplicate role code",
			edit: ed(rolesFile, "  - code: Client\n", "  - code: Client\n  - code: Client\n"),
			want: []want{errAt(6, 11, `duplicate role code "Client"`).In(rolesFile).Hinting("data/roles.yaml:5:11")},
		},
		{
			name: "role code with a separator",
			edit: ed(rolesFile, "  - code: Client\n", "  - code: Client/IT\n"),
			want: []want{
				errAt(5, 11, `roles[1].code "Client/IT" is not allowed: no '&' or '/'`).In(rolesFile),
				// The registry is broken: the two references to Client are
				// not each reported as unknown.
				warnAt(0, 0, "2 reference(s) to roles not checked").In(rolesFile),
			},
		},
		{
			name: "duplicate status key",
			edit: ed(statusesFile, "{ key: cancelled,", "{ key: done,"),
			want: []want{errAt(5, 12, `duplicate status key "done"`).In(statusesFile).Hinting("data/statuses.yaml:4:12")},
		},
		{
			name: "no default status",
			edit: ed(statusesFile, "label: Pending, default: true,", "label: Pending,"),
			want: []want{errAt(2, 3, `no status is marked default (the status of tasks that give none)`).In(statusesFile).Hinting("add default: true to one status")},
		},
		{
			name: "two default statuses",
			edit: ed(statusesFile, "label: In progress, ongoing: true,", "label: In progress, ongoing: true, default: true,"),
			want: []want{
				errAt(3, 81, `status "in-progress": a second default status (the status of tasks that give none)`).In(statusesFile).Hinting("keep default: true on one status only; data/statuses.yaml:2:58 has it"),
				errAt(3, 81, `status "in-progress": default and ongoing contradict each other`).In(statusesFile).Hinting("keep one of default and ongoing"),
			},
		},
		{
			name: "no ongoing status",
			edit: ed(statusesFile, " ongoing: true,", ""),
			want: []want{errAt(2, 3, `no status is marked ongoing (the status of a plan under way)`).In(statusesFile).Hinting("add ongoing: true to one status")},
		},
		{
			name: "completed but not closed",
			edit: ed(statusesFile, "label: Done, closed: true,", "label: Done,"),
			want: []want{errAt(4, 54, `status "done": completed but not closed`).In(statusesFile).Hinting("add closed: true, or remove completed")},
		},
		{
			name: "a winning status that is closed",
			edit: ed(statusesFile, "label: Cancelled, closed: true,", "label: Cancelled, closed: true, wins: true,"),
			want: []want{errAt(5, 73, `status "cancelled": wins and closed contradict each other`).In(statusesFile).Hinting("keep one of wins and closed")},
		},
		{
			name: "unknown colour",
			edit: ed(statusesFile, "colour: sky-blue", "colour: skyblue"),
			want: []want{errAt(2, 72, `unknown colour "skyblue": choose a colour of the Okabe-Ito palette`).In(statusesFile).Hinting(`did you mean "sky-blue"?`)},
		},
		{
			name: "unknown pattern",
			edit: ed(statusesFile, "pattern: solid", "pattern: solide"),
			want: []want{errAt(4, 105, `unknown pattern "solide": choose a pattern`).In(statusesFile).Hinting(`did you mean "solid"?`)},
		},
		{
			name: "duplicate task key in a template",
			edit: ed(tmplFile, "key: offer_sent", "key: planning"),
			want: []want{
				errAt(28, 16, `duplicate task key "planning"`).In(tmplFile).Hinting("data/templates/basic.yaml:27:16"),
				errAt(17, 3, `template "basic" has no task "offer_sent"`), // the plan still fills it
			},
		},
	})
}

func TestSafeURLs(t *testing.T) {
	var cases []vcase
	for _, slug := range []string{"../x", "a/b", "has space", "..", "a..b", "-x", `""`, "x?y=1", "x#y"} {
		cases = append(cases, vcase{
			name: "unsafe slug " + slug,
			edit: ed(planFile, "slug: 2025-01-10-es-acme", "slug: "+slug),
			want: []want{errAt(2, 7, `is not safe in a URL`).Hinting("use letters, digits")},
		})
	}
	cases = append(cases, vcase{
		name: "unsafe template slug",
		edit: ed(tmplFile, "slug: t-009-001-basic-template", "slug: ../../etc"),
		want: []want{errAt(5, 7, `slug "../../etc" is not safe in a URL`).In(tmplFile)},
	})
	for _, crm := range []string{"javascript:alert(1)", "ftp://x", "https://", "//app.hubspot.com/x", "app.hubspot.com/x",
		`"https://app.hubspot.com/<script>"`, `"https://app.hubspot.com/a b"`, `""`} {
		cases = append(cases, vcase{
			name: "crm " + crm,
			edit: ed(planFile, "crm: https://app.hubspot.com/contacts/1/record/0-3/123", "crm: "+crm),
			want: []want{errAt(9, 8, `is not an http(s) link`).Hinting("starting with https://")},
		})
	}
	for _, crm := range []string{"https://app.hubspot.com/x", "http://crm.example.com/deal?id=1"} {
		cases = append(cases, vcase{
			name: "crm " + crm,
			edit: ed(planFile, "crm: https://app.hubspot.com/contacts/1/record/0-3/123", "crm: "+crm),
		})
	}
	for _, alias := range []string{"../etc/passwd", "/records/../x", "records/x", "//evil.example/x", "javascript:alert(1)",
		`"/a b"`, "/", `"/x?y"`} {
		cases = append(cases, vcase{
			name: "unsafe alias " + alias,
			edit: ed(planFile, "  - /records/GP-009/T-009-001/R-009-001-20250110-es-acme", "  - "+alias),
			want: []want{errAt(6, 3, `aliases[0]`).Hinting("write a site path")},
		})
	}
	runCases(t, cases)
}

func TestContent(t *testing.T) {
	runCases(t, []vcase{
		{
			name: "content block with two kinds",
			edit: ed(planFile, "      - text: What success looks like.\n", "      - text: What success looks like.\n        note: And this.\n"),
			want: []want{errAt(31, 9, "a content block needs exactly one kind, found 2").Hinting("split it")},
		},
		{
			name: "empty content block",
			edit: ed(planFile, "      - text: What success looks like.\n", "      - {}\n"),
			want: []want{errAt(31, 9, "a content block needs exactly one kind, found 0")},
		},
		{
			name: "placeholder in a plan",
			edit: ed(planFile, "      - text: What success looks like.\n", "      - placeholder: GOALS\n"),
			want: []want{errAt(31, 22, "placeholders belong in templates, not plans").Hinting("write the text itself")},
		},
		{
			name: "example without placeholder",
			edit: ed(planFile, "      - text: What success looks like.\n", "      - { text: Goals., example: Faster triage. }\n"),
			want: []want{errAt(31, 34, "example: without placeholder:")},
		},
		{
			name: "table row with the wrong cell count",
			edit: ed(planFile, "- [Accuracy, Top-3 match]", "- [Accuracy]"),
			want: []want{errAt(35, 13, "table row 1 has 1 cells for 2 columns").Hinting("one cell per column (Goal, Metric)")},
		},
		{
			name: "empty title",
			edit: ed(planFile, "    title: Goals", `    title: ""`),
			want: []want{errAt(29, 12, "title must not be empty")},
		},
	})
}

func TestTemplates(t *testing.T) {
	runCases(t, []vcase{
		{
			name: "no task section",
			edit: ed(tmplFile, "    tasks: true\n", ""),
			want: []want{errAt(8, 3, "0 sections have tasks: true; exactly one must").In(tmplFile)},
		},
		{
			name: "field with value and placeholder",
			edit: ed(tmplFile, "value: JSON Only API }", "value: JSON Only API, placeholder: PRODUCT }"),
			want: []want{
				errAt(12, 9, `field "product" needs exactly one of value and placeholder`).In(tmplFile),
				warnAt(12, 3, "unfilled placeholder [PRODUCT] (Product)"), // the plan does not fill it
			},
		},
		{
			name: "unknown column",
			edit: ed(tmplFile, "columns: [task, responsible, date, status]", "columns: [task, responsible, date, state]"),
			want: []want{errAt(32, 14, `phase "kickoff": unknown column "state"`).In(tmplFile).Hinting(`did you mean "date"?`)},
		},
		{
			name: "date and start columns",
			edit: ed(tmplFile, "columns: [task, responsible, date, status]", "columns: [task, responsible, date, start, status]"),
			want: []want{errAt(32, 14, `phase "kickoff" has both a date column and start/end columns`).In(tmplFile)},
		},
		{
			name: "no task column",
			edit: ed(tmplFile, "columns: [task, responsible, date, status]", "columns: [responsible, date, status]"),
			want: []want{errAt(32, 14, `phase "kickoff" has no task column`).In(tmplFile)},
		},
	})
}

func TestDocumentControl(t *testing.T) {
	runCases(t, []vcase{
		{
			name: "effective record without approver",
			edit: ed(planFile, "  approver: { name: Bea Sol, role: Deal Owner, date: 2025-01-20 }\n", ""),
			want: []want{errAt(37, 3, "an effective record needs an approver").Hinting("add approver:")},
		},
		{
			name: "effective record without effective date",
			edit: ed(planFile, "  effective: 2025-01-20\n", ""),
			want: []want{errAt(37, 3, "the record is effective, so it needs an effective date").Hinting("add effective: YYYY-MM-DD")},
		},
		{
			name: "superseded record without effective date",
			edit: func(t *testing.T, tr tree) {
				tr.Edit(t, planFile, "  effective: 2025-01-20\n", "")
				tr.Edit(t, planFile, "state: effective", "state: superseded")
			},
			want: []want{
				errAt(37, 3, "the record is superseded, so it needs an effective date"),
				warnAt(39, 10, "superseded record does not say which record replaces it").Hinting("add superseded_by:"),
			},
		},
		{
			name: "draft needs neither effective date nor approver",
			edit: func(t *testing.T, tr tree) {
				tr.Edit(t, planFile, "  effective: 2025-01-20\n", "")
				tr.Edit(t, planFile, "  approver: { name: Bea Sol, role: Deal Owner, date: 2025-01-20 }\n", "")
				tr.Edit(t, planFile, "state: effective", "state: draft")
			},
		},
		{
			name: "unknown document state",
			edit: ed(planFile, "state: effective", "state: efective"),
			want: []want{errAt(39, 10, `unknown document state "efective"`).Hinting(`did you mean "effective"?`)},
		},
		{
			name: "history not increasing",
			edit: ed(planFile, "{ revision: 0, date: 2025-01-10", "{ revision: 1, date: 2025-01-10"),
			want: []want{errAt(45, 19, "history[1]: revision 1 does not follow 1").Hinting("oldest first")},
		},
		{
			name: "history ends before the revision",
			edit: ed(planFile, "  revision: 1\n", "  revision: 2\n"),
			want: []want{warnAt(38, 13, "revision is 2 but the history ends at 1").Hinting("add a history entry")},
		},
		{
			name: "empty record ID",
			edit: ed(planFile, "  id: R-009-001-2025-001", `  id: ""`),
			want: []want{errAt(37, 7, "id must not be empty")},
		},
	})
}

func TestPlaceholderWarnings(t *testing.T) {
	runCases(t, []vcase{
		{
			name: "unfilled placeholder in a field value",
			edit: ed(planFile, `start_date: "2025-02-01"`, `start_date: "[START_DATE]"`),
			want: []want{warnAt(12, 3, "fields.start_date: unfilled placeholder [START_DATE]").Hinting("replace it")},
		},
		{
			name: "unfilled placeholder in the title",
			edit: ed(planFile, "title: R-009-001 ES ACME 20250110", "title: R-009-001 [COUNTRY] ACME"),
			want: []want{warnAt(3, 8, "title: unfilled placeholder [COUNTRY]")},
		},
		{
			name: "unfilled placeholder in extra section text",
			edit: ed(planFile, "text: What success looks like.", "text: See [GOALS]."),
			want: []want{warnAt(31, 15, "extra_sections[0].content[0].text: unfilled placeholder [GOALS]")},
		},
		{
			name: "unfilled placeholder in task notes",
			edit: ed(planFile, "status: done }", "status: done, notes: \"[WHO]\" }"),
			want: []want{warnAt(16, 72, "tasks.planning.notes: unfilled placeholder [WHO]")},
		},
		{
			name: "notes in a phase without a notes column",
			edit: ed(planFile, "{ date: 2025-02-03 }", "{ date: 2025-02-03, notes: Remote. }"),
			want: []want{warnAt(18, 47, "tasks.kickoff_meeting: notes are not shown").Hinting("has no Notes column")},
		},
		{
			name: "raw HTML in extra section text",
			edit: ed(planFile, "text: What success looks like.", "text: What <b>success</b> looks like."),
			want: []want{errAt(31, 15, `extra_sections[0].content[0].text: raw HTML "<b>" is not allowed`).Hinting("use Markdown")},
		},
		{
			name: "raw HTML in a section",
			edit: ed(planFile, "scope: Pilot in two hospitals.", "scope: Pilot in <em>two</em> hospitals."),
			want: []want{errAt(14, 3, `sections.scope: raw HTML "<em>" is not allowed`)},
		},
		{
			name: "remote image in a section",
			edit: ed(planFile, "scope: Pilot in two hospitals.", "scope: \"Pilot ![logo](https://tracker.example/p.png)\""),
			want: []want{errAt(14, 3, `sections.scope: image "https://tracker.example/p.png" is loaded from outside the portal`).Hinting("put the image under static/")},
		},
		{
			name: "remote image in extra section text",
			edit: ed(planFile, "text: What success looks like.", "text: \"![x]( //cdn.example/x.gif)\""),
			want: []want{errAt(31, 15, `is loaded from outside the portal`)},
		},
		{
			name: "site image and remote link are fine",
			edit: ed(planFile, "scope: Pilot in two hospitals.", "scope: \"![flow](/img/flow.png) see [docs](https://example.org)\""),
		},
		{
			name: "a literal less-than is not HTML",
			edit: ed(planFile, "scope: Pilot in two hospitals.", "scope: Pilot in < 3 hospitals, a<b."),
		},
		{
			name: "unfilled field",
			edit: ed(planFile, "fields:\n  start_date: \"2025-02-01\"\n", ""),
			want: []want{warnAt(1, 1, "unfilled placeholder [START_DATE] (Desired Start Date)").Hinting("fill fields.start_date")},
		},
		{
			name: "unfilled section",
			edit: ed(planFile, "sections:\n  scope: Pilot in two hospitals.\n", ""),
			want: []want{warnAt(1, 1, `unfilled section "scope" (Scope)`).Hinting("fill sections.scope")},
		},
		{
			name: "blank section",
			edit: ed(planFile, "  scope: Pilot in two hospitals.", `  scope: "  "`),
			want: []want{warnAt(14, 3, `unfilled section "scope" (Scope)`)},
		},
	})
}

// All mistakes of a run come back together, from load and validate alike.
func TestAllErrorsInOneRun(t *testing.T) {
	t.Run("validate", func(t *testing.T) {
		tr := baseline(t)
		tr.Edit(t, planFile, "status: in-progress", "status: in-progres")
		tr.Edit(t, planFile, "end: 2025-01-10, status: done", "end: 2025-01-01, status: done")
		tr.Edit(t, planFile, "crm: https://app.hubspot.com/contacts/1/record/0-3/123", "crm: ftp://x")
		expect(t, run(t, tr),
			errAt(17, 61, `unknown status "in-progres"`),
			errAt(16, 39, "end 2025-01-01 is before start 2025-01-06"),
			errAt(9, 8, `deal.crm "ftp://x" is not an http(s) link`),
		)
	})
	t.Run("load and validate", func(t *testing.T) {
		tr := baseline(t)
		tr.Edit(t, planFile, "  name: ACME pilot\n", "  name: ACME pilot\n  owner: Ana\n")
		tr.Edit(t, planFile, "date: 2025-02-03", "date: 2025-02-30")
		tr.Edit(t, planFile, "responsible: Client\n", "responsible: JD-404\n")
		expect(t, run(t, tr),
			errAt(11, 3, `deal: unknown key "owner"`),
			errAt(19, 28, `"2025-02-30" is not a real calendar date in the form YYYY-MM-DD`),
			errAt(25, 18, `unknown role "JD-404"`),
		)
	})
	t.Run("across files", func(t *testing.T) {
		tr := baseline(t)
		addPlan2(t, tr, "status: in-progress", "status: started")
		tr.Edit(t, planFile, "template: basic", "template: basic-v2")
		tr.Edit(t, tmplFile, "responsible: Deal Owner }", "responsible: Sales }")
		expect(t, run(t, tr),
			errAt(1, 11, `unknown template "basic-v2"`),
			errAt(28, 59, `unknown role "Sales"`).In(tmplFile),
			errAt(17, 61, `unknown status "started"`).In(plan2File),
		)
	})
}

// Findings that follow from a load error (validate sees the empty value
// too) still point at a file, line and column.
func TestAfterLoadErrors(t *testing.T) {
	runCases(t, []vcase{
		{
			name: "missing deal",
			edit: ed(planFile, "deal:\n  id: \"123\"\n  crm: https://app.hubspot.com/contacts/1/record/0-3/123\n  name: ACME pilot\n", ""),
			want: []want{
				errAt(1, 1, `top level: missing required key "deal"`),
			},
		},
		{
			name: "missing crm",
			edit: ed(planFile, "  crm: https://app.hubspot.com/contacts/1/record/0-3/123\n", ""),
			want: []want{
				errAt(8, 3, `deal: missing required key "crm"`),
			},
		},
		{
			name: "deal is not a mapping",
			edit: ed(planFile, "deal:\n  id: \"123\"\n  crm: https://app.hubspot.com/contacts/1/record/0-3/123\n  name: ACME pilot\n", "deal: ACME\n"),
			want: []want{
				errAt(7, 7, `deal: expected a mapping, found a value "ACME"`),
			},
		},
		{
			name: "missing document state",
			edit: ed(planFile, "  state: effective\n", ""),
			want: []want{
				errAt(37, 3, `document: missing required key "state"`),
			},
		},
		{
			name: "phase is not a mapping",
			edit: ed(tmplFile, "phases:\n", "phases:\n  - kickoff\n"),
			want: []want{
				errAt(22, 5, `phases[0]: expected a mapping, found a value "kickoff"`).In(tmplFile),
				errAt(22, 5, `phase "" has no task column`).In(tmplFile),
			},
		},
		{
			name: "extra task is not a mapping",
			edit: ed(planFile, "extra_tasks:\n", "extra_tasks:\n  - legal\n"),
			want: []want{
				errAt(20, 5, `extra_tasks[0]: expected a mapping, found a value "legal"`),
				errAt(20, 5, `extra_tasks[0]: unknown phase ""`),
			},
		},
	})
}

// Every finding has a file, whatever the input.
func TestFindingsHaveFiles(t *testing.T) {
	tr := baseline(t)
	tr[planFile] = "deal: ~\ndocument: ~\nextra_tasks: [x, ~]\nextra_sections: [x]\ntasks: {a: x}\n"
	for _, d := range run(t, tr) {
		if d.File == "" || (d.File == planFile && d.Line == 0) {
			t.Errorf("finding without a place: %s", d)
		}
		if d.Severity != diag.Error && d.Severity != diag.Warning {
			t.Errorf("bad severity: %s", d)
		}
	}
}

func TestSupersession(t *testing.T) {
	runCases(t, []vcase{
		{
			name: "superseded by an existing record",
			edit: func(t *testing.T, tr tree) {
				addPlan2(t, tr)
				tr.Edit(t, planFile, "state: effective", "state: superseded\n  superseded_by: R-009-001-2025-002")
			},
		},
		{
			name: "superseded by an unknown record",
			edit: func(t *testing.T, tr tree) {
				addPlan2(t, tr)
				tr.Edit(t, planFile, "state: effective", "state: superseded\n  superseded_by: R-009-001-2025-020")
			},
			want: []want{errAt(40, 18, `no plan has the record ID "R-009-001-2025-020"`).Hinting(`did you mean "R-009-001-2025-002"?`)},
		},
		{
			name: "superseded_by on an effective record",
			edit: ed(planFile, "state: effective", "state: effective\n  superseded_by: R-009-001-2025-001"),
			want: []want{errAt(40, 18, `superseded_by is set but the state is "effective"`)},
		},
		{
			// Each names an existing record, yet none is current: the
			// cycle is reported once, at the first record of it.
			name: "supersession cycle",
			edit: func(t *testing.T, tr tree) {
				addPlan2(t, tr, "state: effective", "state: superseded\n  superseded_by: R-009-001-2025-001")
				tr.Edit(t, planFile, "state: effective", "state: superseded\n  superseded_by: R-009-001-2025-002")
			},
			want: []want{errAt(40, 18, "supersession cycle: R-009-001-2025-001 → R-009-001-2025-002 → R-009-001-2025-001").
				Hinting("one of these records must be the current one")},
		},
		{
			name: "a record cannot supersede itself",
			edit: ed(planFile, "state: effective", "state: superseded\n  superseded_by: R-009-001-2025-001"),
			want: []want{errAt(40, 18, "cannot supersede itself")},
		},
	})
}

func TestHardening(t *testing.T) {
	long := strings.Repeat("x", 201)
	runCases(t, []vcase{
		{
			// Every page's sidebar holds every plan's label: a long one
			// is copied into the whole site (12 plans of 600 KB made 200 MB).
			name: "sidebar label too long",
			edit: ed(planFile, "sidebar_label: ES ACME 20250110", "sidebar_label: "+long[:81]),
			want: []want{errAt(4, 16, "sidebar_label is 81 characters long; the limit is 80").Hinting("shorten it")},
		},
		{
			name: "title too long",
			edit: ed(planFile, "title: R-009-001 ES ACME 20250110", "title: "+long),
			want: []want{errAt(3, 8, "title is 201 characters long; the limit is 200").Hinting("shorten it")},
		},
		{
			name: "template title too long",
			edit: ed(tmplFile, "title: T-009-001 Basic Template", "title: "+long),
			want: []want{errAt(3, 8, "title is 201 characters long; the limit is 200").In(tmplFile)},
		},
		{
			// Hugo's heading id of "Task planning" is task-planning, the
			// anchor of the task row "planning": #task-planning would lead
			// to one of the two, and the page has a duplicate id.
			name: "section title whose heading id is a task anchor",
			edit: ed(tmplFile, "    title: Scope\n", "    title: Task Planning!\n"),
			want: []want{errAt(14, 12, `section title "Task Planning!" has the heading id "task-planning", the anchor of task "planning"`).In(tmplFile).Hinting("retitle")},
		},
		{
			name: "phase title whose heading id is a task anchor",
			edit: func(t *testing.T, tr tree) {
				// With an emoji, a phase's heading id starts with '-'.
				tr.Edit(t, tmplFile, "emoji: \"🏁\"\n    title: Kickoff\n", "emoji: \"\"\n    title: Task kickoff_meeting\n")
			},
			want: []want{errAt(31, 12, `phase title "Task kickoff_meeting" has the heading id "task-kickoff_meeting", the anchor of task "kickoff_meeting"`).In(tmplFile)},
		},
		{
			name: "extra section title whose heading id is an extra task anchor",
			edit: ed(planFile, "    title: Goals\n", "    title: Task legal_review\n"),
			want: []want{errAt(29, 12, `section title "Task legal_review" has the heading id "task-legal_review"`).Hinting("retitle")},
		},
		{
			name: "extra task whose anchor is a template heading's id",
			edit: ed(tmplFile, "    title: Scope\n", "    title: Task legal_review\n"),
			want: []want{errAt(22, 10, `extra_tasks[0]: task key "legal_review" has the anchor "task-legal_review", the id of the template's heading "Task legal_review"`).Hinting("choose another key")},
		},
		{
			name: "Markdown heading whose id is a task anchor",
			edit: ed(planFile, "  scope: Pilot in two hospitals.", "  scope: \"Pilot.\\n\\n## Task *planning*\""),
			want: []want{errAt(14, 3, `sections.scope (line 3 of the text): heading "Task planning" has the heading id "task-planning", the anchor of task "planning"`)},
		},
		{
			name: "Markdown heading of a template whose id is a task anchor",
			edit: ed(tmplFile, "example: What the client gets.", "example: \"# Task offer_sent\""),
			want: []want{errAt(17, 18, `example: heading "Task offer_sent" has the heading id "task-offer_sent"`).In(tmplFile)},
		},
		{
			// goldmark runs an unclosed fence to the end of the value:
			// everything after it would be shown as code.
			name: "unclosed code fence",
			edit: ed(planFile, "  scope: Pilot in two hospitals.", "  scope: |\n    Pilot.\n\n    ```\n    code\n\n    More text."),
			want: []want{errAt(14, 3, "sections.scope (line 3 of the text): code fence \"```\" is never closed").Hinting("close it with a line ```")},
		},
		{
			name: "slug reserved by Hugo",
			edit: ed(planFile, "slug: 2025-01-10-es-acme", "slug: index"),
			want: []want{errAt(2, 7, `slug "index" is reserved by Hugo`)},
		},
		{
			name: "slug starting with an underscore",
			edit: ed(planFile, "slug: 2025-01-10-es-acme", "slug: _index"),
			want: []want{errAt(2, 7, `slug "_index" is not safe in a URL`)},
		},
		{
			name: "alias naming an HTML file",
			edit: ed(planFile, "/records/GP-009/T-009-001/R-009-001-20250110-es-acme", "/index.html"),
			want: []want{errAt(6, 3, `aliases[0] "/index.html" is not a safe site path`)},
		},
		{
			name: "alias with a dot segment",
			edit: ed(planFile, "/records/GP-009/T-009-001/R-009-001-20250110-es-acme", "/records/."),
			want: []want{errAt(6, 3, `aliases[0] "/records/." is not a safe site path`)},
		},
		{
			name: "bidi override in a title",
			edit: ed(planFile, "title: R-009-001 ES ACME 20250110", "title: \"R-009-001 \u202eES ACME\""),
			want: []want{errAt(3, 8, "title: invisible control character U+202E")},
		},
		{
			// One check for every text value, Markdown or not: one finding,
			// one hint (validate and mdcheck each reported it before).
			name: "bidi override in Markdown is one finding",
			edit: ed(planFile, "scope: Pilot in two hospitals.", "scope: \"Pilot \u202e in two hospitals.\""),
			want: []want{errAt(14, 3, "sections.scope: invisible control character U+202E").
				Hinting("delete it: it makes text read differently from what it says")},
		},
		{
			name: "bidi isolate on the third line of Markdown",
			edit: ed(planFile, "scope: Pilot in two hospitals.", "scope: \"Pilot\\n\\nin \u2066two hospitals.\""),
			want: []want{errAt(14, 3, "sections.scope (line 3 of the text): invisible control character U+2066")},
		},
		{
			name: "NUL from an escape in a name",
			edit: ed(planFile, "title: R-009-001 ES ACME 20250110", "title: \"R-009-001 \\0ES\""),
			want: []want{errAt(3, 8, "title: invisible control character U+0000")},
		},
		{
			name: "invisible sidebar label",
			edit: ed(planFile, "sidebar_label: ES ACME 20250110", "sidebar_label: \"\u200d \u200b\""),
			want: []want{errAt(4, 16, "sidebar_label must not be empty")},
		},
		{
			name: "javascript link in a section",
			edit: ed(planFile, "scope: Pilot in two hospitals.", "scope: \"[x](javascript:alert(1)) and <b>x</b>\""),
			want: []want{
				errAt(14, 3, `sections.scope: link "javascript:alert(1)" has a scheme the portal does not allow`),
				errAt(14, 3, `sections.scope: raw HTML "<b>" is not allowed, and 1 more like it`),
			},
		},
		{
			name: "raw HTML in template text",
			edit: ed(tmplFile, "example: What the client gets.", "example: What the <i>client</i> gets."),
			want: []want{errAt(17, 18, `example: raw HTML "<i>" is not allowed, and 1 more like it`).In(tmplFile)},
		},
		{
			name: "a value the loader rejected is not reported again",
			edit: ed(planFile, "title: R-009-001 ES ACME 20250110", "title: [a]"),
			want: []want{errAt(3, 8, "title: expected text, found a list")},
		},
		{
			name: "an impossible effective date is one finding",
			edit: ed(planFile, "effective: 2025-01-20", "effective: 2025-02-30"),
			want: []want{errAt(40, 14, `"2025-02-30" is not a real calendar date`)},
		},
		{
			name: "responsible of separators only",
			edit: ed(tmplFile, "responsible: Deal Owner & JD-013 }", "responsible: \" & / \" }"),
			want: []want{errAt(27, 70, `responsible " & / " names no role`).In(tmplFile)},
		},
		{
			name: "credentials in the CRM link",
			edit: ed(planFile, "crm: https://app.hubspot.com", "crm: https://me:secret@app.hubspot.com"),
			want: []want{errAt(9, 8, "deal.crm contains credentials").Hinting("remove the user name and password")},
		},
		{
			name: "non-ASCII CRM host",
			edit: ed(planFile, "crm: https://app.hubspot.com", "crm: https://app.hübspot.com"),
			want: []want{errAt(9, 8, `deal.crm host "app.hübspot.com" is not ASCII`)},
		},
	})
}

// An empty registry is reported once, at the registry, however many
// follow-on findings the plans then get.
func TestEmptyRegistries(t *testing.T) {
	for file, body := range map[string]string{statusesFile: "statuses: []\n", rolesFile: "roles: []\n"} {
		tr := baseline(t)
		tr[file] = body
		var found bool
		for _, d := range run(t, tr) {
			if d.File == file && d.Line == 1 && strings.Contains(d.Message, "are defined") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: empty registry not reported at 1:x", file)
		}
	}
}

// The plans' text is checked on every core, yet Check reports in file
// order, as one pass over the plans would: plan after plan, and within a
// plan in the order of its values.
func TestTextFindingsInFileOrder(t *testing.T) {
	tr := baseline(t)
	orig := tr[planFile]
	delete(tr, planFile)
	for i := range 6 {
		file := fmt.Sprintf("data/plans/q%d.yaml", i)
		tr[file] = orig
		tr.Edit(t, file, "slug: 2025-01-10-es-acme", fmt.Sprintf("slug: 2025-01-1%d-es-p", i))
		tr.Edit(t, file, "R-009-001-20250110-es-acme", fmt.Sprintf("R-009-001-2025011%d-es-p", i))
		tr.Edit(t, file, "id: R-009-001-2025-001", fmt.Sprintf("id: R-009-001-2025-10%d", i))
		tr.Edit(t, file, "title: R-009-001 ES ACME 20250110", fmt.Sprintf("title: R-009-001 [P%d] ACME", i))
		tr.Edit(t, file, "scope: Pilot in two hospitals.", fmt.Sprintf("scope: Pilot in <em>%d</em> hospitals.", i))
	}
	var got []string
	for _, d := range run(t, tr) {
		got = append(got, fmt.Sprintf("%s:%d %s", d.Pos.File, d.Pos.Line, d.Message))
	}
	var want []string
	for i := range 6 {
		want = append(want, fmt.Sprintf("data/plans/q%d.yaml:3 title: unfilled placeholder [P%d]", i, i),
			fmt.Sprintf("data/plans/q%d.yaml:14 sections.scope: raw HTML \"<em>\" is not allowed, and 1 more like it", i))
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
