package write

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/render"
)

// faultFs fails its failAt-th change to the disk (1-based), as a full disk
// or a vanished permission would, and lets every other change through.
// Changes are counted on every call that writes: creating or opening for
// writing, each Write, Rename, Remove, Mkdir, Chmod.
type faultFs struct {
	afero.Fs
	failAt, n int
}

func (f *faultFs) change(op, name string) error {
	f.n++
	if f.n == f.failAt {
		return &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("injected failure %d", f.n)}
	}
	return nil
}

func (f *faultFs) Create(name string) (afero.File, error) {
	return f.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

func (f *faultFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_APPEND) == 0 {
		return f.Fs.OpenFile(name, flag, perm)
	}
	if err := f.change("open", name); err != nil {
		return nil, err
	}
	file, err := f.Fs.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return faultFile{file, f}, nil
}

func (f *faultFs) Mkdir(name string, perm os.FileMode) error {
	if err := f.change("mkdir", name); err != nil {
		return err
	}
	return f.Fs.Mkdir(name, perm)
}

func (f *faultFs) MkdirAll(name string, perm os.FileMode) error {
	if ok, _ := afero.DirExists(f.Fs, name); ok {
		return nil
	}
	if err := f.change("mkdir", name); err != nil {
		return err
	}
	return f.Fs.MkdirAll(name, perm)
}

func (f *faultFs) Rename(old, new string) error {
	if err := f.change("rename", old); err != nil {
		return err
	}
	return f.Fs.Rename(old, new)
}

func (f *faultFs) Remove(name string) error {
	if err := f.change("remove", name); err != nil {
		return err
	}
	return f.Fs.Remove(name)
}

func (f *faultFs) RemoveAll(name string) error {
	if err := f.change("remove", name); err != nil {
		return err
	}
	return f.Fs.RemoveAll(name)
}

func (f *faultFs) Chmod(name string, mode os.FileMode) error {
	if err := f.change("chmod", name); err != nil {
		return err
	}
	return f.Fs.Chmod(name, mode)
}

func (f *faultFs) Chtimes(name string, a, m time.Time) error {
	if err := f.change("chtimes", name); err != nil {
		return err
	}
	return f.Fs.Chtimes(name, a, m)
}

type faultFile struct {
	afero.File
	fs *faultFs
}

func (f faultFile) Write(p []byte) (int, error) {
	if err := f.fs.change("write", f.Name()); err != nil {
		return 0, err
	}
	return f.File.Write(p)
}

func (f faultFile) WriteString(s string) (int, error) { return f.Write([]byte(s)) }

// files is every file under dir with its content; directories are listed
// too (with a trailing slash), so one left behind shows.
func files(t *testing.T, fsys afero.Fs, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	afero.Walk(fsys, dir, func(p string, fi fs.FileInfo, err error) error {
		switch {
		case err != nil:
			t.Fatal(err)
		case fi.IsDir():
			out[p+"/"] = ""
		default:
			b, _ := afero.ReadFile(fsys, p)
			out[p] = string(b)
		}
		return nil
	})
	return out
}

// Whatever change to the disk fails, content/ is left as it was (the old
// pages, no temporary file, no new directory) or, once nothing fails, as
// the run wants it: never some pages new and some old.
func TestApplyIsAllOrNothingForEveryFailingWrite(t *testing.T) {
	old := afero.NewMemMapFs()
	hand := "---\ntitle: Hand\n---\nmine\n"
	afero.WriteFile(old, "content/hand.md", []byte(hand), 0o644)
	before := []render.Page{page("a/same.md", gen), page("a/changed.md", gen), page("a/gone.md", gen), page("old/only.md", gen)}
	run(t, old, before...)
	after := []render.Page{page("a/same.md", gen), page("a/changed.md", gen+"new\n"), page("a/added.md", gen), page("b/c/new.md", gen)}
	want := afero.NewMemMapFs()
	afero.WriteFile(want, "content/hand.md", []byte(hand), 0o644)
	run(t, want, before...)
	run(t, want, after...)
	oldFiles, wantFiles := files(t, old, "content"), files(t, want, "content")

	for n := 1; ; n++ {
		mem := afero.NewMemMapFs()
		for p, s := range oldFiles {
			if strings.HasSuffix(p, "/") {
				mem.MkdirAll(p, 0o755)
			} else {
				afero.WriteFile(mem, p, []byte(s), 0o644)
			}
		}
		ffs := &faultFs{Fs: mem, failAt: n}
		c, err := Prepare(ffs, "content", after)
		if err != nil {
			t.Fatalf("failing change %d: Prepare changed something or failed: %v", n, err)
		}
		err = c.Apply()
		got := files(t, mem, "content")
		if err == nil {
			// Removing an old page put aside, or a directory left empty,
			// may fail once all is in place: neither is a page (Hugo skips
			// dot files), and the next run removes the temporary file.
			maps.DeleteFunc(got, func(p string, _ string) bool {
				return strings.HasPrefix(path.Base(p), tempPrefix) || strings.HasSuffix(p, "/") && !slices.ContainsFunc(keys(got), func(q string) bool {
					return q != p && strings.HasPrefix(q, p) && !strings.HasPrefix(path.Base(q), tempPrefix)
				})
			})
			if !maps.Equal(got, wantFiles) {
				t.Fatalf("Apply succeeded with change %d failing: content/ = %v, want %v", n, keys(got), keys(wantFiles))
			}
			if ffs.n < n { // the run made fewer changes: all were tried
				t.Logf("each of the run's %d changes failed in turn", ffs.n)
				return
			}
			continue
		}
		if !maps.Equal(got, oldFiles) {
			t.Fatalf("change %d failed (%v): content/ = %v, want the old %v", n, err, keys(got), keys(oldFiles))
		}
	}
}

func keys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }
