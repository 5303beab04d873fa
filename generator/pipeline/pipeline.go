// Package pipeline runs the pre-build step in its one direction: files ->
// validated model -> pages -> a plan of writes under content/. Preparing
// changes nothing on disk; only Apply on the returned plan does.
package pipeline

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/adrg/frontmatter"
	"github.com/bep/overlayfs"
	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/export"
	"github.com/qmsplan/qmsplan/generator/internal/walk"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/portfolio"
	"github.com/qmsplan/qmsplan/generator/render"
	"github.com/qmsplan/qmsplan/generator/validate"
	"github.com/qmsplan/qmsplan/generator/write"
)

// Result is what a run found and would do.
type Result struct {
	Root string // the site root the run read
	AsOf model.Date
	// Data is the validated model; nil after DropModel.
	Data    *model.Data
	Diags   diag.List
	Pages   []render.Page
	Changes *write.Changes // the writes under content/, not yet made
	// Portfolio is the rows the portfolio pages were drawn from; the
	// exports are written from the same rows.
	Portfolio *portfolio.Portfolio
	// Cached is set when the run's record (see Generate) showed that
	// nothing changed since the run that wrote it: then only Root, AsOf,
	// Diags, Changes (every page unchanged) and Key are set.
	Cached bool
	// Key is the hex SHA-256 of the run's inputs when it used the cache
	// (Generate), "" otherwise: two runs with one key generated the same.
	Key        string
	saveRecord func()       // after Apply: the record of this run, if it may have one
	exports    *export.Memo // the parts of the exports a Memo keeps; nil: none
	// planTemplates maps each plan's data file to its template's, for the
	// link findings (linkSources), which Build makes without the model.
	planTemplates map[string]string
}

// DropModel lets go of Data, the validated model (at 10,000 plans about
// 0.35 GB), for a caller that builds the site and needs no more of the run
// than Build does: the pages, the changes, the portfolio's rows and the
// findings. Hugo's build is where a build's memory peaks, and the model is
// no part of it. Data is nil afterwards; whoever reads the model after the
// build (qmsplan pdf) keeps it by not calling this.
func (res *Result) DropModel() { res.Data = nil }

// loadData is load.LoadReusing; tests replace it to see whether a run parses.
var loadData = load.LoadReusing

// renderPages is render.RenderReusing; tests replace it to see which plan
// pages a run renders and which it takes as an earlier run wrote them.
var renderPages = render.RenderReusing

// Prepare loads and validates the data under root, renders the pages and
// plans the writes. With errors in the data it returns them as a diag.List
// (also in Result.Diags, with the warnings); with a hand-written page in the
// way, a write.ConflictError.
func Prepare(fsys afero.Fs, root string, asOf model.Date) (*Result, error) {
	return prepare(fsys, root, asOf, nil, nil, nil, nil)
}

// prepare is Prepare, handing seen the SHA-256 of every data file it parses
// (see load.LoadSeen), rendering with reuse (see render.RenderReusing),
// taking the plans whose bytes are unchanged from memo (see Memo) and the
// pages on disk known vouches for as it says (see write.PrepareKnowing).
func prepare(fsys afero.Fs, root string, asOf model.Date, seen func(rel string, sum [sha256.Size]byte), reuse *render.Reuse, memo *Memo, known write.Known) (*Result, error) {
	memo.begin()
	data, ds := loadData(fsys, root, seen, memo.decodes())
	memo.end()
	site, raw, err := takenURLs(fsys, root)
	if err != nil {
		return &Result{Root: root, Data: data, Diags: ds}, err
	}
	ds = append(ds, raw...)
	var inputs func(*model.Plan, *model.Template) ([]byte, bool)
	if reuse != nil {
		inputs = reuse.Inputs
	}
	ds = append(ds, validate.CheckReusing(data, asOf, site, inputs, memo.validation())...)
	ds.Sort()
	res := &Result{Root: root, AsOf: asOf, Data: data, Diags: ds, planTemplates: planTemplates(data), exports: memo.exportParts()}
	if err := ds.Err(); err != nil {
		return res, err
	}
	pf := portfolio.BuildReusing(data, asOf, inputs, memo.portfolioRows())
	res.Portfolio = pf
	pages, err := renderPages(data, pf, reuse)
	if err != nil {
		return res, err
	}
	more, err := render.PortfolioReusing(pf, ds, memo.portfolioCharts())
	if err != nil {
		return res, err
	}
	if pages, err = memo.stamp(append(pages, more...)); err != nil {
		return res, err
	}
	res.Pages = pages
	if res.Changes, err = write.PrepareKnowing(fsys, path.Join(root, paths.Content), pages, known); err != nil {
		return res, err
	}
	// A page of its authors' inside a generated section (a generated page
	// copied under a name of its own, its generated mark and all) is not
	// seen by takenURLs, which leaves those sections to the data: the
	// layouts would take its mark at its word and put a raw shortcode's
	// inner content on the page as HTML.
	if raw := generatedSectionsRaw(fsys, root, res.Changes.Foreign()); len(raw) > 0 {
		res.Diags = append(res.Diags, raw...)
		res.Diags.Sort()
		return res, res.Diags.Err()
	}
	return res, nil
}

