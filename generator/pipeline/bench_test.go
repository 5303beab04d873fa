package pipeline_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"
	"time"

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
// render, write) at growing numbers of plans; ns/plan should stay flat
// (linear cost). cold writes into a content/ without its generated
// sections, nochange runs again on what the last run wrote, oneedit after
// changing one plan's title. peak-MB is the process's peak resident size so
// far: run one sub-benchmark alone to read it.
// Run: go test -bench Generate -run '^$' -benchtime 3x ./generator/pipeline
func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("plans=%d", n), func(b *testing.B) {
			base := corpus(b, n)
			b.Run("cold", func(b *testing.B) {
				cpu := cpuTime()
				for range b.N {
					b.StopTimer()
					for _, d := range []string{paths.TemplatesSection, paths.PlansSection, paths.PortfolioSection} {
						base.RemoveAll(filepath.Join("site", paths.Content, d))
					}
					b.StartTimer()
					generate(b, base, benchAsOf)
				}
				report(b, n, cpu)
			})
			b.Run("nochange", func(b *testing.B) {
				generate(b, base, benchAsOf)
				b.ResetTimer()
				cpu := cpuTime()
				for range b.N {
					if c := generate(b, base, benchAsOf); len(c.Created)+len(c.Updated)+len(c.Removed) > 0 {
						b.Fatalf("nothing changed, yet the run wrote %v", c.Report)
					}
				}
				report(b, n, cpu)
			})
			// oneedit is a generate after one edit; serve, the same in a
			// process that keeps its Memo between runs, as serve does.
			for _, bench := range []struct {
				name string
				memo *pipeline.Memo
			}{{"oneedit", nil}, {"serve", &pipeline.Memo{}}} {
				b.Run(bench.name, func(b *testing.B) {
					memoGenerate(b, bench.memo, base, benchAsOf)
					plans, err := afero.ReadDir(base, "site/data/plans")
					if err != nil || len(plans) == 0 {
						b.Fatal("no plans", err)
					}
					file := "site/data/plans/" + plans[len(plans)/2].Name()
					orig, err := afero.ReadFile(base, file)
					if err != nil || !bytes.Contains(orig, []byte("\ntitle: ")) {
						b.Fatalf("%s: no title (%v)", file, err)
					}
					b.ResetTimer()
					cpu := cpuTime()
					for i := range b.N {
						b.StopTimer()
						edited := bytes.Replace(orig, []byte("\ntitle: "), fmt.Appendf(nil, "\ntitle: Edit %d ", i), 1)
						if err := afero.WriteFile(base, file, edited, 0o644); err != nil {
							b.Fatal(err)
						}
						b.StartTimer()
						if c := memoGenerate(b, bench.memo, base, benchAsOf); len(c.Updated) == 0 || len(c.Created)+len(c.Removed) > 0 {
							b.Fatalf("one plan's title changed, yet the run did %v", c.Report)
						}
					}
					b.StopTimer()
					if err := afero.WriteFile(base, file, orig, 0o644); err != nil {
						b.Fatal(err)
					}
					report(b, n, cpu)
				})
			}
		})
	}
}

// report adds ns/plan, the CPU time a run took since cpu (less disturbed
// than wall time by others on the machine; it includes what the timer was
// stopped for) and the process's peak resident memory so far.
func report(b *testing.B, n int, cpu time.Duration) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/plan")
	if cpu >= 0 {
		b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
	}
	if mb, ok := peakMB(); ok {
		b.ReportMetric(mb, "peak-MB")
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
