package render_test

import (
	"path/filepath"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/fixture"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/portfolio"
	"github.com/qmsplan/qmsplan/generator/render"
)

// A page is drawn in Go (drawPage), no longer by the text/template it was
// first written with (testdata/page.md.tmpl): on this repository's data,
// render's test site (whose data is at the edges: raw HTML, shortcodes,
// empty sections) and 120 fixture plans of every template and status,
// every page must be the template's bytes, blank lines and all.
func TestDrawPageIsTheTemplate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if err := fixture.Write("../..", dir, fixture.Options{Plans: 120, Seed: 7, AsOf: model.MustDate("2026-12-01")}); err != nil {
		t.Fatal(err)
	}
	for _, site := range []struct{ name, root string }{{"repository", "../.."}, {"test site", "testdata/site"}, {"fixture", dir}} {
		t.Run(site.name, func(t *testing.T) {
			root := site.root
			d, ds := load.Load(afero.NewOsFs(), root)
			if ds.HasErrors() {
				t.Fatalf("does not load: %v", ds)
			}
			differ, restore := render.DrawAgainstTemplate()
			defer restore()
			if _, err := render.Render(d, portfolio.Build(d, model.MustDate("2026-11-27"))); err != nil {
				t.Fatal(err)
			}
			bad, n := differ()
			if n < len(d.Plans)+len(d.Templates) {
				t.Fatalf("%d pages compared, fewer than the %d plans and templates", n, len(d.Plans)+len(d.Templates))
			}
			for _, b := range bad {
				t.Errorf("drawn otherwise than by the template: %s", b)
			}
		})
	}
}

// Every page Render draws leaves render.StampRoom of capacity beyond its
// bytes, so that write.StampInPlace stamps it where it lies instead of
// copying it (690 MB of copies at 10,000 plans).
func TestPagesLeaveStampRoom(t *testing.T) {
	for path, data := range renderFixture(t) {
		if cap(data)-len(data) < render.StampRoom {
			t.Errorf("%s: capacity %d for %d bytes, want %d to spare", path, cap(data), len(data), render.StampRoom)
		}
	}
}
