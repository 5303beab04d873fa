// Command qmsplan publishes implementation plans in the QMS portal: it
// validates the plan data under data/, generates Hugo pages from it into
// content/, and builds the site with an embedded Hugo.
//
// Usage:
//
//	qmsplan build     generate, then build the site into public/
//	qmsplan serve     generate and serve the site with live reload
//	qmsplan generate  the pre-build step alone: data/ -> content/
//	qmsplan check     validate and render everything in memory (for CI)
//	qmsplan pdf       print the records, audit packs and a manifest to PDF
//	qmsplan schema    print the JSON Schema of plan files
//	qmsplan new plan  write a plan skeleton from a template
//	qmsplan import docusaurus DIR  import a Docusaurus docs tree
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/pipeline"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env := &env{ctx: ctx, fs: afero.NewOsFs(), stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, now: time.Now,
		buildID: pipeline.BuildID()}
	os.Exit(env.run(os.Args[1:]))
}

// env is everything a command touches, so tests can run commands against a
// memory filesystem with a pinned clock.
type env struct {
	ctx            context.Context
	fs             afero.Fs
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
	// buildID identifies this program in the cache's key (pipeline.Generate);
	// "" turns the cache off, as in tests that do not ask for it.
	buildID string
}

const usage = `qmsplan publishes implementation plans (R-009-001) in the QMS portal.

Usage:
  qmsplan build     [flags]   generate pages from data/, then build the site into public/
  qmsplan serve     [flags]   generate and serve the site with live reload; edits under data/ regenerate
  qmsplan generate  [flags]   the pre-build step alone: validate data/, write pages into content/
  qmsplan check     [flags]   validate data/ and build every page in memory; writes nothing (for CI)
  qmsplan pdf       [flags]   print every record to PDF, one audit pack per section, and a manifest,
                              into pdf/ (--destination; --only RECORD-ID... for some records only)
  qmsplan schema    [KIND]    print the JSON Schema of a data file: plan (default), template, roles, statuses
  qmsplan new plan --template KEY --slug SLUG
                              write data/plans/SLUG.yaml, a plan skeleton from a template
  qmsplan import docusaurus [--dry-run] DIR
                              import a Docusaurus docs tree: records to data/plans, pages to content/

Run 'qmsplan COMMAND -h' for a command's flags.
`

func (e *env) run(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "generate":
		err = e.generate(args[1:])
	case "check":
		err = e.check(args[1:])
	case "build":
		err = e.build(args[1:])
	case "serve":
		err = e.serve(args[1:])
	case "pdf":
		err = e.pdfCmd(args[1:])
	case "schema":
		err = e.schema(args[1:])
	case "new":
		err = e.newCmd(args[1:])
	case "import":
		err = e.importCmd(args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprint(e.stdout, usage)
		return 0
	default:
		fmt.Fprintf(e.stderr, "qmsplan: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err == errHelp {
		return 0
	}
	if err != nil {
		if err != errReported {
			fmt.Fprintf(e.stderr, "qmsplan %s: %v\n", args[0], err)
		}
		return 1
	}
	return 0
}
