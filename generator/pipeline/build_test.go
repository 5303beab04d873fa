package pipeline_test

import (
	"context"
	"errors"
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

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/internal/datatest"
	"github.com/qmsplan/qmsplan/generator/internal/faultfs"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/pipeline"
)

const (
	root     = datatest.Root
	planPage = "content/records/GP-009/r-009-001/2025-01-10-es-acme.md"
	planHTML = "records/GP-009/r-009-001/2025-01-10-es-acme/index.html"
)

// smallSite is the test bench's data with a hand-written page and layouts
// that, like the portal's, fail the build on a status they cannot draw.
func smallSite(t *testing.T) datatest.Tree {
	tr := datatest.Baseline(t)
	list := `<!doctype html><html><body><h1>{{ .Title }}</h1>{{ .Content }}{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>`
	tr["hugo.toml"] = "baseURL = \"https://example.org/\"\ntitle = \"Small\"\ndisablePathToLower = true\ndisableKinds = [\"taxonomy\", \"term\", \"rss\", \"sitemap\", \"404\"]\n"
	tr["layouts/home.html"] = list
	tr["layouts/section.html"] = list
	tr["layouts/page.html"] = `{{ with .Params.status }}{{ if not (in (slice "pending" "in-progress" "done") .key) }}` +
		`{{ errorf "no look for status %q in %s" .key $.File.Filename }}{{ end }}{{ end }}` +
		`<!doctype html><html><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>`
	// Generated pages carry their task tables in the portal's tasks
	// shortcode (tested in tasks_site_test.go); here it draws its name.
	tr["layouts/_shortcodes/tasks.html"] = `<p>tasks{{ with .Inner }} with its table{{ end }}</p>`
	// The Gantt and the portfolio's parts (tested in generator/sitetest)
	// draw their names; the Gantts take their SVGs as inner content.
	for _, sc := range []string{"plan-gantt", "portfolio-gantt", "portfolio-counts", "portfolio-links",
		"portfolio-table", "portfolio-pager", "portfolio-exports"} {
		tr["layouts/_shortcodes/"+sc+".html"] = "<p>" + sc + "</p>"
	}
	for _, sc := range []string{"plan-gantt", "portfolio-gantt", "portfolio-table"} {
		tr["layouts/_shortcodes/"+sc+".html"] = "<p>" + sc + " {{ with .Inner }}with its SVGs or table{{ end }}</p>"
	}
	tr["content/_index.md"] = "---\ntitle: Home\n---\n"
	tr["content/about.md"] = "---\ntitle: About\n---\nAbout us.\n"
	tr["static/css/site.css"] = "body { margin: 0 }\n"
	return tr
}

func prepare(t *testing.T, fsys afero.Fs) *pipeline.Result {
	t.Helper()
	res, err := pipeline.Prepare(fsys, root, model.MustDate("2026-11-27"))
	if err != nil {
		t.Fatalf("prepare: %v\n%v", err, res.Diags)
	}
	return res
}

// snapshot is every file under dir with its content.
func snapshot(t *testing.T, fsys afero.Fs, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	afero.Walk(fsys, dir, func(p string, fi fs.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			b, _ := afero.ReadFile(fsys, p)
			out[p] = string(b)
		}
		return nil
	})
	return out
}

func TestBuildSwapsTheNewSiteIn(t *testing.T) {
	fsys := smallSite(t).FS(t)
	sum, err := pipeline.Build(context.Background(), fsys, prepare(t, fsys), pipeline.Options{Destination: "public"})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, sum.Diags)
	}
	for _, f := range []string{"public/.qmsplan-site", "public/" + planHTML, "public/about/index.html", planPage} {
		if ok, _ := afero.Exists(fsys, root+"/"+f); !ok {
			t.Errorf("%s missing", f)
		}
	}
	if sum.Destination != root+"/public" {
		t.Errorf("Destination = %q", sum.Destination)
	}
	if ok, _ := afero.Exists(sum.Output, planHTML); !ok {
		t.Errorf("Output does not hold the built site")
	}
	afero.WriteFile(fsys, root+"/public/stale.html", []byte("old"), 0o644)
	if _, err := pipeline.Build(context.Background(), fsys, prepare(t, fsys), pipeline.Options{Destination: "public"}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"public/stale.html", "public.qmsplan-new", "public.qmsplan-old"} {
		if ok, _ := afero.Exists(fsys, root+"/"+f); ok {
			t.Errorf("%s left after a rebuild", f)
		}
	}
}

