package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/pdf"
	"github.com/qmsplan/qmsplan/generator/pipeline"
)

// pdfCmd prints the records for audits: one PDF per record, one audit
// pack per section and the manifest, into --destination, replaced whole
// only when everything printed.
func (e *env) pdfCmd(args []string) error {
	var c common
	var dest, only string
	var opts pdf.Options
	fs := e.flags("pdf")
	c.register(fs)
	fs.StringVar(&dest, "destination", "pdf", "output directory, relative to --source; replaced whole by every run")
	fs.StringVar(&only, "only", "", "print only these records (record IDs, comma-separated or as further arguments), no packs")
	fs.IntVar(&opts.Tabs, "tabs", pdf.DefaultTabs, "pages printed at once, in tabs of one browser")
	fs.DurationVar(&opts.PageTimeout, "page-timeout", pdf.DefaultPageTimeout, "the longest one page may take to load and print")
	if err := fs.Parse(args); err != nil {
		return parseErr(err)
	}
	ids := slices.DeleteFunc(strings.Split(only, ","), func(s string) bool { return s == "" })
	if fs.NArg() > 0 {
		if only == "" {
			return fmt.Errorf("unexpected arguments %q: record IDs go after --only", fs.Args())
		}
		ids = append(ids, fs.Args()...)
	}
	// Before the build: a missing browser is the likeliest failure.
	exe, err := pdf.FindChrome(e.getenv)
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(c.source)
	if err != nil {
		return err
	}
	c.source = abs
	start := time.Now()
	res, err := e.prepare(c, noRecord, nil)
	if err != nil {
		return err
	}
	opts.AsOf, _, _ = pipeline.AsOf(c.asOf, e.getenv, e.now) // prepare checked it
	sum, err := pipeline.Build(e.ctx, e.fs, res, pipeline.Options{Packs: true})
	e.report(append(res.Diags[:len(res.Diags):len(res.Diags)], sum.Diags...), c.format)
	if err != nil {
		return err
	}
	recs := pdf.Records(res.Data)
	var packs []pdf.Pack
	if len(ids) > 0 {
		if recs, err = pick(recs, ids); err != nil {
			return err
		}
	} else if packs, err = pdf.Packs(sum.Output, res.Data); err != nil {
		return err
	}
	b, err := pdf.Start(e.ctx, exe)
	if err != nil {
		return err
	}
	defer b.Close()
	var entries []pdf.Entry
	out, err := pipeline.ReplaceDir(e.fs, c.source, dest, func(dir string) error {
		var perr error
		entries, perr = pdf.Print(e.ctx, b, sum.Output, recs, packs, e.fs, dir, opts)
		return perr
	})
	if err != nil {
		return err
	}
	pages := 0
	for _, en := range entries {
		pages += en.Pages
	}
	took := time.Since(start)
	fmt.Fprintf(e.stderr, "printed %d PDF(s), %d pages, into %s in %s (%.1f pages/s), with %s and %s\n",
		len(entries), pages, out, took.Round(time.Millisecond), float64(pages)/took.Seconds(), pdf.ManifestCSV, pdf.ManifestJSON)
	return nil
}

// pick keeps the records named by ids, failing on any unknown ID.
func pick(recs []pdf.Record, ids []string) ([]pdf.Record, error) {
	byID := map[string]pdf.Record{}
	known := make([]string, 0, len(recs))
	for _, r := range recs {
		byID[r.ID] = r
		known = append(known, r.ID)
	}
	var out []pdf.Record
	var bad []string
	for _, id := range ids {
		r, ok := byID[id]
		if !ok {
			bad = append(bad, fmt.Sprintf("--only: no record %q (%s)", id, diag.DidYouMean(id, known)))
			continue
		}
		out = append(out, r)
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(bad, "\n"))
	}
	return out, nil
}
