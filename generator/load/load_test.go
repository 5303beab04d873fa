package load_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
)

func TestBaselineLoads(t *testing.T) {
	data, ds := load.Load(baseline(t).FS(t), root)
	expect(t, ds)
	if len(data.Templates) != 1 || len(data.Plans) != 1 {
		t.Fatalf("loaded %d templates and %d plans, want 1 and 1", len(data.Templates), len(data.Plans))
	}
	p := data.Plans[0]
	if p.Src.File != planFile || p.Src.Line != 1 || p.Src.Col != 1 {
		t.Errorf("plan Src = %+v, want %s:1:1", p.Src.Pos, planFile)
	}
	if got := p.Src.At("slug"); got != (diag.Pos{File: planFile, Line: 2, Col: 7}) {
		t.Errorf("position of slug = %+v, want 2:7", got)
	}
	if got := p.Tasks["planning"].Src.At("end"); got != (diag.Pos{File: planFile, Line: 16, Col: 39}) {
		t.Errorf("position of tasks.planning.end = %+v, want 16:39", got)
	}
	if got := p.Tasks["planning"].End; !got.Equal(model.MustDate("2025-01-10")) {
		t.Errorf("tasks.planning.end = %s", got)
	}
	if got := len(p.ExtraSections[0].Content[1].Table.Rows[0]); got != 2 {
		t.Errorf("table row has %d cells, want 2", got)
	}
	if d := p.Document; d.Revision != 1 || d.Approver == nil || d.Approver.Role != "Deal Owner" || len(d.History) != 2 {
		t.Errorf("document = %+v", d)
	}
}

