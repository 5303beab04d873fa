package pipeline_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/pipeline"
	"github.com/qmsplan/qmsplan/generator/render"
	"github.com/qmsplan/qmsplan/generator/write"
)

// overlaySite is a site on disk with hand-written pages beside a generated
// section that holds an unchanged page, a page the run updates and a stale
// one it removes, and the run's result: the generated pages and the stale
// one among Changes.Removed.
func overlaySite(t *testing.T) (afero.Fs, *pipeline.Result) {
	t.Helper()
	disk := afero.NewMemMapFs()
	for name, text := range map[string]string{
		"hugo.toml":                    "title = \"x\"\n",
		"archetypes/default.md":        "---\n---\n",
		"content/_index.md":            "home\n",
		"content/about.md":             "about\n",
		"content/records/_index.md":    "records\n",
		"content/records/gen/same.md":  "same\n",
		"content/records/gen/old.md":   "old bytes on disk\n",
		"content/records/gen/stale.md": "stale\n",
		"static/site.css":              "body {}\n",
	} {
		if err := afero.WriteFile(disk, path.Join(root, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := &pipeline.Result{
		Root: root,
		AsOf: model.MustDate("2026-11-27"),
		Pages: []render.Page{
			{Path: "records/gen/same.md", Data: []byte("same\n")},
			{Path: "records/gen/old.md", Data: []byte("new bytes in memory\n")},
			{Path: "records/gen/b-new.md", Data: []byte("new page\n")},
			{Path: "records/newsection/deep/page.md", Data: []byte("deep\n")},
		},
		Changes: &write.Changes{Report: write.Report{Removed: []string{path.Join(root, "content/records/gen/stale.md")}}},
	}
	return disk, res
}

func overlay(t *testing.T, disk afero.Fs, res *pipeline.Result) afero.Fs {
	t.Helper()
	ov, err := res.Overlay(disk, root)
	if err != nil {
		t.Fatal(err)
	}
	return ov
}

// TestOverlayServesThePages: a generated page reads as its bytes in
// memory, over the disk's; a hand-written file as the disk has it; a stale
// page is gone. Every page and directory of the generated ones has the
// run's as-of date as its time, whenever the overlay is made.
func TestOverlayServesThePages(t *testing.T) {
	disk, res := overlaySite(t)
	ov := overlay(t, disk, res)
	asOf := res.AsOf.Time()
	for _, tc := range []struct {
		name string
		want string // "" for a directory
		gone bool
	}{
		{name: "content/records/gen/old.md", want: "new bytes in memory\n"},
		{name: "content/records/gen/same.md", want: "same\n"},
		{name: "content/records/gen/b-new.md", want: "new page\n"},
		{name: "content/records/newsection/deep/page.md", want: "deep\n"},
		{name: "content/about.md", want: "about\n"},
		{name: "hugo.toml", want: "title = \"x\"\n"},
		{name: "content/records/gen/stale.md", gone: true},
		{name: "content/records/gen/missing.md", gone: true},
		{name: "content/records/newsection/deep"},
		{name: "content/records/gen"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			full := path.Join(root, tc.name)
			for _, stat := range []struct {
				op string
				fn func(string) (os.FileInfo, error)
			}{
				{"Stat", ov.Stat},
				{"LstatIfPossible", func(n string) (os.FileInfo, error) {
					fi, _, err := ov.(afero.Lstater).LstatIfPossible(n)
					return fi, err
				}},
			} {
				fi, err := stat.fn(full)
				if tc.gone {
					if !errors.Is(err, fs.ErrNotExist) {
						t.Errorf("%s: %v, %v, want fs.ErrNotExist", stat.op, fi, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", stat.op, err)
				}
				if fi.IsDir() != (tc.want == "") || fi.Name() != path.Base(full) {
					t.Errorf("%s: %s, directory %v", stat.op, fi.Name(), fi.IsDir())
				}
				if tc.want != "" && fi.Size() != int64(len(tc.want)) {
					t.Errorf("%s: size %d, want %d", stat.op, fi.Size(), len(tc.want))
				}
				if strings.Contains(tc.name, "gen") || strings.Contains(tc.name, "newsection") {
					if !fi.ModTime().Equal(asOf) {
						t.Errorf("%s: modified %v, want the as-of date %v", stat.op, fi.ModTime(), asOf)
					}
				}
			}
			if tc.gone {
				if f, err := ov.Open(full); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("Open: %v, %v, want fs.ErrNotExist", f, err)
				}
				return
			}
			if tc.want == "" {
				return
			}
			b, err := afero.ReadFile(ov, full)
			if err != nil || string(b) != tc.want {
				t.Errorf("ReadFile: %q, %v, want %q", b, err, tc.want)
			}
		})
	}
}

// readDir lists dir through each call a caller may make: ReadDir (what
// Hugo calls), Readdir and Readdirnames, all at once or two at a time.
func readDir(t *testing.T, fsys afero.Fs, dir string) map[string][]string {
	t.Helper()
	calls := map[string]func(f afero.File, n int) ([]string, error){
		"ReadDir": func(f afero.File, n int) ([]string, error) {
			rd, ok := f.(fs.ReadDirFile)
			if !ok {
				t.Fatalf("%s: %T is no fs.ReadDirFile", dir, f)
			}
			des, err := rd.ReadDir(n)
			var names []string
			for _, de := range des {
				names = append(names, de.Name())
			}
			return names, err
		},
		"Readdir": func(f afero.File, n int) ([]string, error) {
			fis, err := f.Readdir(n)
			var names []string
			for _, fi := range fis {
				names = append(names, fi.Name())
			}
			return names, err
		},
		"Readdirnames": func(f afero.File, n int) ([]string, error) { return f.Readdirnames(n) },
	}
	out := map[string][]string{}
	for name, call := range calls {
		for _, n := range []int{-1, 2} {
			f, err := fsys.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			var all []string
			for {
				names, err := call(f, n)
				all = append(all, names...)
				if n <= 0 || err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s %s(%d): %v", dir, name, n, err)
				}
			}
			f.Close()
			key := name
			if n > 0 {
				key += " by two"
			}
			out[key] = all
		}
	}
	return out
}

// TestOverlayListsMergedDirectories: a directory lists the disk's entries
// and the generated ones once each, in name order, without the stale
// pages, however it is read.
func TestOverlayListsMergedDirectories(t *testing.T) {
	disk, res := overlaySite(t)
	ov := overlay(t, disk, res)
	for _, tc := range []struct {
		dir  string
		want []string
	}{
		{"", []string{"archetypes", "content", "hugo.toml", "static"}},
		{"content", []string{"_index.md", "about.md", "records"}},
		{"content/records", []string{"_index.md", "gen", "newsection"}},
		{"content/records/gen", []string{"b-new.md", "old.md", "same.md"}},
		{"content/records/newsection", []string{"deep"}},
		{"content/records/newsection/deep", []string{"page.md"}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			for call, got := range readDir(t, ov, path.Join(root, tc.dir)) {
				if !slices.Equal(got, tc.want) {
					t.Errorf("%s: %q, want %q", call, got, tc.want)
				}
			}
		})
	}
}

// TestOverlayRefusesWrites: the pages reach the disk only through
// Result.Changes: every change under content/ fails and leaves the disk
// and the pages as they were.
func TestOverlayRefusesWrites(t *testing.T) {
	page := path.Join(root, "content/records/gen/old.md")
	hand := path.Join(root, "content/about.md")
	dir := path.Join(root, "content/records/gen")
	for _, tc := range []struct {
		name  string
		write func(afero.Fs) error
	}{
		{"Create a page", func(f afero.Fs) error { _, err := f.Create(page); return err }},
		{"Create a new file", func(f afero.Fs) error { _, err := f.Create(dir + "/x.md"); return err }},
		{"OpenFile a page to write", func(f afero.Fs) error { _, err := f.OpenFile(page, os.O_WRONLY, 0); return err }},
		{"OpenFile a page to truncate", func(f afero.Fs) error { _, err := f.OpenFile(page, os.O_RDONLY|os.O_TRUNC, 0); return err }},
		{"OpenFile a file of the disk to append", func(f afero.Fs) error { _, err := f.OpenFile(hand, os.O_APPEND|os.O_WRONLY, 0); return err }},
		{"Write to an open page", func(f afero.Fs) error { return writeOpen(f, page) }},
		{"Write to an open file of the disk", func(f afero.Fs) error { return writeOpen(f, hand) }},
		{"Mkdir", func(f afero.Fs) error { return f.Mkdir(dir+"/sub", 0o755) }},
		{"MkdirAll", func(f afero.Fs) error { return f.MkdirAll(dir+"/sub/sub", 0o755) }},
		{"Remove a page", func(f afero.Fs) error { return f.Remove(page) }},
		{"Remove a file of the disk", func(f afero.Fs) error { return f.Remove(hand) }},
		{"RemoveAll", func(f afero.Fs) error { return f.RemoveAll(dir) }},
		{"RemoveAll the site", func(f afero.Fs) error { return f.RemoveAll(root) }},
		{"Rename a page", func(f afero.Fs) error { return f.Rename(page, page+".bak") }},
		{"Rename a page out of content", func(f afero.Fs) error { return f.Rename(page, root+"/old.md") }},
		{"Rename a file into content", func(f afero.Fs) error { return f.Rename(root+"/hugo.toml", dir+"/hugo.md") }},
		{"Chmod", func(f afero.Fs) error { return f.Chmod(page, 0o600) }},
		{"Chown", func(f afero.Fs) error { return f.Chown(page, 1, 1) }},
		{"Chtimes", func(f afero.Fs) error { return f.Chtimes(page, time.Unix(0, 0), time.Unix(0, 0)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			disk, res := overlaySite(t)
			before := snapshot(t, disk, root)
			ov := overlay(t, disk, res)
			if err := tc.write(ov); err == nil {
				t.Error("the overlay took the change")
			}
			if after := snapshot(t, disk, root); !maps.Equal(after, before) {
				t.Errorf("the disk changed:\n%v\nwant\n%v", after, before)
			}
			if b, _ := afero.ReadFile(ov, page); string(b) != "new bytes in memory\n" {
				t.Errorf("the page reads %q after the change", b)
			}
		})
	}
}

// TestOverlayKeepsHugosWritesInMemory: Hugo makes its cache directory and
// writes its file caches through its source file system, outside content/:
// those writes succeed and read back, and none reaches the disk.
func TestOverlayKeepsHugosWritesInMemory(t *testing.T) {
	disk, res := overlaySite(t)
	before := snapshot(t, disk, "/")
	ov := overlay(t, disk, res)
	cache := "/tmp/hugo_cache_test/filecache"
	gen := path.Join(root, "resources/_gen/images/x.png")
	for _, step := range []struct {
		name string
		do   func() error
	}{
		{"Mkdir a cache directory", func() error { return ov.Mkdir("/tmp/hugo_cache_test", 0o777) }},
		{"MkdirAll", func() error { return ov.MkdirAll(cache, 0o777) }},
		{"write a cache file", func() error { return afero.WriteFile(ov, cache+"/a", []byte("cached"), 0o666) }},
		{"write under the site, outside content", func() error { return afero.WriteFile(ov, gen, []byte("png"), 0o666) }},
	} {
		if err := step.do(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
	}
	for name, want := range map[string]string{cache + "/a": "cached", gen: "png"} {
		if b, err := afero.ReadFile(ov, name); err != nil || string(b) != want {
			t.Errorf("%s reads %q, %v, want %q", name, b, err, want)
		}
	}
	if after := snapshot(t, disk, "/"); !maps.Equal(after, before) {
		t.Errorf("the disk changed:\n%v\nwant\n%v", after, before)
	}
	for _, name := range []string{cache, gen} {
		if ok, _ := afero.Exists(disk, name); ok {
			t.Errorf("%s is on disk", name)
		}
	}
}

func writeOpen(fsys afero.Fs, name string) error {
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Write([]byte("x"))
	return err
}

// TestOverlayDoesNotCopyThePages: the overlay reads a page from the bytes
// in Result.Pages, not from a copy: what is in those bytes when the page is
// read is what Read gives, and opening and reading a large page allocates
// far less than the page.
func TestOverlayDoesNotCopyThePages(t *testing.T) {
	const size = 4 << 20
	disk, res := overlaySite(t)
	big := bytes.Repeat([]byte("0123456789abcdef"), size/16)
	res.Pages = append(res.Pages, render.Page{Path: "records/gen/big.md", Data: big})
	ov := overlay(t, disk, res)
	name := path.Join(root, "content/records/gen/big.md")

	copy(big, "changed after the overlay was made")
	buf := make([]byte, size)
	read := func() {
		f, err := ov.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(f, buf); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	read()
	if !bytes.Equal(buf, big) {
		t.Fatalf("the page reads %q…, want %q…: a copy", buf[:40], big[:40])
	}

	const runs = 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range runs {
		read()
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / runs; per > size/64 {
		t.Errorf("opening and reading a page of %d bytes allocated %d bytes, want under %d: a copy", size, per, size/64)
	}
}
