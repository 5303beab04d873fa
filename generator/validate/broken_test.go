package validate_test

import (
	"testing"
)

// A registry or template file with errors is reported once, at its own
// place: the checks of other files that depend on it are skipped, with one
// finding saying so, rather than each plan naming a role reporting it as
// unknown.
func TestBrokenFileStopsDependentChecks(t *testing.T) {
	const skipped = "not checked"
	for _, c := range []struct {
		name string
		edit func(t *testing.T, tr tree)
		want []want
	}{
		{
			name: "syntax error in roles.yaml",
			edit: ed(rolesFile, "roles:\n", "roles: [\n"),
			want: []want{
				errAt(2, 8, "invalid YAML").In(rolesFile),
				warnAt(0, 0, "8 reference(s) to roles not checked: this file has errors").In(rolesFile).Hinting("fix " + rolesFile),
			},
		},
		{
			name: "roles.yaml not a mapping",
			edit: func(t *testing.T, tr tree) { tr[rolesFile] = "- code: Client\n" },
			want: []want{
				errAt(1, 1, "top level: expected a mapping, found a list").In(rolesFile),
				warnAt(0, 0, skipped).In(rolesFile),
			},
		},
		{
			name: "a bad role",
			edit: ed(rolesFile, "  - code: Client\n", "  - code: [Client]\n"),
			want: []want{
				errAt(5, 11, "roles[1].code: expected text, found a list").In(rolesFile),
				warnAt(0, 0, skipped).In(rolesFile),
			},
		},
		{
			name: "syntax error in statuses.yaml",
			edit: ed(statusesFile, "statuses:\n", "statuses: {\n"),
			want: []want{
				errAt(2, 3, "invalid YAML").In(statusesFile),
				warnAt(0, 0, skipped).In(statusesFile).Hinting("fix " + statusesFile),
			},
		},
		{
			name: "syntax error in the template",
			edit: ed(tmplFile, "weight: 10", "weight: [10"),
			want: []want{
				errAt(7, 1, "invalid YAML").In(tmplFile),
				warnAt(0, 0, "1 plan(s) naming an unknown template not checked").In(tmplFile),
			},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := baseline(t)
			c.edit(t, tr)
			expect(t, run(t, tr), c.want...)
		})
	}
}