// TestLoadErrors changes one file of the baseline per case and checks every
// finding Load reports: severity, file, line:col, message and hint.
func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name string
		edit func(t *testing.T, tr tree)
		want []want
	}{
		{
			name: "yaml syntax error",
			edit: ed(planFile, "sidebar_label: ES", "sidebar_label ES"),
			want: []want{errAt(4, 1, "invalid YAML: non-map value is specified").Hinting("a missing ':'")},
		},
		{
			// The quoted text runs on to the '"' of line 8; the parser stops
			// at the text that follows that quote.
			name: "unclosed quote",
			edit: ed(planFile, "title: R-009-001", "title: \"R-009-001"),
			want: []want{errAt(8, 8, "invalid YAML: value is not allowed in this context")},
		},
		{
			name: "bad indentation",
			// Indented deeper, line 10 continues the value of line 9, which
			// then holds a ': '; the parser points at that value.
			edit: ed(planFile, "  name: ACME pilot", "   name: ACME pilot"),
			want: []want{errAt(9, 8, "invalid YAML: mapping value is not allowed in this context")},
		},
		{
			name: "tab indentation",
			edit: ed(planFile, "  name: ACME pilot", "\tname: ACME pilot"),
			want: []want{errAt(10, 1, "invalid YAML: found character '\t' that cannot start any token").Hinting("a tab")},
		},
		{
			name: "unknown key close to a known one",
			edit: ed(planFile, "sidebar_label:", "sidebar_lable:"),
			want: []want{
				errAt(4, 1, `top level: unknown key "sidebar_lable"`).Hinting(`did you mean "sidebar_label"?`),
				errAt(1, 1, `top level: missing required key "sidebar_label"`).Hinting("add 'sidebar_label:'"),
			},
		},
		{
			name: "unknown nested key close to a known one",
			edit: ed(planFile, "  effective: 2025", "  efective: 2025"),
			want: []want{errAt(40, 3, `document: unknown key "efective"`).Hinting(`did you mean "effective"?`)},
		},
		{
			name: "unknown key far from any",
			edit: ed(planFile, "template: basic\n", "template: basic\ncolour: red\n"),
			want: []want{errAt(2, 1, `top level: unknown key "colour"`).
				Hinting("known keys: aliases, conditions, deal, document, extra_sections, extra_tasks, features, fields, sections, sidebar_label, slug, status, tasks, template, title")},
		},
		{
			name: "list where text expected",
			edit: ed(planFile, "title: R-009-001 ES ACME 20250110", "title: [R-009-001, ACME]"),
			want: []want{errAt(3, 8, "title: expected text, found a list").Hinting("write plain text")},
		},
		{
			name: "mapping where text expected",
			edit: ed(planFile, `  id: "123"`, "  id: {a: 1}"),
			want: []want{errAt(8, 7, "deal.id: expected text, found a mapping")},
		},
		{
			name: "text where list expected",
			edit: func(t *testing.T, tr tree) {
				tr.Edit(t, planFile, "aliases:\n  - /records", "aliases: /records")
			},
			want: []want{errAt(5, 10, `aliases: expected a list, found a value "/records/GP-009`).Hinting("write a list")},
		},
		{
			name: "text where mapping expected",
			edit: ed(planFile, "  kickoff_meeting: { date: 2025-02-03 }", "  kickoff_meeting: soon"),
			want: []want{errAt(18, 20, `tasks.kickoff_meeting: expected a mapping, found a value "soon"`)},
		},
		{
			name: "text where number expected",
			edit: ed(planFile, "  revision: 1\n", "  revision: abc\n"),
			want: []want{errAt(38, 13, `document.revision: "abc" is not a whole number`).Hinting("write a whole number")},
		},
		{
			name: "list where number expected",
			edit: ed(planFile, "  revision: 1\n", "  revision: [1]\n"),
			want: []want{errAt(38, 13, "document.revision: expected a whole number, found a list")},
		},
		{
			name: "text where true or false expected",
			edit: ed(tmplFile, "    tasks: true", "    tasks: yes please"),
			want: []want{errAt(20, 12, `sections[2].tasks: "yes please" is not a true or false`).In(tmplFile).Hinting("write true or false")},
		},
		{
			// Decoding used to drop the fraction and give revision 1.
			name: "fraction where whole number expected",
			edit: ed(planFile, "  revision: 1\n", "  revision: 1.5\n"),
			want: []want{errAt(38, 13, `document.revision: "1.5" is not a whole number`).Hinting("write a whole number")},
		},
		{
			// YAML 1.1's yes/no are text in YAML 1.2 and in the JSON Schema.
			name: "yes where true or false expected",
			edit: ed(tmplFile, "    tasks: true", "    tasks: yes"),
			want: []want{errAt(20, 12, `sections[2].tasks: "yes" is not a true or false`).In(tmplFile).Hinting("write true or false")},
		},
		{
			// A tag was ignored: the base64 text became the title.
			name: "tag",
			edit: ed(planFile, "title: R-009-001 ES ACME 20250110", "title: !!binary UgA="),
			want: []want{errAt(3, 8, "title: YAML tags such as !!binary are not supported").Hinting("remove the tag")},
		},
		{
			name: "duplicate key",
			edit: ed(planFile, "title: R-009-001", "slug: again\ntitle: R-009-001"),
			want: []want{errAt(3, 1, `top level: key "slug" is written twice`).Hinting("the first is at line 2")},
		},
		{
			name: "duplicate key in a map field",
			edit: ed(planFile, "  scope: Pilot", "  scope: One\n  scope: Pilot"),
			want: []want{errAt(15, 3, `sections: key "scope" is written twice`).Hinting("the first is at line 14")},
		},
		{
			// Past a few keys the keys seen are kept differently.
			name: "duplicate key among many",
			edit: ed(planFile, "  scope: Pilot", manyKeys(18)+"  k02: again\n  scope: Pilot"),
			want: []want{errAt(32, 3, `sections: key "k02" is written twice`).Hinting("the first is at line 15")},
		},
		{
			name: "missing required key",
			edit: func(t *testing.T, tr tree) {
				tr.Edit(t, planFile, "deal:\n  id: \"123\"\n  crm: https://app.hubspot.com/contacts/1/record/0-3/123\n  name: ACME pilot\n", "")
			},
			want: []want{errAt(1, 1, `top level: missing required key "deal"`).Hinting("add 'deal:'")},
		},
		{
			name: "missing required nested key",
			edit: ed(planFile, "name: Bea Sol, ", ""),
			want: []want{errAt(42, 13, `document.approver: missing required key "name"`)},
		},
		{
			name: "anchor and alias",
			edit: func(t *testing.T, tr tree) {
				tr.Edit(t, planFile, "sidebar_label: ES ACME 20250110", "sidebar_label: &label ES ACME 20250110\nfeatures: [*label]")
			},
			want: []want{
				errAt(4, 16, "YAML anchors and aliases (& and *) are not supported").Hinting("write the value out in full"),
				errAt(5, 12, "YAML anchors and aliases (& and *) are not supported"),
			},
		},
		{
			name: "merge key",
			edit: func(t *testing.T, tr tree) {
				tr.Edit(t, planFile, "  planning: { start", "  planning: &p { start")
				tr.Edit(t, planFile, "  offer_sent: { start", "  offer_sent: { <<: *p, start")
			},
			want: []want{
				errAt(16, 13, "YAML anchors and aliases (& and *) are not supported"),
				errAt(17, 17, `tasks.offer_sent: unknown key "<<"`),
			},
		},
		{
			name: "second document",
			edit: func(t *testing.T, tr tree) { tr[planFile] += "---\ntemplate: basic\n" },
			want: []want{errAt(46, 1, "a second YAML document starts here").Hinting("keep one document per file")},
		},
		{
			// After an end marker a document needs no '---'.
			name: "second document after a document end",
			edit: func(t *testing.T, tr tree) { tr[planFile] += "...\ntemplate: basic\n" },
			want: []want{errAt(47, 1, "a second YAML document starts here")},
		},
		{
			name: "syntax error in a second document",
			edit: func(t *testing.T, tr tree) { tr[planFile] += "---\ntitle: \"open\n" },
			want: []want{errAt(47, 8, "invalid YAML: could not find end character of double-quoted text")},
		},
		{
			name: "empty file",
			edit: func(t *testing.T, tr tree) { tr[planFile] = "" },
			want: []want{errAt(1, 1, "file is empty")},
		},
		{
			name: "file with only comments",
			edit: func(t *testing.T, tr tree) { tr[planFile] = "# nothing yet\n" },
			want: []want{errAt(1, 1, "file is empty")},
		},
		{
			// The parser gives no document at all for a lone end marker.
			name: "file holding only a document end",
			edit: func(t *testing.T, tr tree) { tr[planFile] = "...\n" },
			want: []want{errAt(1, 1, "file is empty")},
		},
		{
			name: "file holding only null",
			edit: func(t *testing.T, tr tree) { tr[planFile] = "~\n" },
			want: []want{errAt(1, 1, "file is empty")},
		},
		{
			name: "file holding a list",
			edit: func(t *testing.T, tr tree) { tr[planFile] = "- template: basic\n" },
			want: []want{errAt(1, 1, "top level: expected a mapping, found a list")},
		},
		{
			name: "file over MaxFileSize",
			edit: func(t *testing.T, tr tree) { tr[planFile] += "# " + strings.Repeat("x", load.MaxFileSize) + "\n" },
			want: []want{errAt(0, 0, fmt.Sprintf("more than the %d allowed", load.MaxFileSize)).Hinting("split it")},
		},
		{
			name: "non-yaml file in plans",
			edit: func(t *testing.T, tr tree) { tr["data/plans/p2.yml"] = tr[planFile] },
			want: []want{errAt(0, 0, "not a .yaml file, so it would be ignored").In("data/plans/p2.yml").Hinting("rename it to end in .yaml")},
		},
		{
			name: "sub-directory in plans",
			edit: func(t *testing.T, tr tree) { tr["data/plans/old/p2.yaml"] = tr[planFile] },
			want: []want{errAt(0, 0, "sub-directories are not read").In("data/plans/old")},
		},
		{
			name: "hidden files and README are skipped",
			edit: func(t *testing.T, tr tree) {
				tr["data/plans/.p1.yaml.swp"] = "\x00"
				tr["data/plans/README.md"] = "# Plans"
			},
		},
		{
			name: "missing registry",
			edit: func(t *testing.T, tr tree) { delete(tr, rolesFile) },
			want: []want{errAt(0, 0, "cannot read file").In(rolesFile).Hinting("create it")},
		},
		{
			name: "invalid date",
			edit: ed(planFile, "date: 2025-02-03", "date: 2025-02-30"),
			want: []want{errAt(18, 28, `tasks.kickoff_meeting.date: "2025-02-30" is not a real calendar date in the form YYYY-MM-DD`).
				Hinting("write a real date as YYYY-MM-DD")},
		},
		{
			name: "date in another format",
			edit: ed(planFile, "effective: 2025-01-20", "effective: 20/01/2025"),
			want: []want{errAt(40, 14, `document.effective: "20/01/2025" is not a real calendar date in the form YYYY-MM-DD`)},
		},
		{
			name: "date given as a list",
			edit: ed(planFile, "effective: 2025-01-20", "effective: [2025-01-20]"),
			want: []want{errAt(40, 14, "document.effective: expected a date YYYY-MM-DD, found a list")},
		},
		{
			name: "key that is not text",
			edit: ed(planFile, "  scope: Pilot", "  ? [a, b]\n  : x\n  scope: Pilot"),
			// The parser refuses a key that is not a scalar, at its ':'.
			want: []want{errAt(15, 3, "invalid YAML: found an invalid key for this map")},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr := baseline(t)
			c.edit(t, tr)
			_, ds := load.Load(tr.FS(t), root)
			expect(t, ds, c.want...)
		})
	}
}

