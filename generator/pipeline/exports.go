package pipeline

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"slices"
	"sync"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/export"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/render"
)

// WriteExports writes the portfolio's exports (tasks.csv, tasks.json, the
// milestone feeds) into site, a built site rooted at its top, and returns
// the paths it wrote. They are build output like Hugo's pages, not sources:
// they go beside them, so the link check sees them, the swap puts them in
// place with the rest, and nothing is written under content/ (a CSV cannot
// carry the generated mark that proves qmsplan owns a file there). A static
// file Hugo copied to an export's path is an error, not overwritten.
func (res *Result) WriteExports(site afero.Fs, baseURL string) ([]string, error) {
	// First the stylesheet of the portfolio's status cells: drawn from the
	// registry, as the cells are.
	css, err := render.StatusStylesheet(res.Portfolio.Statuses)
	if err != nil {
		return nil, err
	}
	var mu sync.Mutex // the exports are written on every core
	var written []string
	create := func(l export.Link) (io.WriteCloser, error) {
		if ok, _ := afero.Exists(site, l.Path); ok {
			return nil, fmt.Errorf("%s/%s is served at %s, where qmsplan puts the export %s: move or rename it", paths.Static, l.Path, "/"+l.Path, path.Base(l.Path))
		}
		if err := site.MkdirAll(path.Dir(l.Path), 0o755); err != nil {
			return nil, err
		}
		mu.Lock()
		written = append(written, l.Path)
		mu.Unlock()
		return &wholeFile{site: site, path: l.Path}, nil
	}
	w, err := create(export.Link{Path: path.Join(paths.PortfolioSection, paths.StatusStylesheet)})
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(css); err != nil {
		w.Close()
		return written, err
	}
	if err := w.Close(); err != nil {
		return written, err
	}
	err = export.Write(res.Portfolio, baseURL, create)
	slices.Sort(written[1:]) // the cores finish in any order
	return written, err
}

// wholeFile writes its bytes to path in one piece when it is closed: a
// file system in memory (check's) grows a file written in pieces by
// copying it at every piece, which at 10,000 plans took check's peak from
// 5.4 to 6.0 GB. One file per core is held at a time.
type wholeFile struct {
	bytes.Buffer
	site afero.Fs
	path string
}

func (w *wholeFile) Close() error { return afero.WriteFile(w.site, w.path, w.Bytes(), 0o644) }
