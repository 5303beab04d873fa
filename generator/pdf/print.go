package pdf

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/model"
)

// Options say how to print.
type Options struct {
	AsOf model.Date // the printed date: the same data and date print the same text
	// Tabs is how many pages print at once, each in a tab of the one
	// browser; 0 is DefaultTabs.
	Tabs int
	// PageTimeout bounds each print of a page (load and print); 0 is
	// DefaultPageTimeout. A slower page fails the run, naming the page.
	PageTimeout time.Duration
}

const (
	DefaultTabs        = 4
	DefaultPageTimeout = 90 * time.Second
)

// Entry is one line of the manifest: a file written and what it holds.
type Entry struct {
	File     string `json:"file"`
	RecordID string `json:"record_id"` // a pack's: its series, R-009-001
	Revision string `json:"revision"`
	State    string `json:"state"` // a pack's: "audit pack"
	Pages    int    `json:"pages"`
	SHA256   string `json:"sha256"`
}

// Print prints the records and the packs of the built site (served to the
// browser from memory on 127.0.0.1) into dir on fsys, which must exist, and
// writes the manifest. Every page is tried; the error names each that
// failed.
func Print(ctx context.Context, b *Browser, site afero.Fs, recs []Record, packs []Pack, fsys afero.Fs, dir string, opts Options) ([]Entry, error) {
	if opts.Tabs <= 0 {
		opts.Tabs = DefaultTabs
	}
	if opts.PageTimeout <= 0 {
		opts.PageTimeout = DefaultPageTimeout
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("serving the site to the browser: %w", err)
	}
	files := &server{site: site, files: http.FileServer(http.FS(afero.NewIOFS(site))), filled: map[string][]byte{}}
	srv := &http.Server{Handler: files, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	p := &printer{base: "http://" + ln.Addr().String(), srv: files, opts: opts, script: fixedDate(opts.AsOf) + unlinkServer}

	// The packs first: the longest prints, so that no tab is left alone
	// with one at the end.
	tasks := make([]func(*tab) (Entry, []byte, error), 0, len(recs)+len(packs))
	for _, pk := range packs {
		tasks = append(tasks, func(t *tab) (Entry, []byte, error) { return p.pack(ctx, t, pk) })
	}
	for _, r := range recs {
		tasks = append(tasks, func(t *tab) (Entry, []byte, error) { return p.record(ctx, t, r) })
	}
	entries := make([]Entry, len(tasks))
	errs := make([]error, len(tasks))
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for range min(opts.Tabs, len(tasks)) {
		wg.Go(func() {
			var tb *tab
			defer func() {
				if tb != nil {
					tb.close()
				}
			}()
			for {
				mu.Lock()
				n := next
				next++
				mu.Unlock()
				// A dead browser prints nothing more: the pages it was
				// printing fail, the rest are not tried.
				if n >= len(tasks) || b.ctx.Err() != nil {
					return
				}
				if tb == nil {
					if tb, errs[n] = b.openTab(p.script); errs[n] != nil {
						tb = nil
						if b.ctx.Err() != nil {
							errs[n] = nil // not printed, counted below
						}
						continue
					}
				}
				e, data, err := tasks[n](tb)
				if err == nil {
					err = afero.WriteFile(fsys, filepath.Join(dir, e.File), data, 0o644)
				} else {
					tb.close() // it may be stuck in the failed page
					tb = nil
				}
				entries[n], errs[n] = e, err
			}
		})
	}
	wg.Wait()
	if b.ctx.Err() != nil {
		left := 0
		for n := range tasks {
			if errs[n] == nil && entries[n].File == "" {
				left++
			}
		}
		errs = append(errs, fmt.Errorf("the browser exited (crashed or was killed) while printing; %d more of the %d PDFs were not tried: run again, and if it recurs print the pages above alone (--only) or with fewer --tabs (less memory)", left, len(tasks)))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	slices.SortFunc(entries, func(a, b Entry) int { return cmp.Compare(a.File, b.File) })
	if err := writeManifest(fsys, dir, opts.AsOf, entries); err != nil {
		return nil, err
	}
	return entries, nil
}

type printer struct {
	base   string
	srv    *server
	opts   Options
	script string
}

// server serves the built site to the browser, and a pack with its page
// numbers filled in at the pack's path with the query "?pages".
type server struct {
	site  afero.Fs
	files http.Handler
	mu    sync.Mutex
	// filled is each pack's page with the page numbers, by site path.
	filled map[string][]byte
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.RawQuery == filledQuery {
		s.mu.Lock()
		page, ok := s.filled[r.URL.Path]
		s.mu.Unlock()
		if ok {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(page)
			return
		}
	}
	s.files.ServeHTTP(w, r)
}

const filledQuery = "pages"

func (p *printer) print(ctx context.Context, t *tab, url string) ([]byte, error) {
	data, err := t.print(ctx, job{url: p.base + url}, p.opts.PageTimeout)
	if err != nil {
		return nil, fmt.Errorf("page %s: %w", url, err)
	}
	return data, nil
}

// record prints one record.
func (p *printer) record(ctx context.Context, t *tab, r Record) (Entry, []byte, error) {
	data, err := p.print(ctx, t, r.URL)
	if err != nil {
		return Entry{}, nil, fmt.Errorf("%s: %w", r.ID, err)
	}
	subject := "Record " + r.ID
	if r.Revision != "" {
		subject += ", revision " + r.Revision + ", " + r.State
	}
	subject += "; printed as of " + p.opts.AsOf.String()
	return p.finish(Entry{File: r.File(), RecordID: r.ID, Revision: r.Revision, State: r.State}, data, r.Title, subject)
}

// pack prints a section's audit pack twice: the first print says on which
// page each record starts (its "#RN" destination); the second prints the
// pack with those numbers in its contents' HTML, and must keep every
// record where it was.
func (p *printer) pack(ctx context.Context, t *tab, pk Pack) (Entry, []byte, error) {
	fail := func(err error) (Entry, []byte, error) {
		return Entry{}, nil, fmt.Errorf("audit pack %s: %w", pk.ID, err)
	}
	page, err := afero.ReadFile(p.srv.site, pk.URL)
	if err != nil {
		return fail(err)
	}
	n := len(pageCellRE.FindAllIndex(page, -1))
	if pk.Records > 0 && n != pk.Records {
		return fail(fmt.Errorf("its contents list %d records, the data has %d: is the section's pack.html built by layouts/list.pack.html?", n, pk.Records))
	}
	first, err := p.print(ctx, t, pk.URL)
	if err != nil {
		return fail(err)
	}
	starts, err := recordStarts(first, n)
	if err != nil {
		return fail(err)
	}
	if page, err = fillPages(page, starts); err != nil {
		return fail(err)
	}
	p.srv.mu.Lock()
	p.srv.filled[pk.URL] = page
	p.srv.mu.Unlock()
	second, err := p.print(ctx, t, pk.URL+"?"+filledQuery)
	if err != nil {
		return fail(err)
	}
	again, err := recordStarts(second, n)
	if err != nil {
		return fail(err)
	}
	if !maps.Equal(starts, again) {
		return fail(fmt.Errorf("the records moved when their page numbers were filled in (first print %v, second %v); the contents would be wrong", starts, again))
	}
	subject := fmt.Sprintf("Audit pack of %s: %d records; printed as of %s", pk.ID, n, p.opts.AsOf)
	return p.finish(Entry{File: pk.File(), RecordID: pk.ID, State: "audit pack"}, second, pk.Title+": audit pack", subject)
}

// pageCellRE is a pack's page cell (list.pack.html): the cell whose text is
// the first page of the record RN.
var pageCellRE = regexp.MustCompile(`(data-pack-page="(R\d+)"[^>]*>)[^<]*<`)

// fillPages writes into the pack's page the page on which each record
// starts, from the first print.
func fillPages(page []byte, starts map[string]int) ([]byte, error) {
	var errs []error
	cells := 0
	page = pageCellRE.ReplaceAllFunc(page, func(cell []byte) []byte {
		m := pageCellRE.FindSubmatch(cell)
		cells++
		n, ok := starts[string(m[2])]
		if !ok {
			errs = append(errs, fmt.Errorf("the contents list %s, for which the print found no page", m[2]))
			return cell
		}
		return fmt.Appendf(nil, "%s%d<", m[1], n)
	})
	if cells != len(starts) {
		errs = append(errs, fmt.Errorf("the contents list %d records, the print found %d: is the section's pack.html built by layouts/list.pack.html?", cells, len(starts)))
	}
	return page, errors.Join(errs...)
}

// recordStarts reads the first page of each of the pack's n records.
func recordStarts(pdf []byte, n int) (map[string]int, error) {
	info, err := Read(pdf)
	if err != nil {
		return nil, err
	}
	starts := map[string]int{}
	for i := range n {
		key := fmt.Sprintf("R%d", i)
		pg, ok := info.Dests[key]
		if !ok {
			return nil, fmt.Errorf("the printed pack has no destination #%s (record %d of %d): is the section's pack.html built by layouts/list.pack.html?", key, i+1, n)
		}
		starts[key] = pg
	}
	return starts, nil
}

// finish sets the PDF's title and subject, dates it on the as-of date (at
// noon, as fixedDate) and counts its pages.
func (p *printer) finish(e Entry, data []byte, title, subject string) (Entry, []byte, error) {
	data, err := stamp(data, docInfo{title, subject, p.opts.AsOf.Time().Add(12 * time.Hour)})
	if err != nil {
		return Entry{}, nil, fmt.Errorf("%s: %w", e.File, err)
	}
	info, err := Read(data)
	if err != nil {
		return Entry{}, nil, fmt.Errorf("%s: %w", e.File, err)
	}
	sum := sha256.Sum256(data)
	e.Pages, e.SHA256 = info.Pages, hex.EncodeToString(sum[:])
	return e, data, nil
}

// fixedDate makes the page's clock say the as-of date, so its "Printed on"
// (static/js/print-date.js) is the run's date, not the machine's: the same
// data and date print the same text. Noon: the same day in every zone.
func fixedDate(asOf model.Date) string {
	return fmt.Sprintf(`(() => {
  const t = new Date(%q + "T12:00:00").getTime(), D = Date;
  class Fixed extends D {
    constructor(...a) { super(...(a.length ? a : [t])); }
    static now() { return t; }
  }
  Date = Fixed;
})();`, asOf.String())
}

// unlinkServer makes a link to another page of the site plain text in
// print: the browser would print it as a link to the server it printed
// from (127.0.0.1 and a port of the run), which no reader can follow and
// which changes the bytes of every run. Links within the page (the pack's
// contents, #R1) stay.
const unlinkServer = `
document.addEventListener("DOMContentLoaded", () => {
  for (const a of document.querySelectorAll("a[href]")) {
    if (a.origin === location.origin && !(a.pathname === location.pathname && a.hash)) a.removeAttribute("href");
  }
});`
