package pipeline_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/fixture"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/pipeline"
)

// corpus returns a site holding the repository's hugo.toml, layouts,
// hand-written pages, registries and templates and n generated plans
// (generator/fixture), under "site".
func corpus(b *testing.B, n int) afero.Fs {
	b.Helper()
	// On disk, as in real use: afero's memory fs renames in O(files), which
	// would make the benchmark itself quadratic.
	dir := b.TempDir()
	if err := fixture.Write("../..", filepath.Join(dir, "site"), fixture.Options{Plans: n, Seed: 1, AsOf: benchAsOf}); err != nil {
		b.Fatal(err)
	}
	return afero.NewBasePathFs(afero.NewOsFs(), dir)
}

var benchAsOf = model.MustDate("2026-11-27")

// BenchmarkGenerate measures the whole pre-build step (load, validate,
// render, write to an empty content/) at growing numbers of plans; ns/plan should stay flat
// (linear cost). Run: go test -bench Generate -run '^$' ./generator/pipeline
func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("plans=%d", n), func(b *testing.B) {
			base := corpus(b, n)
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				for _, d := range []string{paths.TemplatesSection, paths.PlansSection, paths.PortfolioSection} {
					base.RemoveAll(filepath.Join("site", paths.Content, d))
				}
				b.StartTimer()
				res, err := pipeline.Prepare(base, "site", benchAsOf)
				if err != nil {
					b.Fatal(err, res.Diags)
				}
				if err := res.Changes.Apply(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/plan")
		})
	}
}

// BenchmarkExports measures the exports a build writes (portfolio rows,
// CSV, JSON, the feeds) at growing numbers of plans, to compare with
// BenchmarkGenerate: ns/plan should stay flat.
// Run: go test -bench Exports -run '^$' ./generator/pipeline
func BenchmarkExports(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("plans=%d", n), func(b *testing.B) {
			res, err := pipeline.Prepare(corpus(b, n), "site", benchAsOf)
			if err != nil {
				b.Fatal(err, res.Diags)
			}
			b.ResetTimer()
			for range b.N {
				if _, err := res.WriteExports(afero.NewMemMapFs(), "https://qms.example.com/"); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/plan")
		})
	}
}
