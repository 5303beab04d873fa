// Package validate checks the loaded data as a whole: references between
// files (templates, statuses, roles), uniqueness, dates and URLs. It reports
// every problem in one run, each at the file:line:col of the offending value
// with a hint on how to fix it. Suspicious but valid data (unfilled
// placeholders, a task marked done that ends after the as-of date) are
// warnings.
package validate

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/render"
)

// TakenPaths is what validation knows of the site beyond the data: the site
// paths of hand-written pages and static files, lower-cased and without a
// trailing slash, each with the file that owns it ("" is the home page).
// With nil, aliases and Markdown links are not checked against the site.
type TakenPaths map[string]string

// Check validates data as of the given date (the "today" of the run).
func Check(d *model.Data, asOf model.Date, taken TakenPaths) diag.List {
	return check(d, asOf, taken, nil)
}

func check(d *model.Data, asOf model.Date, taken TakenPaths, kept *keptFindings) diag.List {
	v := &checker{deferring: true, d: d, ix: d.Index(), asOf: asOf, taken: taken, pages: map[string]bool{}, skipped: map[string]int{}, memo: kept}
	for _, u := range basicURLs(d) {
		v.pages[strings.ToLower(u)] = true
	}
	kept.begin(v)
	v.registries()
	keys, slugs := map[string]diag.Pos{}, map[string]diag.Pos{}
	for _, t := range d.Templates {
		v.unique(keys, t.Key, t.Src.At("key"), "template key")
		v.uniqueFold(slugs, t.Slug, t.Src.At("slug"), "template slug")
		v.template(t)
	}
	v.plans()
	v.pagesOverSite()
	v.aliasesOverSite()
	v.linksToGenerated()
	v.reportSkipped()
	return v.ds
}

// basicURLs are the site paths of the generated pages that are known
// before the data is valid: the sections', the templates' and the plans'.
// The others (a year's list of plans, the portfolio's pages) come from the
// portfolio, which only valid data can be made into (linksToGenerated).
func basicURLs(d *model.Data) []string {
	urls := []string{"/" + paths.TemplatesSection, "/" + paths.PlansSection, "/" + paths.PortfolioSection}
	for _, t := range d.Templates {
		urls = append(urls, paths.TemplateURL(t.Slug))
	}
	for _, p := range d.Plans {
		urls = append(urls, paths.PlanURL(p.Slug))
	}
	return urls
}

// linksToGenerated checks again the Markdown values with a link into a
// generated section that no page of basicURLs has, now against every page
// render will make (render.URLs, from the same code that names them). With
// errors in the data there is no portfolio to ask: they are not checked,
// and a warning says so.
func (v *checker) linksToGenerated() {
	if len(v.deferred) == 0 {
		return
	}
	if v.ds.Err() != nil {
		v.ds.Add(diag.Warnf(v.deferred[0].pos, "%d Markdown value(s) linking into the generated sections not checked: the data has errors", len(v.deferred)).
			Fix("fix the errors; the links are checked once the data is valid"))
		return
	}
	urls, err := render.URLs(v.d, v.asOf)
	if err != nil {
		v.ds.Add(diag.Errorf(diag.Pos{File: paths.Plans}, "cannot list the generated pages: %v", err).Fix("report this as a bug of qmsplan"))
		return
	}
	for _, u := range urls {
		v.pages[strings.ToLower(u)] = true
	}
	deferred := v.deferred
	v.deferred, v.deferring = nil, false
	for _, m := range deferred {
		v.markdownProblems(m.pos, m.path, m.text)
	}
}

// unchecked reports whether a check that depends on file must be skipped
// because the file is broken (its own errors are reported), and counts it.
func (v *checker) unchecked(file string) bool {
	if !v.d.Broken[file] {
		return false
	}
	v.skipped[file]++
	return true
}

// reportSkipped says once, at each broken file, what was not checked
// because of it.
func (v *checker) reportSkipped() {
	for _, f := range slices.Sorted(maps.Keys(v.skipped)) {
		what := "plan(s) naming an unknown template"
		switch f {
		case paths.Roles:
			what = "reference(s) to roles"
		case paths.Statuses:
			what = "reference(s) to statuses"
		}
		v.ds.Add(diag.Warnf(diag.Pos{File: f}, "%d %s not checked: this file has errors", v.skipped[f], what).Fix("fix " + f + "; they are checked once it loads"))
	}
}

// pagesOverSite reports a template's or a plan's page at a URL the site
// already uses for a hand-written page (by its url: front matter; one in
// the generated sections is the writer's conflict) or a static file: Hugo
// would publish one of the two and drop the other.
func (v *checker) pagesOverSite() {
	over := func(src model.Src, kind, url string) {
		if owner, ok := v.taken[strings.ToLower(url)]; ok {
			v.ds.Add(diag.Errorf(src.At("slug"), "the %s's URL %s is the URL of %s: Hugo would publish only one of them", kind, url, owner).Fix("change the slug, or move " + owner))
		}
	}
	for _, t := range v.d.Templates {
		over(t.Src, "template", paths.TemplateURL(t.Slug))
	}
	for _, p := range v.d.Plans {
		over(p.Src, "plan", paths.PlanURL(p.Slug))
	}
}

// aliasesOverSite reports plan aliases at a URL the site already uses for
// a hand-written page or a static file: Hugo would replace that page with a
// redirect, or fail on the file.
func (v *checker) aliasesOverSite() {
	for _, p := range v.d.Plans {
		for i, a := range p.Aliases {
			if owner, ok := v.taken[strings.ToLower(strings.TrimSuffix(a, "/"))]; ok {
				v.ds.Add(diag.Errorf(p.Src.At("aliases"), "aliases[%d] %s is the URL of %s: the redirect would replace it", i, diag.Quote(a), owner).Fix("an alias is an old URL that redirects here; remove it, or fix the path"))
			}
		}
	}
}

