package pdf_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/spf13/afero"

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

var (
	slugRE    = regexp.MustCompile(`(?m)^slug: .*$`)
	idRE      = regexp.MustCompile(`(?m)^  id: R-009-001-.*$`)
	aliasesRE = regexp.MustCompile(`(?m)^aliases:.*\n(?:(?:[ \t]+|- ).*\n)*`)
	// A clone supersedes nothing: the record it named is not cloned with
	// its ID.
	supersededByRE = regexp.MustCompile(`(?m)^  superseded_by: .*\n`)
)

// clonedSite is a copy of the site on disk whose data holds n plans,
// copies of the sample plans in turn, each with its own slug and record
// ID and no aliases (an alias names one page).
func clonedSite(b *testing.B, n int) string {
	dst := b.TempDir()
	for _, part := range []string{"hugo.toml", "data", "content", "layouts", "static"} {
		err := filepath.WalkDir(filepath.Join("../..", part), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel("../..", p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			body, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), body, 0o644)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	// Only the hand-written pages and the data's registries and templates.
	for _, dir := range []string{"content/records/GP-009/T-009-001", "content/records/GP-009/r-009-001", "data/plans"} {
		os.RemoveAll(filepath.Join(dst, dir))
	}
	samples, err := filepath.Glob("../../data/plans/*.yaml")
	if err != nil || len(samples) == 0 {
		b.Fatalf("no sample plans: %v", err)
	}
	os.MkdirAll(filepath.Join(dst, "data/plans"), 0o755)
	for i := range n {
		body, err := os.ReadFile(samples[i%len(samples)])
		if err != nil {
			b.Fatal(err)
		}
		slug := fmt.Sprintf("clone-%05d", i)
		s := aliasesRE.ReplaceAllString(string(body), "")
		s = supersededByRE.ReplaceAllString(s, "")
		s = slugRE.ReplaceAllLiteralString(s, "slug: "+slug)
		s = idRE.ReplaceAllLiteralString(s, fmt.Sprintf("  id: R-009-001-2030-%05d", i))
		if err := os.WriteFile(filepath.Join(dst, "data/plans", slug+".yaml"), []byte(s), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dst
}
