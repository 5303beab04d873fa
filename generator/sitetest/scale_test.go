package sitetest_test

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/qmsplan/qmsplan/generator/pipeline"
	"github.com/qmsplan/qmsplan/generator/sitebuild"
)

// The plans' section lists its plans by year (the year their first dated task
// starts): its page and its sidebar entry list the years, each year's page its
// plans. The sidebar of a year with more than sidebarMaxEntries plans
// (hugo.toml) lists a window of sidebarWindow entries around the current page,
// then an "All N pages…" link to the year's page. These tests build the site
// with far more plans than the sample data holds, so that window (and the
// previous/next chain, and the category pages) run at scale.

const (
	plansSectionURL   = "/records/GP-009/r-009-001/"
	plansSectionLabel = "R-009-001 Implementation plans"
	// groupURL and groupLabel are the year the copies of the sample start
	// in: the section lists years, each year its plans.
	groupURL   = plansSectionURL + "2025/"
	groupLabel = "2025"
	// corpusSample is the plan every synthesised plan is a copy of.
	corpusSample = "2025-08-22-br-lm-oncoderm-ae"
	// maxWindowLinks bounds the links in a big category's sidebar list:
	// sidebarWindow (20) entries and the "All N pages…" link, with slack.
	maxWindowLinks = 25
)

// corpusPlanSlug is the slug of the i-th synthesised plan; the slugs sort
// in i order, which is the plans' sidebar order (the generator weights
// plans by slug).
func corpusPlanSlug(i int) string { return fmt.Sprintf("%s-%05d", corpusSample, i) }

func corpusPlanURL(i int) string { return plansSectionURL + corpusPlanSlug(i) + "/" }

func corpusPlanLabel(i int) string { return fmt.Sprintf("BR L&M 20250822 no. %05d", i) }

var (
	slugLineRE  = regexp.MustCompile(`(?m)^slug: .*$`)
	labelLineRE = regexp.MustCompile(`(?m)^sidebar_label: .*$`)
	idLineRE    = regexp.MustCompile(`(?m)^  id: R-009-001-.*$`)
	// aliasesRE is a top-level aliases key with its block (indented or
	// "- " lines), or with a flow list on the same line.
	aliasesRE = regexp.MustCompile(`(?m)^aliases:.*\n(?:(?:[ \t]+|- ).*\n)*`)
)

// corpusData returns a memory fs holding, under root/data, the repository's
// data (registries, templates, schemas) without its plans, and n plans:
// copies of the sample plan with their own slug, sidebar label and record
// ID, and no aliases (an alias names one page; copies would clash).
func corpusData(root string, n int) (afero.Fs, error) {
	mem := afero.NewMemMapFs()
	dataDir := filepath.Join(root, "data")
	err := filepath.WalkDir(dataDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p == filepath.Join(dataDir, "plans") {
				return fs.SkipDir
			}
			return mem.MkdirAll(p, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return afero.WriteFile(mem, p, b, 0o644)
	})
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(dataDir, "plans", corpusSample+".yaml"))
	if err != nil {
		return nil, err
	}
	sample := aliasesRE.ReplaceAllString(string(b), "")
	for _, re := range []*regexp.Regexp{slugLineRE, labelLineRE, idLineRE} {
		if got := len(re.FindAllStringIndex(sample, -1)); got != 1 {
			return nil, fmt.Errorf("sample plan %s: %d lines match %s, want 1", corpusSample, got, re)
		}
	}
	plansDir := filepath.Join(dataDir, "plans")
	if err := mem.MkdirAll(plansDir, 0o755); err != nil {
		return nil, err
	}
	for i := range n {
		s := slugLineRE.ReplaceAllLiteralString(sample, "slug: "+corpusPlanSlug(i))
		s = labelLineRE.ReplaceAllLiteralString(s, fmt.Sprintf("sidebar_label: %q", corpusPlanLabel(i)))
		s = idLineRE.ReplaceAllLiteralString(s, fmt.Sprintf("  id: R-009-001-2025-%06d", 100000+i))
		if err := afero.WriteFile(mem, filepath.Join(plansDir, corpusPlanSlug(i)+".yaml"), []byte(s), 0o644); err != nil {
			return nil, err
		}
	}
	return mem, nil
}

