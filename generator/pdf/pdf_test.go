package pdf_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	htmlpkg "html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/pdf"
	"github.com/qmsplan/qmsplan/generator/pipeline"
)

var asOf = model.MustDate("2026-12-01")

// need skips the test when a tool is missing, and fails it under CI.
func need(t testing.TB, what, install string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s not installed (CI is set, so this is a failure): %s", what, install)
	}
	t.Skipf("%s not installed: %s", what, install)
}

// sample is the sample site built once in memory, with its data.
type sample struct {
	res *pipeline.Result
	out afero.Fs
}

var (
	sampleOnce sync.Once
	sampleVal  sample
	sampleErr  error
)

func sampleSite(t testing.TB) sample {
	t.Helper()
	sampleOnce.Do(func() {
		root, err := filepath.Abs("../..")
		if err != nil {
			sampleErr = err
			return
		}
		fsys := afero.NewReadOnlyFs(afero.NewOsFs())
		res, err := pipeline.Prepare(fsys, root, asOf)
		if err != nil {
			sampleErr = err
			return
		}
		sum, err := pipeline.Build(context.Background(), fsys, res, pipeline.Options{Packs: true})
		sampleVal, sampleErr = sample{res, sum.Output}, err
	})
	if sampleErr != nil {
		t.Fatalf("building the sample site: %v", sampleErr)
	}
	return sampleVal
}

// samplePacks are the audit packs of the sample site.
func samplePacks(t testing.TB, s sample) []pdf.Pack {
	t.Helper()
	packs, err := pdf.Packs(s.out, s.res.Data)
	if err != nil {
		t.Fatal(err)
	}
	return packs
}

func startBrowser(t testing.TB) *pdf.Browser {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	exe, err := pdf.FindChrome(os.Getenv)
	if err != nil {
		need(t, "chromium", pdf.Install)
	}
	b, err := pdf.Start(context.Background(), exe)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// pageTexts is the text of each page of a PDF file, in content order
// (pdftotext -raw: a table cell's lines stay together).
func pageTexts(t *testing.T, file string) []string {
	t.Helper()
	exe, err := exec.LookPath("pdftotext")
	if err != nil {
		need(t, "pdftotext", "apt-get install poppler-utils")
	}
	out, err := exec.Command(exe, "-raw", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", file, err)
	}
	pages := strings.Split(string(out), "\f")
	return pages[:len(pages)-1] // the text ends with a form feed
}

func readPDF(t *testing.T, file string) pdf.Info {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	info, err := pdf.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func lines(s string) []string { return strings.Split(s, "\n") }

// words folds white space, so that a name wrapped in its cell still reads
// as one (also where it wrapped at a hyphen).
func words(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "-\n", "-")), " ")
}

