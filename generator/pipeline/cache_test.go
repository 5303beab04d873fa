package pipeline_test

import (
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/pipeline"
	"github.com/qmsplan/qmsplan/generator/render"
	"github.com/qmsplan/qmsplan/generator/write"
)

const testBuildID = "test-build"

// The record of a run (pipeline.Generate) answers the next run only when
// nothing it depends on changed: each row changes one input, or one output,
// or the record itself, between two runs and says whether the second may be
// answered by the record (hit: no parse, no file written, the same findings)
// or must be a full run (miss: whose output is byte-identical to a cold run
// without any record, after which a third run is a hit again), or fails as
// a full run does (a hand edit of a generated page is a conflict).
func TestCache(t *testing.T) {
	const (
		plan     = "site/data/plans/2025-08-22-br-lm-oncoderm-ae.yaml"
		page     = "site/content/records/GP-009/r-009-001/2025-08-22-br-lm-oncoderm-ae.md"
		notes    = "site/content/notes.md" // a hand-written page, see below
		record   = "site/" + paths.Cache
		asOf     = "2026-11-27"
		hit      = "hit"
		miss     = "miss"
		conflict = "conflict"
	)
	for _, tc := range []struct {
		name    string
		edit    func(t *testing.T, fsys afero.Fs)
		asOf    string // of the second run, if not asOf
		buildID string // of the second run, if not testBuildID
		want    string
	}{
		{name: "nothing changed", want: hit},
		{name: "a plan edited", want: miss, edit: func(t *testing.T, fsys afero.Fs) {
			replaceIn(t, fsys, plan, `title: "R-009-001 BR L&M 20250822"`, `title: "R-009-001 BR L&M 20250822 (edited)"`)
		}},
		{name: "a plan added", want: miss, edit: func(t *testing.T, fsys afero.Fs) {
			b, _ := afero.ReadFile(fsys, plan)
			s := strings.NewReplacer("slug: 2025-08-22-br-lm-oncoderm-ae", "slug: 2025-08-22-br-lm-oncoderm-ae-copy",
				"id: R-009-001-2025-", "id: R-009-001-2099-").Replace(string(b))
			writeFile(t, fsys, "site/data/plans/2025-08-22-br-lm-oncoderm-ae-copy.yaml", s)
		}},
		{name: "a plan removed", want: miss, edit: func(t *testing.T, fsys afero.Fs) {
			if err := fsys.Remove("site/data/plans/2026-11-20-fr-clinique-du-parc-iframe.yaml"); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "a template edited", want: miss, edit: func(t *testing.T, fsys afero.Fs) {
			replaceIn(t, fsys, "site/data/templates/integrated-json-only.yaml", "name: Project conception and initiation", "name: Project conception")
		}},
		{name: "roles.yaml edited", want: miss, edit: func(t *testing.T, fsys afero.Fs) {
			replaceIn(t, fsys, "site/data/roles.yaml", "title: Project Manager", "title: Project Lead")
		}},
		{name: "statuses.yaml edited", want: miss, edit: func(t *testing.T, fsys afero.Fs) {
			replaceIn(t, fsys, "site/data/statuses.yaml", "label: In progress", "label: Under way")
		}},
		{name: "a hand-written page's URL edited", want: miss, edit: func(t *testing.T, fsys afero.Fs) {
			replaceIn(t, fsys, notes, "url: /notes-a/", "url: /notes-b/")
		}},
		{name: "a static file added", want: miss, edit: func(t *testing.T, fsys afero.Fs) {
			writeFile(t, fsys, "site/static/extra.txt", "x")
		}},
		{name: "another as-of date", asOf: "2026-11-28", want: miss},
		{name: "another build", buildID: "another-build", want: miss},
		{name: "a generated page edited by hand", want: conflict, edit: func(t *testing.T, fsys afero.Fs) {
			replaceIn(t, fsys, page, "R-009-001 BR L&M 20250822", "R-009-001 BR L&M 20250822 (by hand)")
		}},
		{name: "a generated page touched, its bytes the same", want: hit, edit: func(t *testing.T, fsys afero.Fs) {
			later := time.Now().Add(time.Hour)
			if err := fsys.Chtimes(page, later, later); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "a generated page deleted", want: miss, edit: func(t *testing.T, fsys afero.Fs) {
			if err := fsys.Remove(page); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "a stale file added", want: miss, edit: func(t *testing.T, fsys afero.Fs) {
			writeFile(t, fsys, "site/content/records/GP-009/r-009-001/.qmsplan-left.tmp", "left by a killed run")
		}},
		{name: "the record deleted", want: miss, edit: func(t *testing.T, fsys afero.Fs) {
			if err := fsys.Remove(record); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "the record truncated", want: miss, edit: func(t *testing.T, fsys afero.Fs) {
			b, _ := afero.ReadFile(fsys, record)
			writeFile(t, fsys, record, string(b[:len(b)/2]))
		}},
		{name: "the record corrupt", want: miss, edit: func(t *testing.T, fsys afero.Fs) {
			b, _ := afero.ReadFile(fsys, record)
			b[len(b)-10] ^= 1
			writeFile(t, fsys, record, string(b))
		}},
		{name: "a record of another format", want: miss, edit: func(t *testing.T, fsys afero.Fs) {
			b, _ := afero.ReadFile(fsys, record)
			writeFile(t, fsys, record, strings.Replace(string(b), "qmsplan-cache 1\n", "qmsplan-cache 0\n", 1))
		}},
	} {
		for _, disk := range []bool{false, true} {
			name := tc.name + "/memory"
			if disk {
				name = tc.name + "/disk"
			}
			t.Run(name, func(t *testing.T) {
				fsys := site(t, disk)
				run := func(asOf, buildID string) (*pipeline.Result, int, error) {
					t.Helper()
					loads := 0
					pipeline.OnLoad(t, func() { loads++ })
					res, err := pipeline.Generate(fsys, "site", model.MustDate(asOf), buildID)
					if err == nil {
						err = res.Apply()
					}
					return res, loads, err
				}
				first, _, err := run(asOf, testBuildID)
				if err != nil {
					t.Fatal(err, first.Diags)
				}
				if len(first.Diags) == 0 {
					t.Fatal("the sample data has no warnings: the test cannot see them repeated")
				}
				if ok, _ := afero.Exists(fsys, record); !ok {
					t.Fatal("a run of Generate left no record")
				}
				if tc.edit != nil {
					time.Sleep(10 * time.Millisecond) // a rewrite shows in the mtime
					tc.edit(t, fsys)
				}
				secondAsOf, buildID := cmp(tc.asOf, asOf), cmp(tc.buildID, testBuildID)
				before := filesUnder(t, fsys, "site")
				res, loads, err := run(secondAsOf, buildID)
				switch tc.want {
				case hit:
					if err != nil || !res.Cached || loads != 0 {
						t.Fatalf("got cached=%v, %d load(s), %v; want the record to answer", res.Cached, loads, err)
					}
					if after := filesUnder(t, fsys, "site"); !maps.EqualFunc(before, after, func(a, b file) bool { return a.data == b.data && a.mod.Equal(b.mod) }) {
						t.Error("a run the record answered changed files")
					}
					if fmt.Sprint([]diag.Diagnostic(res.Diags)) != fmt.Sprint([]diag.Diagnostic(first.Diags)) {
						t.Errorf("findings %v, the run that wrote the record printed %v", []diag.Diagnostic(res.Diags), []diag.Diagnostic(first.Diags))
					}
					if r := res.Changes.Report; len(r.Unchanged) != len(first.Pages) || len(r.Created)+len(r.Updated)+len(r.Removed) > 0 {
						t.Errorf("reports %d unchanged, %d created, %d updated, %d removed; want all %d unchanged",
							len(r.Unchanged), len(r.Created), len(r.Updated), len(r.Removed), len(first.Pages))
					}
				case conflict:
					if !errors.As(err, new(write.ConflictError)) || loads != 1 {
						t.Fatalf("got %d load(s), %v; want a full run that reports the hand-edited page", loads, err)
					}
				case miss:
					if err != nil || res.Cached || loads != 1 {
						t.Fatalf("got cached=%v, %d load(s), %v; want a full run", res.Cached, loads, err)
					}
					// What a cold run without any record writes.
					cold := afero.NewMemMapFs()
					copyTree(t, fsys, cold, "site/data", "site/data")
					copyTree(t, fsys, cold, "site/static", "site/static")
					writeFile(t, cold, notes, string(mustRead(t, fsys, notes)))
					want, err := pipeline.Prepare(cold, "site", model.MustDate(secondAsOf))
					if err != nil {
						t.Fatal(err)
					}
					if err := want.Changes.Apply(); err != nil {
						t.Fatal(err)
					}
					if got, want := contentBytes(t, fsys), contentBytes(t, cold); !maps.Equal(got, want) {
						t.Errorf("content/ differs from a cold run's: %d files, want %d", len(got), len(want))
					}
					if fmt.Sprint([]diag.Diagnostic(res.Diags)) != fmt.Sprint([]diag.Diagnostic(want.Diags)) {
						t.Errorf("findings %v, a cold run's %v", []diag.Diagnostic(res.Diags), []diag.Diagnostic(want.Diags))
					}
					third, loads, err := run(secondAsOf, buildID)
					if err != nil || !third.Cached || loads != 0 {
						t.Errorf("the run after the full one: cached=%v, %d load(s), %v; want its record to answer", third.Cached, loads, err)
					}
				}
			})
		}
	}
}

// A run whose data changed while it ran leaves no record (else the next run
// would take the old pages for the new data's), even if the change is
// undone before it ends: the bytes it parsed are checked, not only the
// files' state before and after.
func TestCacheEditDuringRun(t *testing.T) {
	const plan = "site/data/plans/2025-08-22-br-lm-oncoderm-ae.yaml"
	for _, tc := range []struct {
		name string
		undo bool // after the parse, before the record
	}{
		{name: "edited"},
		{name: "edited and undone", undo: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := site(t, false)
			orig := mustRead(t, fsys, plan)
			pipeline.OnLoad(t, func() { writeFile(t, fsys, plan, strings.Replace(string(orig), "20250822", "20250823", 1)) })
			res, err := pipeline.Generate(fsys, "site", model.MustDate("2026-11-27"), testBuildID)
			if err != nil {
				t.Fatal(err)
			}
			if tc.undo {
				writeFile(t, fsys, plan, string(orig))
			}
			if err := res.Apply(); err != nil {
				t.Fatal(err)
			}
			if ok, _ := afero.Exists(fsys, "site/"+paths.Cache); ok {
				t.Error("a run whose data changed while it ran left a record")
			}
		})
	}
}

// Without a build ID there is no record, read or written.
func TestCacheOff(t *testing.T) {
	fsys := site(t, false)
	for range 2 {
		res, err := pipeline.Generate(fsys, "site", model.MustDate("2026-11-27"), "")
		if err != nil {
			t.Fatal(err)
		}
		if err := res.Apply(); err != nil {
			t.Fatal(err)
		}
		if res.Cached {
			t.Fatal("a run without a build ID was answered by a record")
		}
	}
	if ok, _ := afero.Exists(fsys, "site/"+paths.Cache); ok {
		t.Error("a run without a build ID wrote a record")
	}
}

// site is the sample data and static files, with one hand-written page
// that sets its url, in memory or on disk.
func site(t *testing.T, disk bool) afero.Fs {
	t.Helper()
	fsys := afero.NewMemMapFs()
	if disk {
		fsys = afero.NewBasePathFs(afero.NewOsFs(), t.TempDir())
	}
	repo := afero.NewBasePathFs(afero.NewOsFs(), "../..")
	copyTree(t, repo, fsys, "data", "site/data")
	copyTree(t, repo, fsys, "static", "site/static")
	writeFile(t, fsys, "site/content/notes.md", "---\ntitle: Notes\nurl: /notes-a/\n---\nNotes.\n")
	return fsys
}

// contentBytes is every file under site/content with its bytes.
func contentBytes(t *testing.T, fsys afero.Fs) map[string]string {
	t.Helper()
	out := map[string]string{}
	for p, f := range contentFiles(t, fsys) {
		out[p] = f.data
	}
	return out
}

func writeFile(t *testing.T, fsys afero.Fs, name, data string) {
	t.Helper()
	if err := fsys.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := afero.WriteFile(fsys, name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustRead(t *testing.T, fsys afero.Fs, name string) []byte {
	t.Helper()
	b, err := afero.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func cmp(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Refresh is a full run whatever the record says, with the key a run of
// Generate answered by the record gives: serve tells by it whether the
// exports it serves are of the data the record vouches for.
func TestRefresh(t *testing.T) {
	fsys := site(t, false)
	asOf := model.MustDate("2026-11-27")
	loads := 0
	pipeline.OnLoad(t, func() { loads++ })
	var keys []string
	for i, f := range []func(afero.Fs, string, model.Date, string) (*pipeline.Result, error){pipeline.Refresh, pipeline.Refresh, pipeline.Generate} {
		res, err := f(fsys, "site", asOf, testBuildID)
		if err != nil {
			t.Fatal(err)
		}
		if err := res.Apply(); err != nil {
			t.Fatal(err)
		}
		if want := min(i+1, 2); loads != want || res.Cached != (i == 2) {
			t.Fatalf("run %d: %d loads in all, cached=%v; want %d, %v", i+1, loads, res.Cached, want, i == 2)
		}
		keys = append(keys, res.Key)
	}
	if keys[0] == "" || keys[0] != keys[1] || keys[1] != keys[2] {
		t.Errorf("keys %q, want one key", keys)
	}
}

// A full run after another re-renders only the plan pages whose inputs
// changed (render.Reuse), and its output is a cold run's: each row edits
// between two runs and lists the plan pages the second must render (by
// slug; "*" for all), the others being taken as the first run wrote them.
func TestReuse(t *testing.T) {
	const (
		derma    = "2024-02-19-de-dermadirekt-triage-api"
		renewal  = "2025-10-06-es-costa-daurada-renewal"
		replaced = "2023-03-15-es-costa-daurada-iframe" // superseded by renewal
	)
	jsonOnly := []string{"2023-11-04-es-farmadermis-psoriasis-api", derma, "2026-01-07-us-brightwater-derm-api"}
	for _, tc := range []struct {
		name     string
		edit     func(t *testing.T, fsys afero.Fs)
		asOf     string // of the second run, if not 2026-11-27
		buildID  string // of the second run, if not testBuildID
		rendered []string
	}{
		{name: "no plan's input changed", rendered: nil, edit: func(t *testing.T, fsys afero.Fs) {
			writeFile(t, fsys, "site/content/more-notes.md", "---\ntitle: More notes\n---\nMore.\n")
		}},
		{name: "a plan's title edited", rendered: []string{derma}, edit: func(t *testing.T, fsys afero.Fs) {
			replaceIn(t, fsys, "site/data/plans/"+derma+".yaml", `title: "R-009-001 DE DermaDirekt 20240219"`, `title: "R-009-001 DE DermaDirekt 20240219 (edited)"`)
		}},
		{name: "the title of a plan superseding another edited", rendered: []string{replaced, renewal}, edit: func(t *testing.T, fsys afero.Fs) {
			replaceIn(t, fsys, "site/data/plans/"+renewal+".yaml", `title: "R-009-001 ES HUCD 20251006"`, `title: "R-009-001 ES HUCD 20251006 (edited)"`)
		}},
		{name: "a template edited", rendered: jsonOnly, edit: func(t *testing.T, fsys afero.Fs) {
			replaceIn(t, fsys, "site/data/templates/integrated-json-only.yaml", "name: Project conception and initiation", "name: Project conception")
		}},
		{name: "roles.yaml edited", rendered: []string{"*"}, edit: func(t *testing.T, fsys afero.Fs) {
			replaceIn(t, fsys, "site/data/roles.yaml", "title: Project Manager", "title: Project Lead")
		}},
		{name: "statuses.yaml edited", rendered: []string{"*"}, edit: func(t *testing.T, fsys afero.Fs) {
			replaceIn(t, fsys, "site/data/statuses.yaml", "label: In progress", "label: Under way")
		}},
		{name: "the first plan removed: the others' weights change", rendered: []string{"*"}, edit: func(t *testing.T, fsys afero.Fs) {
			if err := fsys.Remove("site/data/plans/" + replaced + ".yaml"); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "another as-of date", asOf: "2026-11-28", rendered: []string{"*"}},
		{name: "another build", buildID: "another-build", rendered: []string{"*"}},
		{name: "a plan's page deleted", rendered: []string{derma}, edit: func(t *testing.T, fsys afero.Fs) {
			if err := fsys.Remove("site/content/records/GP-009/r-009-001/" + derma + ".md"); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := site(t, false)
			run := func(asOf, buildID string) *pipeline.Result {
				t.Helper()
				res, err := pipeline.Generate(fsys, "site", model.MustDate(asOf), buildID)
				if err != nil {
					t.Fatal(err)
				}
				if err := res.Apply(); err != nil {
					t.Fatal(err)
				}
				return res
			}
			run("2026-11-27", testBuildID)
			if tc.edit != nil {
				tc.edit(t, fsys)
			}
			asOf, buildID := cmp(tc.asOf, "2026-11-27"), cmp(tc.buildID, testBuildID)
			pages := map[string]render.Page{} // as rendered: Stamped if taken from disk
			pipeline.OnRender(t, func(rendered []render.Page) {
				for _, pg := range rendered {
					pages[pg.Path] = pg
				}
			})
			res := run(asOf, buildID)
			if res.Cached {
				t.Fatal("the record answered: the row changes nothing")
			}
			var rendered, want []string
			for _, p := range res.Data.Plans {
				if !pages[paths.PlanPage(p.Slug)].Stamped {
					rendered = append(rendered, p.Slug)
				}
				if slices.Contains(tc.rendered, "*") || slices.Contains(tc.rendered, p.Slug) {
					want = append(want, p.Slug)
				}
			}
			if !slices.Equal(rendered, want) {
				t.Errorf("rendered %v, want %v", rendered, want)
			}
			cold := afero.NewMemMapFs()
			copyTree(t, fsys, cold, "site/data", "site/data")
			copyTree(t, fsys, cold, "site/static", "site/static")
			copyTree(t, fsys, cold, "site/content", "site/content")
			for _, d := range []string{paths.TemplatesSection, paths.PlansSection, paths.PortfolioSection} {
				cold.RemoveAll("site/content/" + d)
			}
			c, err := pipeline.Prepare(cold, "site", model.MustDate(asOf))
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Changes.Apply(); err != nil {
				t.Fatal(err)
			}
			got, wantFiles := contentBytes(t, fsys), contentBytes(t, cold)
			for p := range wantFiles {
				if got[p] != wantFiles[p] {
					t.Errorf("%s differs from a cold run's", p)
				}
			}
			if len(got) != len(wantFiles) {
				t.Errorf("%d files under content/, a cold run writes %d", len(got), len(wantFiles))
			}
		})
	}
}
