package docusaurus_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
)

// TestRecords: a sample record's page with one thing changed; what the
// import makes of it and what it reports, at which place. The place is the
// line holding at (the changed text), at column col.
func TestRecords(t *testing.T) {
	data := sampleData(t)
	var plan *model.Plan
	for _, p := range data.Plans {
		if p.Slug == "2025-08-22-br-lm-oncoderm-ae" {
			plan = p
		}
	}
	var tm *model.Template
	for _, x := range data.Templates {
		if x.Key == plan.Template {
			tm = x
		}
	}
	page := docusaurusRecord(plan, tm, data.Statuses, false)
	tests := []struct {
		name     string
		old, new string // the change to the page
		at       string // the line the finding is on ("" for line 1)
		col      int
		want     string // the finding: "severity: message" prefix; "" for none
		yaml     string // a line the plan must hold
	}{{
		name: "a task table with an unknown status",
		old:  "| 2025-06-30 | 2025-08-15 | ✅ Done |", new: "| 2025-06-30 | 2025-08-15 | 🤷 Unsure |",
		at: "🤷 Unsure", col: 180, want: `error: unknown status "🤷 Unsure"`,
	}, {
		name: "a status by its label alone",
		old:  "| 2025-06-30 | 2025-08-15 | ✅ Done |", new: "| 2025-06-30 | 2025-08-15 | Done |",
		yaml: "    status: done",
	}, {
		name: "a row the template lacks",
		old:  "| Offer Approved |", new: "| Legal check | Lawyers read it. | Client | 2025-08-26 | 2025-08-27 | ✅ Done | |\n| Offer Approved |",
		yaml: "    after: offer_review",
	}, {
		name: "an unknown role",
		old:  "| Offer Review | Customer internal review period. | Client |", new: "| Offer Review | Customer internal review period. | Cliente |",
		at: "| Cliente |", col: 53, want: `error: unknown role "Cliente"`,
	}, {
		name: "a date that does not exist",
		old:  "| 2025-06-30 | 2025-08-15 |", new: "| 2025-06-31 | 2025-08-15 |",
		at: "2025-06-31", col: 154, want: "error: date cell:",
	}, {
		name: "an unset date",
		old:  "| 2025-06-30 | 2025-08-15 |", new: "| [YYYY-MM-DD] | 2025-08-15 |",
		yaml: "    end: \"2025-08-15\"",
	}, {
		name: "an unknown column",
		old:  "| Task | Description | Responsible | Date | Status |", new: "| Task | Description | Responsible | Day | Status |",
		at: "| Day |", col: 38, want: `error: unknown task-table column "Day"`,
	}, {
		name: "a record whose template cannot be recognised",
		old:  "- **Product:** Iframe", new: "- **Product:** Hologram",
		want: "error: cannot recognise the template of this record; the closest, integrated-iframe, differs: Product is \"Hologram\", not \"Iframe\"",
	}, {
		name: "a placeholder left unfilled",
		old:  "- **Countries:** Brazil", new: "- **Countries:** [COUNTRIES]",
	}, {
		name: "a heading the template lacks",
		old:  "## Project timeline and milestones", new: "## Risks\n\nNone known.\n\n## Project timeline and milestones",
		yaml: "    title: Risks",
	}, {
		name: "a version-control table under another heading",
		old:  "## Document control", new: "## Revision history",
		want: "warning: no Document ID on the page", yaml: "      reason: First issue",
	}, {
		name: "no document control",
		old:  "## Document control", new: "## Appendix",
		want: "warning: no Document ID on the page; wrote R-009-001-[x]",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(page, tc.old) {
				t.Fatalf("the page has no %q", tc.old)
			}
			text := strings.Replace(page, tc.old, tc.new, 1)
			res := importTree(t, map[string]string{"records/GP-009/r-009-001/x.md": text})
			var got []diag.Diagnostic
			for _, d := range res.Diags {
				if tc.want != "" && strings.HasPrefix(fmt.Sprintf("%s: %s", d.Severity, d.Message), tc.want) {
					got = append(got, d)
				}
			}
			if tc.want == "" {
				for _, d := range res.Diags {
					t.Errorf("finding: %s", d)
				}
			} else if len(got) != 1 {
				t.Fatalf("want one finding %q, got:\n%v", tc.want, res.Diags)
			} else {
				line := 1 + 4 // the front matter lines before the body
				if tc.at != "" {
					line = 1 + strings.Count(text[:strings.Index(text, tc.at)], "\n")
				} else {
					line = 5
				}
				want := diag.Pos{File: "docs/records/GP-009/r-009-001/x.md", Line: line, Col: max(tc.col, 1)}
				if got[0].Pos != want {
					t.Errorf("at %s, want %s", got[0].Pos, want)
				}
				if got[0].Hint == "" {
					t.Errorf("no fix: %s", got[0])
				}
			}
			if tc.yaml != "" {
				y, ok := fileOf(res, "data/plans/x.yaml")
				if !ok {
					t.Fatalf("no plan written: %v", res.Diags)
				}
				if !contains(strings.Split(y, "\n"), tc.yaml) {
					t.Errorf("no line %q in\n%s", tc.yaml, y)
				}
			}
		})
	}
}
