package pdf_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/fixture"
	"github.com/qmsplan/qmsplan/generator/pdf"
	"github.com/qmsplan/qmsplan/generator/pipeline"
)

// BenchmarkPrint prints the sample set (records and packs) and a site of
// 1,000 plans (records only: one pack of 1,000 records is what packs per
// year would avoid). Run it once, it takes minutes:
//
//	go test ./generator/pdf -run '^$' -bench Print -benchtime 1x
func BenchmarkPrint(b *testing.B) {
	b.Run("sample", func(b *testing.B) {
		root, err := filepath.Abs("../..")
		if err != nil {
			b.Fatal(err)
		}
		benchPrint(b, root, true)
	})
	b.Run("plans=1000", func(b *testing.B) {
		benchPrint(b, clonedSite(b, 1000), false)
	})
}

func benchPrint(b *testing.B, root string, packs bool) {
	br := startBrowser(b)
	for b.Loop() {
		start := time.Now()
		fsys := afero.NewReadOnlyFs(afero.NewOsFs())
		res, err := pipeline.Prepare(fsys, root, asOf)
		if err != nil {
			b.Fatal(err)
		}
		sum, err := pipeline.Build(context.Background(), fsys, res, pipeline.Options{})
		if err != nil {
			b.Fatal(err)
		}
		built := time.Since(start)
		recs, pks := pdf.Records(res.Data)
		if !packs {
			pks = nil
		}
		dir := b.TempDir()
		entries, err := pdf.Print(context.Background(), br, sum.Output, recs, pks, afero.NewOsFs(), dir, pdf.Options{AsOf: asOf})
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