// An ID written as a number (or anything YAML would read as one) is kept as
// the exact text written.
func TestNumberAsText(t *testing.T) {
	for _, id := range []string{"10482937561", "00123", "1e3", "0x1F", "12_345", "1.50", "true", "2025-01-10"} {
		t.Run(id, func(t *testing.T) {
			tr := baseline(t)
			tr.Edit(t, planFile, `id: "123"`, "id: "+id)
			data, ds := load.Load(tr.FS(t), root)
			expect(t, ds)
			if got := data.Plans[0].Deal.ID; got != id {
				t.Errorf("deal.id = %q, want %q", got, id)
			}
		})
	}
}

// A null is refused wherever it is written: a required key written as null
// is not present (document: null once made every other record "Superseded
// by" that plan), and an optional one is left out instead.
func TestNullRefused(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(t *testing.T, tr tree)
		want want
	}{
		{
			name: "required scalar",
			edit: ed(planFile, "  revision: 1\n", "  revision: null\n"),
			want: errAt(38, 13, "document.revision: null is not a value here").Hinting("write its value"),
		},
		{
			name: "tilde",
			edit: ed(planFile, "title: R-009-001 ES ACME 20250110", "title: ~"),
			want: errAt(3, 8, "title: null is not a value here"),
		},
		{
			name: "empty value of an optional key",
			edit: ed(planFile, "aliases:\n  - /records/GP-009/T-009-001/R-009-001-20250110-es-acme\n", "aliases:\n"),
			want: errAt(5, 9, "aliases: null is not a value here").Hinting("or remove the key"),
		},
		{
			name: "signature date",
			edit: ed(planFile, "role: JD-013, date: 2025-01-15 }", "role: JD-013, date: null }"),
			want: errAt(41, 49, "document.author.date: null is not a value here"),
		},
		{
			name: "history field",
			edit: ed(planFile, "reason: First issue,", "reason: ~,"),
			want: errAt(44, 48, "document.history[0].reason: null is not a value here"),
		},
		{
			name: "list item",
			edit: ed(planFile, "columns: [Goal, Metric]", "columns: [Goal, null]"),
			want: errAt(33, 27, "extra_sections[0].content[1].table.columns[1]: null is not a value here").Hinting("remove the item"),
		},
		{
			name: "map value",
			edit: ed(planFile, "  scope: Pilot in two hospitals.", "  scope: null"),
			want: errAt(14, 10, "sections.scope: null is not a value here"),
		},
		{
			name: "optional status",
			edit: ed(planFile, "kickoff_meeting: { date: 2025-02-03 }", "kickoff_meeting: { date: 2025-02-03, status: ~ }"),
			want: errAt(18, 48, "tasks.kickoff_meeting.status: null is not a value here"),
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := baseline(t)
			c.edit(t, tr)
			_, ds := load.Load(tr.FS(t), root)
			expect(t, ds, c.want)
		})
	}
}

