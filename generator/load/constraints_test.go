package load_test

import (
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/load"
)

// The pattern= and minimum= keywords of the model's jsonschema tags, which
// editors check through the shipped schema, are enforced by the loader too.
func TestSchemaConstraints(t *testing.T) {
	const keyWords = "use lower-case letters, digits, '_' and '-', starting with a lower-case letter or a digit"
	for _, c := range []struct {
		name string
		edit func(*testing.T, tree)
		want []want
	}{
		{
			name: "section key",
			edit: ed(tmplFile, "  - key: details", `  - key: "Sum mary!"`),
			want: []want{errAt(8, 10, `sections[0].key "Sum mary!" is not allowed: `+keyWords).In(tmplFile).
				Hinting(`write it as "sum_mary"`)},
		},
		{
			name: "status key",
			edit: ed(statusesFile, "{ key: pending,", `{ key: "Blocked <b>",`),
			want: []want{errAt(2, 12, `statuses[0].key "Blocked <b>" is not allowed: use lower-case letters, digits and '-', starting with a lower-case letter`).
				In(statusesFile).Hinting(`write it as "blocked-b"`)},
		},
		{
			name: "status key starting with a digit",
			edit: ed(statusesFile, "{ key: pending,", `{ key: 1st,`),
			want: []want{errAt(2, 12, `statuses[0].key "1st" is not allowed`).In(statusesFile).Hinting("see the schema in data/schema")},
		},
		{
			name: "placeholder",
			edit: ed(tmplFile, "placeholder: START_DATE", "placeholder: start date"),
			want: []want{errAt(11, 68, `sections[0].fields[0].placeholder "start date" is not allowed: use capital letters, digits, '_' and '-'`).
				In(tmplFile).Hinting(`write it as "START_DATE"`)},
		},
		{
			name: "field key with a dash",
			edit: ed(tmplFile, "key: start_date", "key: start-date"),
			want: []want{errAt(11, 16, `sections[0].fields[0].key "start-date" is not allowed: use lower-case letters, digits and '_'`).
				In(tmplFile).Hinting(`write it as "start_date"`)},
		},
		{
			name: "spaces around a key",
			edit: ed(planFile, "key: legal_review", `key: " legal_review "`),
			want: []want{errAt(22, 10, `extra_tasks[0].key " legal_review " is not allowed: it starts or ends with a space; `+keyWords).
				Hinting(`write it as "legal_review"`)},
		},
		{
			name: "tab after a key",
			edit: ed(planFile, "key: legal_review", `key: "legal_review\t"`),
			want: []want{errAt(22, 10, `extra_tasks[0].key "legal_review\t" is not allowed: it starts or ends with a space`)},
		},
		{
			name: "no suggestion when nothing fits",
			edit: ed(planFile, "key: legal_review", `key: "!!!"`),
			want: []want{errAt(22, 10, `extra_tasks[0].key "!!!" is not allowed`).Hinting("see the schema in data/schema")},
		},
		{
			name: "number written for a key fits",
			edit: ed(planFile, "key: legal_review", "key: 2025"),
		},
		{
			// Left to the checks for required and non-empty values.
			name: "empty key",
			edit: ed(planFile, "key: legal_review", `key: ""`),
		},
		{
			name: "null key",
			edit: ed(planFile, "key: legal_review", "key: ~"),
			want: []want{errAt(22, 10, "extra_tasks[0].key: null is not a value here")},
		},
		{
			name: "a key of the wrong type is reported once",
			edit: ed(planFile, "key: legal_review", "key: [a, b]"),
			want: []want{errAt(22, 10, "extra_tasks[0].key: expected text, found a list")},
		},
		{
			name: "negative revision",
			edit: ed(planFile, "  revision: 1\n", "  revision: -1\n"),
			want: []want{errAt(38, 13, "document.revision: -1 is less than 0, the smallest allowed").Hinting("write a number of 0 or more")},
		},
		{
			name: "negative revision in the history",
			edit: ed(planFile, "{ revision: 0,", "{ revision: -3,"),
			want: []want{errAt(44, 19, "document.history[0].revision: -3 is less than 0").Hinting("write a number of 0 or more")},
		},
		{
			name: "revision that is not a number is reported once",
			edit: ed(planFile, "  revision: 1\n", "  revision: -x\n"),
			want: []want{errAt(38, 13, `document.revision: "-x" is not a whole number`)},
		},
		{
			// Slugs are checked by validate, which also refuses '..' and
			// names reserved by Hugo; the loader leaves them alone.
			name: "slug is left to validate",
			edit: ed(planFile, "slug: 2025-01-10-es-acme", "slug: has space"),
		},
		{
			name: "date out of range",
			edit: ed(planFile, "date: 2025-02-03", "date: 0001-01-01"),
			want: []want{errAt(18, 28, "tasks.kickoff_meeting.date: year 0001 is out of range (1900–2999)").Hinting("write a real date as YYYY-MM-DD")},
		},
		{
			name: "year zero",
			edit: ed(planFile, "effective: 2025-01-20", "effective: 0000-01-01"),
			want: []want{errAt(40, 14, "document.effective: year 0000 is out of range (1900–2999)")},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := baseline(t)
			c.edit(t, tr)
			_, ds := load.Load(tr.FS(t), root)
			expect(t, ds, c.want...)
		})
	}
}

// The repository's own data loads without a finding (validate's
// TestShippedData checks it further).
func TestShippedDataLoads(t *testing.T) {
	data, ds := load.Load(afero.NewOsFs(), "../..")
	expect(t, ds)
	if len(data.Templates) == 0 || len(data.Plans) == 0 {
		t.Errorf("loaded %d templates and %d plans from ../../data", len(data.Templates), len(data.Plans))
	}
}