// failWrites fails every write under one directory, like a full disk.
type failWrites struct {
	afero.Fs
	under string
}

var errFull = errors.New("no space left on device")

func (f failWrites) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE) != 0 && strings.HasPrefix(name, f.under) {
		return nil, errFull
	}
	return f.Fs.OpenFile(name, flag, perm)
}

func (f failWrites) Create(name string) (afero.File, error) {
	return f.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

// Whatever fails, the built site and content/ stay as the last good build
// left them, and the failure is reported where it is fixed.
func TestBuildChangesNothingUnlessItSucceeds(t *testing.T) {
	for _, tc := range []struct {
		name       string
		edit       func(*testing.T, datatest.Tree)
		fullDisk   bool
		file, msg  string // the finding expected
		wantErrMsg string
	}{
		{
			name:       "Hugo fails in a generated page",
			edit:       datatest.Ed(datatest.PlanFile, "template: basic\n", "template: basic\nstatus: cancelled\n"),
			file:       datatest.PlanFile,
			msg:        `hugo: no look for status "cancelled" in ` + root + "/" + planPage + " (in its generated page " + planPage + ")",
			wantErrMsg: "hugo build failed",
		},
		{
			name:       "a broken anchor in a generated page",
			edit:       datatest.Ed(datatest.PlanFile, "scope: Pilot in two hospitals.", "scope: Pilot in [two](/about/#nowhere) hospitals."),
			file:       datatest.PlanFile,
			msg:        `link "/about/#nowhere" in its page ` + planHTML + `: no id "nowhere" in about/index.html`,
			wantErrMsg: "1 broken link(s)",
		},
		{
			name:       "writing content/ fails",
			edit:       datatest.Ed(datatest.PlanFile, "title: R-009-001 ES ACME 20250110", "title: R-009-001 ES ACME 20250111"),
			fullDisk:   true,
			wantErrMsg: "no space left on device\ncontent/ was left as it was\nthe previous site was restored",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := smallSite(t)
			fsys := tr.FS(t)
			if _, err := pipeline.Build(context.Background(), fsys, prepare(t, fsys), pipeline.Options{Destination: "public"}); err != nil {
				t.Fatal(err)
			}
			tc.edit(t, tr)
			afero.WriteFile(fsys, root+"/"+datatest.PlanFile, []byte(tr[datatest.PlanFile]), 0o644)
			before := snapshot(t, fsys, root)
			var build afero.Fs = fsys
			if tc.fullDisk {
				build = failWrites{fsys, root + "/content"}
			}
			sum, err := pipeline.Build(context.Background(), build, prepare(t, build), pipeline.Options{Destination: "public"})
			if err == nil || !strings.Contains(err.Error(), tc.wantErrMsg) {
				t.Errorf("error %v, want %q", err, tc.wantErrMsg)
			}
			if tc.file != "" {
				want := diag.Errorf(diag.Pos{File: tc.file}, "%s", tc.msg)
				if len(sum.Diags) != 1 || sum.Diags[0].File != want.File || sum.Diags[0].Message != want.Message {
					t.Errorf("findings %v, want one: %s", sum.Diags, want)
				}
			}
			after := snapshot(t, fsys, root)
			for f, b := range before {
				if after[f] != b {
					t.Errorf("%s changed", f)
				}
			}
			for f := range after {
				if _, ok := before[f]; !ok {
					t.Errorf("%s appeared", f)
				}
			}
		})
	}
}