// planTemplates maps each plan's data file to its template's data file.
func planTemplates(data *model.Data) map[string]string {
	templates := make(map[string]string, len(data.Templates)) // template key -> its data file
	for _, t := range data.Templates {
		templates[t.Key] = t.Src.File
	}
	plans := make(map[string]string, len(data.Plans))
	for _, p := range data.Plans {
		plans[p.Src.File] = templates[p.Template]
	}
	return plans
}

// generatedSectionsRaw is rawShortcodes of the pages in foreign (full
// paths) that are inside a generated section.
func generatedSectionsRaw(fsys afero.Fs, root string, foreign []string) diag.List {
	var raw diag.List
	for _, f := range foreign {
		rel := strings.TrimPrefix(f, path.Join(root, paths.Content)+"/")
		if !slices.ContainsFunc(generatedSections, func(dir string) bool { return strings.HasPrefix(rel, dir+"/") }) {
			continue // takenURLs read it
		}
		b, err := afero.ReadFile(fsys, f)
		if err != nil {
			continue // as takenURLs: Hugo will say why
		}
		raw = append(raw, rawShortcodes(b, strings.TrimPrefix(f, root+"/"))...)
	}
	return raw
}

// generatedSections are the sections of content/ qmsplan generates, which
// takenURLs leaves to the data.
var generatedSections = []string{paths.TemplatesSection, paths.PlansSection, paths.PortfolioSection}

// AsOf resolves the run's "today": the --as-of flag if given, else
// SOURCE_DATE_EPOCH (reproducible builds), else the clock. The second result
// says which, so the command can print it: the date is never taken silently.
func AsOf(flag string, getenv func(string) string, now func() time.Time) (model.Date, string, error) {
	if flag != "" {
		d, err := model.ParseDate(flag)
		if err != nil {
			return model.Date{}, "", fmt.Errorf("--as-of: %w", err)
		}
		return d, "--as-of", nil
	}
	if s := getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return model.Date{}, "", fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", s)
		}
		return model.DateOf(time.Unix(n, 0).UTC()), "SOURCE_DATE_EPOCH", nil
	}
	return model.DateOf(now()), "today's date", nil
}

// Overlay returns a view of fsys as the run will leave it: the generated
// pages in place under root/content, served from their bytes in res.Pages
// (not copied: see pagesFs), and the stale ones (res.Changes.Removed) gone.
// Hugo can build the site from it before anything on disk changes. Nothing
// written to it reaches the disk: root/content refuses every change, and
// what Hugo writes elsewhere (its caches, see scratchFs) is kept in memory.
// root must be absolute, as Hugo reads the site by absolute path.
func (res *Result) Overlay(fsys afero.Fs, root string) (afero.Fs, error) {
	hidden := map[string]bool{}
	if res.Changes != nil {
		for _, f := range res.Changes.Removed {
			hidden[filepath.Clean(f)] = true
		}
	}
	base := afero.Fs(afero.NewReadOnlyFs(fsys))
	if len(hidden) > 0 {
		base = hideFs{base, hidden}
	}
	files := make(map[string][]byte, len(res.Pages))
	for _, pg := range res.Pages {
		files[filepath.Clean(filepath.Join(root, paths.Content, filepath.FromSlash(pg.Path)))] = pg.Data
	}
	pages, err := newPagesFs(files, res.AsOf.Time())
	if err != nil {
		return nil, err
	}
	// overlayfs is the union of file systems Hugo itself uses: the first
	// that has a name answers for it, a directory lists the union of all of
	// theirs, and only the first is written to.
	return listedDirs{overlayfs.New(overlayfs.Options{
		Fss:           []afero.Fs{scratchFs{afero.NewMemMapFs(), filepath.Join(root, paths.Content)}, pages, base},
		FirstWritable: true,
		DirsMerger:    mergeByName,
	})}, nil
}