// A required mapping written as null is reported once, not also as
// missing, and the plan's other keys are still checked.
func TestNullDocument(t *testing.T) {
	tr := baseline(t)
	s := tr[planFile]
	tr[planFile] = s[:strings.Index(s, "document:")] + "document: null\n"
	_, ds := load.Load(tr.FS(t), root)
	expect(t, ds, errAt(36, 11, "document: null is not a value here").Hinting("write its value"))
}

// Whole numbers are read exactly as written in decimal digits, or refused:
// YAML would read 0x10 as 16, 010 as 8 or 10, and a fraction might be
// truncated.
func TestNumbersAsWritten(t *testing.T) {
	for _, c := range []struct {
		text string
		want int
		msg  string
	}{
		{text: "0", want: 0},
		{text: "12", want: 12},
		{text: "1.5", msg: `"1.5" is not a whole number`},
		{text: "2.0", msg: `"2.0" is not a whole number`},
		{text: "1e3", msg: `"1e3" is not a whole number`},
		{text: "0x10", msg: `"0x10" is not a whole number`},
		{text: "0o10", msg: `"0o10" is not a whole number`},
		{text: "0b11", msg: `"0b11" is not a whole number`},
		{text: "010", msg: `"010" is not a whole number`},
		{text: "+1", msg: `"+1" is not a whole number`},
		{text: "-0", msg: `"-0" is not a whole number`},
		{text: "1_000", msg: `"1_000" is not a whole number`},
		{text: ".inf", msg: `".inf" is not a whole number`},
		{text: "9223372036854775808", msg: `"9223372036854775808" is not a whole number`},
		{text: "99999999999999999999", msg: `"99999999999999999999" is not a whole number`},
		{text: `"3"`, msg: `"3" is not a whole number`},
	} {
		t.Run(c.text, func(t *testing.T) {
			tr := baseline(t)
			tr.Edit(t, planFile, "  revision: 1\n", "  revision: "+c.text+"\n")
			data, ds := load.Load(tr.FS(t), root)
			if c.msg == "" {
				expect(t, ds)
				if got := data.Plans[0].Document.Revision; got != c.want {
					t.Errorf("revision = %d, want %d", got, c.want)
				}
				return
			}
			expect(t, ds, errAt(38, 13, "document.revision: "+c.msg).Hinting("decimal digits"))
		})
	}
}

