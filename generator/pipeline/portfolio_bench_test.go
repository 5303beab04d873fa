package pipeline_test

import (
	"fmt"
	"testing"

	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/pipeline"
	"github.com/qmsplan/qmsplan/generator/portfolio"
	"github.com/qmsplan/qmsplan/generator/render"
)

// BenchmarkPortfolio measures the portfolio's share of the pre-build step
// apart: its rows (portfolio.Build), its pages (render.Portfolio) and the
// plan pages with their own Gantts (render.Render) beside the same pages
// without (an empty portfolio). cpu-ns/op is the process's CPU time, all
// threads: on a shared machine steadier than the wall clock. Profile one
// with -cpuprofile. Run:
// go test -bench Portfolio -run '^$' ./generator/pipeline
func BenchmarkPortfolio(b *testing.B) {
	asOf := model.MustDate("2026-11-27")
	for _, n := range []int{1000} {
		res, err := pipeline.Prepare(corpus(b, n), "site", asOf)
		if err != nil {
			b.Fatal(err, res.Diags)
		}
		pf := portfolio.Build(res.Data, asOf)
		b.Run(fmt.Sprintf("rows/plans=%d", n), func(b *testing.B) {
			defer reportCPU(b)()
			for range b.N {
				portfolio.Build(res.Data, asOf)
			}
		})
		b.Run(fmt.Sprintf("pages/plans=%d", n), func(b *testing.B) {
			defer reportCPU(b)()
			for range b.N {
				if _, err := render.Portfolio(pf, res.Diags); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("plan-pages/plans=%d", n), func(b *testing.B) {
			defer reportCPU(b)()
			for range b.N {
				if _, err := render.Render(res.Data, pf); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("plan-pages-without-gantt/plans=%d", n), func(b *testing.B) {
			defer reportCPU(b)()
			empty := &portfolio.Portfolio{AsOf: asOf}
			for range b.N {
				if _, err := render.Render(res.Data, empty); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// reportCPU starts counting the process's CPU time; the function it returns
// reports it per op.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op") }
}
