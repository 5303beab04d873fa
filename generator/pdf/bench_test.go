package pdf_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/fixture"
	"github.com/qmsplan/qmsplan/generator/pdf"
	"github.com/qmsplan/qmsplan/generator/pipeline"
)

// BenchmarkPrint prints the sample set (records and packs) and a fixture
// site of 1,000 plans: its records and the templates' and portfolio's
// packs, and, apart, the plans' packs, one per year. Run it once, it takes minutes:
//
//	go test ./generator/pdf -run '^$' -bench Print -benchtime 1x
func BenchmarkPrint(b *testing.B) {
	all := func(pdf.Pack) bool { return true }
	b.Run("sample", func(b *testing.B) {
		root, err := filepath.Abs("../..")
		if err != nil {
			b.Fatal(err)
		}
		benchPrint(b, root, true, all)
	})
	// One site for both: the parent's, which outlives them.
	var site string
	fixtureSite := func() string {
		if site == "" {
			site = clonedSite(b, 1000)
		}
		return site
	}
	b.Run("plans=1000", func(b *testing.B) {
		benchPrint(b, fixtureSite(), true, func(pk pdf.Pack) bool { return !strings.HasPrefix(pk.ID, "R-009-001-") })
	})
	b.Run("plans=1000-pack", func(b *testing.B) {
		benchPrint(b, fixtureSite(), false, func(pk pdf.Pack) bool { return strings.HasPrefix(pk.ID, "R-009-001-") })
	})
}

// benchPrint builds the site at root and prints its records (when
// records) and the packs that keep says.
func benchPrint(b *testing.B, root string, records bool, keep func(pdf.Pack) bool) {
	br := startBrowser(b)
	for b.Loop() {
		start := time.Now()
		fsys := afero.NewReadOnlyFs(afero.NewOsFs())
		res, err := pipeline.Prepare(fsys, root, asOf)
		if err != nil {
			b.Fatal(err)
		}
		sum, err := pipeline.Build(context.Background(), fsys, res, pipeline.Options{Packs: true})
		if err != nil {
			b.Fatal(err)
		}
		built := time.Since(start)
		recs := pdf.Records(res.Data)
		pks, err := pdf.Packs(sum.Output, res.Data)
		if err != nil {
			b.Fatal(err)
		}
		if !records {
			recs = nil
		}
		pks = slices.DeleteFunc(pks, func(pk pdf.Pack) bool { return !keep(pk) })
		dir := b.TempDir()
		// A pack is one page: give it time.
		entries, err := pdf.Print(context.Background(), br, sum.Output, recs, pks, afero.NewOsFs(), dir, pdf.Options{AsOf: asOf, PageTimeout: 30 * time.Minute})
		if err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		pages := 0
		for _, e := range entries {
			pages += e.Pages
		}
		b.ReportMetric(float64(len(entries)), "files")
		b.ReportMetric(float64(pages), "pages")
		b.ReportMetric(float64(pages)/(took-built).Seconds(), "pages/s")
		b.ReportMetric(built.Seconds(), "build-s")
		b.ReportMetric(took.Seconds(), "total-s")
	}
}

// clonedSite is a fixture site on disk (generator/fixture) with n plans.
func clonedSite(b *testing.B, n int) string {
	dst := filepath.Join(b.TempDir(), "site")
	if err := fixture.Write("../..", dst, fixture.Options{Plans: n, Seed: 1, AsOf: asOf}); err != nil {
		b.Fatal(err)
	}
	return dst
}