// A build replaces its destination whole, so it refuses any whose loss
// would cost files.
func TestBuildRefusesDestinations(t *testing.T) {
	for _, tc := range []struct {
		dest  string
		files []string // already in the destination
		want  string   // "" if the build may go there
	}{
		{".", nil, "holds the site's own sources"},
		{"..", nil, "holds the site's own sources"},
		{root, nil, "holds the site's own sources"},
		{"content/site", nil, "is inside the site's content/ directory"},
		{"static/x", nil, "is inside the site's static/ directory"},
		{"layouts", nil, "is inside the site's layouts/ directory"},
		{"/thesis", []string{"thesis.docx"}, "/thesis is not empty and is not a site qmsplan built"},
		{"/mine", []string{"index.html", "notes.txt"}, "/mine is not empty and is not a site qmsplan built"},
		{"/empty", nil, ""},
		{"/built", []string{".qmsplan-site", "old.html"}, ""},
		{"public", []string{"index.html"}, ""}, // Hugo's own output, from before the marker
		{"out", []string{"index.html"}, "/out is not empty and is not a site qmsplan built"},
	} {
		fsys := smallSite(t).FS(t)
		dir := tc.dest
		if !strings.HasPrefix(dir, "/") {
			dir = root + "/" + dir
		}
		for _, f := range tc.files {
			afero.WriteFile(fsys, dir+"/"+f, []byte("precious"), 0o644)
		}
		before := snapshot(t, fsys, "/")
		_, err := pipeline.Build(context.Background(), fsys, prepare(t, fsys), pipeline.Options{Destination: tc.dest})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.dest, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want %q", tc.dest, err, tc.want)
		case tc.want != "" && len(snapshot(t, fsys, "/")) != len(before):
			t.Errorf("%s: refused, but files changed", tc.dest)
		}
	}
}

// Hugo's structured errors keep their position: in a hand-written page at
// its line and column, in a generated page at the data file, naming the
// place in the page.
func TestHugoErrorsAtTheirFile(t *testing.T) {
	for _, tc := range []struct {
		name      string
		page      string // content file to break
		add       string // appended to it
		file      string
		line, col int
		msg       string
	}{
		{"generated page", planPage, "\n{{< nosuch >}}\n", datatest.PlanFile, 0, 0,
			`hugo: failed to extract shortcode: template for shortcode "nosuch" not found (in its generated page ` + planPage + ":"},
		{"hand-written page", "content/about.md", "\n{{< nosuch >}}\n", "content/about.md", 6, 1,
			`hugo: failed to extract shortcode: template for shortcode "nosuch" not found`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := smallSite(t).FS(t)
			res := prepare(t, fsys)
			if tc.page == planPage {
				// No data value reaches Hugo as a shortcode (validation
				// refuses them): break the rendered page itself.
				for i, pg := range res.Pages {
					if "content/"+pg.Path == tc.page {
						res.Pages[i].Data = append(pg.Data, tc.add...)
					}
				}
			} else {
				b, _ := afero.ReadFile(fsys, root+"/"+tc.page)
				afero.WriteFile(fsys, root+"/"+tc.page, append(b, tc.add...), 0o644)
			}
			sum, err := pipeline.Build(context.Background(), fsys, res, pipeline.Options{})
			if err == nil {
				t.Fatal("the build passed")
			}
			if len(sum.Diags) != 1 {
				t.Fatalf("findings %v, want one", sum.Diags)
			}
			d := sum.Diags[0]
			if d.File != tc.file || d.Line != tc.line || d.Col != tc.col || !strings.HasPrefix(d.Message, tc.msg) {
				t.Errorf("got  %s\nwant %s:%d:%d: %s…", d, tc.file, tc.line, tc.col, tc.msg)
			}
		})
	}
}

