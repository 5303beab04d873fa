package pdf

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strconv"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/model"
)

// The manifest's files: the same entries, for people and for programs.
const (
	ManifestCSV  = "manifest.csv"
	ManifestJSON = "manifest.json"
)

// Manifest is manifest.json: what a run printed, so an auditor can check
// that the set is whole and unaltered.
type Manifest struct {
	AsOf  string  `json:"as_of"`
	Files []Entry `json:"files"`
}

func writeManifest(fsys afero.Fs, dir string, asOf model.Date, entries []Entry) error {
	var c bytes.Buffer
	w := csv.NewWriter(&c)
	w.Write([]string{"file", "record_id", "revision", "state", "pages", "sha256"})
	for _, e := range entries {
		w.Write([]string{e.File, e.RecordID, e.Revision, e.State, strconv.Itoa(e.Pages), e.SHA256})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	j, err := json.MarshalIndent(Manifest{AsOf: asOf.String(), Files: entries}, "", "  ")
	if err != nil {
		return err
	}
	if err := afero.WriteFile(fsys, filepath.Join(dir, ManifestCSV), c.Bytes(), 0o644); err != nil {
		return err
	}
	return afero.WriteFile(fsys, filepath.Join(dir, ManifestJSON), append(j, '\n'), 0o644)
}
