package load_test

import (
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/load"
)

// BenchmarkLoad reads the repository's own data/: registries, templates and
// the sample plans. Run: go test -bench Load -run '^$' ./generator/load
func BenchmarkLoad(b *testing.B) {
	fsys := afero.NewReadOnlyFs(afero.NewOsFs())
	for range b.N {
		if _, ds := load.Load(fsys, "../.."); ds.Err() != nil {
			b.Fatal(ds)
		}
	}
}
