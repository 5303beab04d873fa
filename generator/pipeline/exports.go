package pipeline

import (
	"fmt"
	"path"

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
	files, err := export.FilesReusing(res.Portfolio, baseURL, res.exports)
	if err != nil {
		return nil, err
	}
	// With them, the stylesheet of the portfolio's status cells: drawn
	// from the registry, as the cells are.
	css, err := render.StatusStylesheet(res.Portfolio.Statuses)
	if err != nil {
		return nil, err
	}
	files = append(files, export.File{Link: export.Link{Path: path.Join(paths.PortfolioSection, paths.StatusStylesheet)}, Data: css})
	var written []string
	for _, f := range files {
		if ok, _ := afero.Exists(site, f.Path); ok {
			return written, fmt.Errorf("%s/%s is served at %s, where qmsplan puts the export %s: move or rename it", paths.Static, f.Path, "/"+f.Path, path.Base(f.Path))
		}
		if err := site.MkdirAll(path.Dir(f.Path), 0o755); err != nil {
			return written, err
		}
		if err := afero.WriteFile(site, f.Path, f.Data, 0o644); err != nil {
			return written, err
		}
		written = append(written, f.Path)
	}
	return written, nil
}