// routeFs serves root/data (and below) from data and everything else from
// rest: the real site with its plan data swapped for a synthesised one.
type routeFs struct {
	dataDir    string // cleaned absolute path of root/data
	data, rest afero.Fs
}

func newCorpusFs(root string, data afero.Fs) afero.Fs {
	return routeFs{dataDir: filepath.Join(root, "data"), data: data, rest: afero.NewReadOnlyFs(afero.NewOsFs())}
}

func (r routeFs) pick(name string) afero.Fs {
	c := filepath.Clean(name)
	if c == r.dataDir || strings.HasPrefix(c, r.dataDir+string(filepath.Separator)) {
		return r.data
	}
	return r.rest
}

func (r routeFs) Name() string                           { return "routeFs" }
func (r routeFs) Create(n string) (afero.File, error)    { return r.pick(n).Create(n) }
func (r routeFs) Mkdir(n string, m os.FileMode) error    { return r.pick(n).Mkdir(n, m) }
func (r routeFs) MkdirAll(n string, m os.FileMode) error { return r.pick(n).MkdirAll(n, m) }
func (r routeFs) Open(n string) (afero.File, error)      { return r.pick(n).Open(n) }
func (r routeFs) Remove(n string) error                  { return r.pick(n).Remove(n) }
func (r routeFs) RemoveAll(n string) error               { return r.pick(n).RemoveAll(n) }
func (r routeFs) Stat(n string) (os.FileInfo, error)     { return r.pick(n).Stat(n) }
func (r routeFs) Chmod(n string, m os.FileMode) error    { return r.pick(n).Chmod(n, m) }
func (r routeFs) Chown(n string, uid, gid int) error     { return r.pick(n).Chown(n, uid, gid) }
func (r routeFs) Chtimes(n string, a, m time.Time) error { return r.pick(n).Chtimes(n, a, m) }
func (r routeFs) Rename(o, n string) error               { return r.pick(o).Rename(o, n) }
func (r routeFs) OpenFile(n string, f int, m os.FileMode) (afero.File, error) {
	return r.pick(n).OpenFile(n, f, m)
}

// buildCorpus runs, in memory, what `qmsplan check` does, on the real site
// (content/, layouts/, static/, hugo.toml, read-only from disk) with data
// as its plan data.
func buildCorpus(ctx context.Context, root string, data afero.Fs) (sitebuild.Result, error) {
	src := newCorpusFs(root, data)
	res, err := pipeline.Prepare(src, root, asOf)
	if err != nil {
		if res != nil && len(res.Diags) > 0 {
			return sitebuild.Result{}, fmt.Errorf("%w\n%s", err, formatDiags(res.Diags))
		}
		return sitebuild.Result{}, err
	}
	overlay, err := res.Overlay(src, root)
	if err != nil {
		return sitebuild.Result{}, err
	}
	return sitebuild.Build(ctx, sitebuild.Options{Source: root, ToMemory: true, SourceFs: overlay})
}

// corpusSite builds, in memory, the real site with n copies of the sample
// plan as its plans; the build must have no Hugo warning or error.
func corpusSite(t *testing.T, n int) *builtSite {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	data, err := corpusData(root, n)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out, err := buildCorpus(context.Background(), root, data)
	if err != nil {
		// A *sitebuild.BuildError lists every Hugo warning and error.
		t.Fatalf("building the site with %d plans: %v", n, err)
	}
	t.Logf("%d plans: %d pages, %d files, built in %v", n, out.Pages, out.Files, time.Since(start).Round(time.Millisecond))
	return &builtSite{root: root, out: out.Output}
}