// Whatever change to the disk fails, in Hugo's output, in content/ or in
// the swap, the build fails and the site is as the last good build left it
// (content/ and the published site), or, once nothing fails, as the new
// data wants it: old or new, never mixed.
func TestBuildIsWholeForEveryFailingWrite(t *testing.T) {
	old := editedAfterAGoodBuild(t)
	want := copyFs(t, old)
	if _, err := pipeline.Build(context.Background(), want, prepare(t, want), pipeline.Options{Destination: "public"}); err != nil {
		t.Fatal(err)
	}
	wantFiles := snapshot(t, want, root)
	for n := 1; ; n++ {
		mem := copyFs(t, old)
		ffs := &faultfs.FS{Fs: mem, At: n}
		res := prepare(t, ffs)
		_, err := pipeline.Build(context.Background(), ffs, res, pipeline.Options{Destination: "public"})
		got := snapshot(t, mem, root)
		if !ffs.Reached() {
			if err != nil || !maps.Equal(got, wantFiles) {
				t.Fatalf("with no failure: err %v, files differ from a plain build", err)
			}
			t.Logf("each of the build's %d changes failed in turn", ffs.N)
			return
		}
		if err == nil {
			// A failure after everything is in place (removing an old
			// page put aside, or the old site) may be ignored only if the
			// result is whole: what is left is no page of the site, and
			// the next run removes it.
			maps.DeleteFunc(got, func(p, _ string) bool {
				return strings.HasPrefix(path.Base(p), ".qmsplan-") && strings.HasSuffix(p, ".tmp") ||
					strings.HasPrefix(p, root+"/public.qmsplan-")
			})
			if !maps.Equal(got, wantFiles) {
				t.Fatalf("change %d failed, the build succeeded, and the files are not the new site's: %v", n, diffKeys(got, wantFiles))
			}
			continue
		}
		if !maps.Equal(got, old) {
			t.Fatalf("change %d failed (%v): files differ from the last good build: %v", n, err, diffKeys(got, old))
		}
	}
}

// editedAfterAGoodBuild is every file of the small site after a good
// build and an edit of its plan: what a failed build must leave.
func editedAfterAGoodBuild(t *testing.T) map[string]string {
	t.Helper()
	tr := smallSite(t)
	fsys := tr.FS(t)
	if _, err := pipeline.Build(context.Background(), fsys, prepare(t, fsys), pipeline.Options{Destination: "public"}); err != nil {
		t.Fatal(err)
	}
	tr.Edit(t, datatest.PlanFile, "title: R-009-001 ES ACME 20250110", "title: R-009-001 ES ACME 20250111")
	afero.WriteFile(fsys, root+"/"+datatest.PlanFile, []byte(tr[datatest.PlanFile]), 0o644)
	old := snapshot(t, fsys, root)
	return old
}

// copyFs is a memory file system holding files.
func copyFs(t *testing.T, files map[string]string) afero.Fs {
	t.Helper()
	mem := afero.NewMemMapFs()
	for p, s := range files {
		if err := afero.WriteFile(mem, p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return mem
}

// diffKeys names the files that differ between a and b.
func diffKeys(a, b map[string]string) []string {
	var d []string
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			d = append(d, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			d = append(d, k)
		}
	}
	slices.Sort(d)
	return d
}

// A disk that fills up at any point of a build fails it, soon and saying
// so, and leaves the last good build as it was.
func TestBuildOnAFullDiskFailsClearlyAndSoon(t *testing.T) {
	old := editedAfterAGoodBuild(t)
	for n := 1; ; n++ {
		mem := copyFs(t, old)
		ffs := &faultfs.FS{Fs: mem, At: n, Full: true}
		res := prepare(t, ffs)
		type result struct {
			sum pipeline.Summary
			err error
		}
		done := make(chan result, 1)
		go func() {
			sum, err := pipeline.Build(context.Background(), ffs, res, pipeline.Options{Destination: "public"})
			done <- result{sum, err}
		}()
		var r result
		select {
		case r = <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("disk full from change %d: the build hangs", n)
		}
		if !ffs.Reached() {
			t.Logf("the disk filled up at each of the build's %d changes in turn", n-1)
			return
		}
		if ffs.Failures == 0 {
			continue // only removals and renames from there: they work
		}
		if said := fmt.Sprint(r.err, r.sum.Diags); r.err == nil || !strings.Contains(said, "no space left on device") {
			t.Errorf("disk full from change %d: err = %v, findings %v; want them to say so", n, r.err, r.sum.Diags)
		}
		if got := snapshot(t, mem, root); !maps.Equal(got, old) {
			t.Fatalf("disk full from change %d: files differ from the last good build: %v", n, diffKeys(got, old))
		}
	}
}
