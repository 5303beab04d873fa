package walk

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"
)

// visit is one call of a walk's function as a test compares it.
type visit struct {
	path, mode string
	err        bool
}

// record walks root with walker, answering as answer says of each path,
// and lists the calls made.
func record(t *testing.T, walker func(afero.Fs, string, filepath.WalkFunc) error, fsys afero.Fs, root string, answer func(string, fs.FileInfo) error) ([]visit, error) {
	t.Helper()
	var got []visit
	err := walker(fsys, root, func(p string, fi fs.FileInfo, err error) error {
		v := visit{path: strings.TrimPrefix(p, root), err: err != nil}
		if fi != nil {
			v.mode = fi.Mode().Type().String()
		}
		got = append(got, v)
		if err != nil {
			return nil
		}
		return answer(p, fi)
	})
	return got, err
}

// TestWalkIsAferoWalk: on trees with many and few entries, symbolic links
// and an unreadable directory, and with fn skipping a directory, skipping
// from a file and failing, Walk makes afero.Walk's calls in afero.Walk's
// order and returns what it returns.
func TestWalkIsAferoWalk(t *testing.T) {
	dir := t.TempDir()
	osfs := afero.NewOsFs()
	mem := afero.NewMemMapFs()
	for _, fsys := range []afero.Fs{osfs, mem} {
		base := dir
		if fsys == mem {
			base = "/mem"
		}
		for i := range 3 * serial {
			// Many entries, some directories: looked at on every core.
			name := filepath.Join(base, "big", fmt.Sprintf("f%03d.md", i))
			if i%10 == 0 {
				name = filepath.Join(base, "big", fmt.Sprintf("d%03d", i), "inner.md")
			}
			if err := fsys.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := afero.WriteFile(fsys, name, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, name := range []string{"a/b/c.md", "a/skip/x.md", "a/z.md", "fail/y.md", "stop/first.md", "stop/second.md", "z.md"} {
			p := filepath.Join(base, name)
			if err := fsys.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := afero.WriteFile(fsys, p, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, link := range [][2]string{{"a/b/c.md", "a/link.md"}, {"a/b", "a/linkdir"}, {"nowhere", "a/dangling"}} {
		if err := os.Symlink(filepath.Join(dir, link[0]), filepath.Join(dir, link[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "closed"), 0o000); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "closed"), 0o755) })
	boom := errors.New("boom")
	for _, tc := range []struct {
		name   string
		answer func(p string, fi fs.FileInfo) error
	}{
		{"every path", func(string, fs.FileInfo) error { return nil }},
		{"a directory skipped", func(p string, _ fs.FileInfo) error {
			if filepath.Base(p) == "skip" || filepath.Base(p) == "d030" {
				return filepath.SkipDir
			}
			return nil
		}},
		{"skipped from a file: the rest of its directory", func(p string, _ fs.FileInfo) error {
			if filepath.Base(p) == "first.md" || filepath.Base(p) == "f015.md" {
				return filepath.SkipDir
			}
			return nil
		}},
		{"a failure ends it", func(p string, _ fs.FileInfo) error {
			if filepath.Base(p) == "y.md" {
				return boom
			}
			return nil
		}},
	} {
		for _, fsys := range []afero.Fs{osfs, mem, afero.NewBasePathFs(osfs, dir)} {
			root := dir
			switch fsys.(type) {
			case *afero.MemMapFs:
				root = "/mem"
			case *afero.BasePathFs:
				root = "/"
			}
			t.Run(fmt.Sprintf("%s/%T", tc.name, fsys), func(t *testing.T) {
				want, wantErr := record(t, afero.Walk, fsys, root, tc.answer)
				got, err := record(t, Walk, fsys, root, tc.answer)
				if !errors.Is(err, wantErr) && err != wantErr {
					t.Errorf("returned %v, afero.Walk %v", err, wantErr)
				}
				if !slices.Equal(got, want) {
					t.Errorf("calls differ from afero.Walk's:\n got %v\nwant %v", got, want)
				}
				if len(want) < 10 {
					t.Errorf("only %d calls: the tree is not walked", len(want))
				}
			})
		}
	}
}

// TestReadDirIsAferos: ReadDir lists what afero.ReadDir lists, in its
// order, with the same names and modes, for many entries and few.
func TestReadDirIsAferos(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{3, 3 * serial} {
		sub := filepath.Join(dir, fmt.Sprint(n))
		for i := range n {
			name := filepath.Join(sub, fmt.Sprintf("f%03d.yaml", n-i))
			if i%7 == 0 {
				name = filepath.Join(sub, fmt.Sprintf("d%03d", i), "x")
			}
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Symlink("f001.yaml", filepath.Join(sub, "link.yaml")); err != nil {
			t.Fatal(err)
		}
		for _, fsys := range []afero.Fs{afero.NewOsFs(), afero.NewBasePathFs(afero.NewOsFs(), "/")} {
			got, err := ReadDir(fsys, sub)
			want, werr := afero.ReadDir(fsys, sub)
			if err != nil || werr != nil {
				t.Fatal(err, werr)
			}
			if len(got) != len(want) || len(got) < n {
				t.Fatalf("%d entries, afero.ReadDir %d", len(got), len(want))
			}
			for i := range got {
				if got[i].Name() != want[i].Name() || got[i].Mode() != want[i].Mode() {
					t.Errorf("entry %d: %s %v, afero.ReadDir %s %v", i, got[i].Name(), got[i].Mode(), want[i].Name(), want[i].Mode())
				}
			}
		}
	}
	if _, err := ReadDir(afero.NewOsFs(), filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing directory: %v", err)
	}
}
