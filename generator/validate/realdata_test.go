package validate_test

import (
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/validate"
)

// TestShippedData guards the repository's own data/: it must load and
// validate without errors. Warnings (unfilled placeholders, tasks marked
// done early) are allowed and only logged.
func TestShippedData(t *testing.T) {
	data, ds := load.Load(afero.NewOsFs(), "../..")
	ds = append(ds, validate.Check(data, model.DateOf(time.Now()), nil)...)
	ds.Sort()
	for _, d := range ds {
		if d.Severity == diag.Error {
			t.Errorf("%s", d)
		} else {
			t.Logf("%s", d)
		}
	}
	if len(data.Templates) == 0 {
		t.Error("no templates loaded from data/templates")
	}
}
