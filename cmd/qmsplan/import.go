package main

import (
	"errors"
	"fmt"
	"path"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/importer/docusaurus"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/pipeline"
	"github.com/qmsplan/qmsplan/generator/write"
)

const importUsage = "usage: qmsplan import docusaurus [--dry-run] [--format text|json|github] DIR"

// importCmd reads a Docusaurus docs tree into the site. The new files are
// checked as 'qmsplan generate' would check them (laid over the site in
// memory) before anything is written, and nothing is written when the
// tree or the result has an error. Exit status 1 when anything needs a
// person.
func (e *env) importCmd(args []string) error {
	if len(args) == 0 || args[0] != "docusaurus" {
		return errors.New(importUsage)
	}
	var c common
	var dryRun bool
	fs := e.flags("import docusaurus")
	c.register(fs)
	fs.BoolVar(&dryRun, "dry-run", false, "read, check and report; write nothing")
	if err := fs.Parse(args[1:]); err != nil {
		return parseErr(err)
	}
	if fs.NArg() != 1 {
		return errors.New(importUsage)
	}
	f, err := diag.ParseFormat(c.format)
	if err != nil {
		return err
	}
	asOf, from, err := pipeline.AsOf(c.asOf, e.getenv, e.now)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "as of %s (%s)\n", asOf, from)
	data, ds := load.Load(e.fs, c.source)
	if err := ds.Err(); err != nil {
		e.report(ds, c.format)
		fmt.Fprintln(e.stderr, "qmsplan: the site's own data has errors; fix them before importing")
		return errReported
	}
	res := docusaurus.Import(e.fs, fs.Arg(0), data, asOf)
	if !res.Diags.HasErrors() {
		res.Diags = append(res.Diags, e.checkImported(c.source, res, asOf)...)
	}
	out := e.stderr
	if f == diag.JSON {
		out = e.stdout
	}
	_ = res.Write(out, f)
	if res.Diags.HasErrors() {
		fmt.Fprintln(e.stderr, "qmsplan: the import has errors; nothing was written")
		return errReported
	}
	if err := res.Apply(e.fs, c.source, dryRun); err != nil {
		var l diag.List
		if errors.As(err, &l) {
			_ = l.Write(e.stderr, f)
			fmt.Fprintln(e.stderr, "qmsplan: nothing was written")
			return errReported
		}
		return err
	}
	verb := "wrote"
	if dryRun {
		verb = "would write (dry run)"
	}
	n, w := res.Diags.Count()
	fmt.Fprintf(e.stderr, "%s %d files; %d error(s), %d warning(s)\n", verb, len(res.Files), n, w)
	if res.NeedsPerson() {
		fmt.Fprintln(e.stderr, "qmsplan: some of the tree was not carried over: see the warnings above")
		return errReported
	}
	return nil
}

// checkImported runs the pre-build step over the site with the new files
// laid over it in memory: the imported plans must pass what 'qmsplan check'
// checks of data, and no new page may stand where a generated one goes.
func (e *env) checkImported(root string, res *docusaurus.Result, asOf model.Date) diag.List {
	isNew := map[string]bool{}
	over := afero.NewCopyOnWriteFs(afero.NewReadOnlyFs(e.fs), afero.NewMemMapFs())
	for _, file := range res.Files {
		full := path.Join(root, file.Path)
		isNew[full] = true
		if ok, _ := afero.Exists(e.fs, full); ok {
			continue // Apply refuses it, naming it
		}
		_ = over.MkdirAll(path.Dir(full), 0o755)
		if err := afero.WriteFile(over, full, file.Data, 0o644); err != nil {
			return diag.List{diag.Errorf(diag.Pos{File: full}, "%v", err).Fix("report this as a bug")}
		}
	}
	pr, err := pipeline.Prepare(over, root, asOf)
	var ds diag.List
	if pr != nil {
		for _, x := range pr.Diags {
			// The site's own warnings are not the import's.
			if x.Severity == diag.Error || isNew[x.File] {
				ds.Add(x)
			}
		}
	}
	var conflict write.ConflictError
	if errors.As(err, &conflict) {
		ds.Add(diag.Errorf(diag.Pos{File: root}, "%v", err).Fix("leave that page out of the tree, or move it"))
	} else if err != nil && !errors.As(err, new(diag.List)) {
		ds.Add(diag.Errorf(diag.Pos{File: root}, "%v", err).Fix("report this as a bug"))
	}
	return ds
}
