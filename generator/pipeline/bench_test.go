package pipeline_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/pipeline"
)

// corpus returns a directory holding the repository's registries
// and templates and n plans, copies of one sample plan with their own slug,
// record ID and aliases.
func corpus(b *testing.B, n int) afero.Fs {
	b.Helper()
	// On disk, as in real use: afero's memory fs renames in O(files), which
	// would make the benchmark itself quadratic.
	fsys := afero.NewBasePathFs(afero.NewOsFs(), b.TempDir())
	for _, pattern := range []string{"../../data/*.yaml", "../../data/templates/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			rel, _ := filepath.Rel("../..", f)
			put(b, fsys, filepath.Join("site", rel), data)
		}
	}
	sample, err := os.ReadFile("../../data/plans/2025-08-22-br-lm-oncoderm-ae.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		slug := fmt.Sprintf("2025-08-22-br-lm-oncoderm-ae-%05d", i)
		s := strings.Replace(string(sample), "slug: 2025-08-22-br-lm-oncoderm-ae", "slug: "+slug, 1)
		s = strings.Replace(s, "id: R-009-001-2025-014", fmt.Sprintf("id: R-009-001-2025-%05d", 100000+i), 1)
		put(b, fsys, "site/data/plans/"+slug+".yaml", []byte(s))
	}
	return fsys
}

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
				base.RemoveAll("site/content")
				b.StartTimer()
				res, err := pipeline.Prepare(base, "site", model.MustDate("2026-11-27"))
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

func put(b *testing.B, fsys afero.Fs, name string, data []byte) {
	if err := fsys.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := afero.WriteFile(fsys, name, data, 0o644); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkExports measures the exports a build writes (portfolio rows,
// CSV, JSON, the feeds) at growing numbers of plans, to compare with
// BenchmarkGenerate: ns/plan should stay flat.
// Run: go test -bench Exports -run '^$' ./generator/pipeline
func BenchmarkExports(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("plans=%d", n), func(b *testing.B) {
			res, err := pipeline.Prepare(corpus(b, n), "site", model.MustDate("2026-11-27"))
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
