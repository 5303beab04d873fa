package pipeline

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/internal/openedfs"
	"github.com/qmsplan/qmsplan/generator/model"
)

// TestHashes: a scan with the last scan's hashes reads only the files whose
// stat changed or that changed within the racy window before it, and its key
// is the key of a scan that reads every file.
func TestHashes(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("file hashes are kept by stat on Linux only")
	}
	dir := t.TempDir()
	for name, body := range map[string]string{"site/data/a.yaml": "a: 1\n", "site/data/b.yaml": "b: 1\n", "site/content/x.md": "# x\n"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	defer func() { clock = time.Now }()
	later := func(d time.Duration) { clock = func() time.Time { return time.Now().Add(d) } }
	asOf := model.MustDate("2026-12-01")
	var known hashes
	for _, step := range []struct {
		name  string
		edit  func(t *testing.T)
		later time.Duration // how long after the files last changed the scan is
		reads []string      // the files the scan reads, under site/
	}{
		{name: "first scan, just after the files were written", later: 0, reads: []string{"content/x.md", "data/a.yaml", "data/b.yaml"}},
		{name: "again: they changed within the racy window, none was kept", later: 2 * time.Second, reads: []string{"content/x.md", "data/a.yaml", "data/b.yaml"}},
		{name: "nothing changed", later: 2 * time.Second},
		{name: "a file rewritten to the same size, its modification time set back: its change time tells", later: 2 * time.Second, reads: []string{"data/a.yaml"},
			edit: func(t *testing.T) {
				p := filepath.Join(dir, "site/data/a.yaml")
				fi, err := os.Stat(p)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte("a: 2\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "a file just written", later: 0, reads: []string{"data/b.yaml"}, edit: func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(dir, "site/data/b.yaml"), []byte("b: 2\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "read again: it changed within the racy window of the last scan", later: 2 * time.Second, reads: []string{"data/b.yaml"}},
		{name: "and kept since", later: 2 * time.Second},
	} {
		t.Run(step.name, func(t *testing.T) {
			if step.edit != nil {
				step.edit(t)
			}
			later(step.later)
			fsys := openedfs.New(afero.NewBasePathFs(afero.NewOsFs(), dir))
			got, err := scanInputs(fsys, "site", asOf, "test", &known)
			if err != nil {
				t.Fatal(err)
			}
			var reads []string
			for _, p := range fsys.Opened() {
				reads = append(reads, p[len("site/"):])
			}
			if !slices.Equal(reads, step.reads) {
				t.Errorf("read %v, want %v", reads, step.reads)
			}
			want, err := scanInputs(afero.NewBasePathFs(afero.NewOsFs(), dir), "site", asOf, "test", nil)
			if err != nil {
				t.Fatal(err)
			}
			if got.key != want.key || len(got.data) != len(want.data) {
				t.Errorf("key %x, a scan reading every file has %x", got.key, want.key)
			}
			for rel, h := range want.data {
				if got.data[rel] != h {
					t.Errorf("%s: hash %x, want %x", rel, got.data[rel], h)
				}
			}
		})
	}
}
