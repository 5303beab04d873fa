package pipeline_test

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/pipeline"
)

// TestPacksOnlyWhenAsked: the audit packs are rendered for qmsplan pdf's
// build alone (they repeat their sections' records); with Packs, exactly
// the sections of paths.PackSections have one: each year of the sample
// plans, the templates and the portfolio.
func TestPacksOnlyWhenAsked(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	fsys := afero.NewReadOnlyFs(afero.NewOsFs())
	res, err := pipeline.Prepare(fsys, root, model.MustDate("2026-12-01"))
	if err != nil {
		t.Fatal(err, res.Diags)
	}
	packs := func(opts pipeline.Options) []string {
		t.Helper()
		sum, err := pipeline.Build(context.Background(), fsys, res, opts)
		if err != nil {
			t.Fatal(err, sum.Diags)
		}
		var out []string
		afero.Walk(sum.Output, "/", func(p string, fi fs.FileInfo, err error) error {
			if err == nil && !fi.IsDir() && path.Base(filepath.ToSlash(p)) == paths.PackFile {
				out = append(out, filepath.ToSlash(p))
			}
			return err
		})
		slices.Sort(out)
		return out
	}
	if got := packs(pipeline.Options{}); len(got) != 0 {
		t.Errorf("a build without Packs rendered %d audit packs: %q", len(got), got)
	}
	want := []string{paths.PackURL(paths.TemplatesSection), paths.PackURL(paths.PortfolioSection)}
	for _, y := range res.Portfolio.Years() {
		want = append(want, paths.PackURL(paths.PlanGroup(fmt.Sprint(y.Year))))
	}
	for _, p := range res.Portfolio.Plans {
		if p.Start.IsZero() {
			want = append(want, paths.PackURL(paths.PlanGroup(paths.Undated)))
			break
		}
	}
	slices.Sort(want)
	if got := packs(pipeline.Options{Packs: true}); !slices.Equal(got, want) {
		t.Errorf("a build with Packs rendered the packs\n%q\nwant\n%q", got, want)
	}
}
