package load_test

import (
	"github.com/qmsplan/qmsplan/generator/internal/datatest"
	"github.com/qmsplan/qmsplan/generator/paths"
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