// relLinks returns the hrefs of a page's rel=prev and rel=next links ("" if
// absent); more than one of either fails the test.
func relLinks(t *testing.T, s *builtSite, p string) (prev, next string) {
	t.Helper()
	doc := s.doc(t, p)
	get := func(rel string) string {
		links := findAll(doc, withAttr(atom.A, "rel", rel))
		switch len(links) {
		case 0:
			return ""
		case 1:
			return attrOr(links[0], "href")
		}
		t.Fatalf("%s: %d links with rel=%s, want at most 1", p, len(links), rel)
		return ""
	}
	return get("prev"), get("next")
}

func TestLargeSection(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 120-plan site (-short)")
	}
	const n = 120
	s := corpusSite(t, n)

	// Every copy of the sample starts in its year: one group of n plans.
	want := make([]string, n) // plan URLs in sidebar order
	for i := range want {
		want[i] = corpusPlanURL(i)
	}

	// The category page lists the years, as cards with their counts, and
	// no plan; its sidebar lists the years, none expanded.
	secDoc := s.doc(t, plansSectionURL)
	if got, w := cardsOf(t, plansSectionURL, secDoc), []string{groupURL}; !slices.Equal(got, w) {
		t.Errorf("%s lists cards %q, want the years %q", plansSectionURL, got, w)
	}
	if desc := text(find(secDoc, func(n *html.Node) bool { return hasClass(n, "card-desc") })); desc != fmt.Sprintf("%d plans", n) {
		t.Errorf("%s: the year's card says %q, want %q", plansSectionURL, desc, fmt.Sprintf("%d plans", n))
	}
	li := sidebarItem(t, sidebarOf(t, secDoc), plansSectionLabel)
	var years []string
	for _, a := range findAll(subList(li), func(n *html.Node) bool { return n.DataAtom == atom.A && hasClass(n, "menu-link") }) {
		years = append(years, attrOr(a, "href"))
	}
	if !slices.Equal(years, []string{groupURL}) {
		t.Errorf("%s: the sidebar's %q lists %q, want the years only", plansSectionURL, plansSectionLabel, years)
	}
	if g := sidebarItem(t, sidebarOf(t, secDoc), groupLabel); expanded(g) {
		t.Errorf("%s: the sidebar expands the year %s", plansSectionURL, groupLabel)
	}

	// The year's pages list its plans in sidebar order, pagerSize (100) a
	// page, each page linking to every page; its sidebar expands the year
	// to its first window.
	groupDoc := s.doc(t, groupURL)
	pageURLs := []string{groupURL, groupURL + "page/2/"}
	var listed []string
	for i, u := range pageURLs {
		doc := s.doc(t, u)
		listed = append(listed, cardsOf(t, u, doc)...)
		var links []string
		for _, li := range findAll(find(doc, withAttr(atom.Nav, "class", "list-pager")), tag(atom.Li)) {
			if a := find(li, tag(atom.A)); a != nil {
				links = append(links, attrOr(a, "href"))
			} else {
				links = append(links, u) // the current page: no link
			}
		}
		if !slices.Equal(links, pageURLs) {
			t.Errorf("%s (page %d) links to the pages %q, want %q", u, i+1, links, pageURLs)
		}
	}
	if !slices.Equal(listed, want) {
		t.Errorf("%s lists %d cards on its pages, want the %d plans in order\n got %q\nwant %q", groupURL, len(listed), n, short(listed), short(want))
	}
	checkWindow(t, s, groupURL, groupDoc, -1, want)

	// Every plan is at most three clicks from the section page, following
	// the links of the pages' bodies (cards and pagers; not the sidebar,
	// breadcrumbs or previous/next).
	depth := map[string]int{plansSectionURL: 0}
	queue := []string{plansSectionURL}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if depth[u] == 3 || !strings.HasPrefix(u, plansSectionURL) {
			continue
		}
		article := find(s.doc(t, u), func(n *html.Node) bool { return n.DataAtom == atom.Article })
		for _, a := range findAll(article, tag(atom.A)) {
			h := attrOr(a, "href")
			if _, ok := depth[h]; !ok && strings.HasPrefix(h, "/") && !strings.Contains(h, "#") {
				depth[h] = depth[u] + 1
				queue = append(queue, h)
			}
		}
	}
	for _, u := range want {
		if _, ok := depth[u]; !ok {
			t.Errorf("%s is more than three clicks from %s", u, plansSectionURL)
		}
	}

	// Plan pages: edges and middle of the window arithmetic.
	for _, i := range []int{0, 1, 9, 10, 11, n / 2, n - 11, n - 10, n - 2, n - 1} {
		doc := s.doc(t, want[i])
		checkWindow(t, s, want[i], doc, i, want)
		// The breadcrumbs lead to the plan's year.
		crumbs := findAll(find(doc, withAttr(atom.Nav, "aria-label", "Breadcrumbs")), tag(atom.A))
		if len(crumbs) < 2 || attrOr(crumbs[len(crumbs)-1], "href") != groupURL || attrOr(crumbs[len(crumbs)-2], "href") != plansSectionURL {
			var got []string
			for _, c := range crumbs {
				got = append(got, attrOr(c, "href"))
			}
			t.Errorf("%s: breadcrumbs %q, want them to end with %s, %s", want[i], got, plansSectionURL, groupURL)
		}
	}

	// Each page of the year's list says which it is, in its <title> (the
	// tab, the print header) and its heading: no two are alike.
	titles := map[string]string{}
	for i, p := range []string{groupURL, groupURL + "page/2/"} {
		doc := s.doc(t, p)
		title := text(find(doc, tag(atom.Title)))
		h1 := text(find(doc, tag(atom.H1)))
		if other, dup := titles[title]; dup {
			t.Errorf("%s has the <title> %q of %s", p, title, other)
		}
		titles[title] = p
		if w := fmt.Sprintf("(page %d of 2)", i+1); !strings.Contains(title, w) || !strings.Contains(h1, w) {
			t.Errorf("%s: <title> %q, heading %q; want both to say %q", p, title, h1, w)
		}
	}

	// Previous/next chain through the whole category in sidebar order,
	// starting at the category page (a category comes before its children,
	// a year before its plans).
	walk := []string{plansSectionURL}
	seen := map[string]bool{plansSectionURL: true}
	_, next := relLinks(t, s, plansSectionURL)
	for next != "" && strings.HasPrefix(next, plansSectionURL) && next != plansSectionURL && len(walk) <= n+2 {
		if seen[next] {
			t.Fatalf("previous/next walk loops: %s again after %q", next, short(walk))
		}
		if !s.exists(next) {
			t.Fatalf("next link of %s -> %s: not in the site", walk[len(walk)-1], next)
		}
		prev, nn := relLinks(t, s, next)
		if prev != walk[len(walk)-1] {
			t.Errorf("%s: previous is %q, want %q (the page before it in the next-walk)", next, prev, walk[len(walk)-1])
		}
		seen[next] = true
		walk = append(walk, next)
		next = nn
	}
	if got := walk[1:]; len(got) == 0 || got[0] != groupURL || !slices.Equal(got[1:], want) {
		t.Errorf("next-walk from %s visits %q, want the year %s then its %d plans in sidebar order\nwant %q", plansSectionURL, short(got), groupURL, n, short(want))
	} else if next != "" {
		// The page after the last plan leads back to it.
		if prev, _ := relLinks(t, s, next); prev != want[n-1] {
			t.Errorf("%s follows the last plan but its previous is %q, want %q", next, prev, want[n-1])
		}
	}
}