// A broken plan does not stop the others from loading, and all findings of
// all files come back from one run.
func TestAllFilesReported(t *testing.T) {
	tr := baseline(t)
	tr["data/plans/a.yaml"] = "title: [\n"
	tr["data/plans/b.yaml"] = ""
	tr.Edit(t, tmplFile, "weight: 10", "weight: ten")
	data, ds := load.Load(tr.FS(t), root)
	expect(t, ds,
		errAt(1, 8, "invalid YAML: sequence end token ']' not found").In("data/plans/a.yaml"),
		errAt(1, 1, "file is empty").In("data/plans/b.yaml"),
		errAt(6, 9, `weight: "ten" is not a whole number`).In(tmplFile),
	)
	if len(data.Plans) != 1 || data.Plans[0].Src.File != planFile {
		t.Errorf("loaded %d plans, want only %s", len(data.Plans), planFile)
	}
}

// Three different mistakes in one file give three findings in one run.
func TestThreeMistakesInOneFile(t *testing.T) {
	tr := baseline(t)
	tr.Edit(t, planFile, "  name: ACME pilot\n", "  name: ACME pilot\n  owner: Ana\n")
	tr.Edit(t, planFile, "  revision: 1\n", "  revision: one\n")
	tr.Edit(t, planFile, "date: 2025-02-03", "date: 2025-13-01")
	_, ds := load.Load(tr.FS(t), root)
	expect(t, ds,
		errAt(11, 3, `deal: unknown key "owner"`),
		errAt(19, 28, `"2025-13-01" is not a real calendar date`),
		errAt(39, 13, `document.revision: "one" is not a whole number`),
	)
}

