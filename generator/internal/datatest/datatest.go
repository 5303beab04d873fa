// Package datatest is the test bench of the loader and the validator: a
// small valid data set (baseline/: two registries, one template, one plan)
// that a test case edits in one place, loads from memory, and compares with
// the exact findings it expects.
package datatest

import (
	"embed"
	"io/fs"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/paths"
)

// Root is where the test site lives inside the in-memory file system.
const Root = "/site"

// Files of the baseline, as Load names them.
const (
	TmplFile = paths.Templates + "/basic.yaml"
	PlanFile = paths.Plans + "/p1.yaml"
)

//go:embed baseline
var baselineFS embed.FS

// Tree is a data directory: file name relative to the site root -> content.
type Tree map[string]string

// Baseline returns a fresh copy of the valid data set.
func Baseline(t testing.TB) Tree {
	t.Helper()
	tr := Tree{}
	err := fs.WalkDir(baselineFS, "baseline", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := baselineFS.ReadFile(p)
		tr[strings.TrimPrefix(p, "baseline/")] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// Edit replaces old, which must occur exactly once in file, with new.
func (tr Tree) Edit(t testing.TB, file, old, new string) {
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

// Ed is a case edit that replaces old with new in one file.
func Ed(file, old, new string) func(*testing.T, Tree) {
	return func(t *testing.T, tr Tree) { tr.Edit(t, file, old, new) }
}

// FS writes the tree into a fresh in-memory file system under Root.
func (tr Tree) FS(t testing.TB) afero.Fs {
	t.Helper()
	fsys := afero.NewMemMapFs()
	// The directories exist even when a case removes all their files.
	for _, d := range []string{paths.Templates, paths.Plans} {
		if err := fsys.MkdirAll(Root+"/"+d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, content := range tr {
		if err := afero.WriteFile(fsys, Root+"/"+name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return fsys
}

// Want is one expected finding. Msg and Hint are substrings; an empty Hint
// is not checked.
type Want struct {
	Sev       diag.Severity
	File      string
	Line, Col int
	Msg, Hint string
}

// ErrAt expects an error in the plan file.
func ErrAt(line, col int, msg string) Want {
	return Want{Sev: diag.Error, File: PlanFile, Line: line, Col: col, Msg: msg}
}

// WarnAt expects a warning in the plan file.
func WarnAt(line, col int, msg string) Want {
	return Want{Sev: diag.Warning, File: PlanFile, Line: line, Col: col, Msg: msg}
}

// In moves the expectation to another file.
func (w Want) In(file string) Want { w.File = file; return w }

// Hinting also expects a hint containing h.
func (w Want) Hinting(h string) Want { w.Hint = h; return w }

func (w Want) matches(d diag.Diagnostic) bool {
	return d.Severity == w.Sev && d.File == w.File && d.Line == w.Line && d.Col == w.Col &&
		strings.Contains(d.Message, w.Msg) && strings.Contains(d.Hint, w.Hint)
}

// Expect checks that got holds exactly the wanted findings, in any order.
func Expect(t testing.TB, got diag.List, wants ...Want) {
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
			t.Errorf("missing %s %s:%d:%d: %q (hint %q)", w.Sev, w.File, w.Line, w.Col, w.Msg, w.Hint)
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