// cardsOf returns the links of a category page's cards (section.child-list).
func cardsOf(t *testing.T, p string, doc *html.Node) []string {
	t.Helper()
	cardList := find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Section && hasClass(n, "child-list") })
	if cardList == nil {
		t.Fatalf("%s: no card list (section.child-list)", p)
	}
	var cards []string
	for _, li := range findAll(cardList, func(n *html.Node) bool { return n.DataAtom == atom.Li && hasClass(n, "card") }) {
		if a := find(li, tag(atom.A)); a != nil {
			cards = append(cards, attrOr(a, "href"))
		}
	}
	return cards
}

// checkWindow checks the sidebar of page p (document doc) in the plans'
// year: the category and the year expanded, at most maxWindowLinks links,
// a contiguous run of the plans in sidebar order (want) holding plan cur
// (-1: none, the run starts at the first plan), marked aria-current, and
// the "All N pages…" link to the year's page.
func checkWindow(t *testing.T, s *builtSite, p string, doc *html.Node, cur int, want []string) {
	t.Helper()
	sb := sidebarOf(t, doc)
	if li := sidebarItem(t, sb, plansSectionLabel); !expanded(li) {
		t.Errorf("%s: sidebar category %q is collapsed", p, plansSectionLabel)
		return
	}
	li := sidebarItem(t, sb, groupLabel)
	if !expanded(li) {
		t.Errorf("%s: sidebar year %q is collapsed", p, groupLabel)
		return
	}
	ul := subList(li)
	links := findAll(ul, tag(atom.A))
	if len(links) > maxWindowLinks {
		t.Errorf("%s: the %q sidebar list holds %d links, want at most %d (a window)", p, plansSectionLabel, len(links), maxWindowLinks)
	}
	var entries, more, gaps []*html.Node
	for _, e := range children(ul, tag(atom.Li)) {
		switch {
		case hasClass(e, "menu-more"):
			more = append(more, e)
		case hasClass(e, "menu-gap"):
			gaps = append(gaps, e)
		default:
			entries = append(entries, e)
		}
	}
	var hrefs []string
	for _, e := range entries {
		if a := find(e, tag(atom.A)); a != nil {
			hrefs = append(hrefs, attrOr(a, "href"))
		}
	}
	// A contiguous run of the sidebar order.
	first := -1
	if len(hrefs) > 0 {
		first = slices.Index(want, hrefs[0])
	}
	if first < 0 || first+len(hrefs) > len(want) || !slices.Equal(hrefs, want[first:first+len(hrefs)]) {
		t.Errorf("%s: the sidebar lists %q, not a run of consecutive plans", p, short(hrefs))
	} else if cur >= 0 && (cur < first || cur >= first+len(hrefs)) {
		t.Errorf("%s: the sidebar window (plans %d to %d) misses the current plan %d", p, first, first+len(hrefs)-1, cur)
	} else if cur < 0 && first != 0 {
		t.Errorf("%s: the sidebar window starts at plan %d, want 0", p, first)
	}
	if len(hrefs) < 10 {
		t.Errorf("%s: the sidebar window lists %d plans, want about 20", p, len(hrefs))
	}
	// A window that skips plans at the top says how many, first in the list.
	switch {
	case first > 0 && (len(gaps) != 1 || text(gaps[0]) != fmt.Sprintf("… %d earlier", first)):
		t.Errorf("%s: the window starts at plan %d but the list does not say \"… %d earlier\" first", p, first, first)
	case first > 0 && children(ul, tag(atom.Li))[0] != gaps[0]:
		t.Errorf("%s: the \"earlier\" entry is not first in the list", p)
	case first == 0 && len(gaps) != 0:
		t.Errorf("%s: a window starting at the top says it skips plans", p)
	}
	// aria-current="page" on exactly the current page's link.
	curs := findAll(sb, func(n *html.Node) bool { return attrOr(n, "aria-current") == "page" })
	if len(curs) != 1 || curs[0].DataAtom != atom.A || attrOr(curs[0], "href") != p {
		var got []string
		for _, c := range curs {
			got = append(got, describe(c))
		}
		t.Errorf("%s: aria-current=page on %q, want on the one link to the page", p, got)
	}
	if cur >= 0 && len(curs) == 1 {
		if got, w := text(curs[0]), corpusPlanLabel(cur); got != w {
			t.Errorf("%s: the current sidebar entry reads %q, want %q", p, got, w)
		}
	}
	// The "All N pages…" link (sidebar/more.html), last in the list, except
	// on the year's page itself, which is that list.
	wantMore := fmt.Sprintf("All %d pages…", len(want))
	if cur < 0 {
		if len(more) != 0 {
			t.Errorf("%s: the year's page links to itself as \"All … pages\"", p)
		}
	} else if len(more) != 1 {
		t.Errorf("%s: %d \"All … pages\" entries in the sidebar list, want 1", p, len(more))
	} else {
		a := find(more[0], tag(atom.A))
		if a == nil || text(a) != wantMore || attrOr(a, "href") != groupURL {
			t.Errorf("%s: the more entry is %s, want <a href=%q>%s</a>", p, describe(more[0]), groupURL, wantMore)
		}
		if all := children(ul, tag(atom.Li)); all[len(all)-1] != more[0] {
			t.Errorf("%s: the %q entry is not last in the list", p, wantMore)
		}
	}
	for _, a := range links {
		if h := attrOr(a, "href"); !s.exists(h) {
			t.Errorf("%s: sidebar link %s is not in the site", p, h)
		}
	}
}

