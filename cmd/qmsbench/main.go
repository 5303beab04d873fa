// Command qmsbench writes fixture sites and measures builds of them.
//
// Usage:
//
//	qmsbench fixtures --plans N --out DIR [--seed S] [--as-of D]
//	qmsbench run [--plans 100,1000,10000] [--runs 3] [--as-of D]
//	qmsbench hugo-bare DIR
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/qmsplan/qmsplan/generator/fixture"
	"github.com/qmsplan/qmsplan/generator/model"
)

const usage = `qmsbench writes fixture sites of many plans and measures builds of them.

Usage:
  qmsbench fixtures --plans N --out DIR [--seed S] [--as-of D] [--source DIR]
                    write a complete site with N generated plans into DIR (new or empty)
  qmsbench run [--plans 100,1000,10000] [--runs 3] [--as-of D] [--keep]
                    build fixture sites of each size with qmsplan build and with plain Hugo
                    and a bare layout, alternately, and print the medians as a Markdown table
                    (wrap it in flock /work/measure.lock on a shared machine)
  qmsbench hugo-bare DIR
                    build a bare site that run wrote, with the embedded Hugo (run's child)

Run 'qmsbench COMMAND -h' for a command's flags.
`

// defaultAsOf is the date fixtures are made for and built as of: fixed,
// so that runs on different days measure the same site.
const defaultAsOf = "2026-12-01"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "fixtures":
		err = fixtures(args[1:], stderr)
	case "run":
		err = runCmd(args[1:], stdout, stderr)
	case "hugo-bare":
		err = hugoBare(args[1:], stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "qmsbench: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case err != nil:
		fmt.Fprintf(stderr, "qmsbench %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

func fixtures(args []string, stderr io.Writer) error {
	fl := flag.NewFlagSet("fixtures", flag.ContinueOnError)
	fl.SetOutput(stderr)
	plans := fl.Int("plans", 100, "how many plans")
	out := fl.String("out", "", "the directory to write the site into (new or empty)")
	seed := fl.Uint64("seed", 1, "the seed: the same seed writes the same plans")
	asOf := fl.String("as-of", defaultAsOf, "the date the site is to be built as of (YYYY-MM-DD)")
	src := fl.String("source", ".", "the site whose layouts, pages and registries the fixture copies")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *out == "" || fl.NArg() > 0 {
		return errors.New("give --out DIR and no other arguments")
	}
	d, err := model.ParseDate(*asOf)
	if err != nil {
		return fmt.Errorf("--as-of: %v", err)
	}
	if *plans < 0 {
		return errors.New("--plans must be 0 or more")
	}
	return fixture.Write(*src, *out, fixture.Options{Plans: *plans, Seed: *seed, AsOf: d})
}
