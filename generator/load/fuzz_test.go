package load_test

import (
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/validate"
)

// FuzzLoadPlan feeds arbitrary bytes as a plan next to the valid baseline:
// loading and validating must never panic, and every finding must say where
// it is. The seed corpus is in testdata/fuzz/FuzzLoadPlan.
func FuzzLoadPlan(f *testing.F) {
	base := baseline(f)
	f.Add([]byte(base[planFile]))
	// One file system per fuzzing process; each input overwrites x.yaml.
	fsys := base.FS(f)
	asOf := model.MustDate("2025-03-01")
	f.Fuzz(func(t *testing.T, in []byte) {
		if err := afero.WriteFile(fsys, root+"/data/plans/x.yaml", in, 0o644); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		data, ds := load.Load(fsys, root)
		ds = append(ds, validate.Check(data, asOf, nil)...)
		// A slow input is a denial of service in a pull request: the bound
		// is loose for a shared CI machine, and far below a quadratic blowup.
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("slow input: %d bytes took %s", len(in), took)
		}
		for _, d := range ds {
			if d.File == "" || d.Line < 0 || d.Col < 0 || d.Message == "" {
				t.Errorf("finding without a proper place or message: %+v", d)
			}
			if d.Severity != diag.Error && d.Severity != diag.Warning {
				t.Errorf("bad severity: %+v", d)
			}
		}
		// The baseline stays loaded whatever x.yaml holds.
		if len(data.Templates) != 1 || len(data.Plans) == 0 || data.Plans[0].Src.File != planFile {
			t.Errorf("baseline not loaded: %d templates, %d plans", len(data.Templates), len(data.Plans))
		}
	})
}