// short abbreviates a long list of URLs for failure messages.
func short(l []string) []string {
	trim := func(l []string) []string {
		out := make([]string, len(l))
		for i, u := range l {
			out[i] = strings.TrimPrefix(u, plansSectionURL)
		}
		return out
	}
	if len(l) <= 8 {
		return trim(l)
	}
	return append(append(trim(l[:4]), fmt.Sprintf("… (%d more) …", len(l)-8)), trim(l[len(l)-4:])...)
}

// BenchmarkBuildSite measures the whole in-memory build (pre-build step,
// overlay, Hugo) of the site with growing numbers of plans. ns/plan and
// bytes/plan (all output files) should stay flat, and so should
// bytes/planpage (the mean size of a plan's page): the sidebar lists a
// bounded window, not every plan. plans=5000 runs only with a -benchtime of
// at least a minute, or an explicit count (-benchtime Nx).
//
//	go test -bench BuildSite -run '^$' -benchtime 1x ./generator/sitetest/
func BenchmarkBuildSite(b *testing.B) {
	root, err := repoRoot()
	if err != nil {
		b.Fatal(err)
	}
	sizes := []int{100, 1000}
	if bigBenchAllowed() {
		sizes = append(sizes, 5000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("plans=%d", n), func(b *testing.B) {
			data, err := corpusData(root, n)
			if err != nil {
				b.Fatal(err)
			}
			var out sitebuild.Result
			b.ResetTimer()
			for b.Loop() {
				out, err = buildCorpus(context.Background(), root, data)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			total, planPages, planBytes := outputSizes(b, out.Output)
			if planPages != n {
				b.Fatalf("%d plan pages in the output, want %d", planPages, n)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/plan")
			b.ReportMetric(float64(total)/float64(n), "bytes/plan")
			b.ReportMetric(float64(planBytes)/float64(planPages), "bytes/planpage")
		})
	}
}

// bigBenchAllowed says whether -benchtime leaves room for a 5000-plan
// build (about a minute): a duration of a minute or more, or an explicit
// number of iterations.
func bigBenchAllowed() bool {
	f := flag.Lookup("test.benchtime")
	if f == nil {
		return false
	}
	v := f.Value.String()
	if strings.HasSuffix(v, "x") {
		return true
	}
	d, err := time.ParseDuration(v)
	return err == nil && d >= time.Minute
}

// outputSizes sums the sizes of every file of a build's output, and of the
// plan pages alone.
func outputSizes(b *testing.B, out afero.Fs) (total int64, planPages int, planBytes int64) {
	b.Helper()
	err := afero.Walk(out, "/", func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if fi.IsDir() {
			return nil
		}
		total += fi.Size()
		p = filepath.ToSlash(p)
		if path.Base(p) == "index.html" && strings.HasPrefix(p, plansSectionURL+corpusSample+"-") {
			planPages++
			planBytes += fi.Size()
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return total, planPages, planBytes
}
