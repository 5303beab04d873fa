package load_test

import (
	"strings"
	"testing"

	"github.com/qmsplan/qmsplan/generator/load"
)

// Bytes that are not UTF-8 text are reported where they are: the YAML
// library reports them all at line 1, column 1. Columns count characters.
func TestInvalidBytes(t *testing.T) {
	const hint = "save the file as UTF-8 text; delete the character"
	for _, c := range []struct {
		name string
		edit func(*testing.T, tree)
		want []want
	}{
		{
			name: "invalid UTF-8",
			edit: ed(planFile, "name: ACME pilot", "name: ACME \xffpilot"),
			want: []want{errAt(10, 14, "invalid UTF-8 byte 0xff").Hinting(hint)},
		},
		{
			name: "UTF-8 sequence cut short",
			edit: ed(planFile, "name: ACME pilot", "name: ACME \xc3 pilot"),
			want: []want{errAt(10, 14, "invalid UTF-8 byte 0xc3").Hinting(hint)},
		},
		{
			name: "Latin-1 text",
			edit: ed(planFile, "name: ACME pilot", "name: ACME Espa\xf1a"),
			want: []want{errAt(10, 18, "invalid UTF-8 byte 0xf1").Hinting(hint)},
		},
		{
			name: "NUL byte",
			edit: ed(planFile, "title: R-009-001", "title: R-009\x00-001"),
			want: []want{errAt(3, 13, "control character U+0000 is not allowed").Hinting(hint)},
		},
		{
			name: "escape character in a quoted string",
			edit: ed(planFile, `id: "123"`, "id: \"1\x1b[0m23\""),
			want: []want{errAt(8, 9, "control character U+001B is not allowed")},
		},
		{
			name: "DEL",
			edit: ed(planFile, "name: ACME pilot", "name: ACME pilot\x7f"),
			want: []want{errAt(10, 19, "control character U+007F is not allowed")},
		},
		{
			name: "C1 control character",
			edit: ed(planFile, "name: ACME pilot", "name: ACME\u0086 pilot"),
			want: []want{errAt(10, 13, "control character U+0086 is not allowed")},
		},
		{
			name: "noncharacter",
			edit: ed(planFile, "name: ACME pilot", "name: ACME pilot\uffff"),
			want: []want{errAt(10, 19, "character U+FFFF is not allowed")},
		},
		{
			name: "columns count characters, not bytes",
			edit: ed(planFile, "name: ACME pilot", "name: ÀÇMÉ 🚀 pilot\x01"),
			want: []want{errAt(10, 21, "control character U+0001 is not allowed")},
		},
		{
			name: "CRLF line ends",
			edit: func(t *testing.T, tr tree) {
				tr.Edit(t, planFile, "name: ACME pilot", "name: ACME \x00pilot")
				tr[planFile] = strings.ReplaceAll(tr[planFile], "\n", "\r\n")
			},
			want: []want{errAt(10, 14, "control character U+0000 is not allowed")},
		},
		{
			name: "old Mac line ends",
			edit: func(t *testing.T, tr tree) { tr[planFile] = "# a\r# b\r# c\x00\r" },
			want: []want{errAt(3, 4, "control character U+0000 is not allowed")},
		},
		{
			name: "byte order mark is not counted",
			edit: func(t *testing.T, tr tree) { tr[planFile] = "\ufefftemplate: basic\x00\n" },
			want: []want{errAt(1, 16, "control character U+0000 is not allowed")},
		},
		{
			name: "UTF-16",
			edit: func(t *testing.T, tr tree) { tr[planFile] = "\xff\xfet\x00:\x00 \x00x\x00\n\x00" },
			want: []want{errAt(1, 1, "file is UTF-16 text, not UTF-8").Hinting("save the file as UTF-8 text")},
		},
		{
			name: "only the first bad byte is reported",
			edit: func(t *testing.T, tr tree) { tr[planFile] = "a: \x00\nb: \xff\n" },
			want: []want{errAt(1, 4, "control character U+0000")},
		},
		{
			name: "in a registry",
			edit: ed(rolesFile, "title: Project Manager", "title: Project\x0cManager"),
			want: []want{errAt(7, 19, "control character U+000C is not allowed").In(rolesFile)},
		},
		{
			name: "tabs, CR LF and a byte order mark are fine",
			edit: func(t *testing.T, tr tree) {
				tr[planFile] = "\ufeff" + strings.ReplaceAll(tr[planFile], "\n", "\r\n") + "#\tend\r\n"
			},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := baseline(t)
			c.edit(t, tr)
			data, ds := load.Load(tr.FS(t), root)
			expect(t, ds, c.want...)
			if len(c.want) == 0 && (len(data.Plans) != 1 || data.Plans[0].Deal.Name != "ACME pilot") {
				t.Errorf("plan not loaded: %+v", data.Plans)
			}
		})
	}
}
