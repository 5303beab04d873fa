package pipeline

import (
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/internal/openedfs"
	"github.com/qmsplan/qmsplan/generator/model"
)

// TestMemoReadsChangedPlans: in serve's process a run reads only the plan
// files whose stat changed since the last scan hashed them (the scan reads
// them, and load once more only for a new decode), and its pages and
// findings are those of a cold run that reads every file.
func TestMemoReadsChangedPlans(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("file hashes are kept by stat on Linux only")
	}
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "site", "data"), os.DirFS("../../data")); err != nil {
		t.Fatal(err)
	}
	plans, err := filepath.Glob(filepath.Join(dir, "site", "data", "plans", "*.yaml"))
	if err != nil || len(plans) < 2 {
		t.Fatal("no plans", err)
	}
	edited := plans[len(plans)/2]
	rel := strings.TrimPrefix(filepath.ToSlash(edited), filepath.ToSlash(dir)+"/")
	// Every file is older than the racy window, as in a checkout: its hash is kept.
	defer func() { clock = time.Now }()
	clock = func() time.Time { return time.Now().Add(2 * time.Second) }
	asOf := model.MustDate("2026-11-27")
	memo := &Memo{}
	for _, step := range []struct {
		name  string
		edit  func(t *testing.T)
		reads map[string]int // plan files opened, by path under the temporary directory, and how often
	}{
		{name: "first run: every plan read, by the scan and to be parsed", reads: nil},
		{name: "nothing changed: none read", reads: map[string]int{}},
		{name: "one plan edited: it alone, by the scan and to be parsed", reads: map[string]int{rel: 2}, edit: func(t *testing.T) {
			b, err := os.ReadFile(edited)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(edited, []byte(strings.Replace(string(b), "\ntitle: ", "\ntitle: Edited ", 1)), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "then nothing: none read", reads: map[string]int{}},
	} {
		t.Run(step.name, func(t *testing.T) {
			if step.edit != nil {
				step.edit(t)
			}
			fsys := openedfs.New(afero.NewBasePathFs(afero.NewOsFs(), dir))
			got, err := memo.Refresh(fsys, "site", asOf, "test")
			if err != nil {
				t.Fatal(err, got.Diags)
			}
			reads := map[string]int{}
			for _, p := range fsys.Opened() {
				if strings.HasPrefix(p, "site/data/plans/") {
					reads[p]++
				}
			}
			if step.reads == nil {
				if len(reads) != len(plans) {
					t.Errorf("read %d plan files, want all %d", len(reads), len(plans))
				}
			} else if !maps.Equal(reads, step.reads) {
				t.Errorf("read %v, want %v", reads, step.reads)
			}
			want, err := Prepare(afero.NewBasePathFs(afero.NewOsFs(), dir), "site", asOf)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Pages) != len(want.Pages) || len(got.Diags) != len(want.Diags) {
				t.Fatalf("%d pages and %d findings, a cold run has %d and %d", len(got.Pages), len(got.Diags), len(want.Pages), len(want.Diags))
			}
			for i, pg := range got.Pages {
				if w := want.Pages[i]; pg.Path != w.Path || string(pg.Data) != string(w.Data) {
					t.Errorf("page %s differs from a cold run's %s", pg.Path, w.Path)
				}
			}
			for i, d := range got.Diags {
				if d.String() != want.Diags[i].String() {
					t.Errorf("finding %q, a cold run has %q", d, want.Diags[i])
				}
			}
		})
	}
}
