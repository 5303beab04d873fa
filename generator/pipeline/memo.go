package pipeline

import (
	"bytes"
	"crypto/sha256"
	"io/fs"
	"slices"
	"sync"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/export"
	"github.com/qmsplan/qmsplan/generator/internal/runmemo"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/portfolio"
	"github.com/qmsplan/qmsplan/generator/render"
	"github.com/qmsplan/qmsplan/generator/validate"
	"github.com/qmsplan/qmsplan/generator/write"
)

// Memo is what a long-lived process (serve) keeps between its runs: the
// decode of every plan file the last run read, by path and the SHA-256 of
// its bytes, so that the next run parses only the plans whose bytes
// changed: parsing every plan was the largest part of a run after one
// edit (1.2 of 3.1 s of CPU at 1,000 plans). A decode is a function of the
// file's path and bytes alone (load.Decodes), so what a run gives with a
// Memo (pages, findings, record) is what it gives without. Each plan's own
// findings and portfolio rows are kept too (checks, rows), the checks
// across plans running whole; the portfolio's Gantts are drawn again only
// where their chart changed (render.Charts), drawing them was most of the
// portfolio pages' cost; its other pages are drawn whole. It holds the last
// run's files only: a deleted plan's decode goes with the next run. One run
// at a time; a nil *Memo keeps nothing.
type Memo struct {
	mu sync.Mutex
	// decoded is the last run's plan decodes, by path relative to the
	// root and the SHA-256 of the file's bytes; Made is the files parsed.
	decoded runmemo.Memo[[sha256.Size]byte, load.PlanDecode]
	charts  render.Charts // the portfolio's Gantts the last run drew
	// pages are the last run's stamped plan pages with their render.Page.Key,
	// by path under content/: a page rendered from one key has the same bytes
	// whenever it is rendered, so a plan page is taken from here rather than
	// read back from disk and its fingerprint checked (render.Reuse).
	pages map[string]render.Page
	kept  int // pages the run in progress (or the last) took from memory, stamped
	// stamped are the last run's other pages, by path, as write.Stamp left
	// them. A page's fingerprint is a function of its path and its
	// unstamped bytes, so a page rendered again to the same bytes takes the
	// stamped ones kept, not hashed again: the portfolio's pages are mostly
	// as the last run drew them.
	stamped map[string]stampedPage
	// checks are each plan's own findings of the last run
	// (validate.Memo): one edit checks one plan again.
	checks validate.Memo
	// rows are each plan's portfolio rows of the last run
	// (portfolio.Memo).
	rows portfolio.Memo
	// exports are the parts of the last run's exports (export.Memo).
	exports export.Memo
	// files are the hashes of the files the last scan of the inputs read,
	// by path and stat (see hashes).
	files hashes
}

// portfolioRows is the rows m keeps, nil (build every plan's) for a nil m.
func (m *Memo) portfolioRows() *portfolio.Memo {
	if m == nil {
		return nil
	}
	return &m.rows
}

// exportParts is the exports' parts m keeps, nil (draw all) for a nil m.
func (m *Memo) exportParts() *export.Memo {
	if m == nil {
		return nil
	}
	return &m.exports
}

// fileHashes is the file hashes m keeps, nil (hash every file) for a nil m.
func (m *Memo) fileHashes() *hashes {
	if m == nil {
		return nil
	}
	return &m.files
}

// validation is the findings m keeps, nil (check every plan) for a nil m.
func (m *Memo) validation() *validate.Memo {
	if m == nil {
		return nil
	}
	return &m.checks
}

// stampedPage is a page's bytes as write.Stamp left them (data) and where
// Stamp put its fingerprint line in: at byte at, n bytes long.
type stampedPage struct {
	data  []byte
	at, n int
}

// keepStamped is unstamped and stamped, a page before and after
// write.Stamp, as a stampedPage, if stamped is unstamped with one run of
// bytes put in (the fingerprint line).
func keepStamped(unstamped, stamped []byte) (stampedPage, bool) {
	n := len(stamped) - len(unstamped)
	if n <= 0 {
		return stampedPage{}, false
	}
	at := 0
	for at < len(unstamped) && unstamped[at] == stamped[at] {
		at++
	}
	k := stampedPage{data: stamped, at: at, n: n}
	return k, bytes.Equal(unstamped[at:], stamped[at+n:])
}

