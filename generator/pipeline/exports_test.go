package pipeline_test

import (
	"bytes"
	"context"
	"path"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/export"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/pipeline"
	"github.com/qmsplan/qmsplan/generator/portfolio"
)

// The exports are files of the built site, on disk and in memory alike,
// there before the link check (a page links to one) and made for the
// site's base URL.
func TestBuildWritesTheExports(t *testing.T) {
	for _, dest := range []string{"public", ""} {
		t.Run("destination "+dest, func(t *testing.T) {
			tr := smallSite(t)
			tr["content/about.md"] = "---\ntitle: About\n---\nThe [tasks](" + paths.ExportURL(paths.TasksCSV) + ") and [milestones](" + paths.ExportURL(paths.MilestonesICS) + ").\n"
			fsys := tr.FS(t)
			res := prepare(t, fsys)
			sum, err := pipeline.Build(context.Background(), fsys, res, pipeline.Options{Destination: dest})
			if err != nil {
				t.Fatalf("build: %v\n%v", err, sum.Diags)
			}
			want, err := export.Files(portfolio.Build(res.Data, res.AsOf), "https://example.org/")
			if err != nil {
				t.Fatal(err)
			}
			if len(want) < 4 {
				t.Fatalf("%d exports", len(want))
			}
			for _, f := range want {
				got, err := afero.ReadFile(sum.Output, f.Path)
				if err != nil || !bytes.Equal(got, f.Data) {
					t.Errorf("%s: %v\n%s", f.Path, err, got)
				}
			}
			ics, _ := afero.ReadFile(sum.Output, path.Join(paths.PortfolioSection, paths.MilestonesICS))
			if !strings.Contains(string(ics), "URL:https://example.org/records/") {
				t.Errorf("the feed's links are not on the site's base URL:\n%s", ics)
			}
		})
	}
}

// A hand-written static file where an export goes stops the build, and
// nothing on disk changes.
func TestStaticFileAtAnExportFails(t *testing.T) {
	tr := smallSite(t)
	tr["static/"+paths.PortfolioSection+"/tasks.csv"] = "mine\n"
	fsys := tr.FS(t)
	before := snapshot(t, fsys, root)
	_, err := pipeline.Build(context.Background(), fsys, prepare(t, fsys), pipeline.Options{Destination: "public"})
	if err == nil || !strings.Contains(err.Error(), "static/"+paths.PortfolioSection+"/tasks.csv") || !strings.Contains(err.Error(), "nothing on disk was changed") {
		t.Fatalf("err = %v", err)
	}
	after := snapshot(t, fsys, root)
	if len(before) != len(after) {
		t.Errorf("%d files before, %d after", len(before), len(after))
	}
	for f, b := range before {
		if after[f] != b {
			t.Errorf("%s changed", f)
		}
	}
}