// TestPrint prints two plans (an effective one with extra tasks, and the
// draft) and the templates' audit pack, and reads them as an auditor
// would: text per page, outline, tags, metadata, manifest.
func TestPrint(t *testing.T) {
	s := sampleSite(t)
	b := startBrowser(t)
	recs, packs := pdf.Records(s.res.Data), samplePacks(t, s)
	effective, draft := "R-009-001-2025-014", "R-009-001-2026-011"
	recs = slices.DeleteFunc(recs, func(r pdf.Record) bool { return r.ID != effective && r.ID != draft })
	packs = slices.DeleteFunc(packs, func(p pdf.Pack) bool { return p.ID != "T-009-001" && p.ID != pdf.PortfolioPack })
	if len(recs) != 2 || len(packs) != 2 {
		t.Fatalf("the sample data has changed: records %v, packs %v", recs, packs)
	}
	dir := t.TempDir()
	start := time.Now()
	entries, err := pdf.Print(context.Background(), b, s.out, recs, packs, afero.NewOsFs(), dir, pdf.Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("printed %d files in %s", len(entries), time.Since(start))

	ix := s.res.Data.Index()
	rows := map[string][]model.PhaseRows{}
	for _, p := range s.res.Data.Plans {
		rows[p.Document.ID] = model.Resolve(ix.Templates[p.Template], p)
	}
	for _, r := range recs {
		t.Run(r.ID, func(t *testing.T) {
			html, err := afero.ReadFile(s.out, r.URL+"index.html")
			if err != nil {
				t.Fatal(err)
			}
			checkRecord(t, filepath.Join(dir, r.File()), r, articleText(string(html)), rows[r.ID], r.ID == draft)
		})
	}
	t.Run("pack", func(t *testing.T) { checkPack(t, filepath.Join(dir, packs[0].File()), packs[0], s.res.Data.Templates) })
	t.Run("portfolio pack", func(t *testing.T) {
		html, err := afero.ReadFile(s.out, packs[1].URL)
		if err != nil {
			t.Fatal(err)
		}
		checkPortfolioPack(t, filepath.Join(dir, packs[1].File()), html)
	})
	t.Run("manifest", func(t *testing.T) { checkManifest(t, dir, entries) })
}

func checkRecord(t *testing.T, file string, r pdf.Record, onScreen string, phases []model.PhaseRows, isDraft bool) {
	pages := pageTexts(t, file)
	n := len(pages)
	if n < 2 {
		t.Fatalf("%d page(s), want a record of several", n)
	}
	head, rev := r.ID+" · "+r.Title, "Rev. "+r.Revision+" · "+strings.ToUpper(r.State)
	for i, p := range pages {
		for _, want := range []string{head, rev, fmt.Sprintf("Page %d of %d", i+1, n), "Uncontrolled when printed"} {
			if !strings.Contains(p, want) {
				t.Errorf("page %d of %d: no %q", i+1, n, want)
			}
		}
		// The watermark is a line of its own; the header says the state too.
		if marked := slices.Contains(lines(p), "DRAFT"); marked != isDraft {
			t.Errorf("page %d of %d: watermark DRAFT %v, want %v", i+1, n, marked, isDraft)
		}
		// The navigation is not printed: the navbar's skip link, the
		// sidebar's other sections, the breadcrumbs.
		for _, nav := range []string{"Skip to main content", "Quality Manual", "Pricing", "GP-009 Sales"} {
			if strings.Contains(p, nav) {
				t.Errorf("page %d: navigation text %q printed", i+1, nav)
			}
		}
	}
	if !strings.Contains(pages[0], "Printed on "+asOf.String()) {
		t.Errorf("page 1 does not say it was printed on the as-of date %s", asOf)
	}
	// Every task row exactly once: a row is its task's name followed by
	// its description (the next cell); a row split over two pages, or a
	// repeated one, would count twice, a lost one not at all. A task with no
	// description is counted by its name, as often as the page shows it.
	all := words(strings.Join(pages, " "))
	rows := 0
	for _, ph := range phases {
		for _, row := range ph.Rows {
			rows++
			cells, want := words(row.Task.Name+" "+row.Task.Description), 1
			if row.Task.Description == "" {
				cells, want = words(row.Task.Name), strings.Count(onScreen, words(row.Task.Name))
			}
			if got := strings.Count(all, cells); got != want {
				t.Errorf("task row %q is printed %d times, want %d", cells, got, want)
			}
		}
	}
	if rows < 10 {
		t.Fatalf("only %d task rows found in the plan", rows)
	}
	// An external link prints its address (the deal's CRM record).
	if !strings.Contains(all, "<https://app.hubspot.com/") {
		t.Error("the CRM link is printed without its address")
	}

	info := readPDF(t, file)
	if !info.Tagged {
		t.Error("the PDF is not tagged")
	}
	if info.Title != r.Title || !strings.Contains(info.Subject, r.ID) || !strings.Contains(info.Subject, "revision "+r.Revision) {
		t.Errorf("metadata: title %q subject %q, want the record's title, ID and revision", info.Title, info.Subject)
	}
	var titles []string
	for _, bm := range info.Bookmarks {
		titles = append(titles, bm.Title)
	}
	for _, want := range []string{r.Title, "Project Summary", "Revision history"} {
		if !slices.Contains(titles, want) {
			t.Errorf("no bookmark %q in the outline %q", want, titles)
		}
	}
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// articleText is the text of a built page's article, white space folded.
func articleText(page string) string {
	_, a, _ := strings.Cut(page, `<article class="doc">`)
	a, _, _ = strings.Cut(a, "</article>")
	return words(htmlpkg.UnescapeString(tagRE.ReplaceAllString(a, " ")))
}

var contentsRowRE = regexp.MustCompile(`(T-009-001 [^—]+?) — — (\d+)`)

func checkPack(t *testing.T, file string, pk pdf.Pack, templates []*model.Template) {
	pages := pageTexts(t, file)
	cover := strings.ToLower(words(pages[0])) // the labels are in capitals
	if !strings.Contains(cover, "audit pack") || !strings.Contains(cover, "as of "+asOf.String()) {
		t.Errorf("page 1 is not the cover: %q", pages[0])
	}
	if got := strings.Count(strings.Join(pages, "\f"), "Audit pack"); got != 1 {
		t.Errorf(`"Audit pack" on %d pages, want one cover`, got)
	}
	if !strings.Contains(cover, fmt.Sprintf("records %d", len(templates))) {
		t.Errorf("the cover does not count %d records: %q", len(templates), cover)
	}
	// The contents (page 2) list every template with its first page...
	_, contents, _ := strings.Cut(words(pages[1]), "Record Title Revision State Page ")
	rows := contentsRowRE.FindAllStringSubmatch(contents, -1)
	if len(rows) != len(templates) {
		t.Fatalf("contents list %d records, want %d:\n%s", len(rows), len(templates), pages[1])
	}
	titles := map[string]bool{}
	for _, tm := range templates {
		titles[tm.Title] = true
	}
	prev := 2
	for _, m := range rows {
		p, _ := strconv.Atoi(m[2])
		// The row is "<title> <title> — — <page>": the record column shows
		// a template's title, having no record ID.
		title := m[1][:len(m[1])/2]
		if !titles[title] {
			t.Errorf("contents name %q, not a template", title)
			continue
		}
		delete(titles, title)
		// Each starts where the contents say: a new page whose running
		// header is the record's, after the page of the record before.
		if p <= prev || p > len(pages) {
			t.Errorf("%q starts on page %d, after %d of %d", title, p, prev, len(pages))
			continue
		}
		if first := lines(pages[p-1])[0]; first != title {
			t.Errorf("page %d, where the contents say %q starts, has the header %q", p, title, first)
		}
		if !strings.HasPrefix(words(pages[p-1]), title+" Page ") || !strings.Contains(pages[p-1], "Project Summary") {
			t.Errorf("page %d does not open the record %q: %.200q", p, title, words(pages[p-1]))
		}
		if first := lines(pages[p-2])[0]; first == title {
			t.Errorf("%q already begins before page %d, where the contents say it starts", title, p)
		}
		prev = p
	}
	if len(titles) > 0 {
		t.Errorf("the contents do not name %v", titles)
	}
	info := readPDF(t, file)
	if !info.Tagged || len(info.Bookmarks) < len(templates) || !strings.Contains(info.Subject, "Audit pack") {
		t.Errorf("pack: tagged %v, %d bookmarks, subject %q", info.Tagged, len(info.Bookmarks), info.Subject)
	}
}

// portfolioRowRE is a row of the portfolio pack's contents: the page it
// names, by its destination and title.
var portfolioRowRE = regexp.MustCompile(`<td><a href="#(R\d+)">([^<]*)</a></td>`)

// yearGanttRE is the title of a year's Gantt page.
var yearGanttRE = regexp.MustCompile(`^Portfolio \d{4}( \(page \d+ of \d+\))?$`)

// checkPortfolioPack reads the portfolio's pack: a cover, contents naming
// every portfolio page of the pack's HTML with the page on which it starts
// (its running header there is its title), and the Gantts on landscape
// pages, each with its own axis, legend and as-of line and the running
// header of its page, a year's Gantt page starting on its first.
func checkPortfolioPack(t *testing.T, file string, html []byte) {
	pages := pageTexts(t, file)
	info := readPDF(t, file)
	rows := portfolioRowRE.FindAllSubmatch(html, -1)
	cover := strings.ToLower(words(pages[0]))
	if !strings.Contains(cover, "audit pack") || !strings.Contains(cover, "as of "+asOf.String()) || !strings.Contains(cover, fmt.Sprintf("pages %d", len(rows))) {
		t.Errorf("page 1 is not the cover of %d pages: %q", len(rows), cover)
	}
	if len(rows) < 20 {
		t.Fatalf("the pack's contents name %d pages", len(rows))
	}
	// Emoji come out of pdftotext with other spacing: compare without it.
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	contents := squash(strings.Join(pages[1:info.Dests["R0"]-1], " "))
	at, prev := 0, 1
	landscape := map[int]bool{}
	for _, p := range info.Landscape {
		landscape[p] = true
	}
	titleOn := map[int]string{} // the record each page is in
	for _, r := range rows {
		title := htmlpkg.UnescapeString(string(r[2]))
		p := info.Dests[string(r[1])]
		for q := p; q <= len(pages); q++ { // until the next record's
			titleOn[q] = title
		}
		// A year's Gantt page is its chart: its heading is on the chart's
		// first landscape page, not alone on a page before it.
		if yearGanttRE.MatchString(title) && !landscape[p] {
			t.Errorf("%q starts on page %d, which is not landscape: its heading is apart from its chart", title, p)
		}
		if p <= prev {
			t.Errorf("%q starts on page %d, not after page %d", title, p, prev)
			continue
		}
		prev = p
		want := squash(fmt.Sprintf("%s %d", title, p))
		i := strings.Index(contents[at:], want)
		if i < 0 {
			t.Errorf("the contents do not say %q starts on page %d (next, after what they said before)", title, p)
			continue
		}
		at += i + len(want)
		if head := squash(lines(pages[p-1])[0]); head != squash(title) {
			t.Errorf("page %d, where %q starts, has the header %q", p, title, head)
		}
	}
	// The portfolio's Gantt and one per year of the sample's plans.
	if len(info.Landscape) < 5 {
		t.Errorf("%d landscape pages (%v), want a Gantt on each of at least 5", len(info.Landscape), info.Landscape)
	}
	for _, p := range info.Landscape {
		// Its running header is its page's, not the pack's.
		if head := squash(lines(pages[p-1])[0]); head != squash(titleOn[p]) {
			t.Errorf("landscape page %d, in %q, has the header %q", p, titleOn[p], head)
		}
		// Each chunk carries its legend, which names what it draws (the
		// sample's charts all have milestones), and always the as-of date:
		// its line, keyed in the legend, or outside the chart's period
		// only the date, saying so.
		text := words(pages[p-1])
		for _, want := range []string{"as of " + asOf.String(), "Milestone", fmt.Sprintf("Page %d of %d", p, len(pages))} {
			if !strings.Contains(text, want) {
				t.Errorf("landscape page %d has no %q: %.300q", p, want, text)
			}
		}
		outside := strings.Contains(text, "as of "+asOf.String()+" (after this period)") || strings.Contains(text, "as of "+asOf.String()+" (before this period)")
		if keyed := strings.Contains(text, "As-of date"); keyed == outside {
			t.Errorf("landscape page %d: as-of date outside the period %v, its line keyed in the legend %v: %.300q", p, outside, keyed, text)
		}
	}
}

func checkManifest(t *testing.T, dir string, entries []pdf.Entry) {
	j, err := os.ReadFile(filepath.Join(dir, pdf.ManifestJSON))
	if err != nil {
		t.Fatal(err)
	}
	var m pdf.Manifest
	if err := json.Unmarshal(j, &m); err != nil {
		t.Fatal(err)
	}
	c, err := os.ReadFile(filepath.Join(dir, pdf.ManifestCSV))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(c)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if m.AsOf != asOf.String() || len(m.Files) != len(entries) || len(rows) != len(entries)+1 {
		t.Fatalf("manifest: as of %q, %d files in JSON, %d CSV rows; want %s and %d", m.AsOf, len(m.Files), len(rows)-1, asOf, len(entries))
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if len(files) != len(entries) {
		t.Errorf("%d PDFs on disk, %d in the manifest", len(files), len(entries))
	}
	for i, e := range m.Files {
		data, err := os.ReadFile(filepath.Join(dir, e.File))
		if err != nil {
			t.Error(err)
			continue
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != e.SHA256 || rows[i+1][5] != e.SHA256 || rows[i+1][0] != e.File {
			t.Errorf("%s: SHA-256 %s, the manifest says %s (CSV row %q)", e.File, got, e.SHA256, rows[i+1])
		}
		info, err := pdf.Read(data)
		if err != nil || info.Pages != e.Pages {
			t.Errorf("%s: %d pages (%v), the manifest says %d", e.File, info.Pages, err, e.Pages)
		}
	}
}

var pdfDateRE = regexp.MustCompile(`D:\d{8}[0-9Z+'-]*`)

// The same data and as-of date print the same bytes: two runs give the
// same files and manifest, no date in a PDF is the machine's clock
// (Chromium and PDF writers stamp the time of printing and a file ID
// derived from it), and no link points at the server the browser was
// printing from (its port changes every run). The record links to the
// plan it renews.
func TestPrintReproducible(t *testing.T) {
	s := sampleSite(t)
	b := startBrowser(t)
	recs, packs := pdf.Records(s.res.Data), samplePacks(t, s)
	recs = slices.DeleteFunc(recs, func(r pdf.Record) bool { return r.ID != "R-009-001-2023-002" })
	packs = slices.DeleteFunc(packs, func(p pdf.Pack) bool { return p.ID != "T-009-001" })
	if len(recs) != 1 || len(packs) != 1 {
		t.Fatalf("the sample data has changed: records %v, packs %v", recs, packs)
	}
	all := pdf.Records(s.res.Data)
	other := slices.DeleteFunc(all, func(r pdf.Record) bool { return r.ID != "R-009-001-2026-011" })
	var runs [2]map[string][]byte
	for i := range runs {
		if i > 0 {
			// The browser has printed another page since, in another
			// tab: its counters (such as the tags' node IDs) have moved.
			if _, err := pdf.Print(context.Background(), b, s.out, other, nil, afero.NewOsFs(), t.TempDir(), pdf.Options{AsOf: asOf}); err != nil {
				t.Fatal(err)
			}
		}
		dir := t.TempDir()
		if _, err := pdf.Print(context.Background(), b, s.out, recs, packs, afero.NewOsFs(), dir, pdf.Options{AsOf: asOf, Tabs: 1 + i}); err != nil {
			t.Fatal(err)
		}
		runs[i] = map[string][]byte{}
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			runs[i][filepath.Base(f)] = data
		}
	}
	want := "D:" + strings.ReplaceAll(asOf.String(), "-", "")
	for name, data := range runs[0] {
		if other, ok := runs[1][name]; !ok || !bytes.Equal(data, other) {
			sum0, sum1 := sha256.Sum256(data), sha256.Sum256(other)
			t.Errorf("%s differs between two runs: SHA-256 %x, then %x", name, sum0[:8], sum1[:8])
		}
		if filepath.Ext(name) != ".pdf" {
			continue
		}
		if bytes.Contains(data, []byte("127.0.0.1")) {
			t.Errorf("%s links to the print server 127.0.0.1", name)
		}
		dates := pdfDateRE.FindAll(data, -1)
		if len(dates) == 0 {
			t.Errorf("%s is not dated", name)
		}
		for _, d := range dates {
			if !strings.HasPrefix(string(d), want) {
				t.Errorf("%s holds the date %s, not the as-of date %s", name, d, asOf)
			}
		}
	}
	if len(runs[0]) != 4 || len(runs[1]) != len(runs[0]) {
		t.Errorf("the runs wrote %d and %d files, want 4 each (a record, a pack, two manifests)", len(runs[0]), len(runs[1]))
	}
}
