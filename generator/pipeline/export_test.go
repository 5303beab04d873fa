package pipeline

import (
	"crypto/sha256"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/portfolio"
	"github.com/qmsplan/qmsplan/generator/render"
)

// OnLoad calls f whenever a run loads (parses) the data, until the test
// ends: a run the cache answers must not.
func OnLoad(t testing.TB, f func()) {
	old := loadData
	loadData = func(fsys afero.Fs, root string, seen func(string, [sha256.Size]byte), reuse load.Decodes) (*model.Data, diag.List) {
		f()
		return old(fsys, root, seen, reuse)
	}
	t.Cleanup(func() { loadData = old })
}

// OnRender calls f with the pages of every run that renders, as rendered
// (before they are stamped), until the test ends.
func OnRender(t testing.TB, f func([]render.Page)) {
	old := renderPages
	renderPages = func(d *model.Data, pf *portfolio.Portfolio, reuse *render.Reuse) ([]render.Page, error) {
		pages, err := old(d, pf, reuse)
		f(pages)
		return pages, err
	}
	t.Cleanup(func() { renderPages = old })
}

// Parsed is how many plan files the last run with m parsed, not reused.
func (m *Memo) Parsed() int { return m.decoded.Made() }

// Drawn is how many portfolio Gantt SVGs the last run with m drew, not
// reused.
func (m *Memo) Drawn() int { return m.charts.Drawn() }

// PortfolioPages is how many portfolio pages (or parts of one) the last
// run with m took as the run before drew them, and how many it drew.
func (m *Memo) PortfolioPages() (reused, redrawn int) { return m.charts.Pages() }

// ExportParts is how many parts of the exports the last run with m drew,
// not reused (export.Memo).
func (m *Memo) ExportParts() int { return m.exports.Drawn() }

// Kept is how many pages the last run with m took from memory, stamped.
func (m *Memo) Kept() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.kept
}

// Checked is how many plans the last run with m validated on their own
// rather than took from memory.
func (m *Memo) Checked() int { return m.checks.Checked() }

// Built is how many plans' portfolio rows the last run with m built rather
// than took from memory.
func (m *Memo) Built() int { return m.rows.Built() }