// A file that is not a mapping is reported and not returned, so validation
// does not pile findings without a position on top.
func TestNotAMappingIsNotLoaded(t *testing.T) {
	for _, c := range []struct{ content, msg string }{
		{"~\n", "file is empty"},
		{"null\n", "file is empty"},
		{"- template: basic\n", "top level: expected a mapping, found a list"},
		{"just text\n", `top level: expected a mapping, found a value "just text"`},
		{"&a {template: basic}\n", "YAML anchors and aliases"},
	} {
		t.Run(c.content, func(t *testing.T) {
			tr := baseline(t)
			tr[planFile] = c.content
			data, ds := load.Load(tr.FS(t), root)
			expect(t, ds, errAt(1, 1, c.msg))
			if len(data.Plans) != 0 {
				t.Errorf("got %d plans, want none", len(data.Plans))
			}
		})
	}
}

// A value quoted in a finding is clipped and escaped (diag.Quote): a file
// of one 100 KB line, or a key holding control characters, is not echoed
// whole into the terminal or a CI log.
func TestQuotedInputClipped(t *testing.T) {
	for _, c := range []struct{ name, content, msg string }{
		{"long text", strings.Repeat("x", 100_000) + "\n", `top level: expected a mapping, found a value "` + strings.Repeat("x", 64) + `"…`},
		{"long key", strings.Repeat("k", 100_000) + ": 1\n", `top level: unknown key "` + strings.Repeat("k", 64) + `"…`},
		{"escape in a key", "\"a\\e]0;pwned\\a\": 1\n", `top level: unknown key "a\x1b]0;pwned\a"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := baseline(t)
			tr[planFile] = c.content
			_, ds := load.Load(tr.FS(t), root)
			found := false
			for _, d := range ds {
				if len(d.Message) > 200 {
					t.Errorf("message of %d bytes: %.80s…", len(d.Message), d.Message)
				}
				found = found || strings.Contains(d.Message, c.msg)
			}
			if !found {
				t.Errorf("no finding %q in %v", c.msg, ds)
			}
		})
	}
}

// Flow collections nested deeper than MaxDepth are refused before parsing:
// the parser's time and memory grow with the square of the depth. Brackets
// inside quotes, comments and plain text do not count.
func TestNestingBounded(t *testing.T) {
	deep := strings.Repeat("[", 40_000) + strings.Repeat("]", 40_000)
	for _, c := range []struct {
		name, title string
		want        []want
	}{
		{"40,000 deep", deep, []want{errAt(3, 8+load.MaxDepth, fmt.Sprintf("brackets nested more than %d deep", load.MaxDepth))}},
		{"just too deep", strings.Repeat("[", load.MaxDepth+1) + strings.Repeat("]", load.MaxDepth+1), []want{errAt(3, 8+load.MaxDepth, "brackets nested more than")}},
		{"deep enough", strings.Repeat("[", load.MaxDepth) + strings.Repeat("]", load.MaxDepth), []want{errAt(3, 8, "title: expected text, found a list")}},
		{"in double quotes", `"` + deep + `"`, nil},
		{"in single quotes", `'it''s ` + deep + `'`, nil},
		{"in plain text", "a " + deep, nil},
		{"in a comment", "R-009-001 # " + deep, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := baseline(t)
			tr.Edit(t, planFile, "title: R-009-001 ES ACME 20250110", "title: "+c.title)
			_, ds := load.Load(tr.FS(t), root)
			expect(t, ds, c.want...)
		})
	}
}

// manyKeys is n lines "  k01: x", "  k02: x" ...
func manyKeys(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  k%02d: x\n", i)
	}
	return b.String()
}
