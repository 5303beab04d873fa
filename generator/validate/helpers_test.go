package validate_test

import (
	"testing"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/internal/datatest"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/validate"
)

// The shared test bench (generator/internal/datatest), under the short
// names the cases use.
const (
	root         = datatest.Root
	rolesFile    = paths.Roles
	statusesFile = paths.Statuses
	tmplFile     = datatest.TmplFile
	planFile     = datatest.PlanFile
)

type (
	tree = datatest.Tree
	want = datatest.Want
)

var (
	baseline = datatest.Baseline
	ed       = datatest.Ed
	errAt    = datatest.ErrAt
	warnAt   = datatest.WarnAt
	expect   = datatest.Expect
)

// asOf is the "today" of the test runs.
var asOf = model.MustDate("2025-03-01")

// run loads the tree and validates it, returning all findings of both steps.
func run(t testing.TB, tr tree) diag.List {
	t.Helper()
	data, ds := load.Load(tr.FS(t), root)
	return append(ds, validate.Check(data, asOf, nil)...)
}
