package pipeline_test

import (
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/pipeline"
	"github.com/qmsplan/qmsplan/generator/write"
)

// The checks of a second generate (issue 10, "How it is checked"):
// with nothing changed it writes no file; after one plan is edited it
// rewrites exactly the pages whose content changes (the plan's own page and
// the portfolio pages that show it), and what it leaves on disk is
// byte-identical to a cold generate of the same data, one without the
// cache's record (pipeline.Generate), which every run here writes and reads.
func TestSecondGenerate(t *testing.T) {
	const plan = "site/data/plans/2025-08-22-br-lm-oncoderm-ae.yaml"
	asOf := model.MustDate("2026-11-27")
	for _, tc := range []struct {
		name string
		edit func(t *testing.T, fsys afero.Fs) // between the runs
		page string                            // the edited plan's page, "" for none
	}{
		{name: "nothing changed", edit: func(*testing.T, afero.Fs) {}},
		{name: "one plan's title edited", page: "records/GP-009/r-009-001/2025-08-22-br-lm-oncoderm-ae.md",
			edit: func(t *testing.T, fsys afero.Fs) {
				replaceIn(t, fsys, plan, `title: "R-009-001 BR L&M 20250822"`, `title: "R-009-001 BR L&M 20250822 (edited)"`)
			}},
		{name: "one task's status edited", page: "records/GP-009/r-009-001/2025-08-22-br-lm-oncoderm-ae.md",
			edit: func(t *testing.T, fsys afero.Fs) {
				b, _ := afero.ReadFile(fsys, plan)
				if !strings.Contains(string(b), "status: done") {
					t.Fatal("the sample plan has no done task")
				}
				replaceIn(t, fsys, plan, "status: done", "status: in-progress")
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// On disk, so that a rewritten file shows in its modification time.
			fsys := afero.NewBasePathFs(afero.NewOsFs(), t.TempDir())
			copyTree(t, afero.NewBasePathFs(afero.NewOsFs(), "../.."), fsys, "data", "site/data")
			generate(t, fsys, asOf)
			before := contentFiles(t, fsys)
			// Modification times are coarse on some file systems: make
			// any rewrite show.
			time.Sleep(10 * time.Millisecond)
			tc.edit(t, fsys)

			c := generate(t, fsys, asOf)
			after := contentFiles(t, fsys)

			// What a cold generate of the edited data writes, without the cache.
			cold := afero.NewBasePathFs(afero.NewOsFs(), t.TempDir())
			copyTree(t, fsys, cold, "site/data", "site/data")
			if res, err := pipeline.Prepare(cold, "site", asOf); err != nil {
				t.Fatal(err)
			} else if err := res.Changes.Apply(); err != nil {
				t.Fatal(err)
			}
			if ok, _ := afero.Exists(cold, "site/"+paths.Cache); ok {
				t.Fatal("the run without the cache wrote its record")
			}
			want := contentFiles(t, cold)

			if !maps.EqualFunc(after, want, func(a, b file) bool { return a.data == b.data }) {
				for p := range want {
					if after[p].data != want[p].data {
						t.Errorf("%s differs from a cold generate of the same data", p)
					}
				}
				for p := range after {
					if _, ok := want[p]; !ok {
						t.Errorf("%s is left, a cold generate has no such page", p)
					}
				}
			}
			var changed, rewritten []string
			for p, f := range after {
				if before[p].data != f.data {
					changed = append(changed, p)
				}
				if !before[p].mod.Equal(f.mod) {
					rewritten = append(rewritten, p)
				}
			}
			slices.Sort(changed)
			slices.Sort(rewritten)
			if !slices.Equal(rewritten, changed) {
				t.Errorf("rewrote %v, want exactly the pages that changed: %v", rewritten, changed)
			}
			updated := slices.Clone(c.Updated)
			for i, u := range updated {
				updated[i] = strings.TrimPrefix(u, "site/content/")
			}
			if !slices.Equal(updated, changed) || len(c.Created)+len(c.Removed) > 0 {
				t.Errorf("the run reports %+v, want updated exactly %v", c.Report, changed)
			}
			if tc.page == "" && len(changed) > 0 {
				t.Errorf("nothing changed, yet %v were rewritten", changed)
			}
			if tc.page != "" && !slices.Contains(changed, tc.page) {
				t.Errorf("the edited plan's page %s was not rewritten (rewritten: %v)", tc.page, changed)
			}
		})
	}
}

// generate runs the pre-build step on site/ in fsys as qmsplan generate
// does, with the cache's record, and applies its changes.
func generate(t testing.TB, fsys afero.Fs, asOf model.Date) *write.Changes {
	t.Helper()
	return memoGenerate(t, nil, fsys, asOf)
}

// memoGenerate is generate with memo (see pipeline.Memo; nil for none).
func memoGenerate(t testing.TB, memo *pipeline.Memo, fsys afero.Fs, asOf model.Date) *write.Changes {
	t.Helper()
	res, err := memo.Generate(fsys, "site", asOf, testBuildID)
	if err != nil {
		t.Fatal(err, res.Diags)
	}
	if err := res.Apply(); err != nil {
		t.Fatal(err)
	}
	return res.Changes
}

type file struct {
	data string
	mod  time.Time
}

// contentFiles is every file under site/content, by path below it.
func contentFiles(t *testing.T, fsys afero.Fs) map[string]file {
	return filesUnder(t, fsys, "site/content")
}

// filesUnder is every file under dir, by path below it.
func filesUnder(t *testing.T, fsys afero.Fs, dir string) map[string]file {
	t.Helper()
	out := map[string]file{}
	err := afero.Walk(fsys, dir, func(p string, fi fs.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b, err := afero.ReadFile(fsys, p)
		out[strings.TrimPrefix(filepath.ToSlash(p), dir+"/")] = file{string(b), fi.ModTime()}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// copyTree copies dir of from to dest in to.
func copyTree(t *testing.T, from, to afero.Fs, dir, dest string) {
	t.Helper()
	err := afero.Walk(from, dir, func(p string, fi fs.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b, err := afero.ReadFile(from, p)
		if err != nil {
			return err
		}
		p = filepath.Join(dest, strings.TrimPrefix(filepath.ToSlash(p), dir))
		to.MkdirAll(filepath.Dir(p), 0o755)
		return afero.WriteFile(to, p, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func replaceIn(t *testing.T, fsys afero.Fs, name, old, new string) {
	t.Helper()
	b, err := afero.ReadFile(fsys, name)
	if err != nil || !strings.Contains(string(b), old) {
		t.Fatalf("%s: %q not found (%v)", name, old, err)
	}
	if err := afero.WriteFile(fsys, name, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}