// takenURLs maps the site paths of hand-written pages and static files to
// the file that owns each, so aliases cannot take them over; it also finds
// qmsplan's raw shortcodes in hand-written pages (rawShortcodes).
func takenURLs(fsys afero.Fs, root string) (validate.TakenPaths, diag.List, error) {
	var raw diag.List
	taken := map[string]string{"": "the home page", "/robots.txt": "the site's robots.txt"}
	var generated []string
	for _, dir := range generatedSections {
		generated = append(generated, path.Join(root, paths.Content, dir))
	}
	for _, dir := range []string{paths.Content, paths.Static} {
		base := path.Join(root, dir)
		if ok, _ := afero.DirExists(fsys, base); !ok {
			continue
		}
		err := walk.Walk(fsys, base, func(p string, fi fs.FileInfo, err error) error {
			if err != nil {
				return err
			}
			if fi.IsDir() {
				if slices.Contains(generated, filepath.ToSlash(p)) {
					return fs.SkipDir // checked against the data itself
				}
				return nil
			}
			rel := strings.TrimPrefix(filepath.ToSlash(p), filepath.ToSlash(base)+"/")
			owner := strings.TrimPrefix(filepath.ToSlash(p), root+"/")
			take := func(u string) {
				if _, dup := taken[u]; !dup {
					taken[u] = owner
				}
			}
			if dir == paths.Static {
				take("/" + strings.ToLower(rel)) // a static file is served at its path
				if path.Base(rel) == "index.html" {
					take(strings.TrimSuffix("/"+strings.ToLower(path.Dir(rel)), "/.")) // and an index.html at its directory's
				}
				return nil
			}
			u, page := paths.ContentURL(rel)
			if !page {
				return nil
			}
			take(u)
			b, err := afero.ReadFile(fsys, p)
			if err != nil {
				return nil // as a page without front matter: Hugo will say why
			}
			if u, ok := frontMatterURL(b); ok {
				take(u) // where the page really is
			}
			raw = append(raw, rawShortcodes(b, owner)...)
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return taken, raw, nil
}

// rawShortcodeRE finds a call of one of paths.RawShortcodes ({{< tasks >}},
// {{% plan-gantt %}}), not Hugo's escaped form ({{</* tasks */>}}), which
// shows the call as text.
var rawShortcodeRE = regexp.MustCompile(`\{\{[<%]\s*(` + strings.Join(paths.RawShortcodes, "|") + `)[\s>%]`)

// rawShortcodes reports every call of qmsplan's raw shortcodes in the
// hand-written page b (owner: its path in the site): its layouts pass
// their inner content through as HTML, which only qmsplan's own pages may
// carry. The layouts check the generated mark too, but a page copied from a
// generated one carries the mark.
func rawShortcodes(b []byte, owner string) diag.List {
	var out diag.List
	for _, m := range rawShortcodeRE.FindAllSubmatchIndex(b, -1) {
		line := 1 + bytes.Count(b[:m[0]], []byte("\n"))
		col := 1 + m[0] - (bytes.LastIndexByte(b[:m[0]], '\n') + 1)
		out.Add(diag.Errorf(diag.Pos{File: owner, Line: line, Col: col},
			"shortcode %q is qmsplan's: it puts its inner content on the page as HTML, which only pages qmsplan generates may do", b[m[2]:m[3]]).
			Fix("write the table in Markdown, or link to the generated page that shows it"))
	}
	return out
}

// frontMatterURL is the url: a hand-written page b sets in its front
// matter, as a site path (lower-cased, no trailing slash), if any.
func frontMatterURL(b []byte) (string, bool) {
	var fm struct {
		URL string `yaml:"url" toml:"url" json:"url"`
	}
	if _, err := frontmatter.Parse(bytes.NewReader(b), &fm); err != nil || fm.URL == "" {
		return "", false
	}
	u := strings.ToLower(strings.TrimSuffix(path.Clean("/"+fm.URL), "/"))
	return u, true
}
