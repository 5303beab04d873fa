package main

import (
	"errors"
	"fmt"
	"path"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/pipeline"
	"github.com/qmsplan/qmsplan/generator/skeleton"
	"github.com/qmsplan/qmsplan/generator/write"
)

func (e *env) newCmd(args []string) error {
	if len(args) == 0 || args[0] != "plan" {
		return errors.New("usage: qmsplan new plan --template KEY --slug SLUG")
	}
	fs := e.flags("new plan")
	var source, tmpl, slug, asOfFlag string
	fs.StringVar(&source, "source", ".", "site root: the directory with data/")
	fs.StringVar(&tmpl, "template", "", "key of the template to start from, e.g. integrated-json-only")
	fs.StringVar(&slug, "slug", "", "URL slug of the new plan, e.g. 2026-01-07-uk-pfizer-derm")
	fs.StringVar(&asOfFlag, "as-of", "", "date for the author's signature (default: SOURCE_DATE_EPOCH, else the clock)")
	if err := fs.Parse(args[1:]); err != nil {
		return parseErr(err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: usage: qmsplan new plan --template KEY --slug SLUG", fs.Arg(0))
	}
	if tmpl == "" || slug == "" {
		return errors.New("both --template and --slug are required")
	}
	if err := paths.Slug(slug); err != nil {
		return fmt.Errorf("--slug: %w", err)
	}
	data, ds := load.Load(e.fs, source)
	var keys []string
	for _, t := range data.Templates {
		keys = append(keys, t.Key)
		if t.Key != tmpl {
			continue
		}
		asOf, from, err := pipeline.AsOf(asOfFlag, e.getenv, e.now)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "as of %s (%s): the author's date\n", asOf, from)
		b, err := skeleton.Plan(t, slug, asOf, data.Statuses.Default())
		if err != nil {
			return err
		}
		file := path.Join(source, paths.Plans, slug+".yaml")
		if err := write.NewFile(e.fs, source, path.Join(paths.Plans, slug+".yaml"), b); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote %s\nFill its [PLACEHOLDERS]; 'qmsplan check' lists those left as warnings.\n", file)
		return nil
	}
	if ds.HasErrors() && len(keys) == 0 {
		_ = ds.Write(e.stderr, "text")
	}
	return fmt.Errorf("no template %q (%s)", tmpl, diag.DidYouMean(tmpl, keys))
}