// exists reports whether a site path names a page or a file of the site;
// nil when the site is unknown.
func (v *checker) exists() func(string) bool {
	if v.taken == nil {
		return nil
	}
	return func(p string) bool {
		p = strings.ToLower(p)
		_, ok := v.taken[p]
		if ok || v.pages[p] {
			return true
		}
		if v.deferring && generatedSection(p) {
			v.pending = true
			return true
		}
		return false
	}
}

type checker struct {
	d     *model.Data
	ix    model.Index
	asOf  model.Date
	taken TakenPaths
	pages map[string]bool // generated pages' site paths, lower-cased
	// anchors are the task anchors of the page whose text is being
	// checked (taskAnchors), which its headings' ids must not take.
	anchors map[string]string
	ds      diag.List
	// skipped counts, per broken file, the checks skipped for it.
	skipped map[string]int
	// memo keeps each plan's own findings between runs (nil: none).
	memo *keptFindings
	// recordIDs are the plans' record IDs, for supersession; made when
	// it first needs them.
	recordIDs map[string]bool
	// deferred are the Markdown values linking into a generated section
	// at a page basicURLs does not list, checked by linksToGenerated;
	// pending says the value being checked is one.
	deferred  []markdownValue
	deferring bool
	pending   bool
}

type markdownValue struct {
	pos        diag.Pos
	path, text string
}

// generatedSection reports whether the lower-cased site path p lies in a
// section whose pages are all generated.
func generatedSection(p string) bool {
	for _, s := range []string{paths.PlansSection, paths.PortfolioSection} {
		if strings.HasPrefix(p, "/"+strings.ToLower(s)+"/") {
			return true
		}
	}
	return false
}

var (
	aliasRE = regexp.MustCompile(`^(/[A-Za-z0-9._-]+)+/?$`)
)

func (v *checker) registries() {
	seen := map[string]diag.Pos{}
	for _, r := range v.d.Roles.Roles {
		v.nonEmpty(r.Src, "code", r.Code)
		v.unique(seen, r.Code, r.Src.At("code"), "role code")
	}
	seen = map[string]diag.Pos{}
	for _, s := range v.d.Statuses.Statuses {
		v.nonEmpty(s.Src, "key", s.Key)
		v.nonEmpty(s.Src, "label", s.Label)
		v.unique(seen, s.Key, s.Src.At("key"), "status key")
	}
	// An empty registry would show up only as hundreds of follow-on errors
	// in plans; say so once, at the registry.
	if !v.d.Broken[paths.Roles] && v.d.Roles.Src.File != "" && len(v.d.Roles.Roles) == 0 {
		v.ds.Add(diag.Errorf(v.d.Roles.Src.At("roles"), "no roles are defined").Fix("list at least the roles the templates name, e.g. - code: Deal Owner"))
	}
	if !v.d.Broken[paths.Statuses] && v.d.Statuses.Src.File != "" && len(v.d.Statuses.Statuses) == 0 {
		v.ds.Add(diag.Errorf(v.d.Statuses.Src.At("statuses"), "no statuses are defined").Fix("list the statuses, at least one with default: true"))
	}
	if !v.d.Broken[paths.Statuses] {
		v.statusFlags()
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (v *checker) slug(src model.Src, s string) {
	if !src.Valid("slug") {
		return // missing or undecodable: the loader said so
	}
	var bad *paths.SlugError
	if errors.As(paths.Slug(s), &bad) {
		v.ds.Add(diag.Errorf(src.At("slug"), "%s", bad.Message()).Fix(bad.Fix))
	}
}

func (v *checker) nonEmpty(src model.Src, key, val string) {
	if src.Valid(key) && blank(val) {
		v.ds.Add(diag.Errorf(src.At(key), "%s must not be empty (or invisible)", key).Fix("write a value"))
	}
}

// The longest title and sidebar label. A label is copied into the sidebar
// of every page of the site and a title into its neighbours' previous and
// next links, so the site grows with a label's length times the number of
// pages (12 plans with 600 KB labels made a 200 MB site).
const (
	maxTitle = 200
	maxLabel = 80
)

// short reports a value longer than limit characters.
func (v *checker) short(src model.Src, key, val string, limit int) {
	if n := utf8.RuneCountInString(val); n > limit {
		v.ds.Add(diag.Errorf(src.At(key), "%s is %d characters long; the limit is %d", key, n, limit).Fix("shorten it: it is repeated on other pages of the site"))
	}
}

// uniqueFold is unique ignoring case: on macOS and Windows two paths that
// differ only in case are one file.
func (v *checker) uniqueFold(seen map[string]diag.Pos, key string, p diag.Pos, what string) {
	v.uniqueBy(seen, key, p, what, strings.ToLower, " (letter case aside)")
}

func (v *checker) unique(seen map[string]diag.Pos, key string, p diag.Pos, what string) {
	v.uniqueBy(seen, key, p, what, func(s string) string { return s }, "")
}

// uniqueBy reports key when another has the same fold(key); aside says
// what the fold ignores.
func (v *checker) uniqueBy(seen map[string]diag.Pos, key string, p diag.Pos, what string, fold func(string) string, aside string) {
	if key == "" {
		return
	}
	if first, dup := seen[fold(key)]; dup {
		v.ds.Add(diag.Errorf(p, "duplicate %s %s", what, diag.Quote(key)).Fix(fmt.Sprintf("choose another; %s already uses it%s", first, aside)))
		return
	}
	seen[fold(key)] = p
}

func fillable(fields map[string]model.Field) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		if fields[k].Placeholder != "" {
			out = append(out, k)
		}
	}
	return out
}
