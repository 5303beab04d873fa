package main

import (
	"errors"
	"flag"
	"fmt"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/pipeline"
	"github.com/qmsplan/qmsplan/generator/write"
)

// errReported means the failure was already printed.
var errReported = errors.New("failed")

// errHelp means -h was asked for and the usage printed: not a failure.
var errHelp = errors.New("help")

// parseErr turns a flag error into the command's result; the flag package
// has printed the problem or the usage already.
func parseErr(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return errHelp
	}
	return errReported
}

// common are the flags of every command that reads the data.
type common struct {
	source string
	asOf   string
	format string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.source, "source", ".", "site root: the directory with data/, content/ and hugo.toml")
	fs.StringVar(&c.asOf, "as-of", "", "the run's today, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else the clock)")
	fs.StringVar(&c.format, "format", "text", "how to print errors and warnings: text, json or github")
}

// parse parses a command's flags and refuses any positional argument:
// the flag package stops at the first one, so a stray word would silently
// drop every flag after it too.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return parseErr(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q (this command takes flags only; see '%s -h')\n", fs.Name(), fs.Arg(0), fs.Name())
		return errReported
	}
	return nil
}

func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("qmsplan "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// prepare runs the pre-build step up to (not including) writing. It fails
// on invalid data and on conflicts with hand-written pages, and then prints
// the findings; on success the caller reports res.Diags with any findings
// of its own later steps, so that a run prints one JSON document. The
// record of the last run (pipeline.Generate) is used as rec says, and the
// plans memo decoded before are taken from it (pipeline.Memo; nil for none).
func (e *env) prepare(c common, rec record, memo *pipeline.Memo) (*pipeline.Result, error) {
	if _, err := diag.ParseFormat(c.format); err != nil {
		return nil, err
	}
	asOf, from, err := pipeline.AsOf(c.asOf, e.getenv, e.now)
	if err != nil {
		return nil, err
	}
	// Always said, whatever the format (JSON goes to stdout, this to
	// stderr): the date decides warnings, so a run must show where it came from.
	fmt.Fprintf(e.stderr, "as of %s (%s)\n", asOf, from)
	var res *pipeline.Result
	switch rec {
	case useRecord:
		res, err = memo.Generate(e.fs, c.source, asOf, e.buildID)
	case renewRecord:
		res, err = memo.Refresh(e.fs, c.source, asOf, e.buildID)
	default:
		res, err = pipeline.Prepare(e.fs, c.source, asOf)
	}
	if err != nil && res != nil {
		e.report(res.Diags, c.format)
	}
	if errors.As(err, new(diag.List)) {
		fmt.Fprintln(e.stderr, "qmsplan: the data has errors; nothing on disk was changed")
		return nil, errReported
	}
	var conflict write.ConflictError
	if errors.As(err, &conflict) {
		fmt.Fprintln(e.stderr, "qmsplan:", err)
		return nil, errReported
	}
	return res, err
}

// record is how a command uses the record of the last run.
type record int

const (
	// noRecord: the command needs the whole Result (the pages in memory
	// for Hugo, the portfolio's rows), which a record does not hold.
	noRecord record = iota
	// useRecord: the pages on disk and the findings are enough.
	useRecord
	// renewRecord: a full run, which writes a new record.
	renewRecord
)

// report prints a run's findings in format (checked by prepare), and in
// text their count. JSON is the machine's, so it goes to stdout, always
// (an empty array says "nothing found"); text and GitHub annotations go
// to stderr with the rest.
func (e *env) report(ds diag.List, format string) {
	f := diag.Format(format)
	switch {
	case f == diag.JSON:
		_ = ds.Write(e.stdout, f)
	case len(ds) > 0:
		_ = ds.Write(e.stderr, f)
	}
	if n, w := ds.Count(); f == diag.Text && n+w > 0 {
		fmt.Fprintf(e.stderr, "%d error(s), %d warning(s)\n", n, w)
	}
}

func (e *env) generate(args []string) error {
	var c common
	fs := e.flags("generate")
	c.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	lock, err := e.lock(c.source, "generate")
	if err != nil {
		return err
	}
	defer lock.Release()
	res, err := e.prepare(c, useRecord, nil)
	if err != nil {
		return err
	}
	e.report(res.Diags, c.format)
	if err := res.Apply(); err != nil {
		return err
	}
	e.summary(res)
	return nil
}

// lock holds the site for a run that writes it. A run on a memory file
// system (a test's) shares its disk with no other and takes no lock.
func (e *env) lock(root, name string) (*pipeline.SiteLock, error) {
	if _, ok := e.fs.(*afero.OsFs); !ok {
		return nil, nil
	}
	return pipeline.Lock(root, "qmsplan "+name)
}

// summary counts the pages from the report, not from res.Pages: a run the
// cache answered (pipeline.Generate) rendered none, and says the same.
func (e *env) summary(res *pipeline.Result) {
	r := res.Changes.Report
	fmt.Fprintf(e.stderr, "pages: %d generated (%d created, %d updated, %d unchanged), %d removed\n",
		len(r.Created)+len(r.Updated)+len(r.Unchanged), len(r.Created), len(r.Updated), len(r.Unchanged), len(r.Removed))
}