// unstamped reports whether b is the page before its fingerprint line was
// put in.
func (k stampedPage) unstamped(b []byte) bool {
	return len(b)+k.n == len(k.data) && bytes.Equal(b[:k.at], k.data[:k.at]) && bytes.Equal(b[k.at:], k.data[k.at+k.n:])
}

// Generate is the package's Generate, parsing only the plans whose bytes
// changed since the last run with m.
func (m *Memo) Generate(fsys afero.Fs, root string, asOf model.Date, buildID string) (*Result, error) {
	return generate(fsys, root, asOf, buildID, true, m)
}

// Refresh is the package's Refresh, parsing only the plans whose bytes
// changed since the last run with m.
func (m *Memo) Refresh(fsys afero.Fs, root string, asOf model.Date, buildID string) (*Result, error) {
	return generate(fsys, root, asOf, buildID, false, m)
}

// decodes is m as load's hook, nil (parse everything) for a nil m: a nil
// *Memo in the interface would not be a nil load.Decodes.
func (m *Memo) decodes() load.Decodes {
	if m == nil {
		return nil
	}
	return m
}

// portfolioCharts is the Gantts m keeps, nil (draw every one) for a nil m.
func (m *Memo) portfolioCharts() *render.Charts {
	if m == nil {
		return nil
	}
	return &m.charts
}

// stamp is write.Stamp, taking from m the stamped bytes of each page the
// last run rendered to the same bytes at the same path, and keeping the
// run's pages for the next: those with a render.Page.Key (plan pages) for
// page, the others by their bytes. The last run's go. A nil m keeps
// nothing, so the pages are stamped in place (write.StampInPlace).
func (m *Memo) stamp(pages []render.Page) ([]render.Page, error) {
	if m == nil {
		// Nothing keeps the unstamped pages: rendered for this run alone.
		return write.StampInPlace(pages)
	}
	in := slices.Clone(pages)
	m.mu.Lock()
	last := m.stamped
	m.mu.Unlock()
	for i, pg := range in {
		if k, ok := last[pg.Path]; ok && !pg.Stamped && k.unstamped(pg.Data) {
			in[i].Data, in[i].Stamped = k.data, true
			m.mu.Lock()
			m.kept++
			m.mu.Unlock()
		}
	}
	out, err := write.Stamp(in)
	if err != nil {
		return nil, err
	}
	kept := make(map[string]render.Page, len(m.pages))
	stamped := make(map[string]stampedPage, len(last))
	for i, pg := range out {
		switch {
		case pg.Key != ([sha256.Size]byte{}):
			kept[pg.Path] = pg
		case !pages[i].Stamped:
			if k, ok := keepStamped(pages[i].Data, pg.Data); ok {
				stamped[pg.Path] = k
			}
		}
	}
	m.mu.Lock()
	m.pages, m.stamped = kept, stamped
	m.mu.Unlock()
	return out, nil
}

// page is the last run's page at rel if it was rendered from key.
func (m *Memo) page(rel string, key [sha256.Size]byte) ([]byte, bool) {
	if m == nil {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	pg, ok := m.pages[rel]
	if !ok || pg.Key != key {
		return nil, false
	}
	m.kept++
	return pg.Data, true
}

// begin starts a load: the decodes it makes or reuses become the last
// run's when it ends (end).
func (m *Memo) begin() {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.kept = 0
	m.mu.Unlock()
	m.decoded.Begin()
}

func (m *Memo) end() {
	if m == nil {
		return
	}
	m.decoded.End()
}

// Unchanged is load.Decodes: the last run's decode of rel, if the last
// scan of the inputs (scanInputs, which runs before load) hashed the file
// at full with the stat it has now and that decode was of those bytes.
func (m *Memo) Unchanged(full, rel string, fi fs.FileInfo) ([sha256.Size]byte, load.PlanDecode, bool) {
	sum, ok := m.files.peek(full, fi)
	if !ok {
		return sum, load.PlanDecode{}, false
	}
	d, ok := m.decoded.Get(rel, sum)
	return sum, d, ok
}

// Plan is load.Decodes: the last run's decode of rel if its bytes were
// these (by their SHA-256, sum), else decode's.
func (m *Memo) Plan(rel string, sum [sha256.Size]byte, decode func() load.PlanDecode) load.PlanDecode {
	if d, ok := m.decoded.Get(rel, sum); ok {
		return d
	}
	d := decode()
	m.decoded.Put(rel, sum, d, true)
	return d
}
