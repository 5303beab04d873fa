package write

import (
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/internal/faultfs"
	"github.com/qmsplan/qmsplan/generator/render"
)

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
		ffs := &faultfs.FS{Fs: mem, At: n}
		c, err := Prepare(ffs, "content", stamp(t, after...))
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
			if !ffs.Reached() {
				t.Logf("each of the run's %d changes failed in turn", ffs.N)
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
