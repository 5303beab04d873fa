package main

import (
	"fmt"
	"strings"

	"github.com/qmsplan/qmsplan/generator/schema"
)

func (e *env) schema(args []string) error {
	fs := e.flags("schema")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: qmsplan schema [%s]\nPrints the JSON Schema of a data file or of tasks.json (plan by default).\n", strings.Join(schema.Kinds(), "|"))
	}
	if err := fs.Parse(args); err != nil {
		return parseErr(err)
	}
	kind := "plan"
	switch fs.NArg() {
	case 0:
	case 1:
		kind = fs.Arg(0)
	default:
		fmt.Fprintf(e.stderr, "qmsplan schema: unexpected argument %q (it takes one kind at most)\n", fs.Arg(1))
		return errReported
	}
	b, err := schema.Generate(kind)
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(b)
	return err
}
