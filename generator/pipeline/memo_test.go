package pipeline_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/pipeline"
)

// TestMemo runs the steps below one after another with one Memo, as serve
// does between edits, each a full run (Refresh): after every step the
// pages and findings are those of a cold run of the same data without the
// Memo, only the plan files whose bytes changed were parsed again, and
// the portfolio's Gantts were drawn again only when a chart changed.
func TestMemo(t *testing.T) {
	const (
		a = "site/data/plans/2025-08-22-br-lm-oncoderm-ae.yaml"
		b = "site/data/plans/2023-03-15-es-costa-daurada-iframe.yaml"
	)
	asOf := model.MustDate("2026-11-27")
	fsys := afero.NewMemMapFs()
	copyTree(t, afero.NewBasePathFs(afero.NewOsFs(), "../.."), fsys, "data", "site/data")
	orig := func(name string) []byte {
		t.Helper()
		data, err := afero.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	origA, origB := orig(a), orig(b)
	put := func(t *testing.T, name string, data []byte) {
		t.Helper()
		if err := afero.WriteFile(fsys, name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	plans, _ := afero.ReadDir(fsys, "site/data/plans")
	memo := &pipeline.Memo{}
	for _, step := range []struct {
		name    string
		edit    func(t *testing.T)
		parsed  int        // plan files parsed, not reused
		invalid bool       // the data has errors
		redraw  bool       // some portfolio Gantt changed (none is drawn otherwise)
		pages   string     // which portfolio pages were drawn again: "all", "some", "none" ("": not checked)
		exports *int       // parts of the exports drawn again (nil: not checked)
		fresh   *int       // pages not taken from memory, stamped (nil: not checked)
		checked *int       // plans validated again (nil: not checked)
		built   *int       // plans whose portfolio rows were built again (nil: not checked)
		asOf    model.Date // if not asOf
	}{
		{name: "first run", edit: func(*testing.T) {}, parsed: len(plans), redraw: true, built: count(len(plans)), pages: "all"},
		{name: "nothing changed", fresh: count(0), checked: count(0), built: count(0), pages: "none", exports: count(0), edit: func(*testing.T) {}},
		{name: "one plan's title edited: a lane shows its ID", parsed: 1, fresh: count(1), checked: count(1), built: count(1), pages: "some", edit: func(t *testing.T) {
			replaceIn(t, fsys, a, `title: "R-009-001 BR L&M 20250822"`, `title: "R-009-001 BR L&M 20250822 (edited)"`)
		}},
		{name: "a YAML error in it", parsed: 1, invalid: true, edit: func(t *testing.T) {
			replaceIn(t, fsys, a, "\ntitle: ", "\ntitle: [")
		}},
		{name: "mended, as it first was", parsed: 1, edit: func(t *testing.T) { put(t, a, origA) }},
		{name: "a task's dates moved", parsed: 1, redraw: true, edit: func(t *testing.T) {
			replaceIn(t, fsys, a, "offer_review: { start: 2025-08-26, end: 2025-10-03", "offer_review: { start: 2025-08-27, end: 2025-10-10")
		}},
		{name: "and back", parsed: 1, redraw: true, edit: func(t *testing.T) { put(t, a, origA) }},
		{name: "a plan's notes edited: no chart changed", parsed: 1, edit: func(t *testing.T) {
			replaceIn(t, fsys, a, "notes: Introduced by L&M", "notes: First introduced by L&M")
		}},
		{name: "two plans' files swapped: the charts name no file", parsed: 2, edit: func(t *testing.T) {
			put(t, a, origB)
			put(t, b, origA)
		}},
		{name: "swapped back", parsed: 2, edit: func(t *testing.T) {
			put(t, a, origA)
			put(t, b, origB)
		}},
		// A plan's findings depend on the other plans' pages, which its
		// links may name: a slug changed elsewhere checks every plan again.
		{name: "a link from one plan to another's page", parsed: 1, checked: count(1), built: count(1), edit: func(t *testing.T) {
			replaceIn(t, fsys, a, "- the oncologist photographs", "- the oncologist (as in [Costa Daurada](/records/GP-009/r-009-001/2023-03-15-es-costa-daurada-iframe/)) photographs")
		}},
		{name: "the other's slug changed: the link is broken", parsed: 1, invalid: true, checked: count(len(plans)), edit: func(t *testing.T) {
			replaceIn(t, fsys, b, "slug: 2023-03-15-es-costa-daurada-iframe", "slug: 2023-03-15-es-costa-daurada")
		}},
		// Its rows are those of the run before the error: none is built.
		{name: "its slug back", parsed: 1, checked: count(len(plans)), built: count(0), edit: func(t *testing.T) { put(t, b, origB) }},
		{name: "the link gone", parsed: 1, checked: count(1), built: count(1), edit: func(t *testing.T) { put(t, a, origA) }},
		{name: "a plan added", parsed: 1, redraw: true, edit: func(t *testing.T) {
			put(t, "site/data/plans/2099-01-01-copy.yaml", []byte(strings.NewReplacer(
				"slug: 2025-08-22-br-lm-oncoderm-ae", "slug: 2099-01-01-copy",
				"R-009-001-2025-014", "R-009-001-2025-099").Replace(string(origA))))
		}},
		{name: "and deleted", redraw: true, edit: func(t *testing.T) {
			if err := fsys.Remove("site/data/plans/2099-01-01-copy.yaml"); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "a status's label edited: no plan file changed", redraw: true, pages: "all", checked: count(len(plans)), built: count(len(plans)), edit: func(t *testing.T) {
			replaceIn(t, fsys, "site/data/statuses.yaml", "label: In progress", "label: Under way")
		}},
		{name: "a plan's page deleted by hand: written again", fresh: count(0), edit: func(t *testing.T) {
			if err := fsys.Remove("site/content/records/GP-009/r-009-001/2025-08-22-br-lm-oncoderm-ae.md"); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "a day later", redraw: true, pages: "all", asOf: asOf.AddDays(1), edit: func(*testing.T) {}},
	} {
		t.Run(step.name, func(t *testing.T) {
			step.edit(t)
			asOf := asOf
			if !step.asOf.IsZero() {
				asOf = step.asOf
			}
			got, err := memo.Refresh(fsys, "site", asOf, testBuildID)
			if (err != nil) != step.invalid {
				t.Fatalf("error %v, want one: %v (%v)", err, step.invalid, got.Diags)
			}
			if err == nil {
				if err := got.Apply(); err != nil {
					t.Fatal(err)
				}
			}
			if n := memo.Parsed(); n != step.parsed {
				t.Errorf("parsed %d plan files, want %d", n, step.parsed)
			}
			if n := memo.Checked(); step.checked != nil && n != *step.checked {
				t.Errorf("validated %d plans again, want %d", n, *step.checked)
			}
			if n := memo.Built(); step.built != nil && n != *step.built {
				t.Errorf("built %d plans' portfolio rows again, want %d", n, *step.built)
			}
			if n := len(got.Pages) - memo.Kept(); step.fresh != nil && n != *step.fresh {
				t.Errorf("%d pages not taken from memory, want %d", n, *step.fresh)
			}
			if n := memo.Drawn(); !step.invalid && (n > 0) != step.redraw {
				t.Errorf("drew %d portfolio Gantts again, want some: %v", n, step.redraw)
			}
			if reused, redrawn := memo.PortfolioPages(); step.pages != "" {
				if was := map[bool]map[bool]string{true: {true: "some", false: "all"}, false: {true: "none", false: "none"}}[redrawn > 0][reused > 0]; was != step.pages {
					t.Errorf("drew %s of the portfolio's pages again (%d, and took %d), want %s", was, redrawn, reused, step.pages)
				}
			}
			for _, pg := range got.Pages {
				if b, err := afero.ReadFile(fsys, "site/content/"+pg.Path); err == nil && !step.invalid && string(b) != string(pg.Data) {
					t.Errorf("%s on disk is not the run's page", pg.Path)
				} else if err != nil {
					t.Error(err)
				}
			}
			cold := afero.NewMemMapFs()
			copyTree(t, fsys, cold, "site/data", "site/data")
			want, _ := pipeline.Prepare(cold, "site", asOf)
			if !step.invalid {
				// The exports the run writes with the Memo are a cold run's.
				site, coldSite := afero.NewMemMapFs(), afero.NewMemMapFs()
				written, err := got.WriteExports(site, "https://qms.example.com/")
				if err != nil {
					t.Fatal(err)
				}
				if _, err := want.WriteExports(coldSite, "https://qms.example.com/"); err != nil {
					t.Fatal(err)
				}
				for _, f := range written {
					b, _ := afero.ReadFile(site, f)
					w, err := afero.ReadFile(coldSite, f)
					if err != nil || len(b) == 0 || string(b) != string(w) {
						t.Errorf("export %s differs from a cold run's (%d bytes, %d)", f, len(b), len(w))
					}
				}
				if n := memo.ExportParts(); step.exports != nil && n != *step.exports {
					t.Errorf("drew %d parts of the exports again, want %d", n, *step.exports)
				}
			}
			if !reflect.DeepEqual(got.Diags, want.Diags) {
				t.Errorf("findings differ from a cold run's:\n got %v\nwant %v", got.Diags, want.Diags)
			}
			if len(got.Pages) != len(want.Pages) {
				t.Fatalf("%d pages, a cold run has %d", len(got.Pages), len(want.Pages))
			}
			for i, pg := range got.Pages {
				if w := want.Pages[i]; pg.Path != w.Path || pg.Source != w.Source || string(pg.Data) != string(w.Data) {
					t.Errorf("page %s (from %s) differs from a cold run's %s (from %s)", pg.Path, pg.Source, w.Path, w.Source)
				}
			}
		})
	}
}

func count(n int) *int { return &n }
