package validate_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/validate"
)

// root is where the test site lives inside the in-memory file system.
const root = "/site"

// Files of the baseline under testdata/baseline, as Load names them.
const (
	rolesFile    = "data/roles.yaml"
	statusesFile = "data/statuses.yaml"
	tmplFile     = "data/templates/basic.yaml"
	planFile     = "data/plans/p1.yaml"
)

// tree is a data directory: file name relative to the site root -> content.
type tree map[string]string

// baseline returns the valid data set in testdata/baseline: two registries,
// one template and one plan. Cases change one file and load the result.
func baseline(t testing.TB) tree {
	t.Helper()
	tr := tree{}
	base := filepath.Join("testdata", "baseline")
	err := filepath.WalkDir(base, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(base, p)
		tr[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// edit replaces old, which must occur exactly once in file, with new.
func (tr tree) edit(t testing.TB, file, old, new string) {
	t.Helper()
	s, ok := tr[file]
	if !ok {
		t.Fatalf("edit: no file %s", file)
	}
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("edit: %q occurs %d times in %s, want 1", old, n, file)
	}
	tr[file] = strings.Replace(s, old, new, 1)
}

// ed is a case edit that replaces old with new in one file.
func ed(file, old, new string) func(*testing.T, tree) {
	return func(t *testing.T, tr tree) { tr.edit(t, file, old, new) }
}

// fs writes the tree into a fresh in-memory file system under root.
func (tr tree) fs(t testing.TB) afero.Fs {
	t.Helper()
	fsys := afero.NewMemMapFs()
	// The directories exist even when a case removes all their files.
	for _, d := range []string{"data/templates", "data/plans"} {
		if err := fsys.MkdirAll(root+"/"+d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, content := range tr {
		if err := afero.WriteFile(fsys, root+"/"+name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return fsys
}

// want is one expected finding. msg and hint are substrings; an empty hint is
// not checked.
type want struct {
	sev       diag.Severity
	file      string
	line, col int
	msg, hint string
}

func errAt(line, col int, msg string) want {
	return want{sev: diag.Error, file: planFile, line: line, col: col, msg: msg}
}

func warnAt(line, col int, msg string) want {
	return want{sev: diag.Warning, file: planFile, line: line, col: col, msg: msg}
}

func (w want) in(file string) want   { w.file = file; return w }
func (w want) hinting(h string) want { w.hint = h; return w }
func (w want) matches(d diag.Diagnostic) bool {
	return d.Severity == w.sev && d.File == w.file && d.Line == w.line && d.Col == w.col &&
		strings.Contains(d.Message, w.msg) && strings.Contains(d.Hint, w.hint)
}

// expect checks that got holds exactly the wanted findings, in any order.
func expect(t testing.TB, got diag.List, wants ...want) {
	t.Helper()
	used := make([]bool, len(got))
	ok := true
	for _, w := range wants {
		found := false
		for i, d := range got {
			if !used[i] && w.matches(d) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			ok = false
			t.Errorf("missing %s %s:%d:%d: %q (hint %q)", w.sev, w.file, w.line, w.col, w.msg, w.hint)
		}
	}
	for i, d := range got {
		if !used[i] {
			ok = false
			t.Errorf("unexpected: %s", d)
		}
	}
	if !ok {
		for _, d := range got {
			t.Logf("got: %s", d)
		}
	}
}

// asOf is the "today" of the test runs.
var asOf = model.MustDate("2025-03-01")

// run loads the tree and validates it, returning all findings of both steps.
func run(t testing.TB, tr tree) diag.List {
	t.Helper()
	data, ds := load.Load(tr.fs(t), root)
	return append(ds, validate.Check(data, asOf)...)
}
